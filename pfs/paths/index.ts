/**
 * Names and paths of Stemma's versioned file system: canonical paths inside a repo and
 * the rules for project, repo, branch and pipeline names (Pachyderm's).
 */
export { normalizePath, MAX_PATH_BYTES, MAX_SEGMENT_BYTES } from './normalize-path.js';
export { joinPath, parentDir, basename, isUnder } from './path-operations.js';
export {
  validateRepoName,
  validateBranchName,
  validateProjectName,
  validatePipelineName,
  MAX_NAME_LENGTH,
} from './validate-name.js';
