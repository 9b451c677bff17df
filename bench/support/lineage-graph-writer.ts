/**
 * The Cypher that writes the lineage benchmark's graph: one UNWIND statement per batch of
 * rows, each batch one transaction, so a stopped build leaves whole batches only. The small
 * skeleton is merged (idempotent); the large parts are created, the generator having
 * counted what exists.
 */
import type { QueryResult } from 'neo4j-driver';
import type { GraphClient } from '../../graph-schema/graph-client.js';
import type { DecisionRow, FeatureRow, RecordRow, TrainingRound } from './lineage-graph-rows.js';
import type { LineageGraphSkeleton } from './lineage-graph-skeleton.js';

export async function writeSkeleton(graph: GraphClient, s: LineageGraphSkeleton): Promise<void> {
  await graph.write(async (tx) => {
    await tx.run('MERGE (p:Project {id: $p.id}) ON CREATE SET p = $p', { p: s.project });
    await tx.run(
      `MATCH (p:Project {id: $project}) UNWIND $repos AS r
       MERGE (n:Repo {id: r.id}) ON CREATE SET n = r.props MERGE (n)-[:IN_PROJECT]->(p)`,
      { project: s.project.id, repos: s.repos },
    );
    await tx.run(
      `UNWIND $commits AS c MATCH (r:Repo {id: c.repoId})
       MERGE (n:Commit {id: c.id}) ON CREATE SET n = c.props MERGE (n)-[:IN_REPO]->(r)`,
      { commits: s.commits },
    );
    await tx.run('UNWIND $edges AS e MATCH (a:Commit {id: e.from}), (b:Commit {id: e.to}) MERGE (a)-[:PARENT]->(b)', { edges: s.parents });
    await tx.run('UNWIND $edges AS e MATCH (a:Commit {id: e.from}), (b:Commit {id: e.to}) MERGE (a)-[:PROVENANCE]->(b)', { edges: s.provenance });
    await tx.run(
      `UNWIND $branches AS b MATCH (r:Repo {id: b.repoId}), (h:Commit {id: b.head})
       MERGE (n:Branch {id: b.id}) ON CREATE SET n = b.props MERGE (n)-[:IN_REPO]->(r) MERGE (n)-[:HEAD]->(h)`,
      { branches: s.branches },
    );
    await tx.run(
      `UNWIND $pipelines AS p
       MERGE (n:Pipeline {id: p.id}) ON CREATE SET n = p.props
       MERGE (v:PipelineVersion {id: p.version.id}) ON CREATE SET v = p.version
       MERGE (n)-[:CURRENT]->(v) MERGE (v)-[:VERSION_OF]->(n)
       WITH v, p UNWIND p.reads AS repoId MATCH (r:Repo {id: repoId}) MERGE (v)-[:READS]->(r)`,
      { pipelines: s.pipelines },
    );
    await tx.run(
      `UNWIND $jobs AS j MATCH (v:PipelineVersion {id: j.pipelineVersionId}), (i:Commit {id: j.inputCommit}), (o:Commit {id: j.outputCommit})
       MERGE (n:Job {id: j.id}) ON CREATE SET n = j.props
       MERGE (n)-[:RAN]->(v) MERGE (i)-[:INPUT_OF]->(n) MERGE (n)-[:OUTPUT_COMMIT]->(o)`,
      { jobs: s.jobs },
    );
    await tx.run('MERGE (m:Model {id: $m.id}) ON CREATE SET m = $m', { m: s.model });
  });
}

/** Nodes and relationships a write created. */
export interface Created {
  nodes: number;
  relationships: number;
}

const created = (results: QueryResult[]): Created =>
  results.reduce(
    (sum, r) => {
      const u = r.summary.counters.updates();
      return { nodes: sum.nodes + u.nodesCreated, relationships: sum.relationships + u.relationshipsCreated };
    },
    { nodes: 0, relationships: 0 },
  );

/** Runs one UNWIND statement over `rows` in its own transaction. */
async function writeBatch(graph: GraphClient, cypher: string, rows: unknown[]): Promise<Created> {
  return graph.write(async (tx) => created([await tx.run(cypher, { rows })]));
}

export const writeRecords = (graph: GraphClient, rows: RecordRow[]): Promise<Created> =>
  writeBatch(
    graph,
    `UNWIND $rows AS row MATCH (c:Commit {id: row.commitId})
     CREATE (s:Subject {id: row.subjectId})
     CREATE (f:FileVersion) SET f = row.file
     CREATE (s)-[:SUBJECT_OF]->(f), (f)-[:IN_COMMIT]->(c)`,
    rows,
  );

export const writeFeatures = (graph: GraphClient, rows: FeatureRow[]): Promise<Created> =>
  writeBatch(
    graph,
    `UNWIND $rows AS row
     MATCH (j:Job {id: row.jobId}), (c:Commit {id: row.commitId}), (i:FileVersion {id: row.inputId})
     CREATE (d:Datum) SET d = row.datum
     CREATE (o:FileVersion) SET o = row.output
     CREATE (i)-[:INPUT_OF]->(d), (d)-[:PRODUCED]->(o), (d)-[:OF_JOB]->(j), (o)-[:IN_COMMIT]->(c)`,
    rows,
  );

/** One training round in one transaction: its datum, inputs, model files and model version. */
export async function writeTrainingRound(graph: GraphClient, t: TrainingRound): Promise<Created> {
  return graph.write(async (tx) => {
    const datum = await tx.run(
      `MATCH (j:Job {id: $t.jobId}), (c:Commit {id: $t.commitId})
       CREATE (d:Datum) SET d = $t.datum
       CREATE (d)-[:OF_JOB]->(j)
       WITH d, c UNWIND $t.files AS file
       CREATE (f:FileVersion) SET f = file
       CREATE (d)-[:PRODUCED]->(f), (f)-[:IN_COMMIT]->(c)`,
      { t: { ...t, inputIds: undefined } },
    );
    const inputs = await tx.run('MATCH (d:Datum {id: $datumId}) UNWIND $inputIds AS id MATCH (f:FileVersion {id: id}) CREATE (f)-[:INPUT_OF]->(d)', {
      datumId: t.datum.id,
      inputIds: t.inputIds,
    });
    const version = await tx.run(
      `MATCH (m:Model {id: $v.modelId}), (j:Job {id: $t.jobId}), (c:Commit {id: $t.commitId})
       CREATE (n:ModelVersion) SET n = $v
       CREATE (n)-[:VERSION_OF]->(m), (n)-[:TRAINED_BY]->(j), (n)-[:IN_COMMIT]->(c)
       WITH n UNWIND $fileIds AS id MATCH (f:FileVersion {id: id}) CREATE (n)-[:HAS_FILE]->(f)
       WITH DISTINCT n OPTIONAL MATCH (old:ModelVersion {id: $previous})
       FOREACH (_ IN CASE WHEN old IS NULL THEN [] ELSE [1] END | CREATE (old)-[:SUPERSEDED_BY]->(n))`,
      { v: t.version, t: { jobId: t.jobId, commitId: t.commitId }, fileIds: t.files.map((f) => f.id), previous: t.previousVersionId },
    );
    return created([datum, inputs, version]);
  });
}

export const writeDecisions = (graph: GraphClient, rows: DecisionRow[]): Promise<Created> =>
  writeBatch(
    graph,
    `UNWIND $rows AS row
     MATCH (v:ModelVersion {id: row.modelVersionId}), (s:Subject {id: row.subjectId})
     CREATE (d:Decision) SET d = row.decision
     CREATE (d)-[:MADE_BY]->(v), (d)-[:ABOUT]->(s)`,
    rows,
  );
