import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../cli-context.js';
import { readSpecFile } from '../spec-file.js';
import { formatLogs, parseDatumTarget } from './datum-logs.js';
import { registerDatumCommands } from './datum.js';
import { duration, registerJobCommands } from './job.js';
import { modelVersionView, registerModelCommands } from './model.js';
import { registerPipelineCommands } from './pipeline.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stemma-spec-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readSpecFile', () => {
  it('reads a spec file as text, or stdin for -', async () => {
    const path = join(dir, 'edges.yaml');
    await writeFile(path, 'pipeline: {name: edges}\n');
    expect(await readSpecFile(path)).toBe('pipeline: {name: edges}\n');
    expect(await readSpecFile('-', Readable.from(['{"pipeline": ', '{"name": "x"}}']))).toBe('{"pipeline": {"name": "x"}}');
  });

  it('names a missing, empty or directory path', async () => {
    await expect(readSpecFile(join(dir, 'nope.yaml'))).rejects.toThrow(`pipeline spec file ${join(dir, 'nope.yaml')} does not exist`);
    await writeFile(join(dir, 'empty.json'), '  \n');
    await expect(readSpecFile(join(dir, 'empty.json'))).rejects.toThrow('is empty');
    await expect(readSpecFile(dir)).rejects.toThrow('is a directory');
  });
});

describe('parseDatumTarget', () => {
  it('splits <job id>:<datum key>', () => {
    expect(parseDatumTarget(`${'a'.repeat(32)}:${'b'.repeat(64)}`)).toEqual({ jobId: 'a'.repeat(32), datumKey: 'b'.repeat(64) });
  });

  it('refuses anything else, showing the form', () => {
    for (const bad of ['abc', ':key', 'job:']) expect(() => parseDatumTarget(bad)).toThrow('write <job id>:<datum key>');
  });
});

describe('formatLogs', () => {
  const line = (datumKey: string, text: string) => ({ jobId: 'j', datumKey, attempt: 1, stream: 'stdout' as const, line: text, at: 't' });
  it('prints the lines as they were, prefixed with the short datum key when several datums speak', () => {
    const lines = [line('0123456789abcdef', 'one'), line('fedcba9876543210', 'two')];
    expect(formatLogs(lines, true)).toBe('0123456789ab one\nfedcba987654 two\n');
    expect(formatLogs(lines, false)).toBe('one\ntwo\n');
  });
});

describe('duration', () => {
  it('says how long a job ran, or has run so far', () => {
    const now = new Date('2024-05-01T12:10:00.000Z');
    expect(duration({ startedAt: null, finishedAt: null }, now)).toBe('-');
    expect(duration({ startedAt: '2024-05-01T12:00:00.000Z', finishedAt: '2024-05-01T12:00:42.400Z' }, now)).toBe('42s');
    expect(duration({ startedAt: '2024-05-01T12:00:00.000Z', finishedAt: null }, now)).toBe('10m00s');
    expect(duration({ startedAt: '2024-05-01T09:00:00.000Z', finishedAt: '2024-05-01T11:05:00.000Z' }, now)).toBe('2h05m');
  });
});

describe('modelVersionView', () => {
  it('flattens a model version: ids for the commit and the training job, the superseding version number', () => {
    const view = modelVersionView({ version: 1, state: 'SUPERSEDED', commit: { id: 'c' }, trainingJob: { jobId: 'j' }, supersededBy: { version: 2 }, contentHash: 'h', createdAt: 't' });
    expect(view).toEqual({ version: 1, state: 'superseded', commit: 'c', trainingJob: 'j', supersededBy: 2, contentHash: 'h', createdAt: 't' });
  });
});

describe('the pipeline verbs', () => {
  it('sit under the shared verbs as pachctl has them', () => {
    const program = new Command('stemma');
    const ctx: CliContext = { api: () => { throw new Error('no API in this test'); }, json: () => false };
    registerPipelineCommands(program, ctx);
    registerJobCommands(program, ctx);
    registerDatumCommands(program, ctx);
    registerModelCommands(program, ctx);
    const nouns = (verbName: string) => program.commands.find((c) => c.name() === verbName)?.commands.map((c) => c.name()).sort();
    expect(nouns('create')).toEqual(['pipeline']);
    expect(nouns('update')).toEqual(['pipeline']);
    expect(nouns('list')).toEqual(['datum', 'job', 'model', 'pipeline']);
    expect(nouns('inspect')).toEqual(['datum', 'job', 'model', 'pipeline']);
    expect(nouns('wait')).toEqual(['job']);
    expect(nouns('stop')).toEqual(['job']);
    expect(nouns('rerun')).toEqual(['pipeline']);
    expect(nouns('delete')).toEqual(['pipeline']);
    expect(program.commands.find((c) => c.name() === 'wait')?.description()).toBe('wait for a job to end, showing its progress');
    expect(program.commands.map((c) => c.name())).toContain('logs');
  });
});
