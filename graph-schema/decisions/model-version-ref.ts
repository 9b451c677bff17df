/**
 * How people name a model version: by its id, `project/name@<output commit id>`, or by its
 * number, `project/name@3`. The project defaults to `default`.
 */
import { InvalidArgumentError } from '../../core/errors.js';

export type ModelVersionRef = { ref: string; id: string } | { ref: string; modelId: string; version: number };

const NAME = '[A-Za-z0-9_-]{1,63}';
const REF = new RegExp(`^(?:(${NAME})/)?(${NAME})@(?:([0-9a-f]{32})|([1-9][0-9]{0,8}))$`);

export function parseModelVersionRef(ref: string): ModelVersionRef {
  const m = REF.exec(ref.trim());
  if (!m) {
    throw new InvalidArgumentError(
      `model version ${JSON.stringify(ref.slice(0, 200))}: write project/name@<version number> (e.g. default/ranker@2) or its id, project/name@<output commit id>`,
      { modelVersion: ref },
    );
  }
  const modelId = `${m[1] ?? 'default'}/${m[2]}`;
  return m[3] ? { ref, id: `${modelId}@${m[3]}` } : { ref, modelId, version: Number(m[4]) };
}

/** The project a model version reference names (no lookup needed). */
export function projectOfModelVersionRef(ref: string): string {
  const parsed = parseModelVersionRef(ref);
  const modelId = 'id' in parsed ? parsed.id.slice(0, parsed.id.lastIndexOf('@')) : parsed.modelId;
  return modelId.slice(0, modelId.indexOf('/'));
}
