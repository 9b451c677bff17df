/**
 * The Relay node refs of decisions and data subjects, with their per-request dataloaders,
 * and how the decision fields read their arguments: a model version is named by its global
 * id, its id (`project/name@<commit id>`) or its number (`project/name@3`); a decision by
 * its global id or its id. Their fields live in decision.ts and subject.ts.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import { ALL_PROJECTS } from '../../graph-schema/auth/index.js';
import {
  createNeo4jDecisionGraph,
  createNeo4jSubjectGraph,
  parseModelVersionRef,
  projectOfModelVersionRef,
  type DecisionGraph,
  type DecisionRecord,
  type SubjectRecord,
} from '../../graph-schema/decisions/index.js';
import { ROLE_ACTIONS } from '../auth/policy.js';
import { builder, type Context } from './builder.js';

export const decisionGraph = (ctx: Context): DecisionGraph => createNeo4jDecisionGraph(ctx.runtime.graph);

/** The project a decision belongs to: its model version's. */
export const projectOfDecision = (d: DecisionRecord): string => d.modelVersionId.slice(0, d.modelVersionId.indexOf('/'));

/** The id a global id of `typename` stands for; anything that is not a global id is taken as the plain id. */
function plainId(value: string, typename: string): string {
  if (!/^[A-Za-z0-9+/]+=*$/.test(value)) return value;
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(value);
  } catch {
    return value;
  }
  if (!/^[A-Z][A-Za-z]+$/.test(decoded.typename) || decoded.id === '') return value;
  if (decoded.typename !== typename) throw new InvalidArgumentError(`${JSON.stringify(value)} is the id of a ${decoded.typename}, not of a ${typename}`, { id: value });
  return decoded.id;
}

/** A model version argument as a reference the decision graph resolves (`project/name@3` or its id). */
export function modelVersionRefArg(value: string): string {
  return plainId(value.trim(), 'ModelVersion');
}

/** The project a model version argument names, without a lookup; INVALID_ARGUMENT naming `where` when malformed. */
export function projectOfModelVersionArg(value: string, where: string): string {
  try {
    return projectOfModelVersionRef(modelVersionRefArg(value));
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw new InvalidArgumentError(`${where}: ${err.message}`, { ...err.details, field: where });
    throw err;
  }
}

/** The id of the model version an argument names (a lookup only for `project/name@<number>`); NOT_FOUND when there is none. */
export async function modelVersionIdOf(ctx: Context, value: string): Promise<string> {
  const ref = modelVersionRefArg(value);
  const parsed = parseModelVersionRef(ref);
  if ('id' in parsed) return parsed.id;
  const found = (await decisionGraph(ctx).resolveModelVersions([ref])).get(ref);
  if (!found) throw new NotFoundError(`model version ${ref} does not exist`, { modelVersion: ref });
  return found.id;
}

/** A decision argument: its global id or its id. */
export const decisionIdArg = (value: string): string => plainId(value.trim(), 'Decision');

/** The projects the request may read; null when it may read every project. */
export function readableProjects(ctx: Context): string[] | null {
  if (ctx.actor.kind !== 'token') return [];
  const reading = ctx.actor.bindings.filter((b) => ROLE_ACTIONS[b.role].includes('read'));
  if (reading.some((b) => b.project === ALL_PROJECTS)) return null;
  return [...new Set(reading.map((b) => b.project))];
}

export const DecisionNode = builder.loadableNodeRef('Decision', {
  id: { resolve: (d: DecisionRecord) => d.id },
  toKey: (d: DecisionRecord) => d.id,
  cacheResolved: true,
  load: async (ids: string[], ctx: Context) => {
    const byId = new Map((await decisionGraph(ctx).getDecisions(ids)).map((d) => [d.id, d]));
    return ids.map((id) => byId.get(id) ?? new NotFoundError(`decision ${id} does not exist`, { decision: id }));
  },
});

export const SubjectNode = builder.loadableNodeRef('Subject', {
  id: { resolve: (s: SubjectRecord) => s.id },
  toKey: (s: SubjectRecord) => s.id,
  cacheResolved: true,
  load: async (ids: string[], ctx: Context) => {
    // A subject of no project the request may read is answered as one that does not exist.
    const found = new Set((await createNeo4jSubjectGraph(ctx.runtime.graph).findSubjects(ids, readableProjects(ctx))).map((s) => s.id));
    return ids.map((id) => (found.has(id) ? { id } : new NotFoundError(`subject ${id} does not exist: no record is tagged with it and no decision is about it`, { subject: id })));
  },
});

export const DecisionConnection = builder.connectionObject({ type: DecisionNode, name: 'DecisionConnection' }, { name: 'DecisionEdge' });
