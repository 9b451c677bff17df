/**
 * What recording a pipeline's decisions reads from the graph: the decision files the datums
 * of a job wrote, and the model version each datum read.
 */
import type { GraphClient } from '../graph-client.js';
import { toModelVersion, type ModelVersionRecord } from '../pipelines/index.js';

/** A file a datum wrote under the decisions path. */
export interface DecisionFile {
  datumId: string;
  repoId: string;
  path: string;
  hash: string;
}

export interface DecisionSources {
  /**
   * The `*.json` and `*.jsonl` files under `dir` that the datums of a job that ran and
   * succeeded wrote (skipped datums' files were read by the job that ran them), by datum and path.
   */
  decisionFilesOfJob(jobId: string, dir: string): Promise<DecisionFile[]>;
  /** For each datum, the newest version of the model whose files were among the datum's inputs. */
  modelVersionsReadBy(modelId: string, datumIds: readonly string[]): Promise<Map<string, ModelVersionRecord>>;
  /** The model's current version, or null. */
  currentModelVersion(modelId: string): Promise<ModelVersionRecord | null>;
}

export function createNeo4jDecisionSources(graph: GraphClient): DecisionSources {
  return {
    async decisionFilesOfJob(jobId, dir) {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const res = await graph.read((tx) =>
        tx.run(
          `MATCH (d:Datum {jobId: $jobId}) WHERE d.state = 'success'
           MATCH (d)-[:PRODUCED]->(fv:FileVersion)
           WHERE fv.path STARTS WITH $prefix AND (fv.path ENDS WITH '.jsonl' OR fv.path ENDS WITH '.json')
           RETURN d.id AS datumId, fv.repoId AS repoId, fv.path AS path, fv.hash AS hash
           ORDER BY datumId, path`,
          { jobId, prefix },
        ),
      );
      return res.records.map((r) => ({ datumId: String(r.get('datumId')), repoId: String(r.get('repoId')), path: String(r.get('path')), hash: String(r.get('hash')) }));
    },

    async modelVersionsReadBy(modelId, datumIds) {
      const res = await graph.read((tx) =>
        tx.run(
          `UNWIND $datumIds AS datumId
           MATCH (:Datum {id: datumId})<-[:INPUT_OF]-(:FileVersion)<-[:HAS_FILE]-(mv:ModelVersion)
           WHERE mv.modelId = $modelId
           WITH datumId, mv ORDER BY mv.version DESC
           RETURN datumId, head(collect(mv)) AS mv`,
          { modelId, datumIds: [...new Set(datumIds)] },
        ),
      );
      return new Map(res.records.map((r) => [String(r.get('datumId')), toModelVersion(r.get('mv'))]));
    },

    async currentModelVersion(modelId) {
      const res = await graph.read((tx) =>
        tx.run(`MATCH (mv:ModelVersion {modelId: $modelId}) WHERE mv.state = 'current' RETURN mv ORDER BY mv.version DESC LIMIT 1`, { modelId }),
      );
      const node = res.records[0]?.get('mv');
      return node ? toModelVersion(node) : null;
    },
  };
}
