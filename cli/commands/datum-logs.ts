/**
 * `stemma logs`: the lines datums printed, gathered from the API for one datum, every datum
 * of a job that ran (skipped datums ran in an earlier job), or a pipeline's last job.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { ApiClient } from '../api-client.js';
import { collectPages, type Connection } from '../connection.js';
import { shortId } from '../job-progress.js';

export interface LogLineView {
  jobId: string;
  datumKey: string;
  attempt: number;
  stream: 'stdout' | 'stderr';
  line: string;
  at: string;
}

interface AttemptNode {
  attempt: number;
  lines: { stream: string; line: string; at: string }[];
}

const ATTEMPT_FIELDS = 'attempt lines { stream line at }';
const DATUM_LOGS = `query DatumLogs($jobId: String!, $datumKey: String!) { datumLogs(jobId: $jobId, datumKey: $datumKey) { ${ATTEMPT_FIELDS} } }`;
const JOB_LOGS = `query JobLogs($jobId: String!, $first: Int, $after: String) {
  datums(jobId: $jobId, state: [SUCCESS, FAILED, RECOVERED], first: $first, after: $after) {
    edges { node { datumKey logs { ${ATTEMPT_FIELDS} } } } pageInfo { hasNextPage endCursor }
  }
}`;
const LAST_JOB = 'query LastJob($project: String, $name: String!) { pipeline(project: $project, name: $name) { lastJob { jobId } } }';

export interface LogsTarget {
  pipeline?: { project: string; repo: string } | undefined;
  jobId?: string | undefined;
  datum?: { jobId: string; datumKey: string } | undefined;
}

/** `<job id>:<datum key>`, as `--datum` takes it. */
export function parseDatumTarget(text: string): { jobId: string; datumKey: string } {
  const colon = text.indexOf(':');
  const jobId = text.slice(0, colon);
  const datumKey = text.slice(colon + 1);
  if (colon === -1 || jobId === '' || datumKey === '') {
    throw new InvalidArgumentError(`--datum ${JSON.stringify(text)}: write <job id>:<datum key>, as \`stemma list datum <job id>\` shows them`);
  }
  return { jobId, datumKey };
}

const flatten = (jobId: string, datumKey: string, attempts: AttemptNode[]): LogLineView[] =>
  attempts.flatMap((a) => a.lines.map((l) => ({ jobId, datumKey, attempt: a.attempt, stream: l.stream.toLowerCase() as LogLineView['stream'], line: l.line, at: l.at })));

export async function collectLogs(api: ApiClient, target: LogsTarget): Promise<LogLineView[]> {
  if (target.datum) {
    const { datumLogs } = await api.graphql<{ datumLogs: AttemptNode[] }>(DATUM_LOGS, target.datum);
    return flatten(target.datum.jobId, target.datum.datumKey, datumLogs);
  }
  let jobId = target.jobId;
  if (target.pipeline) {
    const { pipeline } = await api.graphql<{ pipeline: { lastJob: { jobId: string } | null } }>(LAST_JOB, { project: target.pipeline.project, name: target.pipeline.repo });
    jobId = pipeline.lastJob?.jobId;
  }
  if (jobId === undefined) return [];
  const id = jobId;
  const datums = await collectPages(
    async (after, first) => (await api.graphql<{ datums: Connection<{ datumKey: string; logs: AttemptNode[] }> }>(JOB_LOGS, { jobId: id, first, after })).datums,
    Infinity,
    100,
  );
  return datums.flatMap((d) => flatten(id, d.datumKey, d.logs));
}

/** The lines as printed; lines of several datums start with the datum's short key. */
export function formatLogs(lines: LogLineView[], prefixDatum: boolean): string {
  return lines.map((l) => `${prefixDatum ? `${shortId(l.datumKey)} ` : ''}${l.line}\n`).join('');
}

export function printLogs(lines: LogLineView[], prefixDatum: boolean): void {
  process.stdout.write(formatLogs(lines, prefixDatum));
}
