/**
 * The `packs/<id>.idx` format: one JSON object per line per file in the pack,
 * `{"h":hash,"o":offset,"l":stored length,"z":content size,"t"?:transform id}`. An index is
 * written once, after its pack, and never changed.
 */

export interface PackIndexEntry {
  hash: string;
  offset: number;
  length: number;
  size: number;
  transform?: string;
}

export function encodePackIndex(entries: readonly PackIndexEntry[]): Buffer {
  const lines = entries.map((e) =>
    JSON.stringify(
      e.transform === undefined
        ? { h: e.hash, o: e.offset, l: e.length, z: e.size }
        : { h: e.hash, o: e.offset, l: e.length, z: e.size, t: e.transform },
    ),
  );
  return Buffer.from(lines.join('\n') + '\n');
}

/** Parses an index; lines that are not well-formed entries are skipped (a miss only costs bytes). */
export function decodePackIndex(bytes: Buffer): { entries: PackIndexEntry[]; skipped: number } {
  const entries: PackIndexEntry[] = [];
  let skipped = 0;
  for (const line of bytes.toString('utf8').split('\n')) {
    if (line === '') continue;
    const entry = parseLine(line);
    if (entry) entries.push(entry);
    else skipped++;
  }
  return { entries, skipped };
}

function parseLine(line: string): PackIndexEntry | null {
  try {
    const raw = JSON.parse(line) as Record<string, unknown>;
    const { h, o, l, z, t } = raw;
    if (typeof h !== 'string' || !isCount(o) || !isCount(l) || !isCount(z)) return null;
    if (t !== undefined && typeof t !== 'string') return null;
    return t === undefined ? { hash: h, offset: o, length: l, size: z } : { hash: h, offset: o, length: l, size: z, transform: t };
  } catch {
    return null;
  }
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
