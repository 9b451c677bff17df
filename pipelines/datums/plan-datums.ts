import { expandTemplate } from '../../pfs/glob/capture-template.js';
import { normalisePath } from '../../pfs/glob/compile-glob.js';
import { compareStrings, matchDatumRoots } from '../../pfs/glob/datum-roots.js';
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
  const planner = new DatumPlanner(listFiles, options);
  const seen = new Set<string>();
  const datums: Datum[] = [];
  for (const inputs of planner.expand(input)) {
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

class DatumPlanner {
  private readonly listed = new Map<string, Map<string, FileEntry>>();

  constructor(
    private readonly listFiles: ListFiles,
    private readonly options: PlanDatumsOptions,
  ) {}

  expand(input: InputSpec): PartialDatum[] {
    if ('pfs' in input) return this.pfs(input.pfs);
    if ('cron' in input) {
      const { name, project, repo } = input.cron;
      return this.pfs({ name, project, repo, branch: 'master', glob: '/*', outerJoin: false, emptyFiles: false, lazy: false });
    }
    if ('cross' in input) return crossDatums(input.cross.map((child) => this.expand(child)));
    if ('union' in input) return unionDatums(input.union.map((child) => this.expand(child)));
    if ('join' in input) return joinDatums(input.join.map((child) => this.expand(child)));
    return groupDatums(input.group.map((child) => this.expand(child)));
  }

  private pfs(pfs: PfsInputSpec): PartialDatum[] {
    const ref: InputRepoRef = { project: pfs.project, repo: pfs.repo, branch: pfs.branch, name: pfs.name };
    const files = this.files(ref);
    const commit = this.options.commitOf?.(ref);
    return matchDatumRoots(pfs.glob, [...files.keys()]).map((root) => {
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

  /** The commit's files by clean path, listed once per repo branch. */
  private files(ref: InputRepoRef): Map<string, FileEntry> {
    const key = `${ref.project}/${ref.repo}@${ref.branch}`;
    let files = this.listed.get(key);
    if (!files) {
      files = new Map(this.listFiles(ref).map((file) => [normalisePath(file.path), { ...file, path: normalisePath(file.path) }]));
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
