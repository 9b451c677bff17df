/**
 * The ErasureRequest node, its enums, and the erasure service of a request. Erasure ids are
 * taken as they are (the CLI's form) or as the request's global node id.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { ERASURE_STATES, ERASURE_STEPS, type ErasureRecord, type ErasureService, type ErasureState, type ErasureStep } from '../../compliance/erasure/index.js';
import { erasureServiceOf } from '../erasure/erasure-service-of.js';
import { builder, type Context } from './builder.js';

/** The erasure service of the request's runtime and pipelines. */
export const erasuresOf = (ctx: Context): ErasureService => erasureServiceOf(ctx.runtime, ctx.pipelines);

const STATE_HELP: Record<ErasureState, string> = {
  requested: 'Filed; not planned yet.',
  planned: 'The dry run is stored on the request; planning again refreshes it until approval.',
  approved: 'Approved by someone other than the requester; ready to execute.',
  executing: 'Its steps are running in the workers; executing again resumes it.',
  verifying: 'Every change is made; the graph and the storage are being checked.',
  verified: 'Nothing of the subject is left; the certificate is issued.',
  failed: 'A step or the verification failed: see `error`.',
};

const STEP_HELP: Record<ErasureStep, string> = {
  'deletion-commits': "Commits removing the subject's records from every branch head holding them.",
  shred: "The subject's data key is destroyed: every historical copy becomes unreadable.",
  reprocess: 'Downstream pipelines reprocess the affected datums only.',
  'supersede-models': 'Model versions trained on the records are retrained and marked superseded by the erasure.',
  'flag-decisions': 'Decisions about the subject are flagged.',
  verify: 'The graph and the storage are checked for anything left.',
  certificate: 'The certificate is written and its hash recorded in the audit chain.',
};

const enumName = (value: string) => value.toUpperCase().replaceAll('-', '_');

export const ErasureStateEnum = builder.enumType('ErasureState', {
  description: 'requested → planned → approved → executing → verifying → verified, or failed.',
  values: Object.fromEntries(ERASURE_STATES.map((s) => [enumName(s), { value: s, description: STATE_HELP[s] }])) as Record<string, { value: ErasureState; description: string }>,
});

export const ErasureStepEnum = builder.enumType('ErasureStep', {
  description: 'The steps of an execution, in order.',
  values: Object.fromEntries(ERASURE_STEPS.map((s) => [enumName(s), { value: s, description: STEP_HELP[s] }])) as Record<string, { value: ErasureStep; description: string }>,
});

/** The erasure id an argument names: the id itself, or the request's global node id. */
export function erasureIdArg(id: string | number): string {
  const text = String(id);
  try {
    const decoded = decodeGlobalID(text);
    if (decoded.typename === 'ErasureRequest' && decoded.id) return decoded.id;
  } catch {
    // Not a global id: the erasure id itself.
  }
  return text;
}

export const ErasureRequestNode = builder.loadableNodeRef('ErasureRequest', {
  id: { resolve: (e: ErasureRecord) => e.id },
  toKey: (e: ErasureRecord) => e.id,
  cacheResolved: true,
  load: (ids: string[], ctx: Context) => {
    const service = erasuresOf(ctx);
    return Promise.all(ids.map((id) => service.get(id).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))));
  },
});
