import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { splitRecords } from './split-records.js';
import type { RecordFile, SplitOptions } from './split-options.js';

async function split(input: string, options: Partial<SplitOptions> = {}, chunkSize?: number): Promise<RecordFile[]> {
  const bytes = Buffer.from(input, 'utf8');
  const source = chunkSize ? Readable.from(slices(bytes, chunkSize)) : bytes;
  const files: RecordFile[] = [];
  for await (const file of splitRecords(source, { format: 'json', ...options })) files.push(file);
  return files;
}

function* slices(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const texts = (files: RecordFile[]) => files.map((f) => f.content.toString('utf8'));

async function refusal(input: string, options: Partial<SplitOptions> = {}): Promise<InvalidArgumentError> {
  try {
    await split(input, options);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error('expected the split to be refused');
}

describe('splitRecords, json', () => {
  it('writes one file per JSON line', async () => {
    const files = await split('{"id":1}\n{"id":2}\n{"id":3}\n');
    expect(texts(files)).toEqual(['{"id":1}\n', '{"id":2}\n', '{"id":3}\n']);
    expect(files.map((f) => f.name)).toEqual(['0000000000000000', '0000000000000001', '0000000000000002']);
  });

  it('accepts objects written one after another over several lines', async () => {
    const input = '{\n  "id": 1,\n  "tags": [ "a", "b" ]\n}\n{ "id": 2 }{"id":3}';
    expect(texts(await split(input))).toEqual(['{"id":1,"tags":["a","b"]}\n', '{"id":2}\n', '{"id":3}\n']);
  });

  it('removes whitespace outside strings only, keeping strings and numbers byte for byte', async () => {
    const input = '{ "s": "a  b\\n\\"}{\\" ", "n": 12345678901234567890, "f": 1.50, "u": "\\u00e9é" }\n';
    expect(texts(await split(input))).toEqual([
      '{"s":"a  b\\n\\"}{\\" ","n":12345678901234567890,"f":1.50,"u":"\\u00e9é"}\n',
    ]);
  });

  it('reads CRLF, a byte-order mark and blank lines', async () => {
    expect(texts(await split('\ufeff{"a":1}\r\n\r\n  \r\n{"a":2}\r\n'))).toEqual(['{"a":1}\n', '{"a":2}\n']);
  });

  it('gives the same files whatever the chunk boundaries', async () => {
    const input = '\ufeff{"applicant":{"id":"p1"},"note":"x } y"}\n{\n "applicant": {"id": 22}\n}\n';
    const whole = await split(input, { subjectField: 'applicant.id' });
    expect(whole.map((f) => f.subjects)).toEqual([['p1'], ['22']]);
    for (const size of [1, 2, 5]) expect(await split(input, { subjectField: 'applicant.id' }, size)).toEqual(whole);
  });

  it('reads the subject at a nested dot path', async () => {
    const input = '{"applicant":{"id":"a1","name":"Ann"}}\n{"applicant":{"id":"a2"}}\n{"applicant":{"id":"a1"}}\n';
    const files = await split(input, { subjectField: 'applicant.id', targetFileDatums: 2 });
    expect(files.map((f) => f.subjects)).toEqual([['a1', 'a2'], ['a1']]);
  });

  it('writes integer subject ids in decimal', async () => {
    const files = await split('{"user":{"id":42}}\n', { subjectField: 'user.id' });
    expect(files[0]?.subjects).toEqual(['42']);
  });

  it.each([
    ['{"user":{"name":"x"}}', 'record 1 (line 1): subject field "user.id" is missing'],
    ['{"user":"flat"}', 'record 1 (line 1): subject field "user.id" is missing'],
    ['{"user":{"id":""}}', 'record 1 (line 1): subject field "user.id" is empty'],
    ['{"user":{"id":null}}', 'record 1 (line 1): subject field "user.id" is missing'],
  ])('refuses %j without a subject', async (input, message) => {
    expect((await refusal(input, { subjectField: 'user.id' })).message).toContain(message);
  });

  it.each([
    ['{"user":{"id":true}}', 'is a boolean'],
    ['{"user":{"id":{"x":1}}}', 'is a object'],
    ['{"user":{"id":[1]}}', 'is an array'],
    ['{"user":{"id":1.5}}', 'write the id as a JSON string'],
    ['{"user":{"id":12345678901234567890}}', 'write the id as a JSON string'],
  ])('refuses the subject value in %j', async (input, problem) => {
    expect((await refusal(input, { subjectField: 'user.id' })).message).toContain(problem);
  });

  it('names the record and line of a missing subject further down', async () => {
    const err = await refusal('{"u":"a"}\n\n{"u":"b"}\n{"v":1}\n', { subjectField: 'u' });
    expect(err.message).toContain('record 3 (line 4)');
    expect(err.details).toMatchObject({ record: 3, line: 4 });
  });

  it('keeps objects without a subject untagged when asked', async () => {
    const files = await split('{"u":"a"}\n{"v":1}\n', { subjectField: 'u', missingSubject: 'untagged' });
    expect(files.map((f) => f.subjects)).toEqual([['a'], []]);
  });

  it('refuses invalid JSON, naming the record and line', async () => {
    const err = await refusal('{"a":1}\n{"a":}\n');
    expect(err.message).toContain('record 2 (line 2): invalid JSON');
  });

  it('refuses a top-level array, pointing at jq', async () => {
    expect((await refusal('[{"a":1},{"a":2}]')).message).toContain("jq -c '.[]'");
  });

  it('refuses values that are not objects', async () => {
    expect((await refusal('{"a":1}\n42\n')).message).toContain('line 2: expected a JSON object');
    expect((await refusal('{"a":1},{"a":2}')).message).toContain('found ","');
  });

  it('refuses an object left open at the end of the input', async () => {
    const err = await refusal('{"a":1}\n{"a": {"b": 2}\n');
    expect(err.message).toContain('starting at line 2 is not closed');
  });

  it('refuses an object over maxRecordBytes', async () => {
    const err = await refusal(`{"a":"${'x'.repeat(1000)}"}`, { maxRecordBytes: 100 });
    expect(err.message).toContain('larger than 100 bytes');
  });

  it('packs objects by targetFileDatums', async () => {
    const input = Array.from({ length: 7 }, (_, i) => JSON.stringify({ i })).join('\n');
    const files = await split(input, { targetFileDatums: 3 });
    expect(files.map((f) => f.recordCount)).toEqual([3, 3, 1]);
    expect(texts(files)[2]).toBe('{"i":6}\n');
  });
});
