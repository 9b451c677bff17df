import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../compliance/audit/index.js';
import { createNeo4jAuditGraph } from '../../graph-schema/audit/index.js';
import { startPfsApi, uniqueRepoName, type PfsApiHarness } from '../../test/support/pfs-api.js';

let api: PfsApiHarness;
beforeAll(async () => {
  api = await startPfsApi();
});
afterAll(async () => {
  await api?.close();
});

const audit = () => createAuditLog({ graph: createNeo4jAuditGraph(api.runtime.graph) });

async function eventsFor(target: string, tries = 50) {
  for (let i = 0; ; i++) {
    const page = await audit().listAuditEvents({ target, first: 100 });
    if (page.events.length > 0 || i >= tries) return page.events;
    await sleep(100);
  }
}

describe('audit of API mutations (real server, real Neo4j)', () => {
  it('appends one sealed event per successful GraphQL mutation, with the actor and a digest of the arguments', async () => {
    const name = uniqueRepoName();
    const res = await api.graphql('mutation($n: String!) { createRepo(name: $n, description: "secret words") { name } }', { n: name });
    expect(res.errors).toBeUndefined();
    const events = await eventsFor(`default/${name}`);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ action: 'createRepo', target: `default/${name}` });
    expect(event?.actor).toMatch(/^token:test-harness-admin\(/);
    expect(event?.argsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(event)).not.toContain('secret words');
    const report = await audit().verifyAuditChain({ from: event?.seq });
    expect(report.ok).toBe(true);
  });

  it('records nothing for a refused mutation', async () => {
    const name = uniqueRepoName();
    const res = await api.graphql('mutation($n: String!) { createRepo(name: $n) { name } }', { n: name }, { token: null });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await eventsFor(`default/${name}`, 5)).toEqual([]);
  });

  it('records an HTTP file upload', async () => {
    const repo = await api.newRepo();
    const res = await api.fetch(api.fileUrl(repo, 'master', '/a.txt'), { method: 'PUT', body: 'hello' });
    expect(res.status).toBe(200);
    const events = await eventsFor(`/default/${repo}/master/files/a.txt`);
    expect(events.map((e) => e.action)).toEqual(['http PUT file']);
  });
});
