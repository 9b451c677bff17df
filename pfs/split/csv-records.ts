import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { InvalidArgumentError } from '../../core/errors.js';
import { formatCsvRow } from './csv-row.js';
import type { SplitRecord } from './record-file-assembler.js';
import type { ResolvedSplitOptions } from './split-options.js';
import { applySubjectPolicy } from './subject-policy.js';

/** A CSV record, or the header row when `header` is set (it comes first). */
export type CsvItem = SplitRecord & { header?: true };

interface ParsedRow {
  record: string[];
  info: { lines: number };
}

/**
 * One record per CSV row, parsed by csv-parse (quoted fields may hold commas, quotes and
 * line breaks) and written back in canonical form: fields quoted only when they need it,
 * rows ending in `\n`. With `header`, the first row is yielded first, marked `header`.
 * Every row must have as many fields as the first; empty lines are skipped.
 */
export async function* csvRecords(
  chunks: AsyncIterable<Buffer>,
  options: ResolvedSplitOptions,
): AsyncGenerator<CsvItem> {
  const source = Readable.from(chunks);
  const parser = parse({ info: true, skip_empty_lines: true, max_record_size: options.maxRecordBytes });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let expectHeader = options.header;
  let subjectColumn = -1;
  let record = 0;
  try {
    for await (const row of parser as AsyncIterable<ParsedRow>) {
      const body = Buffer.from(formatCsvRow(row.record), 'utf8');
      if (expectHeader) {
        expectHeader = false;
        subjectColumn = findSubjectColumn(row.record, options.subjectField);
        yield { body, header: true };
        continue;
      }
      record += 1;
      const value = subjectColumn === -1 ? undefined : row.record[subjectColumn];
      const at = { record, line: row.info.lines };
      const subject = options.subjectField && applySubjectPolicy(value, options.subjectField, options.missingSubject, at);
      yield subject ? { body, subject } : { body };
    }
  } catch (err) {
    throw err instanceof CsvError ? csvProblem(err) : err;
  } finally {
    source.destroy();
    parser.destroy();
  }
}

function findSubjectColumn(columns: string[], field: string | undefined): number {
  if (field === undefined) return -1;
  const matches = columns.flatMap((name, index) => (name.trim() === field ? [index] : []));
  if (matches.length === 1) return matches[0] as number;
  const known = columns.map((name) => JSON.stringify(name)).join(', ');
  const problem = matches.length === 0 ? `is not a column of the header; the columns are ${known}` : 'names more than one column of the header';
  throw new InvalidArgumentError(`subject field ${JSON.stringify(field)} ${problem}`, { subjectField: field, columns });
}

function csvProblem(err: CsvError): InvalidArgumentError {
  const lines = (err as CsvError & { lines?: number }).lines;
  return new InvalidArgumentError(`invalid CSV: ${err.message}; fix the row or quote its fields`, {
    csvCode: err.code,
    line: lines,
  });
}
