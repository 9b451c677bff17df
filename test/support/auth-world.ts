/**
 * For the authorisation tests: two fresh projects, each with a repo holding one file and a
 * commit, seeded through the harness's admin token, and tokens of any role minted on demand.
 */
import type { RoleBinding } from '../../graph-schema/auth/index.js';
import { uniqueRepoName, type GraphqlError, type PfsApiHarness } from './pfs-api.js';

export interface SeededProject {
  project: string;
  repo: string;
  /** The commit that put `/a.txt`. */
  commitId: string;
  /** The repo's global node id. */
  repoNodeId: string;
}

export interface AuthWorld {
  /** Two projects no other test uses. */
  p1: SeededProject;
  p2: SeededProject;
  /** A token with these bindings (`role:project` strings, `role` alone for every project). */
  tokenFor(...bindings: RoleBinding[]): Promise<string>;
  /** `fetch` with this token, or none for null. */
  fetchAs(token: string | null, url: string, init?: RequestInit): Promise<Response>;
  /** The URL of a file in a seeded project. */
  fileUrl(p: SeededProject, path: string, ref?: string): string;
  /** The `extensions.code` of the first error, or 'OK'. */
  codeOf(query: string, variables: Record<string, unknown>, token: string | null): Promise<string>;
}

export async function seedAuthWorld(api: PfsApiHarness): Promise<AuthWorld> {
  const fileUrl = (p: SeededProject, path: string, ref = 'master') => `${api.url}/v1/pfs/${p.project}/${p.repo}/${ref}/files/${path.replace(/^\//, '')}`;
  const seedProject = async (): Promise<SeededProject> => {
    const project = uniqueRepoName();
    const repo = uniqueRepoName();
    await api.query('mutation($p: String!) { createProject(name: $p) { name } }', { p: project });
    const { createRepo } = await api.query<{ createRepo: { id: string } }>('mutation($p: String!, $r: String!) { createRepo(project: $p, name: $r) { id } }', { p: project, r: repo });
    const seeded = { project, repo, commitId: '', repoNodeId: createRepo.id };
    const res = await api.fetch(fileUrl(seeded, '/a.txt'), { method: 'PUT', body: 'alpha' });
    if (res.status !== 200) throw new Error(`seeding ${project}/${repo}: ${res.status} ${await res.text()}`);
    seeded.commitId = ((await res.json()) as { commit: { id: string } }).commit.id;
    return seeded;
  };
  const [p1, p2] = [await seedProject(), await seedProject()];
  return {
    p1,
    p2,
    tokenFor: async (...bindings) => (await api.mintToken(bindings)).token,
    fetchAs: (token, url, init = {}) => {
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(url, { ...init, headers });
    },
    fileUrl,
    async codeOf(query, variables, token) {
      const res = await api.graphql(query, variables, { token });
      const first: GraphqlError | undefined = res.errors?.[0];
      return first ? String(first.extensions?.code) : 'OK';
    },
  };
}
