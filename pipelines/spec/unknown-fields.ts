import type { z } from 'zod';
import { isPlainObject } from './spec-keys.js';
import { formatPath } from './spec-problems.js';

/** Pachyderm spec fields Stemma reads but does not act on. */
const PACHYDERM_ONLY_FIELDS = new Set([
  'autoscalingSpec',
  'cacheSize',
  'chunkSpec',
  'coefficient',
  'datumSetSpec',
  'debug',
  'determined',
  'dockerfile',
  'egress',
  'enableStats',
  'imagePullSecrets',
  'maxQueueSize',
  'memoryVolume',
  'metadata',
  'podPatch',
  'podSpec',
  'repoType',
  'reprocess',
  's3',
  's3Out',
  'schedulingSpec',
  'secrets',
  'service',
  'sidecarResourceLimits',
  'sidecarResourceRequests',
  'specCommit',
  'spout',
  'standby',
  'tfJob',
  'tolerations',
  'trigger',
  'update',
  'user',
]);

/** A key the schema does not know, at its path. */
export interface UnknownField {
  parent: PropertyKey[];
  key: string;
}

/** The unknown keys reported by a strict zod parse. */
export function unknownFields(issues: readonly z.core.$ZodIssue[]): UnknownField[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ parent: issue.path, key })) : [],
  );
}

/** `egress: Pachyderm field not supported by Stemma; ignored` or `input.pfs.foo: unknown field; ignored`. */
export function unknownFieldWarning(field: UnknownField): string {
  const path = formatPath([...field.parent, field.key]);
  return PACHYDERM_ONLY_FIELDS.has(field.key)
    ? `${path}: Pachyderm field not supported by Stemma; ignored`
    : `${path}: unknown field; ignored`;
}

/** Deletes the unknown fields from a normalised spec, in place. */
export function removeUnknownFields(spec: unknown, fields: readonly UnknownField[]): void {
  for (const field of fields) {
    const parent = field.parent.reduce<unknown>(
      (node, segment) => (isPlainObject(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[segment] : undefined),
      spec,
    );
    if (isPlainObject(parent)) delete parent[field.key];
  }
}
