/**
 * Verification that a subject is gone. The graph check: no branch head's tree holds a record
 * of the subject, no current model version was trained on what reached it, and no live output
 * (in a head commit of any repo) was derived from it. The storage check: every historical
 * record version of the subject, read through a keyring of its own that caches nothing,
 * gives ERASED; one it cannot read either way (another key store's, say) is named as
 * unchecked. Every item left is named.
 */
import { isStemmaError } from '../../core/errors.js';
import { createBlobStore, type BlobStore } from '../../pfs/blobs/blob-store.js';
import type { SubjectRecordRow } from '../../graph-schema/compliance/index.js';
import { createSubjectKeyring } from '../keys/index.js';
import type { ErasureContext } from './erasure-context.js';
import type { ErasureVerification, RemainingItem } from './erasure-types.js';
import type { SubjectAnalysis } from './subject-analysis.js';

const READ_CONCURRENCY = 16;

export async function verifySubjectErased(ctx: ErasureContext, subjectId: string): Promise<ErasureVerification> {
  const analysis = await ctx.analyse(subjectId);
  const graphRemaining = graphCheck(analysis);
  const storage = await storageCheck(ctx, analysis.trace.records);
  return {
    ok: graphRemaining.length === 0 && storage.remaining.length === 0,
    checkedAt: ctx.now().toISOString(),
    graph: { ok: graphRemaining.length === 0, remaining: graphRemaining },
    storage: { ok: storage.remaining.length === 0, checked: storage.checked, remaining: storage.remaining },
  };
}

function graphCheck(a: SubjectAnalysis): RemainingItem[] {
  const records = a.live.flatMap((l) =>
    l.paths.map((path) => ({ kind: 'record' as const, id: `${l.head.branchId}:${path}`, description: `${l.head.branchId}:${path} still holds a record of the subject` })),
  );
  const models = a.trace.modelVersions
    .filter((mv) => mv.state === 'current')
    .map((mv) => ({ kind: 'model-version' as const, id: mv.id, description: `model version ${mv.id} (v${mv.version}) is current and was trained on the subject's records` }));
  const liveDatums = new Map(a.trace.datums.filter((d) => d.live).map((d) => [d.id, d]));
  const outputs = a.trace.derivedFiles.flatMap((f) => {
    const producer = f.producerIds.map((id) => liveDatums.get(id)).find((d) => d !== undefined);
    if (!producer) return [];
    return [{ kind: 'derived-file' as const, id: f.fileVersionId, description: `${f.repoId}:${f.path} is a live output of datum ${producer.datumKey} of ${producer.pipelineId ?? 'a pipeline'}, derived from the subject's records` }];
  });
  return [...records, ...models, ...outputs];
}

export async function storageCheck(ctx: ErasureContext, records: SubjectRecordRow[]): Promise<{ checked: number; remaining: RemainingItem[] }> {
  const fresh = createSubjectKeyring({ kms: ctx.deps.kms, cacheTtlMs: 0 });
  const blobs = createBlobStore(ctx.deps.objects, { resolveTransform: fresh.resolveTransform });
  const manifests = new Map<string, Promise<string | null>>();
  const manifestOf = (commitId: string) => {
    let m = manifests.get(commitId);
    if (!m) manifests.set(commitId, (m = ctx.deps.pfs.inspectCommit(commitId).then((c) => c.manifest)));
    return m;
  };
  const remaining: RemainingItem[] = [];
  let checked = 0;
  for (let i = 0; i < records.length; i += READ_CONCURRENCY) {
    const results = await Promise.all(records.slice(i, i + READ_CONCURRENCY).map((r) => readsBack(ctx, blobs, manifestOf, r)));
    results.forEach((result, j) => {
      if (result === 'unknown') return;
      checked++;
      const r = records[i + j]!;
      const version = `${r.repoId}:${r.path} (version ${r.hash.slice(0, 12)}, commit ${result.commitId})`;
      if (result.unchecked) {
        remaining.push({ kind: 'unchecked-object', id: r.fileVersionId, description: `${version} could not be checked: ${result.unchecked}` });
      } else if (result.readable) {
        remaining.push({ kind: 'readable-object', id: r.fileVersionId, description: `${version} still decrypts to the subject's record` });
      }
    });
  }
  return { checked, remaining };
}

/** Reads one record version through the fresh keyring: readable, or not (erased, or gone). */
async function readsBack(
  ctx: ErasureContext,
  blobs: BlobStore,
  manifestOf: (commitId: string) => Promise<string | null>,
  r: SubjectRecordRow,
): Promise<{ readable: boolean; commitId: string; unchecked?: string } | 'unknown'> {
  for (const commitId of r.commitIds) {
    const entry = await ctx.trees.lookup(await manifestOf(commitId), r.path);
    if (!entry || entry.hash !== r.hash) continue;
    try {
      await blobs.readBuffer(entry.ref);
      return { readable: true, commitId };
    } catch (err) {
      if (isStemmaError(err) && (err.code === 'ERASED' || err.code === 'NOT_FOUND')) return { readable: false, commitId };
      // Neither readable nor shown erased (another key store's content, a damaged object):
      // named as left to check, so verification fails loudly rather than stopping.
      if (isStemmaError(err) && (err.code === 'FAILED_PRECONDITION' || err.code === 'INTERNAL')) return { readable: false, commitId, unchecked: err.message };
      throw err;
    }
  }
  return 'unknown';
}
