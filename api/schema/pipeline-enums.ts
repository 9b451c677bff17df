/** The states of jobs, datums and model versions, as GraphQL enums. */
import { builder } from './builder.js';

export const JobStateEnum = builder.enumType('JobState', {
  description: 'created → running → finishing → success; failure and killed from any unfinished state; unrunnable when an upstream job failed.',
  values: {
    CREATED: { value: 'created' as const, description: 'Waiting: for an earlier job of the pipeline, or for an upstream commit.' },
    RUNNING: { value: 'running' as const, description: 'Its datums are being processed.' },
    FINISHING: { value: 'finishing' as const, description: 'Every datum is done; the output commit is being made.' },
    SUCCESS: { value: 'success' as const },
    FAILURE: { value: 'failure' as const },
    KILLED: { value: 'killed' as const, description: 'Stopped, or its pipeline was deleted or updated.' },
    UNRUNNABLE: { value: 'unrunnable' as const, description: 'An upstream job it waited for failed.' },
  },
});

export const DatumStateEnum = builder.enumType('DatumState', {
  values: {
    SUCCESS: { value: 'success' as const, description: 'Ran and succeeded.' },
    FAILED: { value: 'failed' as const, description: 'Failed every try.' },
    SKIPPED: { value: 'skipped' as const, description: 'Processed before with the same inputs: its outputs were carried forward.' },
    RECOVERED: { value: 'recovered' as const, description: 'Its command failed and its errCmd succeeded.' },
  },
});

export const ModelVersionStateEnum = builder.enumType('ModelVersionState', {
  values: {
    CURRENT: { value: 'current' as const, description: 'The newest version of the model.' },
    SUPERSEDED: { value: 'superseded' as const, description: 'A newer version replaced it; kept so that its decisions stay explainable.' },
  },
});
