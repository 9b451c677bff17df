/**
 * References to commits and files as pachctl writes them:
 * `[project/]repo@branch|commitId[=commitId][^N|~N|.N][:/path]`.
 */
export { parseCommitRef, parseFileRef, DEFAULT_PROJECT } from './parse-ref.js';
export type { CommitRef, FileRef, RefTarget } from './parse-ref.js';
export { formatCommitRef, formatFileRef } from './format-ref.js';
export { parseAncestry, formatAncestry } from './ancestry.js';
export type { Ancestry, ParsedAncestry } from './ancestry.js';
export { isCommitId, looksLikeCommitId, newCommitId, COMMIT_ID_PATTERN } from './commit-id.js';
