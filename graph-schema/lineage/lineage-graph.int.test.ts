/**
 * The lineage statement around a node of large fan-out, written straight into the graph: a
 * commit holding 5,000 file versions, each read by a datum of one job. What the statement
 * holds in memory (Neo4j's PROFILE `GlobalMemory`) must grow with the nodes it keeps, not
 * with their square.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createGraphClient } from '../graph-client.js';
import { lineageCypher } from './lineage-cypher.js';
import { createNeo4jLineageGraph } from './lineage-graph.js';
import { lineageParams, validateLineageQuery, type LineageQuery } from './lineage-records.js';

const graph = createGraphClient(loadConfig(['neo4j']).neo4j);
const lineage = createNeo4jLineageGraph(graph);
const run = randomUUID().slice(0, 8);
const project = `lh-${run}`;
const id = (name: string) => `${run}-${name}`;
const FILES = 5_000;

const aroundHub = (over: Partial<LineageQuery> = {}): LineageQuery => ({ label: 'Commit', id: id('hub'), direction: 'BOTH', depth: 10, ...over });

/** Bytes the statement held at its peak, as Neo4j's profile counts them. */
async function peakMemory(query: LineageQuery): Promise<number> {
  const q = validateLineageQuery(query);
  const res = await graph.read((tx) => tx.run(`PROFILE ${lineageCypher(q.direction, q.depth, q.label)}`, lineageParams(q)));
  return Number((res.summary.profile as { arguments: Record<string, unknown> }).arguments.GlobalMemory);
}

beforeAll(async () => {
  const now = new Date().toISOString();
  await graph.write((tx) =>
    tx.run(
      `CREATE (hub:Commit {id: $hub, repoId: $repo, createdAt: $now}), (job:Job {id: $job, pipelineId: $pipeline, createdAt: $now})
       WITH hub, job UNWIND range(1, $files) AS i
       CREATE (fv:FileVersion {id: $run + '-fv-' + i, repoId: $repo, path: '/f/' + i, hash: 'h' + i, size: i, createdAt: $now})-[:IN_COMMIT]->(hub)
       CREATE (fv)-[:INPUT_OF]->(:Datum {id: $run + '-d-' + i, jobId: job.id, datumKey: 'k' + i, createdAt: $now})-[:OF_JOB]->(job)`,
      { run, hub: id('hub'), job: id('job'), repo: `${project}/r`, pipeline: `${project}/p`, now, files: FILES },
    ),
  );
}, 60_000);

afterAll(async () => {
  await graph.write((tx) => tx.run('MATCH (n) WHERE n.id STARTS WITH $prefix DETACH DELETE n', { prefix: `${run}-` }));
  await graph.close();
});

describe('lineage around a node of 5,000 neighbours', () => {
  it('answers a limit of 1,000 with the nearest 1,000 nodes, the edges among them, and says it cut', async () => {
    const found = await lineage.lineage(aroundHub({ limit: 1_000 }));
    expect(found.nodes).toHaveLength(1_000);
    expect(found.truncated).toBe(true);
    expect(found.nodes[0]).toMatchObject({ label: 'Commit', id: id('hub'), depth: 0, project });
    expect(found.nodes.slice(1).every((n) => n.depth === 1 && n.label === 'FileVersion')).toBe(true);
    expect(found.edges.filter((e) => e.type === 'IN_COMMIT' && e.to === id('hub'))).toHaveLength(999);
  });

  it('holds memory in proportion to the limit, a few MB at 1,000, where it once held more than a GB', async () => {
    const [small, large] = [await peakMemory(aroundHub({ limit: 250 })), await peakMemory(aroundHub({ limit: 1_000 }))];
    expect(large).toBeLessThan(32 * 2 ** 20);
    // Linear: four times the limit, about four times the memory (a square would be sixteen).
    expect(large / small).toBeLessThan(8);
  });

  it('returns the display properties of each node, and every property only when asked', async () => {
    const display = await lineage.lineage(aroundHub({ direction: 'UPSTREAM', depth: 1, limit: 3 }));
    expect(display.properties).toBe('display');
    expect(display.nodes[1]!.properties).toEqual({ repoId: `${project}/r`, path: expect.stringMatching(/^\/f\/\d+$/) });
    const all = await lineage.lineage(aroundHub({ direction: 'UPSTREAM', depth: 1, limit: 3, properties: true }));
    expect(all.properties).toBe('all');
    expect(all.nodes[1]!.properties).toMatchObject({ id: all.nodes[1]!.id, hash: expect.stringMatching(/^h\d+$/), size: expect.any(Number) });
  });
});
