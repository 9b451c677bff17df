/**
 * KubernetesRunner: runs each datum attempt as a `batch/v1` Job (see datum-job-manifest.ts
 * for the pod and its `/pfs` volume), polls the Job until it completes or fails, then reads
 * the transform container's outcome and logs. Kubernetes merges a container's stdout and
 * stderr, so every line is reported as `stdout`; lines arrive when the Job has ended.
 */
import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchV1Api, CoreV1Api, KubeConfig, type V1ContainerStateTerminated, type V1Job, type V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../core/logger.js';
import { buildDatumJobManifest, STAGE_IN_CONTAINER, STAGE_OUT_CONTAINER, TRANSFORM_CONTAINER, type DatumJobOptions } from './datum-job-manifest.js';
import { createLogCollector, type LogCollector } from './log-collector.js';
import { mapKubernetesError } from './kubernetes-errors.js';
import { perDatumSession, type DatumRunResult, type DatumTask, type RunOptions, type Runner } from './runner.js';

export interface KubernetesRunnerConfig extends Omit<DatumJobOptions, 'nameSuffix'> {
  logger: Logger;
  /** A kubeconfig file; by default the usual lookup (KUBECONFIG, ~/.kube/config, in-cluster). */
  kubeconfigPath?: string;
  /** Milliseconds between two reads of the Job's status (default 2,000). */
  pollIntervalMs?: number;
  maxLogLines?: number;
}

type JobEnd = 'complete' | 'failed' | 'deadline' | 'aborted';

export function createKubernetesRunner(config: KubernetesRunnerConfig): Runner {
  const kc = new KubeConfig();
  if (config.kubeconfigPath) kc.loadFromFile(config.kubeconfigPath);
  else kc.loadFromDefault();
  const batch = kc.makeApiClient(BatchV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const { namespace } = config;
  const log = config.logger.child({ component: 'kubernetes-runner', namespace });

  const call = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw mapKubernetesError(err, action);
    }
  };

  /** Polls the Job; a few failed reads in a row are tolerated before giving up. */
  const waitForJob = async (name: string, signal: AbortSignal | undefined, pollMs: number): Promise<JobEnd> => {
    let misses = 0;
    while (!signal?.aborted) {
      const job = await call(`read Job ${name}`, () => batch.readNamespacedJobStatus({ name, namespace })).then(
        (j) => ((misses = 0), j),
        (err) => {
          if (++misses >= 5) throw err;
          return undefined;
        },
      );
      const end = job && jobEnd(job);
      if (end) return end;
      await sleep(pollMs, undefined, { signal }).catch(() => undefined);
    }
    return 'aborted';
  };

  const readLogs = async (pod: string, container: string, logs: LogCollector, prefix: string): Promise<void> => {
    const text = await call(`read logs of ${pod}/${container}`, () => core.readNamespacedPodLog({ name: pod, namespace, container })).catch(() => '');
    for (const line of text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined)) logs.add(prefix ? 'stderr' : 'stdout', `${prefix}${line}`);
  };

  const run = async (task: DatumTask, opts: RunOptions = {}): Promise<DatumRunResult> => {
    const manifest = buildDatumJobManifest(task, { ...config, nameSuffix: Math.random().toString(36).slice(2, 10) });
    const name = manifest.metadata!.name!;
    const started = performance.now();
    const logs = createLogCollector({ maxLines: config.maxLogLines, onLog: opts.onLog });
    await call(`create Job ${name}`, () => batch.createNamespacedJob({ namespace, body: manifest }));
    log.debug({ job: name, jobId: task.jobId, datumId: task.datumId }, 'datum Job created');

    const end = await waitForJob(name, opts.signal, config.pollIntervalMs ?? 2_000);
    if (end === 'aborted') {
      await call(`delete Job ${name}`, () => batch.deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' })).catch((err) =>
        log.warn({ err, job: name }, 'could not delete an aborted datum Job'),
      );
    }
    const pod = end === 'aborted' ? undefined : await latestPod(name);
    const outcome = transformOutcome(pod);
    if (pod) await collectPodLogs(pod, outcome, logs);
    if (end === 'failed' && outcome.ran && outcome.exitCode === 0) logs.add('stderr', 'stemma: the transform succeeded but /pfs/out could not be staged out');
    const succeeded = end === 'complete' && outcome.exitCode !== null && !outcome.recovered;
    const { logs: lines, dropped } = logs.snapshot();
    return {
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      timedOut: end === 'deadline',
      aborted: end === 'aborted',
      durationMs: Math.round(performance.now() - started),
      logs: lines,
      droppedLogLines: dropped,
      succeeded,
      recovered: end === 'complete' && outcome.recovered,
    };
  };

  const latestPod = async (job: string): Promise<V1Pod | undefined> => {
    const pods = await call(`list Pods of Job ${job}`, () => core.listNamespacedPod({ namespace, labelSelector: `job-name=${job}` }));
    return pods.items.sort((a, b) => String(a.metadata?.creationTimestamp ?? '').localeCompare(String(b.metadata?.creationTimestamp ?? ''))).at(-1);
  };

  /** The transform's lines; a staging container that failed adds its own, prefixed. */
  const collectPodLogs = async (pod: V1Pod, outcome: TransformOutcome, logs: LogCollector): Promise<void> => {
    const podName = pod.metadata!.name!;
    const stageIn = terminatedState(pod, STAGE_IN_CONTAINER);
    if (stageIn && stageIn.exitCode !== 0) await readLogs(podName, STAGE_IN_CONTAINER, logs, '[stage-in] ');
    if (outcome.ran) await readLogs(podName, TRANSFORM_CONTAINER, logs, '');
    const stageOut = terminatedState(pod, STAGE_OUT_CONTAINER);
    if (stageOut && stageOut.exitCode !== 0) await readLogs(podName, STAGE_OUT_CONTAINER, logs, '[stage-out] ');
  };

  return { kind: 'kubernetes', run, openSession: async () => perDatumSession({ run }) };
}

/** How the Job ended, or undefined while it runs. */
export function jobEnd(job: V1Job): JobEnd | undefined {
  const conditions = job.status?.conditions ?? [];
  const holds = (type: string) => conditions.find((c) => c.type === type && c.status === 'True');
  if (holds('Complete')) return 'complete';
  const failed = holds('Failed');
  if (failed) return failed.reason === 'DeadlineExceeded' ? 'deadline' : 'failed';
  return undefined;
}

export interface TransformOutcome {
  ran: boolean;
  exitCode: number | null;
  signal: string | null;
  recovered: boolean;
}

/** The transform container's end: its exit code, or the one its wrapper reported. */
export function transformOutcome(pod: V1Pod | undefined): TransformOutcome {
  const state = pod && terminatedState(pod, TRANSFORM_CONTAINER);
  if (!state) return { ran: false, exitCode: null, signal: null, recovered: false };
  const reported = parseReport(state.message);
  const signal = state.signal ? (Object.entries(constants.signals).find(([, n]) => n === state.signal)?.[0] ?? String(state.signal)) : null;
  return { ran: true, exitCode: reported?.exitCode ?? state.exitCode, signal, recovered: reported?.recovered ?? false };
}

function terminatedState(pod: V1Pod, container: string): V1ContainerStateTerminated | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses.find((s) => s.name === container)?.state?.terminated;
}

function parseReport(message: string | undefined): { exitCode: number; recovered: boolean } | undefined {
  if (!message) return undefined;
  try {
    const parsed = JSON.parse(message) as { exitCode?: unknown; recovered?: unknown };
    return typeof parsed.exitCode === 'number' ? { exitCode: parsed.exitCode, recovered: parsed.recovered === true } : undefined;
  } catch {
    return undefined;
  }
}
