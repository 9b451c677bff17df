/** A repo a pipeline reads: a name (in the pipeline's project) or a qualified reference. */
export type PipelineInputRepo = string | { project?: string; repo: string };

/** A pipeline as the DAG sees it: its output repo has its name. */
export interface PipelineNode {
  name: string;
  project?: string;
  inputRepos: readonly PipelineInputRepo[];
}

const DEFAULT_PROJECT = 'default';

/**
 * Finds the cycle that creating or updating `candidate` would make among `pipelines` (a
 * pipeline's output repo has the pipeline's name, so a pipeline reading its own output,
 * directly or through others, closes a cycle). Returns the pipeline names along the cycle
 * in data-flow order, starting and ending with the candidate (`['a', 'b', 'a']`), or `null`.
 * Cycles that do not pass through the candidate are not reported.
 */
export function detectCycle(pipelines: readonly PipelineNode[], candidate: PipelineNode): string[] | null {
  const start = keyOf(candidate.project, candidate.name);
  const nodes = new Map<string, PipelineNode>();
  for (const pipeline of pipelines) nodes.set(keyOf(pipeline.project, pipeline.name), pipeline);
  nodes.set(start, candidate);
  const consumers = consumersByRepo(nodes);
  const path = findPathBack(start, consumers);
  return path && path.map((key) => nodes.get(key)!.name);
}

/** repo key → keys of the pipelines that read it. */
function consumersByRepo(nodes: Map<string, PipelineNode>): Map<string, string[]> {
  const consumers = new Map<string, string[]>();
  for (const [key, node] of nodes) {
    for (const input of node.inputRepos) {
      const repo = typeof input === 'string' ? keyOf(node.project, input) : keyOf(input.project ?? node.project, input.repo);
      consumers.set(repo, [...(consumers.get(repo) ?? []), key]);
    }
  }
  return consumers;
}

/** Depth-first search downstream from `start` for a way back to it. */
function findPathBack(start: string, consumers: Map<string, string[]>): string[] | null {
  const visited = new Set<string>();
  const walk = (node: string, path: string[]): string[] | null => {
    for (const next of consumers.get(node) ?? []) {
      if (next === start) return [...path, next];
      if (visited.has(next)) continue;
      visited.add(next);
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return null;
  };
  return walk(start, [start]);
}

function keyOf(project: string | undefined, name: string): string {
  return `${project ?? DEFAULT_PROJECT}/${name}`;
}
