import { describe, expect, it } from 'vitest';
import { FailedPreconditionError } from '../core/errors.js';
import { canTransitionJob, isTerminal, JOB_STATES, transitionJob, type JobState } from './job-state.js';

const legal: [JobState, JobState][] = [
  ['created', 'running'],
  ['created', 'failure'],
  ['created', 'killed'],
  ['created', 'unrunnable'],
  ['running', 'finishing'],
  ['running', 'failure'],
  ['running', 'killed'],
  ['finishing', 'success'],
  ['finishing', 'failure'],
  ['finishing', 'killed'],
];

describe('job state machine', () => {
  it.each(legal)('%s → %s is allowed', (from, to) => {
    expect(transitionJob(from, to)).toBe(to);
    expect(canTransitionJob(from, to)).toBe(true);
  });

  const illegal = JOB_STATES.flatMap((from) =>
    JOB_STATES.filter((to) => !legal.some(([f, t]) => f === from && t === to)).map((to) => [from, to] as [JobState, JobState]),
  );

  it('rejects every other pair', () => {
    expect(illegal).toHaveLength(JOB_STATES.length ** 2 - legal.length);
    for (const [from, to] of illegal) {
      expect(canTransitionJob(from, to)).toBe(false);
      expect(() => transitionJob(from, to)).toThrow(FailedPreconditionError);
    }
  });

  it('names both states and the way out in the error', () => {
    expect(() => transitionJob('created', 'success')).toThrow(
      'a job cannot go from "created" to "success": from "created" a job can go to "running", "failure", "killed", "unrunnable"',
    );
    expect(() => transitionJob('success', 'running')).toThrow('"success" is final');
    try {
      transitionJob('killed', 'running');
    } catch (err) {
      expect(err).toBeInstanceOf(FailedPreconditionError);
      expect((err as FailedPreconditionError).code).toBe('FAILED_PRECONDITION');
      expect((err as FailedPreconditionError).details).toEqual({ from: 'killed', to: 'running' });
    }
  });

  it('knows the terminal states', () => {
    expect(JOB_STATES.filter(isTerminal)).toEqual(['success', 'failure', 'killed', 'unrunnable']);
  });
});
