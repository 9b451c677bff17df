/**
 * Which nodes belong to the lineage benchmark's project, label by label, as indexed
 * predicates: to count them, count their outgoing relationships, and delete them in batches.
 */
import type { GraphClient } from '../../graph-schema/graph-client.js';
import { BENCH_PROJECT, ids, type LineageGraphSizes } from './lineage-graph-plan.js';

interface Selector {
  label: string;
  where: string;
}

/** In deletion order: the largest and the leaves first, so no step deletes a dense node early. */
export function projectSelectors(): Selector[] {
  return [
    { label: 'Decision', where: 'n.modelVersionId STARTS WITH $modelPrefix' },
    { label: 'Datum', where: 'n.jobId IN $jobIds' },
    { label: 'FileVersion', where: 'n.repoId IN $repoIds' },
    { label: 'Subject', where: 'n.id STARTS WITH $subjectPrefix' },
    { label: 'ModelVersion', where: 'n.modelId = $modelId' },
    { label: 'Job', where: 'n.pipelineId IN $pipelineIds' },
    { label: 'Commit', where: 'n.repoId IN $repoIds' },
    { label: 'Branch', where: 'n.repoId IN $repoIds' },
    { label: 'PipelineVersion', where: 'n.pipelineId IN $pipelineIds' },
    { label: 'Pipeline', where: 'n.project = $project' },
    { label: 'Model', where: 'n.project = $project' },
    { label: 'Repo', where: 'n.project = $project' },
    { label: 'Project', where: 'n.id = $project' },
  ];
}

export function selectorParams(sizes: LineageGraphSizes): Record<string, unknown> {
  const rounds = Array.from({ length: sizes.commits }, (_, k) => k);
  return {
    project: BENCH_PROJECT,
    modelId: ids.model(),
    modelPrefix: `${ids.model()}@`,
    subjectPrefix: ids.subjectPrefix(),
    repoIds: (['applicants', 'features', 'train'] as const).map((r) => ids.repo(r)),
    pipelineIds: [ids.pipeline('features'), ids.pipeline('train')],
    // Datums of earlier plans with more rounds are found too: jobs are listed from the graph.
    jobIds: rounds.flatMap((k) => [ids.job('features', k), ids.job('train', k)]),
  };
}

export interface Census {
  nodes: Record<string, number>;
  relationships: Record<string, number>;
}

/** Nodes per label and outgoing relationships per type of the project's nodes. */
export async function takeCensus(graph: GraphClient, sizes: LineageGraphSizes): Promise<Census> {
  const params = await paramsFromGraph(graph, sizes);
  const nodes: Record<string, number> = {};
  const relationships: Record<string, number> = {};
  for (const s of projectSelectors()) {
    const res = await graph.read((tx) =>
      tx.run(
        `MATCH (n:${s.label}) WHERE ${s.where}
         CALL (n) { MATCH (n)-[r]->() RETURN type(r) AS type, count(r) AS c }
         RETURN type, sum(c) AS rels`,
        params,
      ),
    );
    const total = await graph.read((tx) => tx.run(`MATCH (n:${s.label}) WHERE ${s.where} RETURN count(n) AS n`, params));
    nodes[s.label] = Number(total.records[0]?.get('n') ?? 0);
    for (const r of res.records) relationships[String(r.get('type'))] = (relationships[String(r.get('type'))] ?? 0) + Number(r.get('rels'));
  }
  return { nodes, relationships };
}

/** Deletes the project's nodes, label by label, in transactions of `batch` nodes. */
export async function deleteProject(graph: GraphClient, sizes: LineageGraphSizes, batch = 10_000): Promise<number> {
  const params = await paramsFromGraph(graph, sizes);
  let deleted = 0;
  for (const s of projectSelectors()) {
    const res = await graph.run(
      `MATCH (n:${s.label}) WHERE ${s.where}
       CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF ${batch} ROWS`,
      params,
    );
    deleted += res.summary.counters.updates().nodesDeleted;
  }
  return deleted;
}

/** The selector parameters, with the job ids the graph holds (a graph of another plan has others). */
async function paramsFromGraph(graph: GraphClient, sizes: LineageGraphSizes): Promise<Record<string, unknown>> {
  const params = selectorParams(sizes);
  const res = await graph.read((tx) => tx.run('MATCH (j:Job) WHERE j.pipelineId IN $pipelineIds RETURN collect(j.id) AS ids', params));
  const found = (res.records[0]?.get('ids') as string[] | undefined) ?? [];
  return { ...params, jobIds: [...new Set([...(params.jobIds as string[]), ...found])] };
}
