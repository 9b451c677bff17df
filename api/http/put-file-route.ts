/**
 * `PUT /v1/pfs/{project}/{repo}/{branch}/files/{path...}`: the request body, streamed into one
 * commit as one file, or split into record files with `split=csv|json|line`. Staged into the
 * branch's open commit when it has one.
 */
import type { Request, Response } from 'express';
import type { Pfs } from '../../pfs/create-pfs.js';
import { InvalidArgumentError } from '../../core/errors.js';
import type { CommitRecord } from '../../graph-schema/pfs/index.js';
import { branchTargetOf, filePathOf, parseQuery, putFileQueryModel, splitOptionsOf } from './pfs-http-params.js';
import type { PfsRouteContext } from './pfs-route-context.js';
import { requestBody } from './request-body.js';

export interface PutFileResult {
  commit: CommitRecord;
  path: string;
  files: number;
  bytes: number;
  subjects: number;
}

export function putFileRoute(pfs: Pfs) {
  return async (req: Request, res: Response, ctx: PfsRouteContext): Promise<void> => {
    const target = branchTargetOf(req.params);
    const path = filePathOf(req.params);
    const query = parseQuery(putFileQueryModel, req.query);
    const split = splitOptionsOf(query);
    const size = contentLengthOf(req);
    const body = ctx.track(requestBody(req));
    let files = 1;
    let subjects = 0;
    const commit = await pfs.write(
      target,
      async (w) => {
        if (split) ({ files, subjects } = await w.putRecords(path, body.stream, split));
        else await w.putFile(path, body.stream, { ...(query.append ? { append: true } : {}), ...(size !== undefined ? { size } : {}) });
      },
      query.description !== undefined ? { description: query.description } : {},
    );
    const result: PutFileResult = { commit, path, files, bytes: body.bytes, subjects };
    ctx.logger.info({ commit: commit.id, repo: commit.repoId, path, files, bytes: body.bytes }, 'file put');
    res.json(result);
  };
}

function contentLengthOf(req: Request): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined) return undefined;
  if (!/^[0-9]{1,15}$/.test(header)) throw new InvalidArgumentError(`header content-length ${JSON.stringify(header)}: must be a whole number`, { header: 'content-length' });
  return Number(header);
}
