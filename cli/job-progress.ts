/**
 * What `wait job` shows while a job runs: a progress bar on a terminal (datums done of the
 * total, failures, state), or one plain line on stderr each time the state or the counts
 * change when stderr is not a terminal (a CI log reads as a list of steps).
 */
import cliProgress from 'cli-progress';
import { datumsDone, describeProgress, type JobView } from './pipeline-views.js';

export type JobProgressMode = 'bar' | 'lines' | 'none';

export interface JobProgressDisplay {
  /** Shows the job as it is now. */
  update(job: JobView): void;
  /** Removes the bar; safe to call more than once. */
  stop(): void;
}

const BAR_WIDTH = 24;

/** The first 12 characters of an id, enough to tell jobs apart in a line. */
export const shortId = (id: string): string => id.slice(0, 12);

/** `job 1a2b3c4d5e6f upper  ████░░░░ 2/4 datums, 1 failed  running`: one redraw of the bar. */
export function jobProgressLine(job: JobView): string {
  const { total } = job.progress;
  const ratio = total > 0 ? Math.min(datumsDone(job.progress) / total, 1) : 0;
  const filled = Math.round(ratio * BAR_WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  return `job ${shortId(job.id)} ${job.pipeline}  ${bar} ${describeProgress(job.progress)}  ${job.state}`;
}

/** `job 1a2b3c4d5e6f (default/upper): running, 2/4 datums, 1 failed`: one plain progress line. */
export function jobStatusLine(job: JobView): string {
  return `job ${shortId(job.id)} (${job.pipeline}): ${job.state}, ${describeProgress(job.progress)}`;
}

/** The mode for a person at a terminal, a log, or nobody (`--json` keeps stderr for errors). */
export function progressModeFor(json: boolean, stderr: { isTTY?: boolean } = process.stderr): JobProgressMode {
  if (stderr.isTTY === true) return json ? 'none' : 'bar';
  return 'lines';
}

export function createJobProgressDisplay(mode: JobProgressMode, stream: NodeJS.WritableStream = process.stderr): JobProgressDisplay {
  if (mode === 'none') return { update: () => undefined, stop: () => undefined };
  if (mode === 'lines') {
    let last = '';
    return {
      update(job) {
        const line = jobStatusLine(job);
        if (line !== last) stream.write(`${line}\n`);
        last = line;
      },
      stop: () => undefined,
    };
  }
  let current: JobView | undefined;
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(job) {
      current = job;
      if (!bar) {
        bar = new cliProgress.SingleBar({ format: () => (current ? jobProgressLine(current) : ''), stream, hideCursor: true, clearOnComplete: true, fps: 8 });
        bar.start(job.progress.total, datumsDone(job.progress));
      }
      bar.setTotal(job.progress.total);
      bar.update(datumsDone(job.progress));
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
