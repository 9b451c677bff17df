import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateJsonText } from './erasure-report-routes.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('certificateJsonText', () => {
  it('gives the text the sha256 of the certificate was computed over', () => {
    const json = { kind: 'stemma.erasure-certificate', version: 1, subjectId: 'u-1', steps: [{ step: 'shred' }] };
    const text = `${JSON.stringify(json, null, 2)}\n`;
    expect(certificateJsonText('e1', { json, sha256: sha256(text) })).toBe(text);
  });

  it('refuses to send a text that does not hash to the recorded sha256', () => {
    expect(() => certificateJsonText('e1', { json: { a: 1 }, sha256: '0'.repeat(64) })).toThrow(/does not hash to the sha256 the audit chain recorded/);
  });
});
