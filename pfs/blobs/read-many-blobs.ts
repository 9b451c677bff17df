/**
 * Reads many files at once, as a pipeline reading a datum's inputs does: small files that sit
 * near each other in one pack are fetched with a single ranged read, and reads run a bounded
 * number at a time. Results come in completion order, each with its index in the input.
 */
import { readAllBytes } from '../object-store/object-body.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { BlobReader } from './blob-reader.js';
import { packKey } from './blob-keys.js';
import { mapUnordered } from './concurrency-limit.js';
import { isPackedRef, type ContentRef, type PackedContentRef } from './content-ref.js';

export interface ReadBlob {
  index: number;
  ref: ContentRef;
  body: Buffer;
}

/** Files of one pack read by one request. */
interface PackRun {
  packId: string;
  start: number;
  end: number;
  members: { index: number; ref: PackedContentRef }[];
}

type ReadPlan = { kind: 'run'; run: PackRun } | { kind: 'single'; index: number; ref: ContentRef };

const MAX_GAP = 256 * 1024;
const MAX_RUN = 8 * 1024 * 1024;

export async function* readManyBlobs(
  objects: ObjectStore,
  reader: BlobReader,
  refs: readonly ContentRef[],
  concurrency: number,
): AsyncGenerator<ReadBlob> {
  const plans = planReads(refs);
  for await (const results of mapUnordered(plans, concurrency, (plan) => executePlan(objects, reader, plan))) {
    yield* results;
  }
}

function planReads(refs: readonly ContentRef[]): ReadPlan[] {
  const plans: ReadPlan[] = [];
  const byPack = new Map<string, { index: number; ref: PackedContentRef }[]>();
  refs.forEach((ref, index) => {
    if (isPackedRef(ref) && ref.transform === undefined && ref.size > 0) {
      const list = byPack.get(ref.pack.id) ?? [];
      list.push({ index, ref });
      byPack.set(ref.pack.id, list);
    } else {
      plans.push({ kind: 'single', index, ref });
    }
  });
  for (const [packId, members] of byPack) {
    members.sort((a, b) => a.ref.pack.offset - b.ref.pack.offset);
    let run: PackRun | null = null;
    for (const member of members) {
      const { offset, length } = member.ref.pack;
      const end = offset + length - 1;
      if (run && offset - run.end <= MAX_GAP && end - run.start < MAX_RUN) {
        run.end = Math.max(run.end, end);
        run.members.push(member);
      } else {
        run = { packId, start: offset, end, members: [member] };
        plans.push({ kind: 'run', run });
      }
    }
  }
  return plans;
}

async function executePlan(objects: ObjectStore, reader: BlobReader, plan: ReadPlan): Promise<ReadBlob[]> {
  if (plan.kind === 'single') {
    const body = await readAllBytes(await reader.open(plan.ref));
    return [{ index: plan.index, ref: plan.ref, body }];
  }
  const { run } = plan;
  const bytes = await objects.getBuffer(packKey(run.packId), { start: run.start, end: run.end });
  return run.members.map(({ index, ref }) => {
    const from = ref.pack.offset - run.start;
    return { index, ref, body: bytes.subarray(from, from + ref.pack.length) };
  });
}
