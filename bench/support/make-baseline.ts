/**
 * The baseline of the pipeline benchmark: GNU make -j2 running the same Python script over
 * the same input files, one target per input (the seed talk's local prototype).
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MakeBaseline {
  /** The whole build from scratch, in ms. */
  full(): Promise<number>;
  /** A rebuild after one more input changed (a new one each round), in ms. */
  one(round: number): Promise<number>;
}

/** make -j2 over the same files: the whole build (from scratch), and a rebuild after one input changed. */
export async function createMakeBaseline(work: string, script: string, inputName: (i: number) => string): Promise<MakeBaseline> {
  const dir = join(work, 'make');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'Makefile'),
    `IN := $(wildcard ../in/*.txt)\nOUT := $(patsubst ../in/%,out/%,$(IN))\nall: $(OUT)\nout/%.txt: ../in/%.txt\n\tpython3 ${script} $< $@\n`,
  );
  const make = async () => {
    const t = performance.now();
    await run('make', ['-s', '-j2'], { cwd: dir, maxBuffer: 1 << 26 });
    return performance.now() - t;
  };
  return {
    async full() {
      await rm(join(dir, 'out'), { recursive: true, force: true });
      await mkdir(join(dir, 'out'));
      return make();
    },
    async one(round) {
      await sleep(1100);
      await writeFile(join(work, 'in', inputName(3 + round)), `touched ${round}\n`);
      return make();
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
