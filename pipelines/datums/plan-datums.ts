import { expandTemplate } from '../../pfs/glob/capture-template.js';
import { normalisePath } from '../../pfs/glob/compile-glob.js';
import { compareStrings, matchDatumRoots, type DatumRoot } from '../../pfs/glob/datum-roots.js';
import type { InputRepoRef } from '../spec/input-repos.js';
import type { InputSpec, PfsInputSpec } from '../spec/spec-types.js';
import { crossDatums, groupDatums, joinDatums, unionDatums, type PartialDatum } from './combine-datums.js';
import { datumHash, datumId, sortedInputs } from './datum-identity.js';
import type { Datum, DatumInput, FileEntry, ListFiles, PlanDatumsOptions } from './datum-types.js';

/**
 * Cuts a pipeline's input into datums, as Pachyderm does: a pfs input gives one datum per
 * path its glob matches; `cross` gives the cartesian product of its children, `union` all
 * their datums, `join` the datums paired on equal `joinOn` keys (`outerJoin` keeps the
 * unpaired ones of that input), `group` one datum per `groupBy` key; a cron input reads its
 * tick repo with the glob `/*`. `listFiles` is called once per repo branch.
 *
 * Datums come sorted by their inputs' (name, root) pairs, then id, so the same commit always
 * gives the same list; a datum that the input tree yields twice (a union of overlapping
 * inputs) appears once.
 */
export function planDatums(input: InputSpec, listFiles: ListFiles, options: PlanDatumsOptions = {}): Datum[] {
  return finishDatums(new DatumPlanner(listFiles, options).expand(input), options);
}

/** Complete datums from combined inputs: ids and hashes, a datum yielded twice kept once, in the planner's order. */
export function finishDatums(combined: readonly PartialDatum[], options: PlanDatumsOptions = {}): Datum[] {
  const seen = new Set<string>();
  const datums: Datum[] = [];
  for (const inputs of combined) {
    const id = datumId(inputs);
    if (seen.has(id)) continue;
    seen.add(id);
    datums.push({ id, hash: datumHash(inputs, options), inputs });
  }
  return datums
    .map((datum) => ({ datum, key: orderKey(datum.inputs) }))
    .sort((a, b) => compareStrings(a.key, b.key) || compareStrings(a.datum.id, b.datum.id))
    .map(({ datum }) => datum);
}

/** The pfs input of a cron input: its tick repo, read with the glob `/*`. */
export function cronAsPfs(input: { cron: { name: string; project: string; repo: string } }): PfsInputSpec {
  const { name, project, repo } = input.cron;
  return { name, project, repo, branch: 'master', glob: '/*', outerJoin: false, emptyFiles: false, lazy: false };
}

/** One datum input per glob match of a pfs input, over its files (keyed by clean path). */
export function pfsDatumInputs(pfs: PfsInputSpec, roots: readonly DatumRoot[], files: ReadonlyMap<string, FileEntry>, commit: string | undefined): PartialDatum[] {
  return roots.map((root) => {
    const input: DatumInput = {
      name: pfs.name,
      project: pfs.project,
      repo: pfs.repo,
      branch: pfs.branch,
      glob: pfs.glob,
      root: root.path,
      files: root.files.map((path) => files.get(path)!),
      outerJoin: pfs.outerJoin,
      emptyFiles: pfs.emptyFiles,
      lazy: pfs.lazy,
    };
    if (commit !== undefined) input.commit = commit;
    if (pfs.joinOn !== undefined) input.joinOn = expandTemplate(pfs.joinOn, root.captures, root.path);
    if (pfs.groupBy !== undefined) input.groupBy = expandTemplate(pfs.groupBy, root.captures, root.path);
    return [input];
  });
}

/** Files by clean path, as the planner matches them. */
export function filesByPath(files: readonly FileEntry[]): Map<string, FileEntry> {
  return new Map(files.map((file) => [normalisePath(file.path), { ...file, path: normalisePath(file.path) }]));
}

class DatumPlanner {
  private readonly listed = new Map<string, Map<string, FileEntry>>();

  constructor(
    private readonly listFiles: ListFiles,
    private readonly options: PlanDatumsOptions,
  ) {}

  expand(input: InputSpec): PartialDatum[] {
    if ('pfs' in input) return this.pfs(input.pfs);
    if ('cron' in input) return this.pfs(cronAsPfs(input));
    if ('cross' in input) return crossDatums(input.cross.map((child) => this.expand(child)));
    if ('union' in input) return unionDatums(input.union.map((child) => this.expand(child)));
    if ('join' in input) return joinDatums(input.join.map((child) => this.expand(child)));
    return groupDatums(input.group.map((child) => this.expand(child)));
  }

  private pfs(pfs: PfsInputSpec): PartialDatum[] {
    const ref: InputRepoRef = { project: pfs.project, repo: pfs.repo, branch: pfs.branch, name: pfs.name };
    const files = this.files(ref);
    return pfsDatumInputs(pfs, matchDatumRoots(pfs.glob, [...files.keys()]), files, this.options.commitOf?.(ref));
  }

  /** The commit's files by clean path, listed once per repo branch. */
  private files(ref: InputRepoRef): Map<string, FileEntry> {
    const key = `${ref.project}/${ref.repo}@${ref.branch}`;
    let files = this.listed.get(key);
    if (!files) {
      files = filesByPath(this.listFiles(ref));
      this.listed.set(key, files);
    }
    return files;
  }
}

function orderKey(inputs: readonly DatumInput[]): string {
  return sortedInputs(inputs)
    .map((input) => `${input.name}\u0000${input.root}\u0000${input.project}/${input.repo}`)
    .join('\u0001');
}
