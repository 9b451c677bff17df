import { describe, expect, it } from 'vitest';
import type { ApiClient } from './api-client.js';
import { describeEnd, requireSuccess, waitForJob } from './job-wait.js';
import { jobView, type JobNode } from './pipeline-views.js';
import { jobNode } from '../test/support/job-nodes.js';

/** An API that answers `job(id)` with each of `answers` in turn. */
function scriptedApi(answers: JobNode[]): ApiClient & { calls: number } {
  const api = {
    url: 'http://stemma.test',
    calls: 0,
    async graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      expect(query).toContain('job(id: $id)');
      expect(variables).toEqual({ id: 'a'.repeat(32) });
      const answer = answers[Math.min(api.calls, answers.length - 1)];
      api.calls++;
      return { job: answer } as T;
    },
    get: () => Promise.reject(new Error('unused')),
    request: () => Promise.reject(new Error('unused')),
    upload: () => Promise.reject(new Error('unused')),
  };
  return api;
}

describe('waitForJob', () => {
  it('polls until the job ends and returns it as it ended', async () => {
    const api = scriptedApi([jobNode({ state: 'CREATED' }), jobNode({ state: 'RUNNING' }), jobNode({ state: 'FAILURE', error: 'datum x failed' })]);
    const job = await waitForJob(api, 'a'.repeat(32), { progress: 'none', pollMs: 1 });
    expect(job).toMatchObject({ state: 'failure', error: 'datum x failed' });
    expect(api.calls).toBe(3);
  });

  it('gives up after the timeout, saying how to wait again', async () => {
    const api = scriptedApi([jobNode({ state: 'RUNNING' })]);
    await expect(waitForJob(api, 'a'.repeat(32), { progress: 'none', pollMs: 5, timeoutMs: 20 })).rejects.toThrow(/is still running after 0s; wait again with `stemma wait job a{32}`/);
  });
});

describe('requireSuccess', () => {
  it('passes a successful job and refuses any other end, naming the job, its pipeline and its error', () => {
    const ok = jobView(jobNode({ state: 'SUCCESS' }));
    expect(requireSuccess(ok)).toBe(ok);
    expect(() => requireSuccess(jobView(jobNode({ state: 'FAILURE', error: 'datum 1f2e failed: exit 2' })))).toThrow(
      `job ${'a'.repeat(32)} of pipeline default/edges ended failure: datum 1f2e failed: exit 2`,
    );
    expect(() => requireSuccess(jobView(jobNode({ state: 'KILLED' })))).toThrow(/ended killed$/);
  });
});

describe('describeEnd', () => {
  it('sums up the counts and names the output commit', () => {
    const job = jobView(jobNode({ state: 'SUCCESS', outputCommit: { id: 'e'.repeat(32) }, progress: { total: 5, processed: 3, skipped: 2, failed: 0, recovered: 0 } }));
    expect(describeEnd(job)).toBe(`job ${'a'.repeat(32)} success: 3 processed, 2 skipped, 0 failed of 5 datums; output commit ${'e'.repeat(32)}\n`);
  });
});
