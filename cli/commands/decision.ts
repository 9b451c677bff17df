/** `stemma record decision|decisions`, `stemma explain decision|model`, `stemma list decision`. */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { InvalidArgumentError, isStemmaError, type StemmaError } from '../../core/errors.js';
import { remoteError } from '../remote-error.js';
import { countOption } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { countDecisions, parseLine, readDecisionFile } from '../decision-file.js';
import {
  DECISION_FIELDS,
  EXPLAIN_DECISION,
  EXPLAIN_MODEL,
  decisionExplanationFields,
  decisionExplanationView,
  decisionView,
  modelExplanationFields,
  modelExplanationView,
  type DecisionExplanationNode,
  type DecisionNode,
  type ModelExplanationNode,
} from '../decision-views.js';
import { cell, formatAge } from '../human-format.js';
import { printFields, printJson, printTable } from '../output.js';
import { progressWanted } from '../transfer-progress.js';
import { verb } from '../verbs.js';

/** Decisions per `recordDecisions` call. */
export const RECORD_BATCH = 1_000;

const RECORD_ONE = `mutation RecordDecision($input: RecordDecisionInput!) { recordDecision(input: $input) { ${DECISION_FIELDS} } }`;
const RECORD_MANY = 'mutation RecordDecisions($inputs: [RecordDecisionInput!]!) { recordDecisions(inputs: $inputs) { count decisionIds } }';
const LIST = `query Decisions($subjectId: String, $modelVersion: ID, $first: Int, $after: String) {
  decisions(subjectId: $subjectId, modelVersion: $modelVersion, first: $first, after: $after) { ${connectionOf(DECISION_FIELDS)} }
}`;

const HELP: Record<string, string> = { record: 'record decisions a model version made', explain: 'explain a decision or a model version: what trained it, on whose records' };

function verbWithHelp(program: Command, name: string): Command {
  const isNew = !program.commands.some((c) => c.name() === name);
  const command = verb(program, name);
  if (isNew && HELP[name]) command.description(HELP[name]);
  return command;
}

/** A JSON option value, checked before anything is sent. */
const jsonOption = (flag: string) => (text: string) => {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InvalidArgumentError(`${flag} must be JSON, e.g. '{"income": 42000}': ${(err as Error).message}`, { flag });
  }
};

export function registerDecisionCommands(program: Command, ctx: CliContext): void {
  verbWithHelp(program, 'record')
    .command('decision')
    .description('record one decision of a model version about a data subject')
    .requiredOption('--model-version <id>', 'project/name@<version number> (e.g. default/loan-model@2), or its id')
    .requiredOption('--subject <id>', 'the data subject the decision is about')
    .requiredOption('--input <json>', 'what the model was given', jsonOption('--input'))
    .requiredOption('--output <json>', 'what it answered', jsonOption('--output'))
    .option('--explanation <json>', 'per-feature attributions, if the model gave them', jsonOption('--explanation'))
    .option('--made-at <time>', 'when it was made, ISO 8601 (default: now)')
    .action(async (opts: { modelVersion: string; subject: string; input: unknown; output: unknown; explanation?: unknown; madeAt?: string }) => {
      const input = parseLine(
        JSON.stringify({ subjectId: opts.subject, input: opts.input, output: opts.output, explanation: opts.explanation, madeAt: opts.madeAt }),
        'the decision',
        opts.modelVersion,
      );
      const { recordDecision } = await ctx.api().graphql<{ recordDecision: DecisionNode }>(RECORD_ONE, { input });
      const view = decisionView(recordDecision);
      if (ctx.json()) return printJson(view);
      process.stdout.write(`recorded decision ${view.decisionId} (${view.modelVersion}, subject ${view.subjectId})\n`);
    });

  verbWithHelp(program, 'record')
    .command('decisions')
    .description(`record the decisions of a JSON-lines file, ${RECORD_BATCH.toLocaleString('en')} per request; every line is checked first`)
    .requiredOption('-f, --file <path>', 'one decision per line: {"subjectId", "input", "output", "explanation"?, "madeAt"?, "modelVersion"?}')
    .option('--model-version <id>', 'the model version of lines that name none (project/name@<version number>, or its id)')
    .action(async (opts: { file: string; modelVersion?: string }) => {
      const total = await countDecisions(opts.file, opts.modelVersion);
      const bar = progressWanted(ctx.json()) ? new cliProgress.SingleBar({ format: 'decisions {bar} {value}/{total}', stream: process.stderr, hideCursor: true, clearOnComplete: true }) : undefined;
      bar?.start(total, 0);
      const ids: string[] = [];
      try {
        let batch: { line: number; decision: Record<string, unknown> }[] = [];
        const send = async () => {
          ids.push(...(await recordBatch(ctx, opts.file, batch, ids.length)));
          bar?.update(ids.length);
          batch = [];
        };
        for await (const line of readDecisionFile(opts.file, opts.modelVersion)) {
          batch.push(line);
          if (batch.length === RECORD_BATCH) await send();
        }
        if (batch.length > 0) await send();
      } finally {
        bar?.stop();
      }
      if (ctx.json()) return printJson({ recorded: ids.length, decisionIds: ids });
      process.stdout.write(`recorded ${ids.length} decision${ids.length === 1 ? '' : 's'} from ${opts.file}\n`);
    });

  verbWithHelp(program, 'explain')
    .command('decision <id>')
    .description('why a decision was made: the model version, its training job and pipeline, the training commits, records and subjects')
    .action(async (id: string) => {
      const { explainDecision } = await ctx.api().graphql<{ explainDecision: DecisionExplanationNode }>(EXPLAIN_DECISION, { id });
      const view = decisionExplanationView(explainDecision);
      if (ctx.json()) return printJson(view);
      printFields(decisionExplanationFields(view));
    });

  verbWithHelp(program, 'explain')
    .command('model <version>')
    .description('what trained a model version (project/name@<version number>), what it decided, what superseded it')
    .action(async (version: string) => {
      const { explainModel } = await ctx.api().graphql<{ explainModel: ModelExplanationNode }>(EXPLAIN_MODEL, { id: version });
      const view = modelExplanationView(explainModel);
      if (ctx.json()) return printJson(view);
      printFields(modelExplanationFields(view));
    });

  verb(program, 'list')
    .command('decision')
    .description('list decisions, by id: about a subject, of a model version, or both')
    .option('--subject <id>', 'only the decisions about this data subject')
    .option('--model-version <id>', 'only the decisions of this model version (project/name@<version number>)')
    .option('--limit <n>', 'at most this many decisions', countOption('--limit'), 100)
    .action(async (opts: { subject?: string; modelVersion?: string; limit: number }) => {
      const vars = { subjectId: opts.subject, modelVersion: opts.modelVersion };
      const nodes = await collectPages(async (after, first) => (await ctx.api().graphql<{ decisions: Connection<DecisionNode> }>(LIST, { ...vars, first, after })).decisions, opts.limit);
      const decisions = nodes.map(decisionView);
      if (ctx.json()) return printJson(decisions);
      printTable(decisions, [
        { header: 'decision', value: (d) => d.decisionId },
        { header: 'subject', value: (d) => d.subjectId },
        { header: 'model version', value: (d) => d.modelVersion },
        { header: 'made', value: (d) => formatAge(d.madeAt) },
        { header: 'source', value: (d) => d.source },
        { header: 'flagged', value: (d) => (d.flagged ? 'yes' : '') },
        { header: 'output', value: (d) => cell(JSON.stringify(d.output), 40) },
      ]);
    });
}

/** Records one batch; an error about `inputs[k]` is told as the file's line. */
async function recordBatch(ctx: CliContext, file: string, batch: { line: number; decision: Record<string, unknown> }[], before: number): Promise<string[]> {
  try {
    const { recordDecisions } = await ctx.api().graphql<{ recordDecisions: { decisionIds: string[] } }>(RECORD_MANY, { inputs: batch.map((b) => b.decision) });
    return recordDecisions.decisionIds;
  } catch (err) {
    throw atLine(err, file, batch, before);
  }
}

function atLine(err: unknown, file: string, batch: { line: number }[], before: number): unknown {
  const m = isStemmaError(err) ? /^inputs\[(\d+)\]\.?/.exec(err.message) : null;
  const line = m ? batch[Number(m[1])]?.line : undefined;
  if (!m || line === undefined) return err;
  const e = err as StemmaError;
  const recorded = before > 0 ? ` (the ${before} decisions before its batch were recorded)` : ' (nothing was recorded)';
  return remoteError(e.code, `${file} line ${line}: ${e.message.slice(m[0].length)}${recorded}`);
}
