/**
 * The pipeline DAG as data flows through it: each pipeline reads repos and writes the repo
 * named after it. Answers who reads a repo, who writes it, and which repos feed it.
 */

/** A pipeline as the DAG sees it: its current version's inputs and output. */
export interface DagPipeline {
  /** `project/name` */
  id: string;
  createdAt: string;
  inputRepoIds: readonly string[];
  outputRepoId: string;
}

/** Pipelines whose inputs include `repoId`. */
export function consumersOf(pipelines: readonly DagPipeline[], repoId: string): DagPipeline[] {
  return pipelines.filter((p) => p.inputRepoIds.includes(repoId));
}

/** The pipeline writing `repoId`, if it is a pipeline's output repo. */
export function producerOf(pipelines: readonly DagPipeline[], repoId: string): DagPipeline | undefined {
  return pipelines.find((p) => p.outputRepoId === repoId);
}

/** Every repo whose data reaches `repoId` through pipelines, `repoId` excluded. */
export function upstreamRepos(pipelines: readonly DagPipeline[], repoId: string): Set<string> {
  const seen = new Set<string>();
  const walk = (repo: string): void => {
    const producer = producerOf(pipelines, repo);
    for (const input of producer?.inputRepoIds ?? []) {
      if (seen.has(input) || input === repoId) continue;
      seen.add(input);
      walk(input);
    }
  };
  walk(repoId);
  return seen;
}

/**
 * Whether `repoId` will receive a commit in a commit set whose commits so far are in
 * `setRepoIds`: it is a pipeline's output, and data of that set flows into it. A pipeline
 * created after the set began does not run on it (its first job starts a set of its own).
 */
export function expectsCommitInSet(pipelines: readonly DagPipeline[], repoId: string, setRepoIds: ReadonlySet<string>, setStartedAt: string): boolean {
  const producer = producerOf(pipelines, repoId);
  if (!producer || producer.createdAt > setStartedAt) return false;
  for (const upstream of upstreamRepos(pipelines, repoId)) if (setRepoIds.has(upstream)) return true;
  return false;
}
