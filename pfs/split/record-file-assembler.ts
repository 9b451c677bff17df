import type { RecordFile } from './split-options.js';
import { splitFileName } from './split-file-name.js';

/** One record read from the input, its body ending in `\n`. */
export interface SplitRecord {
  body: Buffer;
  subject?: string;
}

export interface AssemblyLimits {
  targetFileDatums: number;
  targetFileBytes: number;
  firstFileIndex: number;
}

/**
 * Packs consecutive records into record files. A file is closed as soon as it holds
 * `targetFileDatums` records or its content reaches `targetFileBytes` (so a file is at
 * least that size, except the last one, and a record is never cut). The header, when
 * set, opens every file and counts towards its size.
 */
export class RecordFileAssembler {
  private header: Buffer | undefined;
  private pieces: Buffer[] = [];
  private bytes = 0;
  private subjects = new Set<string>();
  private recordsRead = 0;
  private firstRecord = 0;
  private nextFileIndex: number;

  constructor(private readonly limits: AssemblyLimits) {
    this.nextFileIndex = limits.firstFileIndex;
  }

  /** Sets the header written at the top of every file that is not yet started. */
  setHeader(header: Buffer): void {
    this.header = header;
  }

  /** Adds a record; returns the file it completes, if it completes one. */
  add(record: SplitRecord): RecordFile | undefined {
    if (this.pieces.length === 0) this.open();
    this.pieces.push(record.body);
    this.bytes += record.body.length;
    this.recordsRead += 1;
    if (record.subject !== undefined) this.subjects.add(record.subject);
    const full = this.pieces.length >= this.limits.targetFileDatums || this.bytes >= this.limits.targetFileBytes;
    return full ? this.close() : undefined;
  }

  /** Returns the last, partly filled file, if any records are waiting. */
  finish(): RecordFile | undefined {
    return this.pieces.length > 0 ? this.close() : undefined;
  }

  private open(): void {
    this.firstRecord = this.recordsRead;
    this.bytes = this.header?.length ?? 0;
  }

  private close(): RecordFile {
    const parts = this.header ? [this.header, ...this.pieces] : this.pieces;
    const file: RecordFile = {
      name: splitFileName(this.nextFileIndex),
      content: Buffer.concat(parts, this.bytes),
      subjects: [...this.subjects],
      firstRecord: this.firstRecord,
      recordCount: this.pieces.length,
    };
    this.nextFileIndex += 1;
    this.pieces = [];
    this.subjects = new Set();
    return file;
  }
}
