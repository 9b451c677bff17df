import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import YAML from 'yaml';
import { InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import { applySpecDefaults } from './apply-defaults.js';
import { checkInputTree } from './input-tree-rules.js';
import { inputUsageWarnings } from './input-usage-warnings.js';
import { isPlainObject, normaliseSpecKeys } from './spec-keys.js';
import { formatPath, invalidSpecError, type SpecProblem } from './spec-problems.js';
import { pipelineSpecSchema } from './spec-schema.js';
import type { ParsedPipelineSpec } from './spec-types.js';
import { removeUnknownFields, unknownFields, unknownFieldWarning } from './unknown-fields.js';
import { specIssueMessage } from './zod-issues.js';

export type SpecFormat = 'json' | 'yaml';

/**
 * Parses and validates a pipeline spec written as Pachyderm accepts it (JSON or YAML,
 * snake_case or camelCase keys) plus Stemma's `model`, and returns it normalised with
 * warnings for ignored fields. Every problem is reported at once in one
 * `InvalidArgumentError`, each named by its field path (`input.join[1].pfs.glob: must not
 * be empty`). Without `format`, text starting with `{` is read as JSON, anything else as YAML.
 */
export function parsePipelineSpec(text: string, format?: SpecFormat): ParsedPipelineSpec {
  const problems: SpecProblem[] = [];
  const normalised = normaliseSpecKeys(parseDocument(text, format), problems);
  if (!isPlainObject(normalised)) throw invalidSpecError([{ path: '', message: 'the spec must be an object' }]);
  checkInputTree(normalised['input'], problems);

  const first = pipelineSpecSchema.safeParse(normalised, { error: specIssueMessage });
  const unknown = first.success ? [] : unknownFields(first.error.issues);
  if (!first.success) problems.push(...toProblems(first.error.issues.filter((i) => i.code !== 'unrecognized_keys')));
  if (problems.length > 0) throw invalidSpecError(problems);

  removeUnknownFields(normalised, unknown);
  const second = pipelineSpecSchema.safeParse(normalised, { error: specIssueMessage });
  if (!second.success) throw invalidSpecError(toProblems(second.error.issues));
  const spec = applySpecDefaults(second.data);
  return { spec, warnings: [...unknown.map(unknownFieldWarning), ...inputUsageWarnings(spec.input)] };
}

/**
 * Reads and parses a spec file; the format follows the extension (`.json`, `.yaml`,
 * `.yml`), otherwise the content.
 */
export async function readPipelineSpecFile(path: string): Promise<ParsedPipelineSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`pipeline spec file ${path} does not exist`, { path });
    throw err;
  }
  const ext = extname(path).toLowerCase();
  return parsePipelineSpec(text, ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined);
}

function parseDocument(text: string, format: SpecFormat | undefined): unknown {
  const chosen = format ?? (text.trimStart().startsWith('{') ? 'json' : 'yaml');
  try {
    return chosen === 'json' ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new InvalidArgumentError(`pipeline spec is not valid ${chosen.toUpperCase()}: ${(err as Error).message}`, { format: chosen });
  }
}

function toProblems(issues: readonly { path: PropertyKey[]; message: string }[]): SpecProblem[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}
