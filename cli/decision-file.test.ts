import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countDecisions, readDecisionFile } from './decision-file.js';

async function file(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), `test-${randomUUID()}-`)), 'decisions.jsonl');
  await writeFile(path, text);
  return path;
}

describe('decision files', () => {
  it('reads one decision per line, giving each the default model version unless it names one', async () => {
    const path = await file('{"subjectId": "a", "input": 1, "output": 2}\n\n{"subjectId": "b", "input": 1, "output": 2, "modelVersion": "m@3"}\n');
    const lines = [];
    for await (const l of readDecisionFile(path, 'm@1')) lines.push(l);
    expect(lines).toEqual([
      { line: 1, decision: { subjectId: 'a', input: 1, output: 2, modelVersion: 'm@1' } },
      { line: 3, decision: { subjectId: 'b', input: 1, output: 2, modelVersion: 'm@3' } },
    ]);
  });

  it('names the file and line of the first bad decision, before anything is sent', async () => {
    const path = await file('{"subjectId": "a", "input": 1, "output": 2}\n{"subjectId": "a", "input": 1}\n');
    await expect(countDecisions(path, 'm@1')).rejects.toThrow(`${path} line 2: output: is required`);
    const noVersion = await file('{"subjectId": "a", "input": 1, "output": 2}\n');
    await expect(countDecisions(noVersion)).rejects.toThrow('line 1: no model version: give --model-version');
    await expect(countDecisions(join(tmpdir(), `missing-${randomUUID()}.jsonl`))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
