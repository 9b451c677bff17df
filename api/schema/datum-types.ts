/**
 * The plain object types around datums: the file versions a datum read and wrote, the log
 * of each attempt, and the datums a dry run of a spec would make.
 */
import type { DatumAttemptLog, DatumLogLine, DryRunDatum } from '../../pipelines/service/index.js';
import { builder } from './builder.js';

/** What a datum read and wrote: file versions, Nodes of their own (file-version.ts). */
export { FileVersionNode as FileVersionRefType } from './file-version.js';

const LogStream = builder.enumType('LogStream', {
  values: { STDOUT: { value: 'stdout' as const }, STDERR: { value: 'stderr' as const } },
});

const LogLine = builder.objectRef<DatumLogLine>('DatumLogLine').implement({
  fields: (t) => ({
    stream: t.field({ type: LogStream, resolve: (l) => l.stream }),
    line: t.exposeString('line'),
    at: t.field({ type: 'DateTime', resolve: (l) => l.at }),
  }),
});

export const DatumAttemptType = builder.objectRef<DatumAttemptLog>('DatumAttempt').implement({
  description: 'One try at a datum: how it ended and what it printed.',
  fields: (t) => ({
    attempt: t.exposeInt('attempt', { description: '1 for the first try.' }),
    startedAt: t.field({ type: 'DateTime', resolve: (a) => a.startedAt }),
    exitCode: t.exposeInt('exitCode', { nullable: true }),
    signal: t.exposeString('signal', { nullable: true }),
    timedOut: t.exposeBoolean('timedOut'),
    succeeded: t.exposeBoolean('succeeded'),
    recovered: t.exposeBoolean('recovered', { description: 'The command failed and errCmd succeeded.' }),
    durationMs: t.float({ resolve: (a) => a.durationMs }),
    error: t.exposeString('error', { nullable: true }),
    lines: t.field({ type: [LogLine], resolve: (a) => a.lines }),
    droppedLines: t.exposeInt('droppedLines', { description: 'Lines past the kept limit, not stored.' }),
  }),
});

type DryRunInput = DryRunDatum['inputs'][number];

const DryRunInputType = builder.objectRef<DryRunInput>('DryRunDatumInput').implement({
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The input name: the code reads it under /pfs/<name>.' }),
    repo: t.exposeString('repo', { description: 'project/repo' }),
    branch: t.exposeString('branch'),
    commit: t.exposeString('commit', { nullable: true, description: 'The head the dry run read; null when the branch has none.' }),
    root: t.exposeString('root', { description: 'The path the glob matched.' }),
    files: t.exposeStringList('files'),
  }),
});

export const DryRunDatumType = builder.objectRef<DryRunDatum>('DryRunDatum').implement({
  description: 'A datum a spec would make over the current heads of its inputs.',
  fields: (t) => ({
    datumKey: t.exposeString('id', { description: 'The datum key it would have in a job.' }),
    hash: t.exposeString('hash'),
    inputs: t.field({ type: [DryRunInputType], resolve: (d) => d.inputs }),
  }),
});
