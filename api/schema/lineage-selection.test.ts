import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectsNodeProperties } from './lineage-selection.js';

/** The resolve info of the `lineage` fields of a query, as the executor hands it to the resolver. */
function infoOf(query: string) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const fieldNodes = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'lineage');
  return { fieldNodes, fragments };
}

describe('selectsNodeProperties', () => {
  it('is true when the nodes select their properties, under an alias too', () => {
    expect(selectsNodeProperties(infoOf('{ lineage(id: "x") { nodes { id properties } } }'))).toBe(true);
    expect(selectsNodeProperties(infoOf('{ lineage(id: "x") { all: nodes { props: properties } } }'))).toBe(true);
  });

  it('is false when nothing, or something else, selects a field named properties', () => {
    expect(selectsNodeProperties(infoOf('{ lineage(id: "x") { nodes { id label depth } edges { type } } }'))).toBe(false);
    expect(selectsNodeProperties(infoOf('{ lineage(id: "x") { nodes { id node { id } } properties: truncated } }'))).toBe(false);
  });

  it('looks through inline and named fragments, nested', () => {
    const named = `query { lineage(id: "x") { ...Picture } }
      fragment Picture on Lineage { nodes { ...Details } }
      fragment Details on LineageNode { id ... on LineageNode { properties } }`;
    expect(selectsNodeProperties(infoOf(named))).toBe(true);
    expect(selectsNodeProperties(infoOf('{ lineage(id: "x") { ... on Lineage { nodes { ... { properties } } } } }'))).toBe(true);
    expect(selectsNodeProperties(infoOf('query { lineage(id: "x") { ...Ids } } fragment Ids on Lineage { nodes { id } }'))).toBe(false);
  });

  it('counts a selection that a directive may skip: asking for more than is shown is safe', () => {
    expect(selectsNodeProperties(infoOf('query($p: Boolean!) { lineage(id: "x") { nodes { id properties @include(if: $p) } } }'))).toBe(true);
  });
});
