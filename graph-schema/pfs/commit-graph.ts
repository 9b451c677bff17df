/**
 * Commits in the graph: created open or finished, finished atomically together with the move
 * of their branch head, so a reader never sees a partial commit.
 * Edges point the way data flows: (parent)-[:PARENT]->(child), (input)-[:PROVENANCE]->(output).
 */
import { ConflictError, FailedPreconditionError, NotFoundError } from '../../core/errors.js';
import type { GraphClient, Tx } from '../graph-client.js';
import { writeFileVersions, type FileVersionInput } from './file-version-graph.js';
import type { CommitOrigin, CommitRecord } from './pfs-records.js';

export interface NewCommit {
  id: string;
  repoId: string;
  branchId: string | null;
  branch: string | null;
  parentId: string | null;
  origin: CommitOrigin;
  commitSet: string;
  description: string;
  /** Commits this one was computed from (pipeline outputs). */
  provenance?: string[];
}

export interface FinishedTree {
  manifest: string | null;
  fileCount: number;
  sizeBytes: number;
  /** File versions the commit introduces that lineage needs (records with subjects). */
  fileVersions?: FileVersionInput[];
}

export interface CommitGraph {
  /** Creates an open commit; refuses when the branch already has one. */
  startCommit(c: NewCommit): Promise<CommitRecord>;
  /** Finishes an open commit and moves its branch head to it, in one transaction. */
  finishCommit(id: string, tree: FinishedTree): Promise<CommitRecord>;
  /** Creates a commit already finished and moves the branch head, in one transaction. */
  createFinishedCommit(c: NewCommit, tree: FinishedTree): Promise<CommitRecord>;
  failCommit(id: string, error: string): Promise<void>;
  /** Removes an open commit (nothing of it was visible). */
  dropOpenCommit(id: string): Promise<void>;
  getCommit(id: string): Promise<CommitRecord>;
  findCommit(id: string): Promise<CommitRecord | null>;
  openCommitOf(branchId: string): Promise<CommitRecord | null>;
  /** The commit `n` generations before `id` (n = 0 is `id`). */
  ancestor(id: string, n: number): Promise<CommitRecord>;
  /** Commits from `headId` back through parents, newest first. */
  history(headId: string, opts: { limit: number; finishedOnly?: boolean }): Promise<CommitRecord[]>;
  /** Every commit of a commit set, ordered by creation. */
  commitSet(commitSet: string): Promise<CommitRecord[]>;
  provenance(id: string): Promise<CommitRecord[]>;
  subvenance(id: string): Promise<CommitRecord[]>;
  /** The commits of `ids` that exist, in one query (for a page of commits and their parents). */
  getCommits(ids: readonly string[]): Promise<CommitRecord[]>;
  /** `provenance` of many commits in one query, by commit id. */
  provenanceOf(ids: readonly string[]): Promise<Map<string, CommitRecord[]>>;
  /** `subvenance` of many commits in one query, by commit id. */
  subvenanceOf(ids: readonly string[]): Promise<Map<string, CommitRecord[]>>;
}

const MAX_DEPTH = 100_000;

export function createNeo4jCommitGraph(graph: GraphClient): CommitGraph {
  const now = () => new Date().toISOString();

  const create = async (tx: Tx, c: NewCommit, state: 'open' | 'finished', tree?: FinishedTree) => {
    if (c.branchId) await assertHeadIs(tx, c.branchId, c.parentId);
    const res = await tx.run(
      `MATCH (r:Repo {id: $c.repoId})
       CREATE (n:Commit {id: $c.id, repoId: $c.repoId, branch: $c.branch, parentId: $c.parentId, origin: $c.origin,
                         state: $state, commitSet: $c.commitSet, description: $c.description,
                         manifest: $manifest, fileCount: $fileCount, sizeBytes: $sizeBytes,
                         createdAt: $now, finishedAt: CASE WHEN $state = 'finished' THEN $now ELSE null END})-[:IN_REPO]->(r)
       WITH n
       CALL (n) { MATCH (p:Commit {id: $c.parentId}) MERGE (p)-[:PARENT]->(n) }
       CALL (n) { UNWIND $provenance AS src MATCH (s:Commit {id: src}) MERGE (s)-[:PROVENANCE]->(n) }
       RETURN n`,
      {
        c: { ...c, provenance: undefined },
        state,
        manifest: tree?.manifest ?? null,
        fileCount: tree?.fileCount ?? 0,
        sizeBytes: tree?.sizeBytes ?? 0,
        provenance: c.provenance ?? [],
        now: now(),
      },
    );
    const node = res.records[0]?.get('n');
    if (!node) throw new NotFoundError(`repo ${c.repoId} does not exist`, { repo: c.repoId });
    return toCommit(node);
  };

  const moveHead = (tx: Tx, branchId: string, commitId: string) =>
    tx.run(
      `MATCH (b:Branch {id: $branchId}), (c:Commit {id: $commitId})
       OPTIONAL MATCH (b)-[old:HEAD]->()
       DELETE old
       MERGE (b)-[:HEAD]->(c)
       SET b.head = $commitId`,
      { branchId, commitId },
    );

  const commitsWhere = async (cypher: string, params: Record<string, unknown>) => {
    const res = await graph.read((tx) => tx.run(cypher, params));
    return res.records.map((r) => toCommit(r.get('c')));
  };

  return {
    async startCommit(c) {
      return graph.write(async (tx) => {
        if (c.branchId) {
          await assertHeadIs(tx, c.branchId, c.parentId);
          const open = await tx.run(`MATCH (c:Commit {repoId: $repoId, branch: $branch, state: 'open'}) RETURN c.id AS id LIMIT 1`, { repoId: c.repoId, branch: c.branch });
          const openId = open.records[0]?.get('id');
          if (openId) throw new ConflictError(`branch ${c.branch} of ${c.repoId} has an open commit ${openId}: finish it (\`stemma finish commit\`) or delete it first`, { commit: openId });
        }
        return create(tx, c, 'open');
      });
    },

    async finishCommit(id, tree) {
      return graph.write(async (tx) => {
        const res = await tx.run('MATCH (c:Commit {id: $id}) SET c._lock = true REMOVE c._lock RETURN c', { id });
        const node = res.records[0]?.get('c');
        if (!node) throw new NotFoundError(`commit ${id} does not exist`, { commit: id });
        const commit = toCommit(node);
        if (commit.state !== 'open') throw new FailedPreconditionError(`commit ${id} is ${commit.state}, not open`, { commit: id });
        const branchId = commit.branch ? `${commit.repoId}@${commit.branch}` : null;
        if (branchId) await assertHeadIs(tx, branchId, commit.parentId);
        const done = await tx.run(
          `MATCH (c:Commit {id: $id})
           SET c.state = 'finished', c.finishedAt = $now, c.manifest = $tree.manifest, c.fileCount = $tree.fileCount, c.sizeBytes = $tree.sizeBytes
           RETURN c`,
          { id, tree: { manifest: tree.manifest, fileCount: tree.fileCount, sizeBytes: tree.sizeBytes }, now: now() },
        );
        if (tree.fileVersions?.length) await writeFileVersions(tx, id, tree.fileVersions);
        if (branchId) await moveHead(tx, branchId, id);
        return toCommit(done.records[0]?.get('c'));
      });
    },

    async createFinishedCommit(c, tree) {
      return graph.write(async (tx) => {
        const commit = await create(tx, c, 'finished', tree);
        if (tree.fileVersions?.length) await writeFileVersions(tx, c.id, tree.fileVersions);
        if (c.branchId) await moveHead(tx, c.branchId, c.id);
        return commit;
      });
    },

    async failCommit(id, error) {
      await graph.write((tx) => tx.run(`MATCH (c:Commit {id: $id}) WHERE c.state IN ['open', 'finishing'] SET c.state = 'failed', c.error = $error, c.finishedAt = $now`, { id, error, now: now() }));
    },

    async dropOpenCommit(id) {
      const res = await graph.write((tx) => tx.run(`MATCH (c:Commit {id: $id}) WITH c, c.state AS state FOREACH (_ IN CASE WHEN state IN ['open', 'failed'] THEN [1] ELSE [] END | DETACH DELETE c) RETURN state`, { id }));
      const state = res.records[0]?.get('state');
      if (state === undefined) throw new NotFoundError(`commit ${id} does not exist`, { commit: id });
      if (state === 'finished') throw new FailedPreconditionError(`commit ${id} is finished; only an open commit can be dropped`, { commit: id });
    },

    async getCommit(id) {
      const found = await this.findCommit(id);
      if (!found) throw new NotFoundError(`commit ${id} does not exist`, { commit: id });
      return found;
    },

    async findCommit(id) {
      const list = await commitsWhere('MATCH (c:Commit {id: $id}) RETURN c', { id });
      return list[0] ?? null;
    },

    async openCommitOf(branchId) {
      const [repoId, branch] = splitBranchId(branchId);
      const list = await commitsWhere(`MATCH (c:Commit {repoId: $repoId, branch: $branch, state: 'open'}) RETURN c LIMIT 1`, { repoId, branch });
      return list[0] ?? null;
    },

    async ancestor(id, n) {
      if (n === 0) return this.getCommit(id);
      const list = await commitsWhere(`MATCH (c:Commit)-[:PARENT*${Math.min(Math.max(1, Math.trunc(n)), MAX_DEPTH)}]->(:Commit {id: $id}) RETURN c`, { id });
      const found = list[0];
      if (!found) throw new NotFoundError(`commit ${id} has fewer than ${n} ancestors`, { commit: id });
      return found;
    },

    async history(headId, { limit, finishedOnly = false }) {
      const bounded = Math.min(Math.max(1, Math.trunc(limit)), MAX_DEPTH);
      return commitsWhere(
        `MATCH (h:Commit {id: $headId})
         MATCH p = (c:Commit)-[:PARENT*0..${bounded}]->(h)
         WITH c, length(p) AS depth WHERE NOT $finishedOnly OR c.state = 'finished'
         RETURN c ORDER BY depth LIMIT toInteger($limit)`,
        { headId, finishedOnly, limit: bounded },
      );
    },

    commitSet: (commitSet) => commitsWhere('MATCH (c:Commit {commitSet: $commitSet}) RETURN c ORDER BY c.createdAt LIMIT 10000', { commitSet }),
    provenance: (id) => commitsWhere('MATCH (c:Commit)-[:PROVENANCE]->(:Commit {id: $id}) RETURN c ORDER BY c.createdAt LIMIT 10000', { id }),
    subvenance: (id) => commitsWhere('MATCH (:Commit {id: $id})-[:PROVENANCE]->(c:Commit) RETURN c ORDER BY c.createdAt LIMIT 10000', { id }),
    getCommits: (ids) => commitsWhere('UNWIND $ids AS id MATCH (c:Commit {id: id}) RETURN c', { ids: [...new Set(ids)] }),
    provenanceOf: (ids) => commitsByKey(graph, '(c:Commit)-[:PROVENANCE]->(k)', ids),
    subvenanceOf: (ids) => commitsByKey(graph, '(k)-[:PROVENANCE]->(c:Commit)', ids),
  };
}

/** For each commit `k` of `ids`, the commits `c` that `pattern` links it to (bounded, oldest first). */
async function commitsByKey(graph: GraphClient, pattern: string, ids: readonly string[]): Promise<Map<string, CommitRecord[]>> {
  const res = await graph.read((tx) =>
    tx.run(
      `UNWIND $ids AS id
       MATCH (k:Commit {id: id})
       CALL (k) { MATCH ${pattern} RETURN c ORDER BY c.createdAt LIMIT 10000 }
       RETURN id, collect(c) AS commits`,
      { ids: [...new Set(ids)] },
    ),
  );
  return new Map(res.records.map((r) => [String(r.get('id')), (r.get('commits') as unknown[]).map(toCommit)]));
}

/** The branch head must still be the commit the new one was started from. */
async function assertHeadIs(tx: Tx, branchId: string, parentId: string | null): Promise<void> {
  // Writing to the branch takes its write lock before its head is read, so two writers from the same
  // parent cannot both pass this check (Neo4j reads committed data; the lock makes the read current).
  const res = await tx.run('MATCH (b:Branch {id: $branchId}) SET b._lock = true REMOVE b._lock RETURN b.head AS head', { branchId });
  const rec = res.records[0];
  if (!rec) throw new NotFoundError(`branch ${branchId} does not exist`, { branch: branchId });
  const head = (rec.get('head') as string | null) ?? null;
  if (head !== parentId) {
    throw new ConflictError(`branch ${branchId} moved to ${head ?? 'nothing'} while this commit was being written from ${parentId ?? 'nothing'}; retry`, { branch: branchId });
  }
}

function splitBranchId(branchId: string): [string, string] {
  const at = branchId.lastIndexOf('@');
  return [branchId.slice(0, at), branchId.slice(at + 1)];
}

export function toCommit(node: unknown): CommitRecord {
  const x = (node as { properties: Record<string, unknown> }).properties;
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(x.id),
    repoId: String(x.repoId),
    branch: str(x.branch),
    parentId: str(x.parentId),
    origin: x.origin as CommitRecord['origin'],
    state: x.state as CommitRecord['state'],
    commitSet: String(x.commitSet),
    description: String(x.description ?? ''),
    manifest: str(x.manifest),
    fileCount: Number(x.fileCount ?? 0),
    sizeBytes: Number(x.sizeBytes ?? 0),
    createdAt: String(x.createdAt),
    finishedAt: str(x.finishedAt),
    error: str(x.error),
  };
}
