/** Which project a node belongs to, from its properties, when the lineage graph does not say. */

const projectOfId = (value: unknown): string | null => (typeof value === 'string' && value.includes('/') ? value.slice(0, value.indexOf('/')) : null);

/**
 * The project of a node, from the id it carries of its repo, pipeline or model (`project/...`);
 * null for nodes of no one project (subjects, erasures) or that do not say (datums).
 */
export function nodeProject(node: { label: string; id: string; properties: Record<string, unknown> }): string | null {
  const p = node.properties;
  if (node.label === 'ModelVersion') return projectOfId(p.modelId) ?? projectOfId(node.id);
  return projectOfId(p.repoId) ?? projectOfId(p.pipelineId) ?? projectOfId(p.modelId) ?? projectOfId(p.modelVersionId);
}
