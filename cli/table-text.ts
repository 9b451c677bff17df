/** A table as text, for views that compose several tables and lines before printing them. */
import { printTable, type Column } from './output.js';

export function tableText<T>(rows: T[], columns: Column<T>[]): string {
  let text = '';
  const collector = { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream;
  printTable(rows, columns, collector);
  return text;
}
