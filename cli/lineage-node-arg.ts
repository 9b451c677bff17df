/**
 * The node a `stemma report lineage` names, in the forms people know: a file version
 * (`repo@commit:/path`), `commit:<id or reference>`, `job:<id>`, `model:<name>[@version]`,
 * `decision:<id>`, or a node's global id as the API gives it. Each is resolved to a global id
 * through GraphQL, which also checks that the node exists and may be read.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { parseFileRef } from '../pfs/refs/index.js';
import type { ApiClient } from './api-client.js';
import { parseRepoArg } from './argument-parsers.js';

export type LineageNodeArg =
  | { kind: 'file'; ref: string }
  | { kind: 'commit'; ref: string }
  | { kind: 'job'; id: string }
  | { kind: 'model'; project: string; name: string; version: number | null }
  | { kind: 'decision'; id: string }
  | { kind: 'global'; id: string };

const FORMS = 'repo@commit:/path, commit:<id>, job:<id>, model:<name>[@version], decision:<id>, or a global id';

/** Reads a node argument; names the accepted forms when one is malformed. */
export function parseLineageNodeArg(input: string): LineageNodeArg {
  const text = input.trim();
  const prefixed = /^(commit|job|model|decision):(.*)$/s.exec(text);
  if (prefixed) {
    const [, kind, rest = ''] = prefixed;
    if (rest === '') throw new InvalidArgumentError(`${JSON.stringify(input)}: ${kind}: needs what follows it (${FORMS})`);
    if (kind === 'commit') return { kind, ref: rest };
    if (kind === 'job' || kind === 'decision') return { kind, id: rest };
    return modelArg(rest, input);
  }
  if (/@[^:]*:/.test(text)) {
    const ref = parseFileRef(text);
    if (ref.path === '/') throw new InvalidArgumentError(`${JSON.stringify(input)}: name a file, e.g. images@master:/a.png`);
    return { kind: 'file', ref: text };
  }
  if (text === '' || /\s/.test(text)) throw new InvalidArgumentError(`${JSON.stringify(input)} is not a node: give ${FORMS}`);
  return { kind: 'global', id: text };
}

function modelArg(rest: string, input: string): LineageNodeArg {
  const at = rest.lastIndexOf('@');
  const versionText = at === -1 ? null : rest.slice(at + 1);
  if (versionText !== null && !/^[1-9][0-9]{0,8}$/.test(versionText)) {
    throw new InvalidArgumentError(`${JSON.stringify(input)}: a model version is a number (model:loans@3)`);
  }
  const { project, repo } = parseRepoArg(at === -1 ? rest : rest.slice(0, at));
  return { kind: 'model', project, name: repo, version: versionText === null ? null : Number(versionText) };
}

const QUERIES = {
  file: 'query($ref: String!) { file(ref: $ref) { id type } }',
  commit: 'query($id: String!) { commit(id: $id) { id } }',
  job: 'query($id: String!) { job(id: $id) { id } }',
  decision: 'query($id: ID!) { decision(id: $id) { id } }',
  model: 'query($project: String, $name: String!) { modelVersions(project: $project, name: $name) { id version state } }',
} as const;

/** The global id of the node `arg` names, asked of the API. */
export async function resolveLineageNode(api: ApiClient, arg: LineageNodeArg): Promise<string> {
  switch (arg.kind) {
    case 'global':
      return arg.id;
    case 'file': {
      const { file } = await api.graphql<{ file: { id: string; type: string } }>(QUERIES.file, { ref: arg.ref });
      if (file.type.toLowerCase() !== 'file') throw new InvalidArgumentError(`${arg.ref} is a directory: a lineage report is of one file`);
      return file.id;
    }
    case 'commit':
      return (await api.graphql<{ commit: { id: string } }>(QUERIES.commit, { id: arg.ref })).commit.id;
    case 'job':
      return (await api.graphql<{ job: { id: string } }>(QUERIES.job, { id: arg.id })).job.id;
    case 'decision':
      return (await api.graphql<{ decision: { id: string } }>(QUERIES.decision, { id: arg.id })).decision.id;
    case 'model':
      return modelVersionId(api, arg);
  }
}

async function modelVersionId(api: ApiClient, arg: Extract<LineageNodeArg, { kind: 'model' }>): Promise<string> {
  const { modelVersions } = await api.graphql<{ modelVersions: { id: string; version: number; state: string }[] }>(QUERIES.model, { project: arg.project, name: arg.name });
  const name = `${arg.project}/${arg.name}`;
  const found = arg.version === null ? (modelVersions.find((v) => v.state.toLowerCase() === 'current') ?? modelVersions[0]) : modelVersions.find((v) => v.version === arg.version);
  if (found) return found.id;
  const known = modelVersions.map((v) => v.version).join(', ') || 'none yet';
  throw new InvalidArgumentError(`model ${name} has no version ${arg.version ?? ''}`.trimEnd() + ` (its versions: ${known})`);
}
