import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createJobProgressDisplay, jobProgressLine, jobStatusLine, progressModeFor } from './job-progress.js';
import { jobView } from './pipeline-views.js';
import { jobNode } from '../test/support/job-nodes.js';

const job = (state: string, processed: number, failed = 0) => jobView(jobNode({ state, progress: { total: 4, processed, skipped: 0, failed, recovered: 0 } }));

describe('jobProgressLine', () => {
  it('draws the datums done of the total as a bar, with failures and the state', () => {
    expect(jobProgressLine(job('RUNNING', 2, 1))).toBe(`job aaaaaaaaaaaa default/edges  ${'█'.repeat(12)}${'░'.repeat(12)} 2/4 datums, 1 failed  running`);
  });

  it('shows an empty bar before the job is planned', () => {
    const created = jobView(jobNode({ state: 'CREATED', progress: { total: 0, processed: 0, skipped: 0, failed: 0, recovered: 0 } }));
    expect(jobProgressLine(created)).toContain(`${'░'.repeat(24)} 0/0 datums  created`);
  });
});

describe('progressModeFor', () => {
  it('draws a bar for a terminal, plain lines for a log, nothing on a terminal with --json', () => {
    expect(progressModeFor(false, { isTTY: true })).toBe('bar');
    expect(progressModeFor(false, { isTTY: false })).toBe('lines');
    expect(progressModeFor(true, {})).toBe('lines');
    expect(progressModeFor(true, { isTTY: true })).toBe('none');
  });
});

describe('createJobProgressDisplay, lines', () => {
  it('writes a line each time the state or the counts change, and only then', () => {
    const stream = new PassThrough();
    const display = createJobProgressDisplay('lines', stream);
    for (const j of [job('RUNNING', 0), job('RUNNING', 0), job('RUNNING', 2), job('SUCCESS', 4)]) display.update(j);
    display.stop();
    expect(String(stream.read())).toBe(
      [jobStatusLine(job('RUNNING', 0)), jobStatusLine(job('RUNNING', 2)), jobStatusLine(job('SUCCESS', 4))].join('\n') + '\n',
    );
    expect(jobStatusLine(job('RUNNING', 2))).toBe('job aaaaaaaaaaaa (default/edges): running, 2/4 datums');
  });
});
