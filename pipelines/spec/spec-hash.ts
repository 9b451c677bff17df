import { createHash } from 'node:crypto';
import type { PipelineSpec } from './spec-types.js';

/**
 * JSON with object keys sorted at every level and `undefined` members left out, so that
 * equal values give equal text whatever order their keys were written in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The identity of a pipeline version: SHA-256 (hex) of the canonical JSON of the normalised
 * spec. Key order, key spelling and defaults written out or left implicit do not change it.
 */
export function specHash(spec: PipelineSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}
