/**
 * Data subjects as the graph knows them: `(:Subject)-[:SUBJECT_OF]->(:FileVersion)` for the
 * records tagged with them, `(:Decision)-[:ABOUT]->(:Subject)` for the decisions about them.
 */
import type { GraphClient } from '../graph-client.js';
import { toFileVersion, type FileVersionRecord } from '../pfs/index.js';

export interface SubjectRecord {
  id: string;
}

export interface SubjectPageOptions {
  /** Only file versions of repos in these projects (null or absent: every project). */
  projects?: readonly string[] | null | undefined;
  /** At most 10,000 (default 100). */
  limit?: number | undefined;
  /** The id of the last file version of the previous page. */
  after?: string | undefined;
}

export interface SubjectGraph {
  /** The subjects of `ids` that exist. */
  /** The subjects of `ids` that exist; with `projects`, only those with a record or a decision in one of them. */
  findSubjects(ids: readonly string[], projects?: readonly string[] | null): Promise<SubjectRecord[]>;
  /** File versions tagged with the subject, in id order, paged by id. */
  fileVersionsOfSubject(subjectId: string, opts?: SubjectPageOptions): Promise<FileVersionRecord[]>;
}

export function createNeo4jSubjectGraph(graph: GraphClient): SubjectGraph {
  return {
    async findSubjects(ids, projects = null) {
      const res = await graph.read((tx) =>
        tx.run(
          `UNWIND $ids AS id MATCH (s:Subject {id: id})
           WHERE $projects IS NULL
              OR EXISTS { MATCH (s)-[:SUBJECT_OF]->(fv:FileVersion) WHERE split(fv.repoId, '/')[0] IN $projects }
              OR EXISTS { MATCH (d:Decision {subjectId: id}) WHERE split(d.modelVersionId, '/')[0] IN $projects }
           RETURN s.id AS id`,
          { ids: [...new Set(ids)], projects: projects ? [...projects] : null },
        ),
      );
      return res.records.map((r) => ({ id: String(r.get('id')) }));
    },

    async fileVersionsOfSubject(subjectId, opts = {}) {
      const res = await graph.read((tx) =>
        tx.run(
          `MATCH (:Subject {id: $subjectId})-[:SUBJECT_OF]->(fv:FileVersion)
           WHERE fv.id > $after AND ($projects IS NULL OR split(fv.repoId, '/')[0] IN $projects)
           RETURN fv ORDER BY fv.id LIMIT $limit`,
          {
            subjectId,
            after: opts.after ?? '',
            projects: opts.projects ? [...opts.projects] : null,
            limit: Math.min(Math.max(1, Math.trunc(opts.limit ?? 100)), 10_000),
          },
        ),
      );
      return res.records.map((r) => toFileVersion(r.get('fv')));
    },
  };
}
