import { FailedPreconditionError } from '../core/errors.js';

/** The states of a job, after Pachyderm's (`JOB_CREATED` … `JOB_UNRUNNABLE`). */
export const JOB_STATES = ['created', 'running', 'finishing', 'success', 'failure', 'killed', 'unrunnable'] as const;

export type JobState = (typeof JOB_STATES)[number];

const TRANSITIONS: Record<JobState, readonly JobState[]> = {
  // unrunnable: an upstream job failed, so this one never starts.
  created: ['running', 'failure', 'killed', 'unrunnable'],
  running: ['finishing', 'failure', 'killed'],
  // finishing: every datum is done; outputs are being merged into the output commit.
  finishing: ['success', 'failure', 'killed'],
  success: [],
  failure: [],
  killed: [],
  unrunnable: [],
};

/** Whether a job in this state will never change again. */
export function isTerminal(state: JobState): boolean {
  return TRANSITIONS[state].length === 0;
}

/** Whether a job may move from `from` to `to`. */
export function canTransitionJob(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Checks a job state change and returns the new state; an illegal one (leaving a terminal
 * state, skipping `running`, staying put) throws `FailedPreconditionError`.
 */
export function transitionJob(from: JobState, to: JobState): JobState {
  if (canTransitionJob(from, to)) return to;
  const allowed = TRANSITIONS[from];
  const hint = allowed.length === 0 ? `"${from}" is final` : `from "${from}" a job can go to ${allowed.map((s) => `"${s}"`).join(', ')}`;
  throw new FailedPreconditionError(`a job cannot go from "${from}" to "${to}": ${hint}`, { from, to });
}
