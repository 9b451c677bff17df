/**
 * FileVersion: one content of one path of a repo, as the graph records it for lineage (a
 * datum's input or output, a tagged record). A Node, so lineage answers and `node(id:)` reach
 * it, with the commits it is in and the datums that read and wrote it, each read for a whole
 * page of file versions in one query.
 */
import { NotFoundError } from '../../core/errors.js';
import { createNeo4jFileVersionLinks, type LinkedDatum } from '../../graph-schema/lineage/index.js';
import type { FileVersionRecord } from '../../graph-schema/pfs/index.js';
import { projectOfRepoId, readable } from './auth-scopes.js';
import { builder, type Context } from './builder.js';
import { arrayPage, MAX_PAGE_SIZE } from './connection-page.js';
import { CommitConnection, CommitNode } from './pfs-nodes.js';
import { DatumConnection, DatumNode, projectOfPipelineId, type DatumShape } from './pipeline-nodes.js';
import { requestListLoader, requestLoader } from './request-loader.js';

/** A file version; `subjects` may be absent (or empty) where it was read as a datum's input or output. */
export type FileVersionShape = Omit<FileVersionRecord, 'subjects'> & { subjects?: string[] };

export const FileVersionNode = builder.loadableNodeRef('FileVersion', {
  id: { resolve: (f: FileVersionShape) => f.id },
  toKey: (f: FileVersionShape) => f.id,
  cacheResolved: true,
  load: async (ids: string[], ctx: Context) => {
    const byId = new Map((await ctx.runtime.pfs.deps.fileVersions.getFileVersions(ids)).map((f) => [f.id, f]));
    return ids.map((id) => byId.get(id) ?? new NotFoundError(`file version ${id} does not exist`, { fileVersion: id }));
  },
});

/** File versions as stored (the node loader also caches the partial ones resolvers return). */
const storedFileVersion = requestLoader<string, FileVersionRecord | null>(async (ids, ctx) => {
  const byId = new Map((await ctx.runtime.pfs.deps.fileVersions.getFileVersions([...ids])).map((f) => [f.id, f]));
  return ids.map((id) => byId.get(id) ?? null);
});

const links = (ctx: Context) => createNeo4jFileVersionLinks(ctx.runtime.graph);
const commitsOf = requestListLoader((ids, ctx) => links(ctx).commitsOf(ids, MAX_PAGE_SIZE));
const readersOf = requestListLoader((ids, ctx) => links(ctx).readersOf(ids, MAX_PAGE_SIZE));
const producersOf = requestListLoader((ids, ctx) => links(ctx).producersOf(ids, MAX_PAGE_SIZE));

/** The datums the request may read, with the project their read scope needs. */
function readableDatums(ctx: Context, datums: LinkedDatum[]): DatumShape[] {
  return datums.flatMap(({ pipelineId, ...d }) => {
    const project = projectOfPipelineId(pipelineId);
    return readable(ctx, project) ? [{ ...d, project }] : [];
  });
}

FileVersionNode.implement({
  description: 'One content of one path of a repo: what a datum read or wrote, or a record tagged with its subjects.',
  authScopes: (f) => ({ read: projectOfRepoId(f.repoId) }),
  fields: (t) => ({
    fileVersionId: t.exposeString('id', { description: 'Its id in the graph: a hash of repo, path and content hash.' }),
    repo: t.exposeString('repoId', { description: 'project/repo' }),
    path: t.exposeString('path'),
    hash: t.exposeString('hash', { description: 'sha256 of the content.' }),
    size: t.float({ description: 'Bytes (a Float: sizes pass 2^31).', resolve: (f) => f.size }),
    subjects: t.stringList({
      description: "The data subjects of a record's content.",
      // A datum's inputs and outputs come without them: read them from the node (batched).
      resolve: async (f, _args, ctx) => (f.subjects?.length ? f.subjects : ((await storedFileVersion(ctx).load(f.id))?.subjects ?? [])),
    }),
    commits: t.connection(
      {
        type: CommitNode,
        description: 'The commits that introduced this content (those the request may read), oldest first.',
        resolve: async (f, args, ctx) => arrayPage(args, (await commitsOf(ctx).load(f.id)).filter((c) => readable(ctx, projectOfRepoId(c.repoId)))),
      },
      CommitConnection,
    ),
    inputOf: t.connection(
      {
        type: DatumNode,
        description: 'The datums that read it (those the request may read), by datum id.',
        resolve: async (f, args, ctx) => arrayPage(args, readableDatums(ctx, await readersOf(ctx).load(f.id))),
      },
      DatumConnection,
    ),
    producedBy: t.connection(
      {
        type: DatumNode,
        description: 'The datums that wrote it (those the request may read), by datum id.',
        resolve: async (f, args, ctx) => arrayPage(args, readableDatums(ctx, await producersOf(ctx).load(f.id))),
      },
      DatumConnection,
    ),
  }),
});
