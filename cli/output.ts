/**
 * The CLI's output: tables for people, JSON for scripts (`--json`). The only place,
 * with the error printer in main.ts, that writes to stdout.
 */
export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

export function printTable<T>(rows: T[], columns: Column<T>[], out: NodeJS.WritableStream = process.stdout): void {
  const cells = rows.map((r) => columns.map((c) => String(c.value(r) ?? '-')));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  out.write(`${line(columns.map((c) => c.header.toUpperCase()))}\n`);
  for (const row of cells) out.write(`${line(row)}\n`);
}

export function printJson(value: unknown, out: NodeJS.WritableStream = process.stdout): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One object for people, as aligned `Label: value` lines (the `inspect` verbs). */
export function printFields(fields: [label: string, value: string | number | boolean | null | undefined][], out: NodeJS.WritableStream = process.stdout): void {
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  for (const [label, value] of fields) out.write(`${`${label}:`.padEnd(width)} ${String(value ?? '-')}\n`);
}
