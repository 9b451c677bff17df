/** The text of a pipeline spec file (`-f spec.yaml`, `-f -` for stdin), sent as it is: the API parses it. */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { InvalidArgumentError, NotFoundError } from '../core/errors.js';

export async function readSpecFile(path: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const content = path === '-' ? await text(stdin) : await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new NotFoundError(`pipeline spec file ${path} does not exist`, { path });
    if (err.code === 'EISDIR') throw new InvalidArgumentError(`${path} is a directory: -f takes a pipeline spec file (JSON or YAML)`, { path });
    throw err;
  });
  if (content.trim() === '') throw new InvalidArgumentError(`pipeline spec ${path === '-' ? 'on stdin' : path} is empty`, { path });
  return content;
}
