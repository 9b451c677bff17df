/**
 * DataLoader batching, counted: a page of commits with their repo, parent, provenance,
 * subvenance and files costs the same few Cypher queries for 10 commits as for 100; an
 * explanation of a decision costs one.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';
import { seedTrainingChain } from '../test/support/training-chain.js';

let api: PfsApiHarness;
let repo: string;

const PAGE = `query($repo: String!, $first: Int!) {
  commits(repo: $repo, first: $first) { edges { node {
    id repo { name } parent { id createdAt }
    provenance { edges { node { id } } } subvenance { edges { node { id } } }
    files(first: 5) { edges { node { path size commit { id } } } }
  } } }
}`;

interface Page {
  commits: { edges: { node: { id: string; parent: { id: string } | null; files: { edges: { node: { path: string; commit: { id: string } } }[] } } }[] };
}

/** Waits until nothing else (a commit's pipeline triggers) is querying the graph. */
async function settled(): Promise<void> {
  for (let last = -1; api.runtime.graph.queryCount !== last; await sleep(300)) last = api.runtime.graph.queryCount;
}

/** The page and how many Cypher queries the server ran to answer it. */
async function countQueries(first: number): Promise<{ page: Page; queries: number }> {
  await settled();
  const before = api.runtime.graph.queryCount;
  const page = await api.query<Page>(PAGE, { repo, first });
  return { page, queries: api.runtime.graph.queryCount - before };
}

beforeAll(async () => {
  api = await startPfsApi();
  repo = await api.newRepo();
  const target = { project: 'default', repo, branch: 'master' };
  for (let i = 0; i < 101; i++) {
    await api.runtime.pfs.write(target, async (w) => {
      await w.putFile(`/c${i}.txt`, Buffer.from(`commit ${i}`));
    });
  }
}, 300_000);

afterAll(async () => {
  await api?.close();
});

describe('a page of commits with their files', () => {
  it('costs a bounded number of Cypher queries that does not grow with the page size', async () => {
    await countQueries(1); // the token is verified once and then cached
    const ten = await countQueries(10);
    const hundred = await countQueries(100);
    expect(hundred.page.commits.edges).toHaveLength(100);
    const last = hundred.page.commits.edges[99]!.node;
    expect(last.parent).not.toBeNull();
    expect(hundred.page.commits.edges[0]!.node.files.edges).toHaveLength(5);
    expect(last.files.edges).toHaveLength(2); // the second commit holds two files
    expect(last.files.edges[0]!.node.commit.id).toBe(last.id);
    expect(ten.queries).toBeLessThanOrEqual(8);
    expect(hundred.queries).toBe(ten.queries);
  });
});

describe('explainDecision', () => {
  const RECORD = 'mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }';
  const EXPLAIN = `query($id: ID!) { explainDecision(id: $id) {
    decision { id decisionId subjectId input output madeAt source } explanation
    modelVersion { id version state } trainingJob { id state } pipelineVersion { id image cmd specHash }
    trainingCommits { id } trainingRecords { count sample { repo path hash } } subjectsCount } }`;

  it('costs exactly one Cypher statement once the token is verified', async () => {
    const chain = await seedTrainingChain(api.runtime.graph);
    try {
      const input = { modelVersion: chain.model.id, subjectId: chain.subject(1), input: { income: 42 }, output: { approved: false }, explanation: { income: -0.5 } };
      const { recordDecision } = await api.query<{ recordDecision: { id: string } }>(RECORD, { input });
      // The first explanation keeps the model version's training summary; the token is verified and cached by now.
      await api.query(EXPLAIN, { id: recordDecision.id });
      await settled();
      const before = api.runtime.graph.queryCount;
      const { explainDecision } = await api.query<{ explainDecision: Record<string, unknown> }>(EXPLAIN, { id: recordDecision.id });
      expect(api.runtime.graph.queryCount - before).toBe(1);
      expect(explainDecision).toMatchObject({
        explanation: { income: -0.5 },
        modelVersion: { version: 1 },
        pipelineVersion: { image: 'stemma/train:1' },
        trainingRecords: { count: 3 },
        subjectsCount: 2,
      });
    } finally {
      await chain.close();
    }
  });
});
