/**
 * `GET /v1/pfs/{project}/{repo}/{ref}/files/{path...}`: a file of a finished commit, streamed,
 * whole (200) or one byte range of it (206). `ref` is a branch, a commit id, or either with
 * ancestry (`master^2`, `master.1`).
 */
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { Pfs } from '../../pfs/create-pfs.js';
import type { FileInfo } from '../../pfs/files/file-reader.js';
import type { FileRef } from '../../pfs/refs/index.js';
import { parseRangeHeader, resolveByteRange } from './byte-range.js';
import { commitRefOf, filePathOf } from './pfs-http-params.js';
import type { PfsRouteContext } from './pfs-route-context.js';

export function getFileRoute(pfs: Pfs) {
  const open = async (ref: FileRef, header: string | undefined) => {
    const range = parseRangeHeader(header);
    if (!range) return { ...(await pfs.getFile(ref)), range: undefined };
    if (range.kind === 'from') {
      const opened = await pfs.getFile(ref, { start: range.start, ...(range.end !== undefined ? { end: range.end } : {}) });
      return { ...opened, range: resolveByteRange(range, opened.info.size) };
    }
    const info = await pfs.inspectFile(ref);
    const pinned: FileRef = { project: ref.project, repo: ref.repo, ref: { commitId: info.commitId }, path: ref.path };
    if (info.type === 'file' && info.size === 0) return { ...(await pfs.getFile(pinned)), range: undefined };
    const wanted = resolveByteRange(range, info.size);
    return { ...(await pfs.getFile(pinned, wanted)), range: wanted };
  };

  return async (req: Request, res: Response, ctx: PfsRouteContext): Promise<void> => {
    const ref: FileRef = { ...commitRefOf(req.params), path: filePathOf(req.params) };
    const { info, stream, range } = await open(ref, req.headers.range);
    const partial = range !== undefined && info.size > 0;
    res.status(partial ? 206 : 200).set(fileHeaders(info));
    if (partial) res.set({ 'content-range': `bytes ${range.start}-${range.end}/${info.size}`, 'content-length': String(range.end - range.start + 1) });
    else res.set('content-length', String(info.size));
    try {
      await pipeline(stream, res);
    } catch (err) {
      if (req.destroyed || res.destroyed) ctx.logger.debug({ path: info.path, err }, 'download interrupted');
      else ctx.logger.error({ path: info.path, err }, 'download failed');
      res.destroy();
    }
  };
}

function fileHeaders(info: FileInfo): Record<string, string> {
  return {
    'content-type': 'application/octet-stream',
    'accept-ranges': 'bytes',
    'x-stemma-hash': info.hash ?? '',
    'x-stemma-commit': info.commitId,
    etag: `"${info.hash ?? ''}"`,
  };
}
