const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Parses a Go-style duration, as Pachyderm's `datumTimeout` and `jobTimeout` take it
 * (`"60s"`, `"1m30s"`, `"2h"`, `"1.5h"`, `"250ms"`), into whole milliseconds (rounded up).
 * Returns `undefined` when the text is not such a duration.
 */
export function parseDuration(text: string): number | undefined {
  if (text === '') return undefined;
  let total = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < text.length) {
    const found = TERM.exec(text);
    if (!found) return undefined;
    total += Number(found[1]) * UNIT_MS[found[2]!]!;
  }
  return Math.ceil(total);
}
