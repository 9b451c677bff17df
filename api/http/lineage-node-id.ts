/**
 * The graph node a lineage report is asked for, from the global id in its URL: a node a
 * lineage can start from, by label and id (`FileVersion`, `Commit`, `Job`, `Datum`,
 * `ModelVersion`, `Decision`, `Subject`, ...), or a `File` of a commit, whose version in the
 * graph is found from its content hash.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { NodeLabel } from '../../graph-schema/graph-model.js';
import { isLineageLabel, LINEAGE_LABELS } from '../../graph-schema/lineage/index.js';
import { fileVersionId } from '../../graph-schema/pfs/file-version-graph.js';
import type { Pfs } from '../../pfs/create-pfs.js';
import { parseFileRef } from '../../pfs/refs/index.js';
import { decodeStemmaGlobalId } from '../schema/global-id.js';

export interface GraphNodeRef {
  label: string;
  id: string;
}

/** The graph node `globalId` names; INVALID_ARGUMENT for an id of another type, NOT_FOUND for a missing file. */
export async function lineageNodeOf(pfs: Pfs, globalId: string): Promise<GraphNodeRef> {
  const { typename, id } = decodeStemmaGlobalId(globalId);
  if (typename === 'File') return fileVersionOf(pfs, id);
  if (isLineageLabel(typename)) return { label: typename, id };
  throw new InvalidArgumentError(`${globalId} is the id of a ${typename}: a lineage report starts from a ${[...LINEAGE_LABELS, 'File'].join(', ')}`, { typename });
}

async function fileVersionOf(pfs: Pfs, key: string): Promise<GraphNodeRef> {
  const ref = parseFileRef(key);
  const info = await pfs.inspectFile(ref);
  if (info.type !== 'file' || info.hash === null) throw new InvalidArgumentError(`${key} is a directory: a lineage report is of one file`);
  return { label: NodeLabel.FileVersion, id: fileVersionId(`${ref.project}/${ref.repo}`, info.path, info.hash) };
}
