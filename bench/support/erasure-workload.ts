/**
 * The erasure benchmark's workload: a CSV of records, one data subject each, split per record
 * on ingest; and a pipeline with one datum per record running a cheap transform (a shell
 * one-liner, so a full recompute measures Stemma's per-datum work rather than a model's).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** The subject of record `i` (0-based) in the data set tagged `tag`: unique to the run, since subjects are global. */
export const subjectOf = (tag: string, i: number): string => `s${tag}-${String(i).padStart(6, '0')}`;

/** Writes `count` records (`subject_id,amount,note`) to `path`. */
export async function writeSubjectRecords(path: string, count: number, tag: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('subject_id,amount,note\n');
  for (let i = 0; i < count; i++) {
    if (!out.write(`${subjectOf(tag, i)},${(i * 7919) % 100_000},record number ${i}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * The per-record transform: upper-cases each record file of the datum into /pfs/out under
 * its own name. `sh` and `tr` start in a millisecond or two, against ~50 ms for Python.
 */
export const PER_RECORD_TRANSFORM = 'for f in "${PFS_ROOT:-/pfs}"/in/*/*; do tr a-z A-Z <"$f" >"${PFS_ROOT:-/pfs}/out/${f##*/}"; done';

/** A pipeline over `repo` with one datum per record file (`put file --split` puts them at /<name>/<16 hex>). */
export function perRecordPipelineSpec(project: string, name: string, repo: string): string {
  return JSON.stringify({
    pipeline: { name, project },
    description: 'Upper-cases each record: the erasure benchmark.',
    input: { pfs: { repo, glob: '/*/*', name: 'in' } },
    transform: { cmd: ['sh', '-c', PER_RECORD_TRANSFORM] },
  });
}
