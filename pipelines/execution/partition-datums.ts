import type { Datum } from '../datums/datum-types.js';

/** A datum of the parent job whose outputs are in the parent's output commit. */
export interface ParentDatum {
  datumKey: string;
  hash: string;
  /** The job that actually ran it (its outputs are recorded there). */
  sourceJobId: string;
  /** Where that job recorded its outputs and logs, and the batch it ran in (null: an earlier release). */
  resultsKey?: string | null;
  batch?: number | null;
}

export interface DatumPartition {
  /** New or changed datums: they run. */
  run: Datum[];
  /** Datums whose hash succeeded in the parent job: their outputs are carried forward. */
  skip: ParentDatum[];
  /** Parent datums that are gone or changed: their outputs leave the output commit. */
  removed: ParentDatum[];
}

/**
 * Splits a job's datums into those to run and those to skip, as Pachyderm does: a datum
 * whose hash (inputs' paths and contents, spec, salt) succeeded in the parent job is skipped
 * and keeps its outputs; every other datum runs; the parent's datums that are not skipped
 * are removed, with their outputs. `reprocess` runs every datum.
 */
export function partitionDatums(datums: readonly Datum[], parent: readonly ParentDatum[], opts: { reprocess?: boolean } = {}): DatumPartition {
  const previous = new Map(parent.map((d) => [d.datumKey, d]));
  const run: Datum[] = [];
  const skip: ParentDatum[] = [];
  for (const datum of datums) {
    const before = previous.get(datum.id);
    if (!opts.reprocess && before && before.hash === datum.hash) skip.push({ ...before, hash: datum.hash });
    else run.push(datum);
  }
  const kept = new Set(skip.map((d) => d.datumKey));
  return { run, skip, removed: parent.filter((d) => !kept.has(d.datumKey)) };
}
