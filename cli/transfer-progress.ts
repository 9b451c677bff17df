/**
 * The progress bar of uploads and downloads: on stderr, only for a person watching
 * (stderr a TTY, no `--json`), and only once a transfer has taken more than a moment.
 */
import { Transform, type TransformCallback } from 'node:stream';
import cliProgress from 'cli-progress';
import { formatBytes, formatRate } from './human-format.js';

export interface TransferSnapshot {
  label: string;
  bytes: number;
  files: number;
  totalBytes?: number | undefined;
  /** Count files (a directory upload) as well as bytes. */
  countFiles: boolean;
  elapsedMs: number;
}

export interface TransferProgress {
  /** Adds bytes that went through. */
  addBytes(n: number): void;
  /** Counts one more file done. */
  addFile(): void;
  /** A pass-through stream that counts the bytes flowing through it. */
  counter(): Transform;
  /** Removes the bar; safe to call more than once. */
  stop(): void;
  readonly bytes: number;
  readonly files: number;
}

export interface TransferProgressOptions {
  label: string;
  enabled: boolean;
  totalBytes?: number | undefined;
  countFiles?: boolean;
  /** Milliseconds before the bar appears. Default 500. */
  delayMs?: number;
  stream?: NodeJS.WritableStream;
}

const BAR_WIDTH = 24;

/** The text of one progress line: bar and percentage when the size is known, then rates. */
export function progressLine(s: TransferSnapshot): string {
  const seconds = Math.max(s.elapsedMs / 1000, 0.001);
  const parts = [s.label];
  if (s.totalBytes !== undefined && s.totalBytes > 0) {
    const ratio = Math.min(s.bytes / s.totalBytes, 1);
    const filled = Math.round(ratio * BAR_WIDTH);
    parts.push(`${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${Math.floor(ratio * 100)}%`);
    parts.push(`${formatBytes(s.bytes)} / ${formatBytes(s.totalBytes)}`);
  } else {
    parts.push(formatBytes(s.bytes));
  }
  parts.push(formatRate(s.bytes / seconds, 'bytes'));
  if (s.countFiles) parts.push(`${s.files} files`, formatRate(s.files / seconds, 'files'));
  return parts.join('  ');
}

/** Whether to draw progress: a person is watching stderr and did not ask for JSON. */
export function progressWanted(json: boolean, stderr: { isTTY?: boolean } = process.stderr): boolean {
  return !json && stderr.isTTY === true;
}

/** Starts counting; the bar itself appears after `delayMs` if the transfer is still going. */
export function startTransferProgress(opts: TransferProgressOptions): TransferProgress {
  const started = Date.now();
  const state = { bytes: 0, files: 0 };
  let bar: cliProgress.SingleBar | undefined;
  const snapshot = (): TransferSnapshot => ({
    label: opts.label,
    ...state,
    totalBytes: opts.totalBytes,
    countFiles: opts.countFiles ?? false,
    elapsedMs: Date.now() - started,
  });
  const timer = opts.enabled
    ? setTimeout(() => {
        bar = new cliProgress.SingleBar({
          format: () => progressLine(snapshot()),
          stream: opts.stream ?? process.stderr,
          hideCursor: true,
          clearOnComplete: true,
          fps: 8,
        });
        bar.start(opts.totalBytes ?? 0, state.bytes);
      }, opts.delayMs ?? 500)
    : undefined;
  timer?.unref();
  const progress: TransferProgress = {
    addBytes(n) {
      state.bytes += n;
      bar?.update(state.bytes);
    },
    addFile() {
      state.files += 1;
    },
    counter() {
      return new Transform({
        transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
          progress.addBytes(chunk.length);
          done(null, chunk);
        },
      });
    },
    stop() {
      if (timer) clearTimeout(timer);
      bar?.stop();
      bar = undefined;
    },
    get bytes() {
      return state.bytes;
    },
    get files() {
      return state.files;
    },
  };
  return progress;
}
