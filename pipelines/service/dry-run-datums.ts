/**
 * `stemma list datum -f spec.yaml`: the datums a spec would have over the current heads of
 * its inputs, before the pipeline exists. Nothing is created.
 */
import { NotFoundError } from '../../core/errors.js';
import { repoId } from '../../graph-schema/pfs/index.js';
import { planDatums } from '../datums/plan-datums.js';
import type { FileEntry } from '../datums/datum-types.js';
import { datumSpecHash } from '../execution/datum-spec-hash.js';
import { inputRepos, type InputRepoRef } from '../spec/input-repos.js';
import { cronInputs } from './cron-ticker.js';
import { parseSpecInput, type PipelineSpecInput } from './create-pipeline.js';
import type { PipelineDeps } from './pipeline-deps.js';

export interface DryRunDatum {
  id: string;
  hash: string;
  inputs: { name: string; repo: string; branch: string; commit: string | null; root: string; files: string[] }[];
}

export function createDatumDryRun(deps: PipelineDeps) {
  const { repos, commits, trees } = deps.pfs.deps;
  const key = (r: InputRepoRef) => `${repoId(r.project, r.repo)}@${r.branch}`;

  const headFiles = async (ref: InputRepoRef, optional: boolean): Promise<{ commit: string | null; files: FileEntry[] }> => {
    const branch = await repos.findBranch(ref.project, ref.repo, ref.branch);
    if (!branch) {
      if (optional) return { commit: null, files: [] };
      await repos.getRepo(ref.project, ref.repo);
      throw new NotFoundError(`branch ${ref.branch} of ${repoId(ref.project, ref.repo)} does not exist`, { repo: ref.repo, branch: ref.branch });
    }
    if (!branch.head) return { commit: null, files: [] };
    const files: FileEntry[] = [];
    for await (const e of trees.list((await commits.getCommit(branch.head)).manifest)) files.push({ path: e.path, hash: e.hash, size: e.size });
    return { commit: branch.head, files };
  };

  return async function dryRunDatums(input: PipelineSpecInput): Promise<DryRunDatum[]> {
    const { spec } = parseSpecInput(input);
    const cronRepos = new Set(cronInputs(spec.input).map((c) => repoId(c.project, c.repo)));
    const heads = new Map<string, { commit: string | null; files: FileEntry[] }>();
    for (const ref of inputRepos(spec)) if (!heads.has(key(ref))) heads.set(key(ref), await headFiles(ref, cronRepos.has(repoId(ref.project, ref.repo))));
    const datums = planDatums(spec.input, (ref) => heads.get(key(ref))?.files ?? [], {
      specHash: datumSpecHash(spec),
      salt: spec.salt,
      commitOf: (ref) => heads.get(key(ref))?.commit ?? undefined,
    });
    return datums.map((d) => ({
      id: d.id,
      hash: d.hash,
      inputs: d.inputs.map((i) => ({ name: i.name, repo: repoId(i.project, i.repo), branch: i.branch, commit: i.commit ?? null, root: i.root, files: i.files.map((f) => f.path) })),
    }));
  };
}
