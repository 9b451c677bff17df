import { compareStrings } from '../../pfs/glob/datum-roots.js';
import type { DatumInput } from './datum-types.js';

/** A datum under construction: the inputs it has so far. */
export type PartialDatum = DatumInput[];

/** Cartesian product: one datum per choice of one datum from each list (none if a list is empty). */
export function crossDatums(lists: readonly PartialDatum[][]): PartialDatum[] {
  if (lists.length === 0) return [];
  return lists.reduce<PartialDatum[]>(
    (acc, list) => acc.flatMap((left) => list.map((right) => [...left, ...right])),
    [[]],
  );
}

/** Concatenation: every datum of every list. */
export function unionDatums(lists: readonly PartialDatum[][]): PartialDatum[] {
  return lists.flat();
}

/**
 * Pachyderm's join: datums of the children are paired when their `joinOn` keys are equal,
 * as a cross product per key. When a key is missing from some child, only the children
 * marked `outerJoin` that have it keep their datums for it (alone or crossed together);
 * with no outer child the key gives nothing, as an inner join.
 */
export function joinDatums(children: readonly PartialDatum[][]): PartialDatum[] {
  const byKey = bucketByKey(children, (input) => input.joinOn);
  return [...byKey.values()].flatMap((perChild) => {
    if (perChild.every((datums) => datums.length > 0)) return crossDatums(perChild);
    const outer = perChild.filter((datums) => datums.length > 0 && datums.some(isOuter));
    return crossDatums(outer);
  });
}

/**
 * Pachyderm's group: every datum of every child with the same `groupBy` key goes into one
 * datum; groups come in key order.
 */
export function groupDatums(children: readonly PartialDatum[][]): PartialDatum[] {
  const byKey = bucketByKey(children, (input) => input.groupBy);
  return [...byKey.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([, perChild]) => perChild.flat(2));
}

/**
 * The key of a datum is the key of its inputs that have one. A datum combining inputs
 * with different keys (a cross inside a join) gets a key made of all of them, which only
 * an equally combined datum matches. A datum without any key has the empty key, as in
 * Pachyderm.
 */
export function datumKey(datum: PartialDatum, keyOf: (input: DatumInput) => string | undefined): string {
  const keys = [...new Set(datum.map(keyOf).filter((key): key is string => key !== undefined))];
  return keys.join('\u0000');
}

function bucketByKey(
  children: readonly PartialDatum[][],
  keyOf: (input: DatumInput) => string | undefined,
): Map<string, PartialDatum[][]> {
  const byKey = new Map<string, PartialDatum[][]>();
  children.forEach((datums, child) => {
    for (const datum of datums) {
      const key = datumKey(datum, keyOf);
      let perChild = byKey.get(key);
      if (!perChild) byKey.set(key, (perChild = children.map(() => [])));
      perChild[child]!.push(datum);
    }
  });
  return byKey;
}

function isOuter(datum: PartialDatum): boolean {
  return datum.some((input) => input.outerJoin);
}
