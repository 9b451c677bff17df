/**
 * Projects, repos and branches in the graph.
 */
import { ConflictError, FailedPreconditionError, NotFoundError } from '../../core/errors.js';
import type { GraphClient } from '../graph-client.js';
import { branchId, repoId, type BranchRecord, type ProjectRecord, type RepoRecord } from './pfs-records.js';

export interface RepoGraph {
  ensureProject(name: string, description?: string): Promise<ProjectRecord>;
  listProjects(): Promise<ProjectRecord[]>;
  createRepo(input: { project: string; name: string; description?: string; kind?: RepoRecord['kind']; ifNotExists?: boolean }): Promise<RepoRecord>;
  getRepo(project: string, name: string): Promise<RepoRecord>;
  /** The repos of `ids` (`project/name`) that exist, in one query. */
  getRepos(ids: readonly string[]): Promise<RepoRecord[]>;
  listRepos(project?: string): Promise<RepoRecord[]>;
  /** Pipelines whose current version reads the repo. */
  readersOf(project: string, name: string): Promise<string[]>;
  /** Deletes the repo, its branches and commits; file versions that lineage needs stay. */
  deleteRepo(project: string, name: string): Promise<{ commits: number }>;
  createBranch(input: { project: string; repo: string; name: string; head: string | null }): Promise<BranchRecord>;
  getBranch(project: string, repo: string, name: string): Promise<BranchRecord>;
  findBranch(project: string, repo: string, name: string): Promise<BranchRecord | null>;
  listBranches(project: string, repo: string): Promise<BranchRecord[]>;
  deleteBranch(project: string, repo: string, name: string): Promise<void>;
}

export function createNeo4jRepoGraph(graph: GraphClient): RepoGraph {
  const now = () => new Date().toISOString();
  const mustRepo = async (project: string, name: string) => {
    const res = await graph.read((tx) => tx.run('MATCH (r:Repo {id: $id}) RETURN r.id AS id', { id: repoId(project, name) }));
    if (res.records.length === 0) throw new NotFoundError(`repo ${project}/${name} does not exist: create it with \`stemma create repo ${name}\``, { repo: name, project });
  };

  return {
    async ensureProject(name, description = '') {
      const res = await graph.write((tx) =>
        tx.run('MERGE (p:Project {id: $name}) ON CREATE SET p.name = $name, p.description = $description, p.createdAt = $now RETURN p', {
          name,
          description,
          now: now(),
        }),
      );
      return toProject(res.records[0]?.get('p'));
    },

    async listProjects() {
      const res = await graph.read((tx) => tx.run('MATCH (p:Project) RETURN p ORDER BY p.name LIMIT 10000'));
      return res.records.map((r) => toProject(r.get('p')));
    },

    async createRepo({ project, name, description = '', kind = 'user', ifNotExists = false }) {
      const id = repoId(project, name);
      const res = await graph.write(async (tx) => {
        await tx.run('MERGE (p:Project {id: $project}) ON CREATE SET p.name = $project, p.description = "", p.createdAt = $now', { project, now: now() });
        return tx.run(
          `MATCH (p:Project {id: $project})
           OPTIONAL MATCH (existing:Repo {id: $id})
           CALL (p, existing) {
             WITH p, existing WHERE existing IS NULL
             CREATE (r:Repo {id: $id, project: $project, name: $name, description: $description, kind: $kind, createdAt: $now})-[:IN_PROJECT]->(p)
             RETURN r, true AS created
             UNION
             WITH existing WHERE existing IS NOT NULL
             RETURN existing AS r, false AS created
           }
           RETURN r, created`,
          { project, id, name, description, kind, now: now() },
        );
      });
      const rec = res.records[0];
      if (!rec?.get('created') && !ifNotExists) throw new ConflictError(`repo ${id} already exists`, { repo: name, project });
      return { ...toRepo(rec?.get('r')), branchCount: 0, sizeBytes: 0 };
    },

    async getRepo(project, name) {
      const repos = await listReposWhere(graph, 'r.id = $id', { id: repoId(project, name) });
      const repo = repos[0];
      if (!repo) throw new NotFoundError(`repo ${project}/${name} does not exist: create it with \`stemma create repo ${name}\``, { repo: name, project });
      return repo;
    },

    getRepos: (ids) => listReposWhere(graph, 'r.id IN $ids', { ids: [...new Set(ids)] }),

    listRepos: (project) => (project ? listReposWhere(graph, 'r.project = $project', { project }) : listReposWhere(graph, 'true', {})),

    async readersOf(project, name) {
      const res = await graph.read((tx) =>
        tx.run('MATCH (:Repo {id: $id})<-[:READS]-(pv:PipelineVersion)<-[:CURRENT]-(p:Pipeline) RETURN DISTINCT p.id AS id ORDER BY id LIMIT 1000', {
          id: repoId(project, name),
        }),
      );
      return res.records.map((r) => String(r.get('id')));
    },

    async deleteRepo(project, name) {
      await mustRepo(project, name);
      const res = await graph.write(async (tx) => {
        const counted = await tx.run('MATCH (c:Commit {repoId: $id}) RETURN count(c) AS n', { id: repoId(project, name) });
        await tx.run(
          `MATCH (r:Repo {id: $id})
           OPTIONAL MATCH (b:Branch {repoId: $id})
           DETACH DELETE b
           WITH DISTINCT r
           CALL (r) { MATCH (c:Commit {repoId: r.id}) DETACH DELETE c }
           DETACH DELETE r`,
          { id: repoId(project, name) },
        );
        return Number(counted.records[0]?.get('n') ?? 0);
      });
      return { commits: res };
    },

    async createBranch({ project, repo, name, head }) {
      await mustRepo(project, repo);
      const id = branchId(project, repo, name);
      const res = await graph.write(async (tx) => {
        if (head) {
          const c = await tx.run('MATCH (c:Commit {id: $head}) RETURN c.repoId AS repoId, c.state AS state', { head });
          const found = c.records[0];
          if (!found) throw new NotFoundError(`commit ${head} does not exist`, { commit: head });
          if (found.get('repoId') !== repoId(project, repo)) throw new FailedPreconditionError(`commit ${head} belongs to repo ${found.get('repoId')}, not ${repoId(project, repo)}`);
          if (found.get('state') !== 'finished') throw new FailedPreconditionError(`commit ${head} is ${found.get('state')}; a branch head must be a finished commit`);
        }
        return tx.run(
          `MATCH (r:Repo {id: $repoId})
           MERGE (b:Branch {id: $id})
           ON CREATE SET b.repoId = $repoId, b.name = $name, b.createdAt = $now, b.created = true
           ON MATCH SET b.created = false
           WITH b, r, b.created AS created
           REMOVE b.created
           MERGE (b)-[:IN_REPO]->(r)
           WITH b, created
           OPTIONAL MATCH (b)-[old:HEAD]->()
           DELETE old
           WITH b, created
           CALL (b) { OPTIONAL MATCH (c:Commit {id: $head}) WITH b, c WHERE c IS NOT NULL MERGE (b)-[:HEAD]->(c) }
           SET b.head = $head
           RETURN b, created`,
          { id, repoId: repoId(project, repo), name, head, now: now() },
        );
      });
      return toBranch(res.records[0]?.get('b'));
    },

    async getBranch(project, repo, name) {
      const found = await this.findBranch(project, repo, name);
      if (!found) {
        await mustRepo(project, repo);
        throw new NotFoundError(`branch ${name} does not exist in repo ${project}/${repo}`, { repo, branch: name });
      }
      return found;
    },

    async findBranch(project, repo, name) {
      const res = await graph.read((tx) => tx.run('MATCH (b:Branch {id: $id}) RETURN b', { id: branchId(project, repo, name) }));
      const rec = res.records[0];
      return rec ? toBranch(rec.get('b')) : null;
    },

    async listBranches(project, repo) {
      await mustRepo(project, repo);
      const res = await graph.read((tx) => tx.run('MATCH (b:Branch {repoId: $id}) RETURN b ORDER BY b.name LIMIT 10000', { id: repoId(project, repo) }));
      return res.records.map((r) => toBranch(r.get('b')));
    },

    async deleteBranch(project, repo, name) {
      await this.getBranch(project, repo, name);
      await graph.write((tx) => tx.run('MATCH (b:Branch {id: $id}) DETACH DELETE b', { id: branchId(project, repo, name) }));
    },
  };
}

async function listReposWhere(graph: GraphClient, where: string, params: Record<string, unknown>): Promise<RepoRecord[]> {
  const res = await graph.read((tx) =>
    tx.run(
      `MATCH (r:Repo) WHERE ${where}
       OPTIONAL MATCH (b:Branch {repoId: r.id})
       WITH r, count(b) AS branches
       OPTIONAL MATCH (m:Branch {id: r.id + '@master'})-[:HEAD]->(h:Commit)
       RETURN r, branches, coalesce(h.sizeBytes, 0) AS size
       ORDER BY r.project, r.name LIMIT 10000`,
      params,
    ),
  );
  return res.records.map((rec) => ({ ...toRepo(rec.get('r')), branchCount: Number(rec.get('branches')), sizeBytes: Number(rec.get('size')) }));
}

type Props = Record<string, unknown>;
const p = (node: unknown): Props => (node as { properties: Props }).properties;

function toProject(node: unknown): ProjectRecord {
  const x = p(node);
  return { id: String(x.id), name: String(x.name), description: String(x.description ?? ''), createdAt: String(x.createdAt) };
}

function toRepo(node: unknown): Omit<RepoRecord, 'branchCount' | 'sizeBytes'> {
  const x = p(node);
  return {
    id: String(x.id),
    project: String(x.project),
    name: String(x.name),
    description: String(x.description ?? ''),
    kind: (x.kind as RepoRecord['kind']) ?? 'user',
    createdAt: String(x.createdAt),
  };
}

function toBranch(node: unknown): BranchRecord {
  const x = p(node);
  return { id: String(x.id), repoId: String(x.repoId), name: String(x.name), head: (x.head as string | null) ?? null, createdAt: String(x.createdAt) };
}
