/**
 * Authorisation over GraphQL against a real server: each role on the projects it is bound
 * to, and nothing beyond them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintApiToken } from './auth/api-token.js';
import { seedAuthWorld, type AuthWorld } from '../test/support/auth-world.js';
import { startPfsApi, uniqueRepoName, type PfsApiHarness } from '../test/support/pfs-api.js';

let api: PfsApiHarness;
let w: AuthWorld;

beforeAll(async () => {
  api = await startPfsApi();
  w = await seedAuthWorld(api);
});
afterAll(async () => {
  await api?.close();
});

const REPO = 'query($p: String!, $r: String!) { repo(project: $p, name: $r) { name } }';
const CREATE_REPO = 'mutation($p: String!, $r: String!) { createRepo(project: $p, name: $r) { name } }';
const DELETE_REPO = 'mutation($p: String!, $r: String!) { deleteRepo(project: $p, name: $r) { deleted } }';
const FILES = 'query($ref: String!) { files(ref: $ref) { edges { node { path } } } }';
const COMMIT = 'query($id: String!) { commit(id: $id) { id } }';
const NODE = 'query($id: ID!) { node(id: $id) { id } }';
const START = 'mutation($p: String!, $r: String!) { startCommit(project: $p, repo: $r) { id } }';
const FINISH = 'mutation($id: String!) { finishCommit(id: $id) { id } }';
const COPY = 'mutation($src: String!, $dst: String!) { copyFile(src: $src, dst: $dst) { id } }';
const TOKENS = '{ tokens { edges { node { id } } } }';
const CREATE_TOKEN = 'mutation { createToken(name: "x", bindings: [{ role: READER }]) { token } }';

const ref = (p: { project: string; repo: string }, path = '/') => `${p.project}/${p.repo}@master:${path}`;

describe('without a token', () => {
  it('answers UNAUTHENTICATED with the reason, and health only', async () => {
    const res = await api.graphql(REPO, { p: w.p1.project, r: w.p1.repo }, { token: null });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringContaining('carries no API token') });
    for (const [query, vars] of [[FILES, { ref: ref(w.p1) }], [COMMIT, { id: w.p1.commitId }], [CREATE_REPO, { p: w.p1.project, r: uniqueRepoName() }], ['{ whoami { name } }', {}], ['{ projects { edges { node { name } } } }', {}]] as const) {
      expect(await w.codeOf(query, vars, null)).toBe('UNAUTHENTICATED');
    }
    const health = await api.graphql<{ health: { name: string }[] }>('{ health { name ok } }', {}, { token: null });
    expect(health.errors).toBeUndefined();
    expect(health.data?.health.map((d) => d.name)).toContain('neo4j');
  });

  it('refuses an unknown or malformed token with the reason', async () => {
    const unknown = await api.graphql(REPO, { p: w.p1.project, r: w.p1.repo }, { token: mintApiToken().token });
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringContaining('not known') });
    const malformed = await api.graphql(REPO, { p: w.p1.project, r: w.p1.repo }, { token: 'hunter2' });
    expect(malformed.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringContaining('not a Stemma API token') });
  });
});

describe('a reader of one project', () => {
  it('reads that project and nothing of the other, and writes nothing', async () => {
    const t = await w.tokenFor({ role: 'reader', project: w.p1.project });
    expect(await w.codeOf(REPO, { p: w.p1.project, r: w.p1.repo }, t)).toBe('OK');
    expect(await w.codeOf(FILES, { ref: ref(w.p1) }, t)).toBe('OK');
    expect(await w.codeOf(COMMIT, { id: w.p1.commitId }, t)).toBe('OK');
    const refused = await api.graphql(REPO, { p: w.p2.project, r: w.p2.repo }, { token: t });
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN', action: 'read', project: w.p2.project },
      message: expect.stringMatching(new RegExp(`may not read project ${w.p2.project}: that needs the role .*reader.*; it has reader:${w.p1.project}`)),
    });
    expect(await w.codeOf(FILES, { ref: ref(w.p2) }, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(COMMIT, { id: w.p2.commitId }, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(COMMIT, { id: `${w.p2.project}/${w.p2.repo}@master` }, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(NODE, { id: w.p2.repoNodeId }, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(NODE, { id: w.p1.repoNodeId }, t)).toBe('OK');
    expect(await w.codeOf(CREATE_REPO, { p: w.p1.project, r: uniqueRepoName() }, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(START, { p: w.p1.project, r: w.p1.repo }, t)).toBe('FORBIDDEN');
  });

  it('sees only the projects and repos it may read in lists that span projects', async () => {
    const t = await w.tokenFor({ role: 'reader', project: w.p1.project });
    const res = await api.graphql<{ projects: { edges: { node: { name: string } }[] }; repos: { edges: { node: { project: { name: string } } }[] } }>(
      '{ projects(first: 1000) { edges { node { name } } } repos(first: 1000) { edges { node { project { name } } } } }',
      {},
      { token: t },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.projects.edges.map((e) => e.node.name)).toEqual([w.p1.project]);
    expect(new Set(res.data?.repos.edges.map((e) => e.node.project.name))).toEqual(new Set([w.p1.project]));
  });
});

describe('a writer of one project', () => {
  it('writes there, and neither writes nor reads elsewhere', async () => {
    const t = await w.tokenFor({ role: 'writer', project: w.p1.project });
    expect(await w.codeOf(CREATE_REPO, { p: w.p1.project, r: uniqueRepoName() }, t)).toBe('OK');
    const started = await api.graphql<{ startCommit: { id: string } }>(START, { p: w.p1.project, r: w.p1.repo }, { token: t });
    expect(started.errors).toBeUndefined();
    expect(await w.codeOf(FINISH, { id: started.data?.startCommit.id }, t)).toBe('OK');
    expect(await w.codeOf(CREATE_REPO, { p: w.p2.project, r: uniqueRepoName() }, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(REPO, { p: w.p2.project, r: w.p2.repo }, t)).toBe('FORBIDDEN');
    const other = await api.query<{ startCommit: { id: string } }>(START, { p: w.p2.project, r: w.p2.repo });
    expect(await w.codeOf(FINISH, { id: other.startCommit.id }, t)).toBe('FORBIDDEN');
    await api.query(FINISH, { id: other.startCommit.id });
  });

  it('needs admin to delete a repo or create a project, and cannot manage tokens', async () => {
    const t = await w.tokenFor({ role: 'writer', project: w.p1.project });
    expect(await w.codeOf(DELETE_REPO, { p: w.p1.project, r: w.p1.repo }, t)).toBe('FORBIDDEN');
    expect(await w.codeOf('mutation($p: String!) { createProject(name: $p) { name } }', { p: uniqueRepoName() }, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(TOKENS, {}, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(CREATE_TOKEN, {}, t)).toBe('FORBIDDEN');
  });

  it('copies from a project it reads into one it writes, not the other way', async () => {
    const t = await w.tokenFor({ role: 'writer', project: w.p1.project }, { role: 'reader', project: w.p2.project });
    expect(await w.codeOf(COPY, { src: ref(w.p2, '/a.txt'), dst: ref(w.p1, '/copied.txt') }, t)).toBe('OK');
    expect(await w.codeOf(COPY, { src: ref(w.p1, '/a.txt'), dst: ref(w.p2, '/copied.txt') }, t)).toBe('FORBIDDEN');
  });
});

describe('auditor, compliance and admin', () => {
  it('lets an auditor read where it is bound and write nowhere', async () => {
    const t = await w.tokenFor({ role: 'auditor', project: w.p1.project });
    expect(await w.codeOf(FILES, { ref: ref(w.p1) }, t)).toBe('OK');
    expect(await w.codeOf(FILES, { ref: ref(w.p2) }, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(CREATE_REPO, { p: w.p1.project, r: uniqueRepoName() }, t)).toBe('FORBIDDEN');
  });

  it('lets compliance of every project read everywhere and write nowhere', async () => {
    const t = await w.tokenFor({ role: 'compliance', project: '*' });
    expect(await w.codeOf(FILES, { ref: ref(w.p1) }, t)).toBe('OK');
    expect(await w.codeOf(FILES, { ref: ref(w.p2) }, t)).toBe('OK');
    expect(await w.codeOf(START, { p: w.p2.project, r: w.p2.repo }, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(TOKENS, {}, t)).toBe('FORBIDDEN');
  });

  it('lets an admin of one project delete its repos, but not manage tokens', async () => {
    const t = await w.tokenFor({ role: 'admin', project: w.p1.project });
    const repo = uniqueRepoName();
    await api.query(CREATE_REPO, { p: w.p1.project, r: repo });
    expect(await w.codeOf(DELETE_REPO, { p: w.p1.project, r: repo }, t)).toBe('OK');
    expect(await w.codeOf(DELETE_REPO, { p: w.p2.project, r: w.p2.repo }, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(TOKENS, {}, t)).toBe('FORBIDDEN');
    expect(await w.codeOf(CREATE_TOKEN, {}, t)).toBe('FORBIDDEN');
  });

  it('lets an admin of every project do everything', async () => {
    const t = await w.tokenFor({ role: 'admin', project: '*' });
    expect(await w.codeOf(FILES, { ref: ref(w.p2) }, t)).toBe('OK');
    expect(await w.codeOf(TOKENS, {}, t)).toBe('OK');
    expect(await w.codeOf(CREATE_REPO, { p: w.p2.project, r: uniqueRepoName() }, t)).toBe('OK');
  });
});
