import { formatPath, type PathSegment } from './spec-problems.js';
import { inputKind, type InputKind, type InputSpec, type PfsInputSpec } from './spec-types.js';

/**
 * Warnings for input settings that have no effect where they stand: `joinOn` and
 * `outerJoin` outside any join, `groupBy` outside any group, and inputs of a join or
 * group without the key that pairs them (their datums all share the empty key).
 */
export function inputUsageWarnings(input: InputSpec): string[] {
  const warnings: string[] = [];
  visit(input, ['input'], [], warnings);
  return warnings;
}

function visit(node: InputSpec, path: PathSegment[], ancestors: InputKind[], warnings: string[]): void {
  const kind = inputKind(node);
  if ('pfs' in node) {
    pfsWarnings(node.pfs, [...path, 'pfs'], ancestors, warnings);
    return;
  }
  if ('cron' in node) return;
  const children = (node as Record<InputKind, InputSpec[]>)[kind];
  children.forEach((child, i) => visit(child, [...path, kind, i], [...ancestors, kind], warnings));
}

function pfsWarnings(pfs: PfsInputSpec, path: PathSegment[], ancestors: InputKind[], warnings: string[]): void {
  const at = (field: string) => formatPath([...path, field]);
  const inJoin = ancestors.includes('join');
  const inGroup = ancestors.includes('group');
  const parent = ancestors[ancestors.length - 1];
  if (pfs.joinOn !== undefined && !inJoin) warnings.push(`${at('joinOn')}: only used inside a join; ignored`);
  if (pfs.outerJoin && !inJoin) warnings.push(`${at('outerJoin')}: only used inside a join; ignored`);
  if (pfs.groupBy !== undefined && !inGroup) warnings.push(`${at('groupBy')}: only used inside a group; ignored`);
  if (parent === 'join' && pfs.joinOn === undefined) {
    warnings.push(`${formatPath(path)}: has no joinOn, so all its datums join on the empty key`);
  }
  if (parent === 'group' && pfs.groupBy === undefined) {
    warnings.push(`${formatPath(path)}: has no groupBy, so all its datums fall in one group`);
  }
}
