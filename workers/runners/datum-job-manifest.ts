/**
 * The `batch/v1` Job that runs one datum on Kubernetes. The pod shares an `emptyDir`
 * volume mounted at `/pfs` by all its containers, which run in order:
 *
 * 1. init container `stage-in` (the staging image) fills `/pfs/<input>` for every input
 *    named in `STEMMA_INPUTS`, for the datum named by `STEMMA_JOB_ID` / `STEMMA_DATUM_ID`;
 * 2. init container `transform` (the pipeline's image) runs the transform with `/pfs`
 *    exactly as in Pachyderm; when the spec has `stdin`, `acceptReturnCode` or `errCmd`, a
 *    `/bin/sh` wrapper applies them and reports `{"exitCode", "recovered"}` as the
 *    container's termination message (so the image then needs `/bin/sh`);
 * 3. container `stage-out` (the staging image) uploads `/pfs/out`; it runs only when the
 *    transform succeeded or was recovered, because a failed init container fails the pod.
 *
 * Stdin lines travel as a pod annotation, projected into the pod by a downward-API volume.
 * Stemma retries datums itself, so the Job has `backoffLimit: 0`; `timeoutMs` becomes
 * `activeDeadlineSeconds`.
 */
import { createHash } from 'node:crypto';
import type { V1Container, V1EnvVar, V1Job, V1ResourceRequirements, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { InvalidArgumentError } from '../../core/errors.js';
import type { ResourceSpec } from '../../pipelines/spec/spec-types.js';
import { datumEnv } from './datum-env.js';
import { checkDatumTask } from './check-datum-task.js';
import type { DatumTask, DatumTransform } from './runner.js';

export interface DatumJobOptions {
  namespace: string;
  /** An image with the tool that stages `/pfs` in and out (the Stemma image). */
  stagingImage: string;
  /** Run in the staging image before the transform; fills `/pfs/<input>`. */
  stageInCommand: string[];
  /** Run in the staging image after the transform; uploads `/pfs/out`. */
  stageOutCommand: string[];
  /** A Secret whose keys become env of the staging containers (object-store credentials). */
  stagingSecretName?: string;
  serviceAccountName?: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Seconds a finished Job is kept before Kubernetes deletes it (default 3,600). */
  ttlSecondsAfterFinished?: number;
  /** Makes the Job name unique per attempt; derived from the task when not given. */
  nameSuffix?: string;
}

export const TRANSFORM_CONTAINER = 'transform';
export const STAGE_IN_CONTAINER = 'stage-in';
export const STAGE_OUT_CONTAINER = 'stage-out';
const STDIN_DIR = '/var/run/stemma';
const ANNOTATION = 'stemma.io';

/** Builds the Job for one attempt at `task`; pure, so that what is submitted can be tested. */
export function buildDatumJobManifest(task: DatumTask, opts: DatumJobOptions): V1Job {
  checkDatumTask(task);
  if (!task.transform.image) throw new InvalidArgumentError('transform.image: required to run a pipeline on Kubernetes; name the image holding its code', { pipeline: task.pipeline.name });
  const name = datumJobName(task, opts.nameSuffix);
  const labels = datumJobLabels(task);
  const wrapped = needsWrapper(task.transform);
  const inputs = { name: 'STEMMA_INPUTS', value: task.inputs.map((i) => i.name).join(',') };
  const stagingEnv = [...envVars(datumEnv(task, '/pfs', {}, {})), inputs];
  const pfsMount: V1VolumeMount = { name: 'pfs', mountPath: '/pfs' };
  const staging = (containerName: string, command: string[]): V1Container => ({
    name: containerName,
    image: opts.stagingImage,
    imagePullPolicy: opts.imagePullPolicy,
    command,
    env: stagingEnv,
    envFrom: opts.stagingSecretName ? [{ secretRef: { name: opts.stagingSecretName } }] : undefined,
    volumeMounts: [pfsMount],
  });
  const transform: V1Container = {
    name: TRANSFORM_CONTAINER,
    image: task.transform.image,
    imagePullPolicy: opts.imagePullPolicy,
    command: wrapped ? ['/bin/sh', '-c', transformWrapper(task.transform)] : task.transform.cmd,
    env: [...envVars(datumEnv(task, '/pfs', {})), inputs],
    workingDir: task.transform.workingDir,
    resources: containerResources(task.resources),
    volumeMounts: wrapped ? [pfsMount, { name: 'stemma-stdin', mountPath: STDIN_DIR, readOnly: true }] : [pfsMount],
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: opts.namespace, labels, annotations: idAnnotations(task) },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: task.timeoutMs === undefined ? undefined : Math.ceil(task.timeoutMs / 1000),
      ttlSecondsAfterFinished: opts.ttlSecondsAfterFinished ?? 3_600,
      template: {
        metadata: { labels, annotations: { ...idAnnotations(task), ...stdinAnnotations(task.transform) } },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: opts.serviceAccountName,
          initContainers: [staging(STAGE_IN_CONTAINER, opts.stageInCommand), transform],
          containers: [staging(STAGE_OUT_CONTAINER, opts.stageOutCommand)],
          volumes: [{ name: 'pfs', emptyDir: {} }, ...(wrapped ? [stdinVolume(task.transform)] : [])],
        },
      },
    },
  };
}

/** `stemma-<pipeline>-<datum>-<attempt>`, a DNS-1123 label of at most 63 characters. */
export function datumJobName(task: DatumTask, suffix?: string): string {
  const attempt = dnsPart(suffix ?? shortHash(`${task.jobId}\n${task.datumId}\n${task.workDir}`), 10);
  const datum = dnsPart(task.datumId, 12);
  const pipeline = dnsPart(task.pipeline.name, 63 - 'stemma---'.length - datum.length - attempt.length);
  return ['stemma', pipeline, datum, attempt].filter(Boolean).join('-');
}

function datumJobLabels(task: DatumTask): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'stemma',
    'app.kubernetes.io/component': 'datum',
    [`${ANNOTATION}/project`]: labelValue(task.pipeline.project),
    [`${ANNOTATION}/pipeline`]: labelValue(task.pipeline.name),
    [`${ANNOTATION}/job`]: labelValue(task.jobId),
    [`${ANNOTATION}/datum`]: labelValue(task.datumId),
  };
}

/** Labels are cut to 63 characters; the annotations keep the exact ids. */
function idAnnotations(task: DatumTask): Record<string, string> {
  return {
    [`${ANNOTATION}/project`]: task.pipeline.project,
    [`${ANNOTATION}/pipeline`]: task.pipeline.name,
    [`${ANNOTATION}/job-id`]: task.jobId,
    [`${ANNOTATION}/datum-id`]: task.datumId,
  };
}

function needsWrapper(transform: DatumTransform): boolean {
  return (transform.stdin?.length ?? 0) > 0 || (transform.acceptReturnCode?.length ?? 0) > 0 || (transform.errCmd?.length ?? 0) > 0;
}

/**
 * The `/bin/sh` script that runs the command with its stdin, accepts `acceptReturnCode`,
 * runs `errCmd` on failure and writes the outcome to the termination message.
 */
export function transformWrapper(transform: DatumTransform): string {
  const accepted = [0, ...(transform.acceptReturnCode ?? [])].join(' ');
  const report = (recovered: boolean) => `printf '{"exitCode":%d,"recovered":${recovered}}' "$code" > /dev/termination-log`;
  const lines = [`${shellWords(transform.cmd)} < ${stdinFile(transform.stdin, 'stdin')}`, 'code=$?'];
  lines.push(`case " ${accepted} " in *" $code "*) ${report(false)}; exit 0;; esac`);
  if ((transform.errCmd?.length ?? 0) > 0) {
    lines.push(`if ${shellWords(transform.errCmd!)} < ${stdinFile(transform.errStdin, 'err-stdin')}; then ${report(true)}; exit 0; fi`);
  }
  lines.push(report(false), 'exit "$code"');
  return lines.join('\n');
}

function stdinFile(lines: string[] | undefined, name: string): string {
  return lines && lines.length > 0 ? `${STDIN_DIR}/${name}` : '/dev/null';
}

function stdinAnnotations(transform: DatumTransform): Record<string, string> {
  const out: Record<string, string> = {};
  if (transform.stdin?.length) out[`${ANNOTATION}/stdin`] = `${transform.stdin.join('\n')}\n`;
  if (transform.errStdin?.length) out[`${ANNOTATION}/err-stdin`] = `${transform.errStdin.join('\n')}\n`;
  return out;
}

/** Projects the stdin annotations as files; with none, the volume is empty. */
function stdinVolume(transform: DatumTransform): V1Volume {
  const items = Object.keys(stdinAnnotations(transform)).map((key) => ({
    path: key.slice(ANNOTATION.length + 1),
    fieldRef: { fieldPath: `metadata.annotations['${key}']` },
  }));
  return { name: 'stemma-stdin', downwardAPI: { items } };
}

/** Pachyderm's resource spec as Kubernetes quantities; a GPU is requested and limited alike. */
export function containerResources(resources: DatumTask['resources']): V1ResourceRequirements | undefined {
  if (!resources?.requests && !resources?.limits) return undefined;
  const gpu = resources.limits?.gpu ?? resources.requests?.gpu;
  const quantities = (spec: ResourceSpec | undefined): Record<string, string> | undefined => {
    if (!spec && !gpu) return undefined;
    const q: Record<string, string> = {};
    if (spec?.cpu !== undefined) q.cpu = String(spec.cpu);
    if (spec?.memory !== undefined) q.memory = spec.memory;
    if (spec?.disk !== undefined) q['ephemeral-storage'] = spec.disk;
    if (gpu) q[gpu.type] = String(gpu.number);
    return q;
  };
  return { requests: quantities(resources.requests), limits: quantities(resources.limits) };
}

function envVars(env: Record<string, string>): V1EnvVar[] {
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

/** Single-quotes each word for `/bin/sh`. */
function shellWords(words: string[]): string {
  return words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
}

function dnsPart(text: string, max: number): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, Math.max(0, max)).replace(/^-+|-+$/g, '');
}

function labelValue(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}
