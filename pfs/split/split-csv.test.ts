import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { splitRecords } from './split-records.js';
import type { RecordFile, SplitOptions } from './split-options.js';

async function split(input: string | Buffer, options: Partial<SplitOptions> = {}, chunkSize?: number): Promise<RecordFile[]> {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8');
  const source = chunkSize ? Readable.from(chunks(bytes, chunkSize)) : bytes;
  const files: RecordFile[] = [];
  for await (const file of splitRecords(source, { format: 'csv', ...options })) files.push(file);
  return files;
}

function* chunks(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const texts = (files: RecordFile[]) => files.map((f) => f.content.toString('utf8'));

async function refusal(input: string, options: Partial<SplitOptions>): Promise<InvalidArgumentError> {
  try {
    await split(input, options);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error('expected the split to be refused');
}

describe('splitRecords, csv', () => {
  it('writes one file per row under the header, named as Pachyderm does', async () => {
    const files = await split('id,email\n1,a@x.org\n2,b@x.org\n3,c@x.org\n');
    expect(files.map((f) => f.name)).toEqual(['0000000000000000', '0000000000000001', '0000000000000002']);
    expect(texts(files)).toEqual(['id,email\n1,a@x.org\n', 'id,email\n2,b@x.org\n', 'id,email\n3,c@x.org\n']);
    expect(files.map((f) => [f.firstRecord, f.recordCount])).toEqual([[0, 1], [1, 1], [2, 1]]);
    expect(files.every((f) => f.subjects.length === 0)).toBe(true);
  });

  it('keeps quoted fields holding commas, quotes and line breaks whole', async () => {
    const input = 'id,note\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,"crlf\r\ninside"\n';
    expect(texts(await split(input))).toEqual([
      'id,note\n1,"a, b"\n',
      'id,note\n2,"say ""hi"""\n',
      'id,note\n3,"two\nlines"\n',
      'id,note\n4,"crlf\r\ninside"\n',
    ]);
  });

  it('writes rows in canonical form: needless quotes dropped, line ends as \\n', async () => {
    const files = await split('"id","name"\r\n"1","Ann"\r\n2,Bob\r\n');
    expect(texts(files)).toEqual(['id,name\n1,Ann\n', 'id,name\n2,Bob\n']);
  });

  it('reads CRLF, a byte-order mark, empty lines and a missing final line end', async () => {
    const input = '\ufeffid,v\r\n\r\n1,a\r\n\r\n\r\n2,b';
    const files = await split(input);
    expect(texts(files)).toEqual(['id,v\n1,a\n', 'id,v\n2,b\n']);
    expect(files[1]?.firstRecord).toBe(1);
  });

  it('gives the same files whatever the chunk boundaries', async () => {
    const input = '\ufeffid,note,user\r\n1,"a,\r\nb",u1\r\n2,"x""y",u2\r\n3,é,u3\r\n';
    const whole = await split(input, { subjectField: 'user' });
    for (const size of [1, 2, 3, 7]) {
      expect(await split(input, { subjectField: 'user' }, size)).toEqual(whole);
    }
  });

  it('tags each file with the subjects of its rows, by header name', async () => {
    const input = 'id,user_id,amount\n1,u7,10\n2,u8,20\n3,u7,30\n4, u9 ,40\n';
    const files = await split(input, { subjectField: 'user_id', targetFileDatums: 3 });
    expect(files.map((f) => f.subjects)).toEqual([['u7', 'u8'], ['u9']]);
    expect(texts(files)[1]).toBe('id,user_id,amount\n4, u9 ,40\n');
  });

  it('refuses a subject field that is not a column, naming the columns', async () => {
    const err = await refusal('id,email\n1,a\n', { subjectField: 'user_id' });
    expect(err.message).toBe('subject field "user_id" is not a column of the header; the columns are "id", "email"');
    expect(err.details).toMatchObject({ subjectField: 'user_id', columns: ['id', 'email'] });
  });

  it('refuses a subject field that names two columns', async () => {
    const err = await refusal('id,user,user\n1,a,b\n', { subjectField: 'user' });
    expect(err.message).toContain('names more than one column');
  });

  it('refuses a row with an empty subject by default, naming the record and line', async () => {
    const err = await refusal('id,user\n1,u1\n2,\n3,u3\n', { subjectField: 'user' });
    expect(err.message).toContain('record 2 (line 3): subject field "user" is empty');
    expect(err.message).toContain("missingSubject 'untagged'");
    expect(err.details).toMatchObject({ record: 2, line: 3, subjectField: 'user' });
  });

  it('refuses a blank subject too', async () => {
    const err = await refusal('id,user\n1,   \n', { subjectField: 'user' });
    expect(err.message).toContain('record 1 (line 2)');
  });

  it('keeps rows without a subject untagged when asked', async () => {
    const files = await split('id,user\n1,u1\n2,\n', { subjectField: 'user', missingSubject: 'untagged' });
    expect(files.map((f) => f.subjects)).toEqual([['u1'], []]);
  });

  it('splits without a header when told, and then has no header to repeat', async () => {
    const files = await split('1,a\n2,b\n', { header: false });
    expect(texts(files)).toEqual(['1,a\n', '2,b\n']);
  });

  it('writes a row of one empty field so that it does not read back as an empty line', async () => {
    expect(texts(await split('name\n""\nx\n'))).toEqual(['name\n""\n', 'name\nx\n']);
  });

  it('yields nothing for a header alone or an empty input', async () => {
    expect(await split('id,name\n')).toEqual([]);
    expect(await split('')).toEqual([]);
  });

  it('refuses a row with a different number of fields, naming the line', async () => {
    const err = await refusal('id,name\n1,a\n2,b,c\n', {});
    expect(err.message).toContain('invalid CSV');
    expect(err.message).toContain('line 3');
    expect(err.details).toMatchObject({ csvCode: 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', line: 3 });
  });

  it('refuses an unclosed quote instead of swallowing the rest of the file', async () => {
    const err = await refusal('id,name\n1,"abc\n2,d\n', {});
    expect(err.details).toMatchObject({ csvCode: 'CSV_QUOTE_NOT_CLOSED' });
  });

  it('refuses a record over maxRecordBytes', async () => {
    const err = await refusal(`id,blob\n1,"${'x'.repeat(500)}"\n`, { maxRecordBytes: 100 });
    expect(err.details).toMatchObject({ csvCode: 'CSV_MAX_RECORD_SIZE' });
  });

  it('continues the numbering from firstFileIndex when appending', async () => {
    const files = await split('id\n1\n2\n', { firstFileIndex: 0x31 });
    expect(files.map((f) => f.name)).toEqual(['0000000000000031', '0000000000000032']);
    expect(files.map((f) => f.firstRecord)).toEqual([0, 1]);
  });

  it('passes on an error of the input stream', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('id\n1\n');
      throw new Error('disk gone');
    }
    const run = async () => {
      for await (const file of splitRecords(failing(), { format: 'csv' })) void file;
    };
    await expect(run()).rejects.toThrow('disk gone');
  });
});
