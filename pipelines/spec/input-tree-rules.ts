import { isPlainObject } from './spec-keys.js';
import { formatPath, type PathSegment, type SpecProblem } from './spec-problems.js';
import { INPUT_KINDS } from './spec-types.js';

/**
 * Checks the shape of the input tree as written, before field validation, so that these
 * problems are reported together with every other one: each node sets exactly one of
 * pfs, cross, union, join, group, cron; and input names are unique the way Pachyderm
 * requires (names are seen together as `/pfs/<name>`, except across the branches of a
 * union, which are never seen together).
 */
export function checkInputTree(input: unknown, problems: SpecProblem[]): void {
  checkOneKind(input, ['input'], problems);
  checkNames(input, ['input'], new Set(), problems);
}

function checkOneKind(node: unknown, path: PathSegment[], problems: SpecProblem[]): void {
  if (!isPlainObject(node)) return;
  const kinds = INPUT_KINDS.filter((kind) => node[kind] !== undefined);
  if (kinds.length !== 1) {
    const found = kinds.length === 0 ? 'none is set' : `found ${kinds.join(' and ')}`;
    problems.push({ path: formatPath(path), message: `must set exactly one of ${INPUT_KINDS.join(', ')} (${found})` });
  }
  for (const kind of kinds) {
    const children = node[kind];
    if (!Array.isArray(children)) continue;
    children.forEach((child, i) => checkOneKind(child, [...path, kind, i], problems));
  }
}

/** Pachyderm's `validateNames`: a union's branches may share names, nothing else may. */
function checkNames(node: unknown, path: PathSegment[], names: Set<string>, problems: SpecProblem[]): void {
  if (!isPlainObject(node)) return;
  for (const leaf of ['pfs', 'cron'] as const) {
    const named = leafName(node[leaf], leaf);
    if (named === undefined) continue;
    if (names.has(named.name)) {
      problems.push({
        path: formatPath([...path, leaf, named.field]),
        message: `input name "${named.name}" is used more than once; give each input a unique name`,
      });
    }
    names.add(named.name);
  }
  const union = node['union'];
  if (Array.isArray(union)) {
    const seen = union.map((child, i) => {
      const branch = new Set(names);
      checkNames(child, [...path, 'union', i], branch, problems);
      return branch;
    });
    for (const branch of seen) for (const name of branch) names.add(name);
  }
  for (const kind of ['cross', 'join', 'group'] as const) {
    const children = node[kind];
    if (Array.isArray(children)) children.forEach((child, i) => checkNames(child, [...path, kind, i], names, problems));
  }
}

function leafName(leaf: unknown, kind: 'pfs' | 'cron'): { name: string; field: string } | undefined {
  if (!isPlainObject(leaf)) return undefined;
  if (typeof leaf['name'] === 'string') return { name: leaf['name'], field: 'name' };
  if (kind === 'pfs' && typeof leaf['repo'] === 'string') return { name: leaf['repo'], field: 'repo' };
  return undefined;
}
