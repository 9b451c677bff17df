import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { erasureNode } from '../test/support/erasure-nodes.js';
import { createErasureProgressDisplay, erasureProgressLine } from './erasure-progress.js';
import { erasureView } from './erasure-views.js';

const step = (name: string) => ({ step: name, state: 'done', at: '2024-05-01T12:00:00.000Z', summary: `${name.toLowerCase()} done` });

describe('erasureProgressLine', () => {
  it('draws the steps done of all steps, the state and the next step', () => {
    expect(erasureProgressLine(erasureView(erasureNode()))).toBe(`erasure er-1  ${'█'.repeat(7)}${'░'.repeat(17)} 2/7 steps  executing, next reprocess`);
  });
});

describe('createErasureProgressDisplay, lines', () => {
  it('writes each step once as it ends, and each state change after the steps that led to it', () => {
    const stream = new PassThrough();
    const display = createErasureProgressDisplay('lines', stream);
    const at = (state: string, steps: string[]) => erasureView(erasureNode({ state, steps: steps.map(step), remainingSteps: [] }));
    for (const e of [at('APPROVED', []), at('EXECUTING', ['DELETION_COMMITS']), at('EXECUTING', ['DELETION_COMMITS']), at('VERIFIED', ['DELETION_COMMITS', 'SHRED'])]) display.update(e);
    display.stop();
    expect(String(stream.read()).split('\n')).toEqual([
      'erasure er-1 (subject u-42): approved',
      '  ✓ deletion-commits deletion_commits done',
      'erasure er-1 (subject u-42): executing',
      '  ✓ shred            shred done',
      'erasure er-1 (subject u-42): verified',
      '',
    ]);
  });
});
