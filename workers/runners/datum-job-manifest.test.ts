import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { buildDatumJobManifest, containerResources, datumJobName, transformWrapper } from './datum-job-manifest.js';
import type { DatumTask, DatumTransform } from './runner.js';

const datumId = 'a3f1c9e0b2d84f6e9a7c5b3d1e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f';
const task = (transform: Partial<DatumTransform> = {}, extra: Partial<DatumTask> = {}): DatumTask => ({
  jobId: 'job-7f3a',
  datumId,
  pipeline: { name: 'edges', project: 'default' },
  transform: { image: 'pachyderm/opencv:1.0', cmd: ['python3', '/edges.py'], env: { MODE: 'fast' }, ...transform },
  inputs: [{ name: 'images', dir: '/var/stemma/work/in/images' }],
  outputDir: '/var/stemma/work/out',
  workDir: '/var/stemma/work/attempt-1',
  ...extra,
});
const opts = {
  namespace: 'stemma',
  stagingImage: 'stemma/stemma:0.1.0',
  stageInCommand: ['stemma', 'datum', 'stage-in'],
  stageOutCommand: ['stemma', 'datum', 'stage-out'],
  stagingSecretName: 'stemma-object-store',
};
const envOf = (c: { env?: { name: string; value?: string }[] } | undefined) => Object.fromEntries((c?.env ?? []).map((e) => [e.name, e.value]));

describe('buildDatumJobManifest', () => {
  it('stages /pfs in, runs the transform in its image, stages /pfs/out out', () => {
    const job = buildDatumJobManifest(task({}, { timeoutMs: 90_500 }), opts);
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', metadata: { namespace: 'stemma' } });
    expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 91, ttlSecondsAfterFinished: 3_600 });
    const pod = job.spec!.template.spec!;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.initContainers!.map((c) => c.name)).toEqual(['stage-in', 'transform']);
    expect(pod.containers.map((c) => c.name)).toEqual(['stage-out']);
    expect(pod.volumes).toEqual([{ name: 'pfs', emptyDir: {} }]);
    for (const c of [...pod.initContainers!, ...pod.containers]) expect(c.volumeMounts).toContainEqual({ name: 'pfs', mountPath: '/pfs' });

    const [stageIn, transform] = pod.initContainers!;
    expect(stageIn).toMatchObject({ image: 'stemma/stemma:0.1.0', command: ['stemma', 'datum', 'stage-in'], envFrom: [{ secretRef: { name: 'stemma-object-store' } }] });
    expect(transform).toMatchObject({ image: 'pachyderm/opencv:1.0', command: ['python3', '/edges.py'] });
    expect(transform!.envFrom).toBeUndefined();
    expect(envOf(transform)).toMatchObject({ MODE: 'fast', PFS_ROOT: '/pfs', STEMMA_JOB_ID: 'job-7f3a', STEMMA_DATUM_ID: datumId, STEMMA_INPUTS: 'images' });
    expect(envOf(stageIn)).toMatchObject({ PFS_ROOT: '/pfs', STEMMA_JOB_ID: 'job-7f3a', STEMMA_DATUM_ID: datumId, STEMMA_INPUTS: 'images' });
    expect(envOf(stageIn).MODE).toBeUndefined();
  });

  it('names and labels the Job within Kubernetes limits, keeping exact ids in annotations', () => {
    const job = buildDatumJobManifest(task({}, { pipeline: { name: 'Very_Long_Pipeline_Name_For_Edge_Detection_On_Images', project: 'default' } }), opts);
    const name = job.metadata!.name!;
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(name).toMatch(/^stemma-very-long-pipeline-name-.*-a3f1c9e0b2d8-[0-9a-f]{10}$/);
    for (const value of Object.values(job.metadata!.labels!)) expect(value).toMatch(/^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]?$/);
    expect(job.metadata!.labels!['stemma.io/datum']).toBe(datumId.slice(0, 63));
    expect(job.metadata!.annotations!['stemma.io/datum-id']).toBe(datumId);
    expect(job.spec!.template.metadata!.labels).toEqual(job.metadata!.labels);
  });

  it('gives each attempt its own Job name', () => {
    expect(datumJobName(task())).not.toBe(datumJobName(task({}, { workDir: '/var/stemma/work/attempt-2' })));
    expect(datumJobName(task(), 'X9')).toMatch(/-x9$/);
  });

  it('projects stdin into a file and wraps the command in /bin/sh', () => {
    const job = buildDatumJobManifest(task({ cmd: ['bash'], stdin: ['python3 /edges.py', 'echo done'] }), opts);
    const pod = job.spec!.template.spec!;
    const transform = pod.initContainers![1]!;
    expect(transform.command!.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(transform.command![2]).toContain(`'bash' < /var/run/stemma/stdin`);
    expect(transform.volumeMounts).toContainEqual({ name: 'stemma-stdin', mountPath: '/var/run/stemma', readOnly: true });
    expect(job.spec!.template.metadata!.annotations!['stemma.io/stdin']).toBe('python3 /edges.py\necho done\n');
    expect(pod.volumes).toContainEqual({
      name: 'stemma-stdin',
      downwardAPI: { items: [{ path: 'stdin', fieldRef: { fieldPath: "metadata.annotations['stemma.io/stdin']" } }] },
    });
  });

  it('sets requests and limits from the spec, a GPU alike in both', () => {
    expect(containerResources(undefined)).toBeUndefined();
    expect(
      containerResources({ requests: { cpu: 0.5, memory: '512Mi', disk: '10Gi' }, limits: { memory: '1Gi', gpu: { type: 'nvidia.com/gpu', number: 1 } } }),
    ).toEqual({
      requests: { cpu: '0.5', memory: '512Mi', 'ephemeral-storage': '10Gi', 'nvidia.com/gpu': '1' },
      limits: { memory: '1Gi', 'nvidia.com/gpu': '1' },
    });
    const job = buildDatumJobManifest(task({}, { resources: { requests: { cpu: 2 } } }), opts);
    expect(job.spec!.template.spec!.initContainers![1]!.resources).toEqual({ requests: { cpu: '2' }, limits: undefined });
  });

  it('refuses a transform without an image', () => {
    expect(() => buildDatumJobManifest(task({ image: undefined }), opts)).toThrow(InvalidArgumentError);
    expect(() => buildDatumJobManifest(task({ image: undefined }), opts)).toThrow(/transform.image: required/);
  });
});

describe('transformWrapper, run by /bin/sh', () => {
  const roots: string[] = [];
  afterEach(async () => {
    await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
  });

  /** Runs the wrapper with its pod paths moved under a temporary directory. */
  async function runWrapper(transform: DatumTransform): Promise<{ code: number; message: string; stdout: string }> {
    const root = join(tmpdir(), `stemma-wrapper-test-${randomUUID()}`);
    roots.push(root);
    await mkdir(join(root, 'stdin'), { recursive: true });
    if (transform.stdin) await writeFile(join(root, 'stdin', 'stdin'), `${transform.stdin.join('\n')}\n`);
    if (transform.errStdin) await writeFile(join(root, 'stdin', 'err-stdin'), `${transform.errStdin.join('\n')}\n`);
    const script = transformWrapper(transform).replaceAll('/var/run/stemma', join(root, 'stdin')).replaceAll('/dev/termination-log', join(root, 'message'));
    const result = await promisify(execFile)('/bin/sh', ['-c', script]).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );
    return { ...result, message: await readFile(join(root, 'message'), 'utf8') };
  }

  it('feeds stdin and keeps arguments with spaces and quotes intact', async () => {
    const out = await runWrapper({ cmd: ['sh', '-c', `printf '%s|' "$0" "$1"; cat`, "it's", 'a b'], stdin: ['line one', 'line two'] });
    expect(out).toEqual({ code: 0, stdout: "it's|a b|line one\nline two\n", message: '{"exitCode":0,"recovered":false}' });
  });

  it('accepts the codes in acceptReturnCode and reports the real code', async () => {
    expect(await runWrapper({ cmd: ['sh', '-c', 'exit 3'], acceptReturnCode: [3] })).toMatchObject({ code: 0, message: '{"exitCode":3,"recovered":false}' });
    expect(await runWrapper({ cmd: ['sh', '-c', 'exit 4'], acceptReturnCode: [3] })).toMatchObject({ code: 4, message: '{"exitCode":4,"recovered":false}' });
  });

  it('recovers with errCmd, fed errStdin, and fails when errCmd fails', async () => {
    const recovered = await runWrapper({ cmd: ['sh', '-c', 'exit 2'], errCmd: ['sh'], errStdin: ['echo cleaning up', 'exit 0'] });
    expect(recovered).toEqual({ code: 0, stdout: 'cleaning up\n', message: '{"exitCode":2,"recovered":true}' });
    const failed = await runWrapper({ cmd: ['sh', '-c', 'exit 2'], errCmd: ['false'] });
    expect(failed).toMatchObject({ code: 2, message: '{"exitCode":2,"recovered":false}' });
  });
});
