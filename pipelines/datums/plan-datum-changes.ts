/**
 * Planning from a change instead of from scratch: given the paths that changed on each input
 * branch between a parent job's input commits ("before") and a job's ("after"), the datums
 * that the change touches, on both sides, without listing what it did not touch.
 *
 * A glob match (a datum root) is touched when a changed path lies at or under it. A datum
 * is touched when one of its inputs is a touched root, or, under a join or a group, when it
 * shares its key with a touched one (a new match can pair with, or join the group of,
 * matches that did not change). Every datum that is not touched is the same on both sides,
 * with the same id and hash, so a planner needs only the touched ones: `after` (to run or
 * skip against the parent's datums of the same ids) and the ids of `before` (the parent's
 * datums they replace). Lists are read only where they must be: the touched roots' files,
 * and every file of an input whose datums are crossed with, or joined to, touched ones.
 */
import { compareStrings, matchDatumRoots } from '../../pfs/glob/datum-roots.js';
import type { InputRepoRef } from '../spec/input-repos.js';
import type { InputSpec, PfsInputSpec } from '../spec/spec-types.js';
import { crossDatums, datumKey, groupDatums, joinDatums, type PartialDatum } from './combine-datums.js';
import { datumId } from './datum-identity.js';
import type { Datum, FileEntry, PlanDatumsOptions } from './datum-types.js';
import { cronAsPfs, filesByPath, finishDatums, pfsDatumInputs } from './plan-datums.js';

export type ChangeSide = 'before' | 'after';

/** One pfs (or cron) input of the tree, in tree order, and what the change does to it. */
export interface LeafChange {
  pfs: PfsInputSpec;
  /** Its touched roots. */
  roots: string[];
  /** Whether every one of its datums is needed (it is crossed with, or joined to, touched datums). */
  full: boolean;
}

/** A listing the planner needs: the files at or under `root` (`/`: all) of an input branch, on one side. */
export interface ListingNeed {
  ref: InputRepoRef;
  side: ChangeSide;
  root: string;
}

/** The fetched listings, by `listingKey`. */
export type Listings = ReadonlyMap<string, readonly FileEntry[]>;

export interface DatumChanges {
  /** The touched datums after the change, complete (ids, hashes, files), in the planner's order. */
  after: Datum[];
  /** The ids of the touched datums before it. */
  beforeIds: string[];
}

/** Past this many touched roots, an input is listed whole rather than root by root. */
export const MAX_ROOT_LISTINGS = 256;

export function listingKey(ref: InputRepoRef, side: ChangeSide, root: string): string {
  return `${ref.project}/${ref.repo}@${ref.branch}\u0000${side}\u0000${root}`;
}

/** The leaves of the tree, their touched roots from `changed` (paths per branch), and which must be read whole. */
export function analyseChanges(input: InputSpec, changed: (ref: InputRepoRef) => readonly string[]): LeafChange[] {
  const leaves: LeafChange[] = [];
  const walk = (node: InputSpec): { touched: boolean; leaves: LeafChange[] } => {
    if ('pfs' in node || 'cron' in node) {
      const pfs = 'pfs' in node ? node.pfs : cronAsPfs(node);
      const roots = new Set<string>();
      for (const path of changed(refOf(pfs))) for (const root of matchDatumRoots(pfs.glob, [path])) roots.add(root.path);
      const leaf: LeafChange = { pfs, roots: [...roots].sort(compareStrings), full: roots.size > MAX_ROOT_LISTINGS };
      leaves.push(leaf);
      return { touched: roots.size > 0, leaves: [leaf] };
    }
    const children = childrenOf(node).map(walk);
    const mine = children.flatMap((c) => c.leaves);
    const touched = children.some((c) => c.touched);
    if ('cross' in node) {
      children.forEach((child, i) => {
        if (children.some((other, j) => j !== i && other.touched)) for (const leaf of child.leaves) leaf.full = true;
      });
    } else if (('join' in node || 'group' in node) && touched) {
      for (const leaf of mine) leaf.full = true;
    }
    return { touched, leaves: mine };
  };
  walk(input);
  return leaves;
}

/** The listings `planDatumChanges` reads, each once. */
export function listingNeeds(leaves: readonly LeafChange[]): ListingNeed[] {
  const needs = new Map<string, ListingNeed>();
  for (const leaf of leaves) {
    const ref = refOf(leaf.pfs);
    for (const side of ['before', 'after'] as const) {
      for (const root of leaf.full ? ['/'] : leaf.roots) needs.set(listingKey(ref, side, root), { ref, side, root });
    }
  }
  return [...needs.values()];
}

/** The touched datums on both sides of the change (see the module's description). */
export function planDatumChanges(input: InputSpec, leaves: readonly LeafChange[], listings: Listings, options: PlanDatumsOptions = {}): DatumChanges {
  const files = createFileView(listings);
  let next = 0;
  const evaluate = (node: InputSpec): Sides => {
    if ('pfs' in node || 'cron' in node) return evaluateLeaf(leaves[next++]!, files, options);
    const children = childrenOf(node).map(evaluate);
    if ('union' in node) return bySide((side) => ({ touched: children.flatMap((c) => c[side].touched), all: lazy(() => children.flatMap((c) => c[side].all())) }));
    if ('cross' in node) return bySide((side) => crossSide(children.map((c) => c[side])));
    const keyOf = 'join' in node ? (p: PartialDatum) => datumKey(p, (i) => i.joinOn) : (p: PartialDatum) => datumKey(p, (i) => i.groupBy);
    const combine = 'join' in node ? joinDatums : groupDatums;
    const keys = new Set(children.flatMap((c) => [...c.before.touched, ...c.after.touched].map(keyOf)));
    return bySide((side) => ({
      touched: keys.size === 0 ? [] : combine(children.map((c) => c[side].all().filter((p) => keys.has(keyOf(p))))),
      all: lazy(() => combine(children.map((c) => c[side].all()))),
    }));
  };
  const sides = evaluate(input);
  return {
    after: finishDatums(sides.after.touched, options),
    beforeIds: [...new Set(sides.before.touched.map((p) => datumId(p)))],
  };
}

interface SideDatums {
  /** The datums (under construction) that the change touches. */
  touched: PartialDatum[];
  /** Every datum of the node (read only when needed). */
  all(): PartialDatum[];
}

type Sides = Record<ChangeSide, SideDatums>;

function evaluateLeaf(leaf: LeafChange, files: FileView, options: PlanDatumsOptions): Sides {
  const ref = refOf(leaf.pfs);
  return bySide((side) => {
    const commit = side === 'after' ? options.commitOf?.(ref) : undefined;
    const underRoots = files.underEach(ref, side, leaf.roots);
    const touched = leaf.roots.flatMap((root) => {
      const under = filesByPath(underRoots.get(root) ?? []);
      const match = matchDatumRoots(leaf.pfs.glob, [...under.keys()]).filter((r) => r.path === root);
      return pfsDatumInputs(leaf.pfs, match, under, commit);
    });
    return {
      touched,
      all: lazy(() => {
        const every = filesByPath(files.all(ref, side));
        return pfsDatumInputs(leaf.pfs, matchDatumRoots(leaf.pfs.glob, [...every.keys()]), every, commit);
      }),
    };
  });
}

/** Products with at least one touched component: each touched part crossed with the others' every datum. */
function crossSide(children: SideDatums[]): SideDatums {
  const touched: PartialDatum[] = [];
  const seen = new Set<string>();
  children.forEach((child, i) => {
    if (child.touched.length === 0) return;
    for (const datum of crossDatums(children.map((c, j) => (j === i ? c.touched : c.all())))) {
      const id = datumId(datum);
      if (seen.has(id)) continue;
      seen.add(id);
      touched.push(datum);
    }
  });
  return { touched, all: lazy(() => crossDatums(children.map((c) => c.all()))) };
}

interface FileView {
  /** Every file of the input branch on a side. */
  all(ref: InputRepoRef, side: ChangeSide): readonly FileEntry[];
  /** The files at or under each root. */
  underEach(ref: InputRepoRef, side: ChangeSide, roots: readonly string[]): Map<string, FileEntry[]>;
}

/** Files at or under roots: fetched root by root, or cut from the input's whole listing in one pass. */
function createFileView(listings: Listings): FileView {
  const all = (ref: InputRepoRef, side: ChangeSide): readonly FileEntry[] => {
    const every = listings.get(listingKey(ref, side, '/'));
    if (!every) throw new Error(`no listing of ${ref.project}/${ref.repo}@${ref.branch} (${side})`);
    return every;
  };
  return {
    all,
    underEach(ref, side, roots) {
      const out = new Map<string, FileEntry[]>();
      const missing = new Set<string>();
      for (const root of roots) {
        const exact = listings.get(listingKey(ref, side, root));
        if (exact) out.set(root, [...exact]);
        else missing.add(root);
      }
      if (missing.size === 0) return out;
      for (const file of all(ref, side)) {
        for (const prefix of selfAndAncestors(file.path)) if (missing.has(prefix)) (out.get(prefix) ?? out.set(prefix, []).get(prefix)!).push(file);
        if (missing.has('/')) (out.get('/') ?? out.set('/', []).get('/')!).push(file);
      }
      return out;
    },
  };
}

/** `/a/b/c` -> `/a/b/c`, `/a/b`, `/a`. */
function selfAndAncestors(path: string): string[] {
  const out: string[] = [];
  for (let at = path.length; at > 0; at = path.lastIndexOf('/', at - 1)) out.push(path.slice(0, at));
  return out;
}

function bySide(make: (side: ChangeSide) => SideDatums): Sides {
  return { before: make('before'), after: make('after') };
}

function lazy<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

function childrenOf(node: InputSpec): InputSpec[] {
  if ('cross' in node) return node.cross;
  if ('union' in node) return node.union;
  if ('join' in node) return node.join;
  if ('group' in node) return node.group;
  return [];
}

function refOf(pfs: PfsInputSpec): InputRepoRef {
  return { project: pfs.project, repo: pfs.repo, branch: pfs.branch, name: pfs.name };
}
