/**
 * Checks a datum task before any process starts, so that a task that can never run fails
 * at once with the field that is wrong instead of as a datum failure.
 */
import { isAbsolute } from 'node:path';
import { InvalidArgumentError } from '../../core/errors.js';
import type { DatumTask } from './runner.js';

const INPUT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Throws `InvalidArgumentError` naming the first problem of `task`. */
export function checkDatumTask(task: DatumTask): void {
  if (task.transform.cmd.length === 0) fail(task, 'transform.cmd: must not be empty; give the command to run, e.g. ["python3", "/code/main.py"]');
  if (task.transform.cmd[0] === '') fail(task, 'transform.cmd[0]: must name a program');
  checkDirs(task);
  const seen = new Set<string>();
  task.inputs.forEach((input, i) => {
    if (!INPUT_NAME.test(input.name)) fail(task, `inputs[${i}].name: ${JSON.stringify(input.name)} is not a valid input name (letters, digits, "_", "-", ".")`);
    if (input.name === 'out') fail(task, `inputs[${i}].name: "out" is reserved for /pfs/out; rename the input`);
    if (seen.has(input.name)) fail(task, `inputs[${i}].name: ${JSON.stringify(input.name)} is used by two inputs; give each input its own name`);
    seen.add(input.name);
  });
  if (task.timeoutMs !== undefined && !(task.timeoutMs > 0)) fail(task, 'timeoutMs: must be a positive number of milliseconds');
}

function checkDirs(task: DatumTask): void {
  if (!isAbsolute(task.workDir)) fail(task, `workDir: must be an absolute path (got ${JSON.stringify(task.workDir)})`);
  if (!isAbsolute(task.outputDir)) fail(task, `outputDir: must be an absolute path (got ${JSON.stringify(task.outputDir)})`);
  task.inputs.forEach((input, i) => {
    if (!isAbsolute(input.dir)) fail(task, `inputs[${i}].dir: must be an absolute path (got ${JSON.stringify(input.dir)})`);
  });
}

function fail(task: DatumTask, message: string): never {
  throw new InvalidArgumentError(message, { jobId: task.jobId, datumId: task.datumId });
}
