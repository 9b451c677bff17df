/**
 * Pipelines and their versions in the graph:
 * `(:Pipeline)-[:CURRENT]->(:PipelineVersion)-[:VERSION_OF]->(:Pipeline)` and
 * `(:PipelineVersion)-[:READS]->(:Repo)`. Every spec change is a new version; old versions
 * stay, because jobs that ran them point at them. A deleted pipeline loses its CURRENT edge.
 */
import { NotFoundError } from '../../core/errors.js';
import type { GraphClient } from '../graph-client.js';
import { pipelineId, pipelineVersionId, UNSCOPED_QUEUE, type PipelineRecord, type PipelineVersionRecord } from './pipeline-records.js';

export type NewPipelineVersion = {
  project: string;
  name: string;
  /** The queue namespace of the deployment that creates the version: its workers keep the pipeline running (default `UNSCOPED_QUEUE`). */
  queue?: string;
} & Pick<PipelineVersionRecord, 'specHash' | 'spec' | 'image' | 'cmd' | 'reprocess' | 'inputRepoIds' | 'outputRepoId'>;

export interface PipelineGraph {
  /** Adds a version (number = last + 1) and makes it current; creates the pipeline if needed. */
  createVersion(input: NewPipelineVersion): Promise<PipelineVersionRecord>;
  /** The pipeline with its current version, or null when it does not exist or was deleted. */
  findPipeline(project: string, name: string): Promise<PipelineRecord | null>;
  getPipeline(project: string, name: string): Promise<PipelineRecord>;
  /** Pipelines that have a current version, by project and name. */
  listPipelines(project?: string): Promise<PipelineRecord[]>;
  getVersion(id: string): Promise<PipelineVersionRecord>;
  /** Versions of a pipeline, newest first. */
  listVersions(project: string, name: string, limit?: number): Promise<PipelineVersionRecord[]>;
  /** Removes the pipeline's CURRENT edge; its versions and jobs stay for lineage. */
  markDeleted(project: string, name: string): Promise<void>;
}

const MAX_PIPELINES = 10_000;

export function createNeo4jPipelineGraph(graph: GraphClient): PipelineGraph {
  const now = () => new Date().toISOString();

  const pipelinesWhere = async (where: string, params: Record<string, unknown>): Promise<PipelineRecord[]> => {
    const res = await graph.read((tx) =>
      tx.run(
        `MATCH (p:Pipeline)-[:CURRENT]->(v:PipelineVersion) WHERE ${where}
         RETURN p, v ORDER BY p.project, p.name LIMIT ${MAX_PIPELINES}`,
        params,
      ),
    );
    return res.records.map((r) => toPipeline(r.get('p'), r.get('v')));
  };

  return {
    async createVersion(input) {
      const id = pipelineId(input.project, input.name);
      return graph.write(async (tx) => {
        const last = await tx.run(
          `MERGE (p:Pipeline {id: $id})
             ON CREATE SET p.project = $project, p.name = $name, p.createdAt = $now
           SET p.updatedAt = $now, p.deleted = false, p.queue = $queue
           WITH p
           OPTIONAL MATCH (v:PipelineVersion {pipelineId: $id})
           RETURN coalesce(max(v.version), 0) AS last`,
          { id, project: input.project, name: input.name, queue: input.queue ?? UNSCOPED_QUEUE, now: now() },
        );
        const version = Number(last.records[0]?.get('last') ?? 0) + 1;
        const res = await tx.run(
          `MATCH (p:Pipeline {id: $id})
           OPTIONAL MATCH (p)-[old:CURRENT]->()
           DELETE old
           WITH DISTINCT p
           CREATE (v:PipelineVersion {id: $versionId, pipelineId: $id, version: $version, specHash: $v.specHash, spec: $v.spec,
                                      image: $v.image, cmd: $v.cmd, reprocess: $v.reprocess, inputRepoIds: $v.inputRepoIds,
                                      outputRepoId: $v.outputRepoId, createdAt: $now})
           CREATE (p)-[:CURRENT]->(v)
           CREATE (v)-[:VERSION_OF]->(p)
           WITH v
           CALL (v) { UNWIND $v.inputRepoIds AS repoId MATCH (r:Repo {id: repoId}) MERGE (v)-[:READS]->(r) }
           RETURN v`,
          { id, versionId: pipelineVersionId(id, version), version, v: { ...input, queue: undefined }, now: now() },
        );
        return toVersion(res.records[0]?.get('v'));
      });
    },

    async findPipeline(project, name) {
      const found = await pipelinesWhere('p.id = $id', { id: pipelineId(project, name) });
      return found[0] ?? null;
    },

    async getPipeline(project, name) {
      const found = await this.findPipeline(project, name);
      if (!found) throw new NotFoundError(`pipeline ${project}/${name} does not exist: create it with \`stemma create pipeline -f <spec>\``, { pipeline: name, project });
      return found;
    },

    listPipelines: (project) => (project ? pipelinesWhere('p.project = $project', { project }) : pipelinesWhere('true', {})),

    async getVersion(id) {
      const res = await graph.read((tx) => tx.run('MATCH (v:PipelineVersion {id: $id}) RETURN v', { id }));
      const node = res.records[0]?.get('v');
      if (!node) throw new NotFoundError(`pipeline version ${id} does not exist`, { pipelineVersion: id });
      return toVersion(node);
    },

    async listVersions(project, name, limit = 100) {
      const res = await graph.read((tx) =>
        tx.run('MATCH (v:PipelineVersion {pipelineId: $id}) RETURN v ORDER BY v.version DESC LIMIT $limit', {
          id: pipelineId(project, name),
          limit: Math.min(Math.max(1, Math.trunc(limit)), 10_000),
        }),
      );
      return res.records.map((r) => toVersion(r.get('v')));
    },

    async markDeleted(project, name) {
      const res = await graph.write((tx) =>
        tx.run(
          `MATCH (p:Pipeline {id: $id})
           OPTIONAL MATCH (p)-[c:CURRENT]->()
           DELETE c
           SET p.deleted = true, p.updatedAt = $now
           RETURN p.id AS id`,
          { id: pipelineId(project, name), now: now() },
        ),
      );
      if (res.records.length === 0) throw new NotFoundError(`pipeline ${project}/${name} does not exist`, { pipeline: name, project });
    },
  };
}

type Props = Record<string, unknown>;
const props = (node: unknown): Props => (node as { properties: Props }).properties;

export function toVersion(node: unknown): PipelineVersionRecord {
  const x = props(node);
  return {
    id: String(x.id),
    pipelineId: String(x.pipelineId),
    version: Number(x.version),
    specHash: String(x.specHash),
    spec: String(x.spec),
    image: (x.image as string | null) ?? null,
    cmd: (x.cmd as string[] | null) ?? [],
    reprocess: Boolean(x.reprocess),
    inputRepoIds: (x.inputRepoIds as string[] | null) ?? [],
    outputRepoId: String(x.outputRepoId),
    createdAt: String(x.createdAt),
  };
}

function toPipeline(p: unknown, v: unknown): PipelineRecord {
  const x = props(p);
  return {
    id: String(x.id),
    project: String(x.project),
    name: String(x.name),
    createdAt: String(x.createdAt),
    updatedAt: String(x.updatedAt ?? x.createdAt),
    queue: x.queue === null || x.queue === undefined ? UNSCOPED_QUEUE : String(x.queue),
    current: toVersion(v),
  };
}
