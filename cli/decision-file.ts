/**
 * A JSON-lines file of decisions for `stemma record decisions -f`: one object per line,
 * `{ "subjectId", "input", "output", "explanation"?, "madeAt"?, "modelVersion"? }`, blank
 * lines skipped. The whole file is checked before anything is sent, so a bad line 900,000
 * does not leave the first 899,999 recorded.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, NotFoundError } from '../core/errors.js';
import { checkDecisionEntry } from '../graph-schema/decisions/decision-entry.js';

export interface DecisionFileLine {
  /** 1 for the first line of the file. */
  line: number;
  decision: Record<string, unknown>;
}

/** The decisions of a file, line by line; a line that is not a decision throws, naming it. */
export async function* readDecisionFile(path: string, defaultModelVersion?: string): AsyncGenerator<DecisionFileLine> {
  await assertFile(path);
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    if (raw.trim() === '') continue;
    yield { line, decision: parseLine(raw, `${path} line ${line}`, defaultModelVersion) };
  }
}

/** Checks every line; returns how many decisions the file holds. */
export async function countDecisions(path: string, defaultModelVersion?: string): Promise<number> {
  let n = 0;
  for await (const _ of readDecisionFile(path, defaultModelVersion)) n += 1;
  return n;
}

export function parseLine(raw: string, where: string, defaultModelVersion?: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new InvalidArgumentError(`${where}: not valid JSON (${(err as Error).message}); write one decision object per line`);
  }
  const checked = checkDecisionEntry(value, ['modelVersion']);
  if (!checked.ok) throw new InvalidArgumentError(`${where}: ${checked.field ? `${checked.field}: ` : ''}${checked.problem}`);
  const decision = value as Record<string, unknown>;
  const modelVersion = decision['modelVersion'] ?? defaultModelVersion;
  if (typeof modelVersion !== 'string' || modelVersion === '') {
    throw new InvalidArgumentError(`${where}: no model version: give --model-version, or "modelVersion" on the line`);
  }
  return { ...decision, modelVersion };
}

async function assertFile(path: string): Promise<void> {
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new NotFoundError(`decisions file ${path} does not exist`, { path });
    throw err;
  });
  if (!info.isFile()) throw new InvalidArgumentError(`${path} is not a file: -f takes a JSON-lines file of decisions`, { path });
}
