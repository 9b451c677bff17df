import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCountingObjectStore, type CountingObjectStore } from '../../pfs/object-store/counting-object-store.js';
import { createTempDirObjectStore, type TempDirObjectStore } from '../../pfs/object-store/temp-dir-object-store.js';
import type { TreeEntry } from '../../pfs/tree-store.js';
import { createJobArtifacts, type DatumAttemptLog, type JobArtifacts } from './job-artifacts.js';

let temp: TempDirObjectStore;
let objects: CountingObjectStore;
let artifacts: JobArtifacts;
beforeAll(async () => {
  temp = await createTempDirObjectStore('artifacts');
  objects = createCountingObjectStore(temp.store);
  artifacts = createJobArtifacts(objects);
});
afterAll(() => temp.cleanup());

const entry = (path: string): TreeEntry => ({ path, hash: `h${path}`, size: 1, ref: { hash: `h${path}`, size: 1, pack: { id: 'p', offset: 0, length: 1 } } });
const log = (attempt: number, line: string): DatumAttemptLog => ({
  attempt,
  startedAt: new Date(2026, 0, 1, 0, 0, attempt).toISOString(),
  exitCode: 0,
  signal: null,
  timedOut: false,
  succeeded: true,
  recovered: false,
  durationMs: 1,
  error: null,
  lines: [{ stream: 'stdout', line, at: new Date().toISOString() }],
  droppedLines: 0,
});

describe('job artifacts: packed datum results', () => {
  it('reads the outputs of many datums with one read per results object', async () => {
    const key = artifacts.resultsKey('job-a', 0, 1, 'w1', 0);
    const datums = Array.from({ length: 50 }, (_, i) => ({ datumKey: `d${i}`, hash: `x${i}`, outputs: [entry(`/o${i}`)], logs: [log(1, `datum ${i}`)] }));
    await artifacts.putResults(key, { jobId: 'job-a', batch: 0, attempt: 1, datums });
    objects.reset();
    const found = await artifacts.readOutputs(datums.map((d) => ({ jobId: 'job-a', datumKey: d.datumKey, resultsKey: key })));
    expect(objects.counts.get).toBe(1);
    expect(found.size).toBe(50);
    expect(found.get('d7')).toEqual([entry('/o7')]);
  });

  it('reads outputs of jobs of earlier releases from their per-datum objects', async () => {
    await objects.put('pipelines/jobs/job-old/datums/d1/outputs.json', Buffer.from(JSON.stringify({ datumKey: 'd1', hash: 'x', outputs: [entry('/old')] })));
    const found = await artifacts.readOutputs([
      { jobId: 'job-old', datumKey: 'd1', resultsKey: null },
      { jobId: 'job-old', datumKey: 'missing', resultsKey: null },
    ]);
    expect(found.get('d1')).toEqual([entry('/old')]);
    expect(found.get('missing')).toEqual([]);
  });

  it("lists every attempt's log of a datum, from its batch's results, oldest first", async () => {
    await artifacts.putResults(artifacts.resultsKey('job-b', 3, 2, 'w2', 0), { jobId: 'job-b', batch: 3, attempt: 2, datums: [{ datumKey: 'd', hash: 'x', outputs: [], logs: [log(2, 'second')] }] });
    await artifacts.putResults(artifacts.resultsKey('job-b', 3, 1, 'w1', 0), {
      jobId: 'job-b',
      batch: 3,
      attempt: 1,
      datums: [
        { datumKey: 'd', hash: 'x', outputs: null, logs: [log(1, 'first')] },
        { datumKey: 'other', hash: 'y', outputs: null, logs: [log(1, 'not mine')] },
      ],
    });
    await artifacts.putResults(artifacts.resultsKey('job-b', 4, 1, 'w1', 0), { jobId: 'job-b', batch: 4, attempt: 1, datums: [{ datumKey: 'elsewhere', hash: 'z', outputs: null, logs: [log(1, 'b4')] }] });
    const lines = (logs: DatumAttemptLog[]) => logs.map((l) => [l.attempt, l.lines[0]!.line]);
    objects.reset();
    expect(lines(await artifacts.listLogs('job-b', 'd', 3))).toEqual([
      [1, 'first'],
      [2, 'second'],
    ]);
    expect(objects.counts.readKeys.every((k) => k.includes('/results/b3/'))).toBe(true);
    // A datum not recorded yet has no batch on record: its logs are searched for in the job's results.
    expect(lines(await artifacts.listLogs('job-b', 'elsewhere', null))).toEqual([[1, 'b4']]);
  });

  it('lists the per-datum logs of jobs of earlier releases', async () => {
    await objects.put('pipelines/jobs/job-old/datums/d1/logs/0001.json', Buffer.from(JSON.stringify(log(1, 'legacy'))));
    expect((await artifacts.listLogs('job-old', 'd1', null)).map((l) => l.lines[0]!.line)).toEqual(['legacy']);
  });
});
