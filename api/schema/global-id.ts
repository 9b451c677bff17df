/**
 * Relay global ids. A commit's global id is its commit id itself (32 lowercase hex), so the
 * `id` a client reads from a Commit is the one that `pachctl`-style references, the HTTP
 * endpoints and the CLI use; every other type keeps Relay's usual base64 of `Type:key`,
 * which never reads as 32 lowercase hex, so decoding stays unambiguous.
 */
import { decodeGlobalID as decodeBase64GlobalID, encodeGlobalID as encodeBase64GlobalID } from '@pothos/plugin-relay';
import { InvalidArgumentError } from '../../core/errors.js';
import { isCommitId } from '../../pfs/refs/index.js';

export function encodeStemmaGlobalId(typename: string, id: bigint | number | string): string {
  return typename === 'Commit' ? String(id) : encodeBase64GlobalID(typename, id);
}

export function decodeStemmaGlobalId(globalId: string): { typename: string; id: string } {
  if (isCommitId(globalId)) return { typename: 'Commit', id: globalId };
  try {
    return decodeBase64GlobalID(globalId);
  } catch {
    throw new InvalidArgumentError(`${JSON.stringify(globalId.slice(0, 200))} is not a Stemma node id`, { id: globalId });
  }
}
