/**
 * The stored form of manifest entries: one compact JSON object per line, keys in a fixed
 * order, so the same entries always give the same bytes and the same shard hash.
 * `{"p":path,"h":hash,"z":size,"c":[[chunk hash,size],…] | "k":[pack id,offset,length],"t"?:transform,"s"?:[subjects]}`
 */
import type { ContentRef } from '../blobs/content-ref.js';
import type { ManifestEntry } from './manifest-entry.js';

interface StoredEntry {
  p: string;
  h: string;
  z: number;
  c?: [string, number][];
  k?: [string, number, number];
  t?: string;
  s?: string[];
}

export function encodeEntry(entry: ManifestEntry): string {
  const { ref } = entry;
  const stored: StoredEntry = { p: entry.path, h: entry.hash, z: entry.size };
  if ('pack' in ref) stored.k = [ref.pack.id, ref.pack.offset, ref.pack.length];
  else stored.c = ref.chunks.map((c) => [c.hash, c.size]);
  if (ref.transform !== undefined) stored.t = ref.transform;
  if (entry.subjects && entry.subjects.length > 0) stored.s = entry.subjects;
  return JSON.stringify(stored);
}

export function decodeEntry(line: string): ManifestEntry {
  const s = JSON.parse(line) as StoredEntry;
  const base = s.t === undefined ? { hash: s.h, size: s.z } : { hash: s.h, size: s.z, transform: s.t };
  const ref: ContentRef = s.k
    ? { ...base, pack: { id: s.k[0], offset: s.k[1], length: s.k[2] } }
    : { ...base, chunks: (s.c ?? []).map(([hash, size]) => ({ hash, size })) };
  const entry: ManifestEntry = { path: s.p, hash: s.h, size: s.z, ref };
  if (s.s) entry.subjects = s.s;
  return entry;
}

/** A shard's canonical text: its entries' lines joined by newlines. */
export function encodeShardText(lines: readonly string[]): string {
  return lines.join('\n');
}

export function decodeShardText(text: string): ManifestEntry[] {
  if (text === '') return [];
  return text.split('\n').map(decodeEntry);
}
