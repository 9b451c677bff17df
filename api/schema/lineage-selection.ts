/**
 * Whether a `lineage` request selects its nodes' `properties`: only then does the lineage
 * statement return every property of every node; otherwise it returns the few that name a
 * node. Fragments (inline and named) count; a directive that might skip the field does not
 * matter, since asking for more than is shown is safe and asking for less is not.
 */
import type { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

type Fragments = Record<string, FragmentDefinitionNode>;

/** True when any selection of the field being resolved reaches `nodes { properties }`. */
export function selectsNodeProperties(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): boolean {
  return info.fieldNodes.some((field) => selectsPath(field.selectionSet, ['nodes', 'properties'], info.fragments));
}

/**
 * Whether `set` selects the field path `path` (each name a field of the one before), through
 * fragments (validation has refused fragment cycles).
 */
function selectsPath(set: SelectionSetNode | undefined, path: readonly string[], fragments: Fragments): boolean {
  const [name, ...rest] = path;
  if (!set || name === undefined) return false;
  return set.selections.some((selection) => {
    if (selection.kind === 'Field') return selection.name.value === name && (rest.length === 0 || selectsPath(selection.selectionSet, rest, fragments));
    if (selection.kind === 'InlineFragment') return selectsPath(selection.selectionSet, path, fragments);
    return selectsPath(fragments[selection.name.value]?.selectionSet, path, fragments);
  });
}
