import type { Logger } from '../core/logger.js';
import type { CommitGraph, FileVersionGraph, RepoGraph } from '../graph-schema/pfs/index.js';
import type { SubjectTransforms } from './blobs/subject-transforms.js';
import type { ObjectStore } from './object-store/object-store.js';
import type { ContentStore, TreeStore } from './tree-store.js';

/** What the versioned file system is built from. */
export interface PfsDeps {
  repos: RepoGraph;
  commits: CommitGraph;
  fileVersions: FileVersionGraph;
  trees: TreeStore;
  content: ContentStore;
  /** Where the changes of open commits wait until they finish. */
  staging: ObjectStore;
  /** Per-subject encryption of record files; without it, records are stored plain. */
  subjectTransforms?: SubjectTransforms;
  logger: Logger;
}
