/**
 * `POST /v1/pfs/{project}/{repo}/{branch}/tar?path=/dest`: every regular file of a tar stream,
 * under `dest`, in one commit. Files are streamed one by one into the content store as the
 * archive arrives; a bad entry or a broken stream fails the whole upload and commits nothing.
 */
import type { Request, Response } from 'express';
import { InvalidArgumentError } from '../../core/errors.js';
import type { CommitRecord } from '../../graph-schema/pfs/index.js';
import type { Pfs } from '../../pfs/create-pfs.js';
import { joinPath } from '../../pfs/paths/index.js';
import { branchTargetOf, directoryParamOf, parseQuery, tarQueryModel } from './pfs-http-params.js';
import type { PfsRouteContext } from './pfs-route-context.js';
import { requestBody } from './request-body.js';
import { tarFiles } from './tar-entries.js';

export interface TarUploadResult {
  commit: CommitRecord;
  files: number;
  bytes: number;
}

export function tarUploadRoute(pfs: Pfs) {
  return async (req: Request, res: Response, ctx: PfsRouteContext): Promise<void> => {
    const target = branchTargetOf(req.params);
    const query = parseQuery(tarQueryModel, req.query);
    const dest = directoryParamOf(query.path);
    const body = ctx.track(requestBody(req));
    let files = 0;
    let bytes = 0;
    const commit = await pfs.write(
      target,
      async (w) => {
        for await (const file of tarFiles(body.stream)) {
          const entry = await w.putFile(joinPath(dest, file.name), file.stream, { size: file.size });
          files += 1;
          bytes += entry.size;
        }
        if (files === 0) throw new InvalidArgumentError('the tar stream holds no regular files; nothing to commit');
      },
      query.description !== undefined ? { description: query.description } : {},
    );
    const result: TarUploadResult = { commit, files, bytes };
    ctx.logger.info({ commit: commit.id, repo: commit.repoId, dest, files, bytes }, 'tar put');
    res.json(result);
  };
}
