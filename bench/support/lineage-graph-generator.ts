/**
 * Builds the lineage benchmark's graph (see lineage-graph-plan.ts) in Neo4j with batched
 * UNWIND Cypher. It counts what the project already holds and builds only what is missing,
 * so a second run starts at once and a stopped one resumes; `rebuild` deletes the project's
 * nodes first, in batches.
 */
import { createNeo4jDecisionGraph } from '../../graph-schema/decisions/index.js';
import type { GraphClient } from '../../graph-schema/graph-client.js';
import type { Logger } from '../../core/logger.js';
import { deleteProject } from './lineage-graph-census.js';
import { BENCH_PROJECT, checkSizes, ids, planDescription, type LineageGraphSizes } from './lineage-graph-plan.js';
import { decisionRow, featureRow, recordRow, trainingRound } from './lineage-graph-rows.js';
import { lineageGraphSkeleton } from './lineage-graph-skeleton.js';
import { writeDecisions, writeFeatures, writeRecords, writeSkeleton, writeTrainingRound, type Created } from './lineage-graph-writer.js';

export interface BuildOptions {
  sizes: LineageGraphSizes;
  /** Rows per transaction. */
  batch: number;
  rebuild: boolean;
  logger: Logger;
}

export interface BuildReport {
  /** Nodes deleted by `rebuild`. */
  deleted: number;
  deleteMs: number;
  created: Created;
  buildMs: number;
  /** True when the graph was complete already. */
  complete: boolean;
}

export async function buildLineageGraph(graph: GraphClient, opts: BuildOptions): Promise<BuildReport> {
  checkSizes(opts.sizes);
  const log = opts.logger.child({ component: 'lineage-graph' });
  const t0 = performance.now();
  const deleted = opts.rebuild ? await deleteProject(graph, opts.sizes) : 0;
  const deleteMs = performance.now() - t0;
  if (opts.rebuild) log.info({ deleted, seconds: Math.round(deleteMs / 1000) }, 'deleted the previous graph');
  await assertSamePlan(graph, opts.sizes);

  const t1 = performance.now();
  const total: Created = { nodes: 0, relationships: 0 };
  const add = (c: Created) => {
    total.nodes += c.nodes;
    total.relationships += c.relationships;
  };
  await writeSkeleton(graph, lineageGraphSkeleton(opts.sizes));
  const { sizes, batch } = opts;
  const phase = async (name: string, done: number, count: number, write: (from: number, to: number) => Promise<Created>, step = batch) => {
    if (done > count) throw new Error(`${BENCH_PROJECT} holds ${done} ${name}, more than the ${count} planned: rebuild it (--rebuild)`);
    if (done < count) log.info({ phase: name, done, count }, done > 0 ? 'resuming' : 'building');
    const started = performance.now();
    for (let from = done; from < count; from += step) {
      const to = Math.min(count, from + step);
      add(await write(from, to));
      const seconds = (performance.now() - started) / 1000;
      if (Math.floor(to / step) % 5 === 0 || to === count) log.info({ phase: name, done: to, count, perSecond: Math.round((to - done) / seconds) }, 'progress');
    }
  };
  const range = <T>(from: number, to: number, row: (i: number) => T) => Array.from({ length: to - from }, (_, i) => row(from + i));

  await phase('records', await countFiles(graph, 'applicants'), sizes.records, (a, b) => writeRecords(graph, range(a, b, (r) => recordRow(sizes, r))));
  await phase('feature datums', await countFiles(graph, 'features'), sizes.records, (a, b) => writeFeatures(graph, range(a, b, (r) => featureRow(sizes, r))));
  // As the pipelines do when they record a model version: its training summary is kept on it.
  const decisions = createNeo4jDecisionGraph(graph);
  const train = async (k: number) => {
    const created = await writeTrainingRound(graph, trainingRound(sizes, k));
    await decisions.summarizeTraining([ids.modelVersion(k)]);
    return created;
  };
  // Versions an earlier run wrote but stopped before summarizing (a no-op for summarized ones).
  await decisions.summarizeTraining(Array.from({ length: sizes.commits }, (_, k) => ids.modelVersion(k)));
  await phase('training rounds', await countModelVersions(graph), sizes.commits, train, 1);
  await phase('decisions', await countDecisions(graph), sizes.decisions, (a, b) => writeDecisions(graph, range(a, b, (i) => decisionRow(sizes, i))));
  const buildMs = performance.now() - t1;
  if (total.nodes > 0) log.info({ nodes: total.nodes, relationships: total.relationships, seconds: Math.round(buildMs / 1000), nodesPerSecond: Math.round(total.nodes / (buildMs / 1000)) }, 'built');
  return { deleted, deleteMs, created: total, buildMs, complete: total.nodes === 0 };
}

/** A graph built with other sizes has other ids: it must be rebuilt, not extended. */
async function assertSamePlan(graph: GraphClient, sizes: LineageGraphSizes): Promise<void> {
  const res = await graph.read((tx) => tx.run('MATCH (p:Project {id: $id}) RETURN p.description AS d', { id: BENCH_PROJECT }));
  const found = res.records[0]?.get('d') as string | undefined;
  if (found !== undefined && found !== planDescription(sizes)) {
    throw new Error(`${BENCH_PROJECT} was built with other sizes ("${found}"): rebuild it (--rebuild)`);
  }
}

async function countOne(graph: GraphClient, cypher: string, params: Record<string, unknown>): Promise<number> {
  const res = await graph.read((tx) => tx.run(cypher, params));
  return Number(res.records[0]?.get('n') ?? 0);
}

const countFiles = (graph: GraphClient, repo: 'applicants' | 'features') =>
  countOne(graph, 'MATCH (f:FileVersion {repoId: $repoId}) RETURN count(f) AS n', { repoId: ids.repo(repo) });
const countModelVersions = (graph: GraphClient) => countOne(graph, 'MATCH (v:ModelVersion {modelId: $modelId}) RETURN count(v) AS n', { modelId: ids.model() });
const countDecisions = (graph: GraphClient) =>
  countOne(graph, 'MATCH (v:ModelVersion {modelId: $modelId}) RETURN sum(COUNT { (v)<-[:MADE_BY]-() }) AS n', { modelId: ids.model() });
