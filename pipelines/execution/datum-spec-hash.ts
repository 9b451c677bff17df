import { createHash } from 'node:crypto';
import { canonicalJson } from '../spec/spec-hash.js';
import type { PipelineSpec } from '../spec/spec-types.js';

/**
 * The part of a spec that datum hashes depend on: the inputs and the transform. Changing the
 * code or what it reads reprocesses datums; changing parallelism, resources, timeouts or
 * the description makes a new pipeline version whose datums are all skipped.
 */
export function datumSpecHash(spec: PipelineSpec): string {
  return createHash('sha256').update(canonicalJson({ input: spec.input, transform: spec.transform })).digest('hex');
}
