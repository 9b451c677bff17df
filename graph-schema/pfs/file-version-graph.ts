/**
 * File versions the lineage needs (records tagged with subjects, datum inputs and outputs),
 * written in batches with UNWIND: one round trip per few thousand files, not one per file.
 */
import { createHash } from 'node:crypto';
import type { GraphClient, Tx } from '../graph-client.js';
import type { FileVersionRecord } from './pfs-records.js';

export interface FileVersionInput {
  repoId: string;
  path: string;
  hash: string;
  size: number;
  subjects?: string[];
}

export interface FileVersionGraph {
  /** Records file versions as introduced by `commitId`, linking tagged subjects. Returns their ids. */
  recordFileVersions(commitId: string, files: FileVersionInput[]): Promise<string[]>;
  getFileVersions(ids: string[]): Promise<FileVersionRecord[]>;
  /** File versions tagged with a subject, newest first. */
  fileVersionsOfSubject(subjectId: string, limit: number): Promise<FileVersionRecord[]>;
}

export const FILE_VERSION_BATCH = 5_000;

export function fileVersionId(repoId: string, path: string, hash: string): string {
  return createHash('sha256').update(`${repoId}\0${path}\0${hash}`).digest('hex').slice(0, 40);
}

export function createNeo4jFileVersionGraph(graph: GraphClient): FileVersionGraph {
  return {
    async recordFileVersions(commitId, files) {
      return graph.write((tx) => writeFileVersions(tx, commitId, files));
    },

    async getFileVersions(ids) {
      const res = await graph.read((tx) => tx.run('UNWIND $ids AS id MATCH (fv:FileVersion {id: id}) RETURN fv', { ids }));
      return res.records.map((r) => toFileVersion(r.get('fv')));
    },

    async fileVersionsOfSubject(subjectId, limit) {
      const res = await graph.read((tx) =>
        tx.run('MATCH (:Subject {id: $subjectId})-[:SUBJECT_OF]->(fv:FileVersion) RETURN fv LIMIT $limit', { subjectId, limit: Math.min(Math.max(1, limit), 100_000) }),
      );
      return res.records.map((r) => toFileVersion(r.get('fv')));
    },
  };
}

/**
 * Writes file versions introduced by a commit inside the caller's transaction, in UNWIND
 * batches, so a commit and the versions it introduces land together.
 */
export async function writeFileVersions(tx: Tx, commitId: string, files: FileVersionInput[]): Promise<string[]> {
  const rows = files.map((f) => ({ ...f, id: fileVersionId(f.repoId, f.path, f.hash), subjects: f.subjects ?? [] }));
  for (let i = 0; i < rows.length; i += FILE_VERSION_BATCH) {
    await tx.run(
      `MATCH (c:Commit {id: $commitId})
       UNWIND $rows AS row
       MERGE (fv:FileVersion {id: row.id})
         ON CREATE SET fv.repoId = row.repoId, fv.path = row.path, fv.hash = row.hash, fv.size = row.size, fv.subjects = row.subjects,
                       fv.createdAt = coalesce(c.finishedAt, c.createdAt)
       MERGE (fv)-[:IN_COMMIT]->(c)
       WITH fv, row, c
       UNWIND row.subjects AS sid
       MERGE (s:Subject {id: sid})
         ON CREATE SET s.createdAt = coalesce(c.finishedAt, c.createdAt)
       MERGE (s)-[:SUBJECT_OF]->(fv)`,
      { commitId, rows: rows.slice(i, i + FILE_VERSION_BATCH) },
    );
  }
  return rows.map((r) => r.id);
}

export function toFileVersion(node: unknown): FileVersionRecord {
  const x = (node as { properties: Record<string, unknown> }).properties;
  return {
    id: String(x.id),
    repoId: String(x.repoId),
    path: String(x.path),
    hash: String(x.hash),
    size: Number(x.size),
    subjects: (x.subjects as string[] | undefined) ?? [],
  };
}
