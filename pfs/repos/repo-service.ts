/**
 * Projects, repos and branches, with their names validated and the safety rules applied:
 * a repo that pipelines read cannot be deleted without `force`, which names what it breaks.
 */
import { FailedPreconditionError } from '../../core/errors.js';
import type { BranchRecord, RepoRecord } from '../../graph-schema/pfs/index.js';
import { resolveCommit } from '../commits/resolve-commit.js';
import { validateBranchName, validateProjectName, validateRepoName } from '../paths/validate-name.js';
import type { PfsDeps } from '../pfs-deps.js';
import type { CommitRef } from '../refs/index.js';

export function createRepoService(deps: PfsDeps) {
  return {
    async createProject(name: string, description = '') {
      validateProjectName(name);
      return deps.repos.ensureProject(name, description);
    },

    listProjects: () => deps.repos.listProjects(),

    async createRepo(project: string, name: string, opts: { description?: string; kind?: RepoRecord['kind']; ifNotExists?: boolean } = {}): Promise<RepoRecord> {
      validateProjectName(project);
      validateRepoName(name);
      return deps.repos.createRepo({ project, name, ...opts });
    },

    inspectRepo: (project: string, name: string) => deps.repos.getRepo(project, name),

    listRepos: (project?: string) => deps.repos.listRepos(project),

    /** Deletes a repo; refused while pipelines read it, unless `force`. Returns what it broke. */
    async deleteRepo(project: string, name: string, opts: { force?: boolean } = {}): Promise<{ commits: number; brokenPipelines: string[] }> {
      await deps.repos.getRepo(project, name);
      const readers = await deps.repos.readersOf(project, name);
      if (readers.length > 0 && !opts.force) {
        throw new FailedPreconditionError(
          `repo ${project}/${name} is an input of pipeline${readers.length > 1 ? 's' : ''} ${readers.join(', ')}: delete ${readers.length > 1 ? 'them' : 'it'} first, or pass --force to delete the repo and leave ${readers.length > 1 ? 'them' : 'it'} without input`,
          { pipelines: readers },
        );
      }
      const { commits } = await deps.repos.deleteRepo(project, name);
      return { commits, brokenPipelines: readers };
    },

    /** Creates a branch, or moves it, to `head` (a commit reference) or to no commit. */
    async createBranch(project: string, repo: string, name: string, head?: CommitRef): Promise<BranchRecord> {
      validateBranchName(name);
      const commit = head ? await resolveCommit(deps, head) : null;
      return deps.repos.createBranch({ project, repo, name, head: commit?.id ?? null });
    },

    listBranches: (project: string, repo: string) => deps.repos.listBranches(project, repo),
    inspectBranch: (project: string, repo: string, name: string) => deps.repos.getBranch(project, repo, name),
    deleteBranch: (project: string, repo: string, name: string) => deps.repos.deleteBranch(project, repo, name),
  };
}

export type RepoService = ReturnType<typeof createRepoService>;
