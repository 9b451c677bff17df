/**
 * The decisions a datum wrote: one JSON object per line,
 * `{ "subjectId": "...", "input": {...}, "output": {...}, "explanation": {...} }`, blank
 * lines skipped. A line that is not such an object is an error naming the file and the line,
 * and nothing of the job's decisions is recorded.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { checkDecisionEntry, type DecisionEntry } from '../../graph-schema/decisions/index.js';

export interface DecisionLine {
  /** 1 for the first line of the file. */
  line: number;
  entry: DecisionEntry;
}

/** Parses a decision file; `file` names it in errors (`scoring:/decisions/part-0.jsonl`). */
export function parseDecisionLines(text: string, file: string): DecisionLine[] {
  const out: DecisionLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const where = `decisions file ${file} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new InvalidArgumentError(`${where}: not valid JSON (${(err as Error).message}); write one decision object per line`, { file, line: i + 1 });
    }
    const checked = checkDecisionEntry(value);
    if (!checked.ok) throw new InvalidArgumentError(`${where}: ${checked.field ? `${checked.field}: ` : ''}${checked.problem}`, { file, line: i + 1, field: checked.field });
    out.push({ line: i + 1, entry: checked.entry });
  }
  return out;
}
