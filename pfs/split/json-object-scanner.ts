import { InvalidArgumentError } from '../../core/errors.js';

/** A top-level JSON object cut out of the input, whitespace outside strings removed. */
export interface ScannedObject {
  text: Buffer;
  /** Line (from 1) on which the object starts. */
  line: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const OPENERS = new Set([0x7b, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Finds the boundaries of top-level JSON objects in a byte stream, chunk by chunk: JSON
 * lines, and also objects written one after another over several lines. It tracks only
 * nesting and strings; each object is then fully checked by `JSON.parse`. Whitespace
 * outside strings is dropped, so every object comes out on one line, its numbers and
 * strings byte for byte as written.
 */
export class JsonObjectScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pieces: Buffer[] = [];
  private size = 0;
  private line = 1;
  private startLine = 1;

  constructor(private readonly maxRecordBytes: number) {}

  /** Scans a chunk and returns the objects it completes. */
  push(chunk: Buffer): ScannedObject[] {
    const done: ScannedObject[] = [];
    let segment = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i] as number;
      if (byte === LF) this.line += 1;
      if (this.depth === 0) {
        if (!WHITESPACE.has(byte)) this.open(byte);
        segment = i;
      } else if (this.inString) {
        this.scanString(byte);
      } else if (byte === QUOTE) {
        this.inString = true;
      } else if (OPENERS.has(byte)) {
        this.depth += 1;
      } else if (WHITESPACE.has(byte)) {
        this.keep(chunk.subarray(segment, i));
        segment = i + 1;
      } else if (CLOSERS.has(byte) && --this.depth === 0) {
        this.keep(chunk.subarray(segment, i + 1));
        done.push(this.take());
        segment = i + 1;
      }
    }
    if (this.depth > 0) this.keep(chunk.subarray(segment));
    return done;
  }

  /** Checks that the input did not stop inside an object. */
  end(): void {
    if (this.depth > 0) {
      throw new InvalidArgumentError(
        `the JSON object starting at line ${this.startLine} is not closed at the end of the input; the file is cut short or a "}" is missing`,
        { line: this.startLine },
      );
    }
  }

  private open(byte: number): void {
    if (byte === 0x5b) {
      throw new InvalidArgumentError(
        `line ${this.line}: the JSON input is an array; --split json expects JSON lines or concatenated objects (convert with: jq -c '.[]')`,
        { line: this.line },
      );
    }
    if (byte !== 0x7b) {
      throw new InvalidArgumentError(
        `line ${this.line}: expected a JSON object ("{"), found ${JSON.stringify(String.fromCharCode(byte))}; --split json expects one object per record`,
        { line: this.line },
      );
    }
    this.depth = 1;
    this.startLine = this.line;
  }

  private scanString(byte: number): void {
    if (this.escaped) this.escaped = false;
    else if (byte === BACKSLASH) this.escaped = true;
    else if (byte === QUOTE) this.inString = false;
  }

  private keep(piece: Buffer): void {
    if (piece.length === 0) return;
    this.pieces.push(piece);
    this.size += piece.length;
    if (this.size > this.maxRecordBytes) {
      throw new InvalidArgumentError(
        `the JSON object starting at line ${this.startLine} is larger than ${this.maxRecordBytes} bytes (maxRecordBytes); a "}" may be missing`,
        { line: this.startLine, maxRecordBytes: this.maxRecordBytes },
      );
    }
  }

  private take(): ScannedObject {
    const text = Buffer.concat(this.pieces, this.size);
    this.pieces = [];
    this.size = 0;
    return { text, line: this.startLine };
  }
}
