import { InvalidArgumentError } from '../../core/errors.js';

/** One thing wrong with a spec, at a field path such as `input.join[1].pfs.glob`. */
export interface SpecProblem {
  path: string;
  message: string;
}

export type PathSegment = string | number;

/** `['input', 'join', 1, 'pfs', 'glob']` → `input.join[1].pfs.glob`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    return out === '' ? String(segment) : `${out}.${String(segment)}`;
  }, '');
}

/** `input.join[1].pfs.glob: must not be empty`. */
export function formatProblem(problem: SpecProblem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}

/** One error listing every problem of a spec, each with its field path. */
export function invalidSpecError(problems: readonly SpecProblem[]): InvalidArgumentError {
  const lines = [...new Set(problems.map(formatProblem))];
  return new InvalidArgumentError(`invalid pipeline spec: ${lines.join('; ')}`, { problems: lines });
}
