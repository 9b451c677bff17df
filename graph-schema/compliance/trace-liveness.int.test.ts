/**
 * A datum is live when the head job of its pipeline's output branch holds it: as a datum of its
 * own (run or carried), or, while that job's carry is still being made, through the parent it
 * carries from.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createGraphClient } from '../graph-client.js';
import { runMigrations } from '../migrate.js';
import { TRACE_FINISH_CYPHER } from './subject-trace-graph.js';

const graph = createGraphClient(loadConfig(['neo4j']).neo4j);
const tag = `live-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  await runMigrations(graph);
  // A pipeline whose output branch head was made by job `head`, which carries from `parent`:
  // keys up to k2 carried already, k4 touched (not carried), the rest still to carry.
  await graph.write((tx) =>
    tx.run(
      `CREATE (:PipelineVersion {id: $t + '-pv', outputRepoId: $t + '/out'})
       CREATE (b:Branch {id: $t + '/out@master', repoId: $t + '/out'})-[:HEAD]->(c:Commit {id: $t + '-c'})
       CREATE (hj:Job {id: $t + '-head', pipelineVersionId: $t + '-pv', carryFrom: $t + '-parent', carryExcept: ['k4']})-[:OUTPUT_COMMIT]->(c)
       CREATE (:Job {id: $t + '-parent', pipelineVersionId: $t + '-pv'})
       WITH hj
       UNWIND ['k1', 'k2', 'k3', 'k4', 'k5'] AS k
       CREATE (:Datum {id: $t + '-parent.' + k, jobId: $t + '-parent', sourceJobId: $t + '-parent', datumKey: k, state: CASE k WHEN 'k5' THEN 'failed' ELSE 'success' END})
       WITH DISTINCT hj
       UNWIND ['k1', 'k2'] AS k
       CREATE (:Datum {id: $t + '-head.' + k, jobId: $t + '-head', sourceJobId: $t + '-parent', datumKey: k, state: 'skipped'})`,
      { t: tag },
    ),
  );
});
afterAll(async () => {
  await graph.write((tx) => tx.run('MATCH (n) WHERE n.id STARTS WITH $t DETACH DELETE n', { t: tag }));
  await graph.close();
});

describe('liveness of a subject\'s datums', () => {
  it('counts what the head job carried, and what it will carry while its carry is being made', async () => {
    const res = await graph.read((tx) =>
      tx.run(TRACE_FINISH_CYPHER, { subjectId: `${tag}-nobody`, datums: ['k1', 'k2', 'k3', 'k4', 'k5'].map((k) => `${tag}-parent.${k}`), files: [], jobs: [], cap: 100, decisionLimit: 10 }),
    );
    const datums = res.records[0]?.get('datums') as { datumKey: string; live: boolean }[];
    const live = Object.fromEntries(datums.map((d) => [d.datumKey, d.live]));
    expect(live).toEqual({ k1: true, k2: true, k3: true, k4: false, k5: false });

    // The carry done: k3 is live only as the head job's own datum.
    await graph.write((tx) =>
      tx.run(
        `MATCH (hj:Job {id: $t + '-head'}) REMOVE hj.carryFrom, hj.carryExcept
         CREATE (:Datum {id: $t + '-head.k3', jobId: $t + '-head', sourceJobId: $t + '-parent', datumKey: 'k3', state: 'skipped'})`,
        { t: tag },
      ),
    );
    const after = await graph.read((tx) =>
      tx.run(TRACE_FINISH_CYPHER, { subjectId: `${tag}-nobody`, datums: [`${tag}-parent.k3`, `${tag}-parent.k4`], files: [], jobs: [], cap: 100, decisionLimit: 10 }),
    );
    expect((after.records[0]?.get('datums') as { live: boolean }[]).map((d) => d.live)).toEqual([true, false]);
  });
});
