/**
 * Models and their versions: `(:ModelVersion)-[:VERSION_OF]->(:Model)`,
 * `(:ModelVersion)-[:TRAINED_BY]->(:Job)`, `(:ModelVersion)-[:IN_COMMIT]->(:Commit)`, and
 * `(old)-[:SUPERSEDED_BY]->(new)` when a newer version becomes current. Superseded versions
 * stay, so decisions made with them remain explainable.
 */
import type { GraphClient } from '../graph-client.js';
import { fileVersionId } from '../pfs/file-version-graph.js';
import type { FileVersionRef } from './datum-rows.js';
import type { ModelVersionRecord } from './pipeline-records.js';

export interface NewModelVersion {
  modelId: string;
  project: string;
  name: string;
  path: string;
  commitId: string;
  jobId: string;
  contentHash: string;
  /** The model's files in the output commit. */
  files: FileVersionRef[];
}

export interface ModelGraph {
  /**
   * Records the model version an output commit holds and makes it current, superseding the
   * previous one. Content equal to the current version's adds nothing and returns it.
   */
  recordVersion(input: NewModelVersion): Promise<{ version: ModelVersionRecord; created: boolean }>;
  /** Versions of a model, newest first. */
  listVersions(modelId: string, limit?: number): Promise<ModelVersionRecord[]>;
}

export function createNeo4jModelGraph(graph: GraphClient): ModelGraph {
  return {
    async recordVersion(input) {
      return graph.write(async (tx) => {
        const current = await tx.run(
          `MERGE (m:Model {id: $modelId})
             ON CREATE SET m.project = $project, m.name = $name, m.createdAt = $now
           SET m.path = $path
           WITH m
           OPTIONAL MATCH (v:ModelVersion {modelId: $modelId})
           WITH m, max(v.version) AS last
           OPTIONAL MATCH (cur:ModelVersion {modelId: $modelId, state: 'current'})
           RETURN cur, coalesce(last, 0) AS last`,
          { modelId: input.modelId, project: input.project, name: input.name, path: input.path, now: new Date().toISOString() },
        );
        const rec = current.records[0];
        const cur = rec?.get('cur');
        if (cur && toModelVersion(cur).contentHash === input.contentHash) return { version: toModelVersion(cur), created: false };
        const created = await tx.run(
          `MATCH (m:Model {id: $modelId}), (j:Job {id: $v.jobId}), (c:Commit {id: $v.commitId})
           CREATE (n:ModelVersion {id: $id, modelId: $modelId, version: $version, commitId: $v.commitId, jobId: $v.jobId,
                                   path: $v.path, contentHash: $v.contentHash, state: 'current', createdAt: $now})
           CREATE (n)-[:VERSION_OF]->(m), (n)-[:TRAINED_BY]->(j), (n)-[:IN_COMMIT]->(c)
           WITH n
           CALL (n) {
             MATCH (old:ModelVersion {modelId: $modelId, state: 'current'}) WHERE old.id <> n.id
             SET old.state = 'superseded', old.supersededAt = $now
             MERGE (old)-[:SUPERSEDED_BY]->(n)
           }
           CALL (n) { UNWIND $fileIds AS fid MATCH (fv:FileVersion {id: fid}) MERGE (n)-[:HAS_FILE]->(fv) }
           RETURN n`,
          {
            modelId: input.modelId,
            id: `${input.modelId}@${input.commitId}`,
            version: Number(rec?.get('last') ?? 0) + 1,
            v: { ...input, files: undefined },
            fileIds: input.files.map((f) => fileVersionId(f.repoId, f.path, f.hash)),
            now: new Date().toISOString(),
          },
        );
        return { version: toModelVersion(created.records[0]?.get('n')), created: true };
      });
    },

    async listVersions(modelId, limit = 100) {
      const res = await graph.read((tx) =>
        tx.run('MATCH (v:ModelVersion {modelId: $modelId}) RETURN v ORDER BY v.version DESC LIMIT $limit', {
          modelId,
          limit: Math.min(Math.max(1, Math.trunc(limit)), 10_000),
        }),
      );
      return res.records.map((r) => toModelVersion(r.get('v')));
    },
  };
}

export function toModelVersion(node: unknown): ModelVersionRecord {
  const x = (node as { properties: Record<string, unknown> }).properties;
  return {
    id: String(x.id),
    modelId: String(x.modelId),
    version: Number(x.version),
    commitId: String(x.commitId),
    jobId: String(x.jobId),
    path: String(x.path),
    contentHash: String(x.contentHash),
    state: x.state as ModelVersionRecord['state'],
    createdAt: String(x.createdAt),
  };
}
