import { afterEach, describe, expect, it } from 'vitest';
import type { BlobTransform } from '../blobs/blob-transform.js';
import type { SubjectTransforms } from '../blobs/subject-transforms.js';
import { createPfsStorage } from '../create-pfs-storage.js';
import { createTempDirObjectStore } from '../object-store/temp-dir-object-store.js';
import { readAllBytes } from '../object-store/object-body.js';
import { FailedPreconditionError, InvalidArgumentError } from '../../core/errors.js';
import { createCommitWriter, RECORD_CONCURRENCY } from './commit-writer.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => Promise.all(cleanups.splice(0).map((c) => c())));

/** Stand-in subject encryption: XOR with a per-subject byte, behind a marker. */
function xorSubjects(): SubjectTransforms & { asked: string[][] } {
  const transform = (subject: string): BlobTransform => {
    const key = subject.charCodeAt(subject.length - 1);
    const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ key));
    return { id: `xor:${subject}`, encode: async (p) => Buffer.concat([Buffer.from('X'), xor(p)]), decode: async (s) => xor(s.subarray(1)) };
  };
  const asked: string[][] = [];
  return {
    asked,
    async transformForSubjects(subjects) {
      asked.push([...subjects]);
      if (new Set(subjects).size > 1) throw new InvalidArgumentError(`mixes ${subjects.length} subjects`);
      return subjects[0] === undefined ? undefined : transform(subjects[0]);
    },
    resolveTransform: (id) => transform(id.slice('xor:'.length)),
  };
}

async function writerWithSubjects() {
  const temp = await createTempDirObjectStore('writer-subjects');
  cleanups.push(temp.cleanup);
  const subjectTransforms = xorSubjects();
  const storage = createPfsStorage(temp.store, undefined, { subjectTransforms });
  return { storage, subjectTransforms, writer: createCommitWriter(storage, null) };
}

describe('commit writer with subject encryption', () => {
  it('stores each record file through its subject transform and reads it back', async () => {
    const { storage, writer, subjectTransforms } = await writerWithSubjects();
    await writer.putRecords('/people.csv', Buffer.from('id,v\nu1,10\nu2,20\n'), { format: 'csv', subjectField: 'id' });
    await writer.putFile('/plain.txt', Buffer.from('no subject'));
    await writer.flush();
    const puts = writer.changes.toChanges().puts.sort((a, b) => a.path.localeCompare(b.path));
    expect(puts.map((e) => [e.path, e.ref.transform])).toEqual([
      ['/people.csv/0000000000000000', 'xor:u1'],
      ['/people.csv/0000000000000001', 'xor:u2'],
      ['/plain.txt', undefined],
    ]);
    expect(subjectTransforms.asked).toEqual([['u1'], ['u2']]);
    expect((await readAllBytes(await storage.content.read(puts[1]!.ref))).toString()).toBe('id,v\nu2,20\n');
  });

  it('keeps an appended record file its subject\'s, under the same transform', async () => {
    const { storage, writer } = await writerWithSubjects();
    await writer.putRecords('/people.csv', Buffer.from('id,v\nu1,10\n'), { format: 'csv', subjectField: 'id' });
    await writer.flush();
    const appended = await writer.putFile('/people.csv/0000000000000000', Buffer.from('u1,11\n'), { append: true });
    expect(appended).toMatchObject({ subjects: ['u1'], ref: { transform: 'xor:u1' } });
    await writer.flush();
    expect((await readAllBytes(await storage.content.read(appended.ref))).toString()).toBe('id,v\nu1,10\nu1,11\n');
  });

  it('refuses a record file mixing subjects, naming the file and its records', async () => {
    const { writer } = await writerWithSubjects();
    const put = writer.putRecords('/people.csv', Buffer.from('id,v\nu1,10\nu1,11\nu2,20\n'), { format: 'csv', subjectField: 'id', targetFileDatums: 3 });
    await expect(put).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: '/people.csv/0000000000000000 (records 1-3): mixes 2 subjects' });
  });

  it('stores untagged records plain', async () => {
    const { writer, subjectTransforms } = await writerWithSubjects();
    await writer.putRecords('/lines', Buffer.from('a\nb\n'), { format: 'line' });
    await writer.flush();
    expect(writer.changes.toChanges().puts.every((e) => e.ref.transform === undefined)).toBe(true);
    expect(subjectTransforms.asked).toEqual([]);
  });

  it('stores the record files of many subjects several at a time, and each where it belongs', async () => {
    const temp = await createTempDirObjectStore('writer-concurrent');
    cleanups.push(temp.cleanup);
    let running = 0;
    let most = 0;
    const slow = (subject: string): BlobTransform => ({
      id: `slow:${subject}`,
      encode: async (p) => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 2));
        running--;
        return Buffer.concat([Buffer.from(subject + '|'), p]);
      },
      decode: async (s) => s.subarray(s.indexOf('|') + 1),
    });
    const storage = createPfsStorage(temp.store, undefined, {
      subjectTransforms: { transformForSubjects: async (subjects) => slow(subjects[0]!), resolveTransform: (id) => slow(id.slice('slow:'.length)) },
    });
    const writer = createCommitWriter(storage, null);
    const rows = Array.from({ length: 100 }, (_, i) => `u${i},${i}`).join('\n');
    expect(await writer.putRecords('/people.csv', Buffer.from(`id,v\n${rows}\n`), { format: 'csv', subjectField: 'id' })).toEqual({ files: 100, subjects: 100 });
    await writer.flush();
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(RECORD_CONCURRENCY);
    const puts = writer.changes.toChanges().puts.sort((a, b) => a.path.localeCompare(b.path));
    expect(puts).toHaveLength(100);
    for (const i of [0, 57, 99]) {
      const entry = puts[i]!;
      expect(entry.path).toBe(`/people.csv/${i.toString(16).padStart(16, '0')}`);
      expect(entry).toMatchObject({ subjects: [`u${i}`], ref: { transform: `slow:u${i}` } });
      expect((await readAllBytes(await storage.content.read(entry.ref))).toString()).toBe(`id,v\nu${i},${i}\n`);
    }
  });

  it("fails the put with a record's refusal, after the records in flight, and reads no further", async () => {
    const temp = await createTempDirObjectStore('writer-refusal');
    cleanups.push(temp.cleanup);
    const asked: string[] = [];
    const base = xorSubjects();
    const refusing = createPfsStorage(temp.store, undefined, {
      subjectTransforms: {
        async transformForSubjects(subjects) {
          asked.push(subjects[0]!);
          if (subjects[0] === 'u40') throw new FailedPreconditionError('subject u40 was erased');
          return base.transformForSubjects(subjects);
        },
        resolveTransform: base.resolveTransform,
      },
    });
    const writer = createCommitWriter(refusing, null);
    const rows = Array.from({ length: 1000 }, (_, i) => `u${i},${i}`).join('\n');
    await expect(writer.putRecords('/people.csv', Buffer.from(`id,v\n${rows}\n`), { format: 'csv', subjectField: 'id' })).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: 'subject u40 was erased',
    });
    expect(asked).toContain('u40');
    expect(asked.length).toBeLessThan(40 + 2 * RECORD_CONCURRENCY);
  });
});
