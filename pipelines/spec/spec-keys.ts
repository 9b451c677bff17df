import { formatPath, type PathSegment, type SpecProblem } from './spec-problems.js';

/** Fields whose keys are the user's own (environment variables, labels), never renamed. */
const USER_KEYED_MAPS = new Set(['env', 'annotations', 'labels', 'nodeSelector']);

/** `join_on` → `joinOn`; camelCase keys are left alone. */
export function toCamelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Brings a spec as written (JSON or YAML, snake_case or camelCase, as Pachyderm accepts)
 * to camelCase keys. Also: `null` means "not set" (as in protobuf JSON) and is dropped;
 * `project: {name: x}` (Pachyderm's form) becomes `project: x`. A key given in both
 * spellings is a problem.
 */
export function normaliseSpecKeys(value: unknown, problems: SpecProblem[]): unknown {
  return normalise(value, [], problems);
}

function normalise(value: unknown, path: PathSegment[], problems: SpecProblem[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => normalise(item, [...path, i], problems));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  const spelledAs: Record<string, string> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === null || child === undefined) continue;
    const camel = toCamelCase(key);
    if (camel in out) {
      problems.push({ path: formatPath([...path, camel]), message: `given twice, as "${spelledAs[camel]}" and "${key}"` });
      continue;
    }
    spelledAs[camel] = key;
    out[camel] = normaliseField(camel, child, [...path, camel], problems);
  }
  return out;
}

function normaliseField(key: string, value: unknown, path: PathSegment[], problems: SpecProblem[]): unknown {
  if (USER_KEYED_MAPS.has(key) && isPlainObject(value)) return { ...value };
  if (key === 'project' && isPlainObject(value) && typeof value['name'] === 'string') return value['name'];
  return normalise(value, path, problems);
}
