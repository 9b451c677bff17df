/**
 * The paths of the API's byte endpoints (`/v1/pfs/...`), built from parsed references.
 * Names and the ref are URL-encoded as one segment each; a file path keeps its `/`.
 */
import { formatCommitRef, type CommitRef, type FileRef } from '../pfs/refs/index.js';

/** The ref segment as pachctl writes it after `@`: `master`, `master^2`, `<id>`, `master=<id>`. */
export function refText(ref: CommitRef): string {
  const text = formatCommitRef(ref);
  return text.slice(text.indexOf('@') + 1);
}

/** `/a/b c.csv` → `a/b%20c.csv`. */
export function encodeFilePath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(encodeURIComponent)
    .join('/');
}

function repoBase(ref: CommitRef, refSegment: string): string {
  return `/v1/pfs/${encodeURIComponent(ref.project)}/${encodeURIComponent(ref.repo)}/${encodeURIComponent(refSegment)}`;
}

function withQuery(path: string, query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== false && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Query parameters of a file upload, after the contract's names. */
export interface PutFileQuery {
  append?: boolean;
  split?: 'line' | 'csv' | 'json';
  subjectField?: string;
  targetFileDatums?: number;
  targetFileBytes?: number;
  description?: string;
}

/** `PUT /v1/pfs/{project}/{repo}/{branch}/files/{path}`; the ref must name a branch. */
export function putFileUrl(ref: FileRef, query: PutFileQuery = {}): string {
  return withQuery(`${repoBase(ref, refText(ref))}/files/${encodeFilePath(ref.path)}`, { ...query });
}

/** `POST /v1/pfs/{project}/{repo}/{branch}/tar?path=/dest`. */
export function putTarUrl(ref: FileRef, description?: string): string {
  return withQuery(`${repoBase(ref, refText(ref))}/tar`, { path: ref.path, description });
}

/** `GET /v1/pfs/{project}/{repo}/{ref}/files/{path}`. */
export function getFileUrl(ref: FileRef): string {
  return `${repoBase(ref, refText(ref))}/files/${encodeFilePath(ref.path)}`;
}

/** The `Range` header for `--offset`/`--length`, or undefined for the whole file. */
export function rangeHeader(offset: number | undefined, length: number | undefined): string | undefined {
  if (offset === undefined && length === undefined) return undefined;
  const start = offset ?? 0;
  return length === undefined ? `bytes=${start}-` : `bytes=${start}-${start + length - 1}`;
}
