import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { auditCsvHeader, auditCsvRow, csvField } from './audit-csv.js';
import type { AuditEvent } from './audit-event.js';

const event: AuditEvent = {
  id: '9b1f1c8e-8a0e-4d5e-9a39-3f0c1f1a2b3c',
  chain: 'main',
  seq: 7,
  actor: 'Smith, Jane',
  action: 'pfs.putFile',
  target: 'say "hi"\r\nthere',
  at: '2024-05-01T10:00:00.000Z',
  argsDigest: 'a'.repeat(64),
  prevHash: 'b'.repeat(64),
  hash: 'c'.repeat(64),
};

describe('audit CSV', () => {
  it('quotes only fields holding a comma, a quote, CR or LF, and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\ronly')).toBe('"cr\ronly"');
    expect(csvField('')).toBe('');
  });

  it('writes a header and rows ending in CRLF that a CSV parser reads back exactly', () => {
    const text = auditCsvHeader() + auditCsvRow(event) + auditCsvRow({ ...event, seq: 8, summary: 'rows: 3' });
    expect(text.startsWith('seq,id,at,actor,action,target,argsDigest,summary,prevHash,hash\r\n')).toBe(true);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ seq: '7', actor: 'Smith, Jane', target: 'say "hi"\r\nthere', summary: '' });
    expect(rows[1]).toMatchObject({ seq: '8', summary: 'rows: 3', hash: 'c'.repeat(64) });
  });
});
