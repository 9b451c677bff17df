/**
 * How every benchmark reports: one JSON line (for scripts and history) and a table with
 * the baseline beside the measured figure.
 */
export interface Row {
  metric: string;
  stemma: number | string;
  baseline?: number | string;
  unit: string;
  note?: string;
}

export function report(name: string, rows: Row[], extra: Record<string, unknown> = {}): void {
  const json = { bench: name, at: new Date().toISOString(), ...extra, rows };
  console.log(JSON.stringify(json));
  const fmt = (v: number | string | undefined) => (v === undefined ? '-' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);
  const table = rows.map((r) => [r.metric, fmt(r.stemma), fmt(r.baseline), r.unit, r.note ?? '']);
  const head = ['metric', 'stemma', 'baseline', 'unit', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\n${name}`);
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const t of table) console.log(line(t.map(String)));
  console.log('');
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}
