import { describe, expect, it } from 'vitest';
import { lineageCypher } from './lineage-cypher.js';
import { EDGES_CHECKED_PER_NODE, LINEAGE_DISPLAY_PROPERTIES, LINEAGE_LABELS, lineageParams, validateLineageQuery, type LineageQuery } from './lineage-records.js';

const query = (over: Partial<LineageQuery> = {}): LineageQuery => ({ label: 'FileVersion', id: 'abc', direction: 'BOTH', depth: 3, ...over });

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'OK';
  } catch (err) {
    return (err as { code?: string }).code ?? 'THROWN';
  }
};

describe('validateLineageQuery', () => {
  it('fills the default limit, asks for display properties only, and keeps the rest', () => {
    expect(validateLineageQuery(query())).toEqual({ label: 'FileVersion', id: 'abc', direction: 'BOTH', depth: 3, limit: 100, types: null, asOf: null, properties: false });
    expect(validateLineageQuery(query({ properties: true })).properties).toBe(true);
  });

  it('refuses depths outside 1..20 and limits outside 1..5000, naming the argument and the bound', () => {
    for (const depth of [0, 21, 2.5, Number.NaN]) expect(codeOf(() => validateLineageQuery(query({ depth })))).toBe('INVALID_ARGUMENT');
    expect(() => validateLineageQuery(query({ depth: 21 }))).toThrow('depth: must be an integer from 1 to 20; got 21');
    expect(() => validateLineageQuery(query({ limit: 5001 }))).toThrow('limit: must be an integer from 1 to 5000; got 5001');
    expect(validateLineageQuery(query({ depth: 20, limit: 5000 }))).toMatchObject({ depth: 20, limit: 5000 });
  });

  it('refuses a start label or a type that is not a lineage label, and an unknown direction', () => {
    expect(() => validateLineageQuery(query({ label: 'Repo' as never }))).toThrow(/label: lineage starts at a FileVersion, Commit/);
    expect(() => validateLineageQuery(query({ types: ['Datum', 'ApiToken' as never] }))).toThrow('types: ApiToken is not among');
    expect(codeOf(() => validateLineageQuery(query({ direction: 'SIDEWAYS' as never })))).toBe('INVALID_ARGUMENT');
  });

  it('gives the statement its parameters: caps on the edges read, and the display properties of each label in label order', () => {
    expect(lineageParams(validateLineageQuery(query({ limit: 100, asOf: 'c1', types: ['Datum'] })))).toEqual({
      label: 'FileVersion',
      id: 'abc',
      asOf: 'c1',
      types: ['Datum'],
      labels: [...LINEAGE_LABELS],
      display: LINEAGE_LABELS.map((l) => [...LINEAGE_DISPLAY_PROPERTIES[l]]),
      allProperties: false,
      limit: 100,
      rowCap: 400,
      edgeCap: EDGES_CHECKED_PER_NODE,
    });
  });
});

describe('lineageCypher', () => {
  const hops = (text: string) => text.match(/CALL \(seen, frontier, asOfTime\)/g)?.length ?? 0;

  it('starts from the unique id index of the given label and writes out exactly `depth` hops', () => {
    const text = lineageCypher('UPSTREAM', 7, 'Datum');
    expect(text).toMatch(/^CYPHER replan=skip\nMATCH \(start:Datum \{id: \$id\}\)/);
    expect(hops(text)).toBe(7);
    expect(text).toContain('RETURN layers AS upLayers, cut AS upCut');
    expect(text).not.toContain('downLayers');
  });

  it('walks flow edges against their arrow upstream, with it downstream, and reference edges the other way', () => {
    const up = lineageCypher('UPSTREAM', 2, 'Commit');
    expect(up).toContain('MATCH (f)<-[r:INPUT_OF|PRODUCED|PROVENANCE|SUBJECT_OF|DECIDED|IN_COMMIT]-(m)');
    expect(up).toContain('MATCH (f)-[r:OF_JOB|RAN|TRAINED_BY|MADE_BY|ABOUT|HAS_FILE]->(m)');
    const down = lineageCypher('DOWNSTREAM', 2, 'Commit');
    expect(down).toContain('MATCH (f)-[r:INPUT_OF|PRODUCED|PROVENANCE|SUBJECT_OF|DECIDED|IN_COMMIT]->(m)');
    expect(down).toContain('MATCH (f)<-[r:OF_JOB|RAN|TRAINED_BY|MADE_BY|ABOUT|HAS_FILE]-(m)');
    const both = lineageCypher('BOTH', 2, 'Commit');
    expect(hops(both)).toBe(4);
    expect(both).toContain('WITH [downLayers, upLayers] AS walks, downCut OR upCut AS cut');
  });

  it('carries no edge list through the walk, and sorts rows that hold a node, its depth and its edges only', () => {
    const text = lineageCypher('BOTH', 10, 'FileVersion');
    expect(text).not.toMatch(/reduce\(|COLLECT \{|rels/);
    expect(text).toContain('WITH n, depth, via, cut ORDER BY depth, n.id LIMIT $limit + 1');
    // The sort runs at the top level, where no walk list is in scope.
    expect(text.indexOf('ORDER BY depth, n.id')).toBeGreaterThan(text.lastIndexOf('RETURN layers AS'));
    expect(text).not.toMatch(/CALL \(walks\)/);
  });

  it('without a label, looks the start up on each lineage label by parameter', () => {
    const text = lineageCypher('BOTH', 3);
    for (const label of LINEAGE_LABELS) expect(text).toContain(`MATCH (n:${label} {id: $id}) WHERE $label = '${label}'`);
  });

  it('takes every value from parameters, and refuses a bad depth or label before building any text', () => {
    const text = lineageCypher('BOTH', 10, 'FileVersion');
    for (const param of ['$id', '$asOf', '$types', '$limit', '$rowCap', '$edgeCap', '$labels', '$display', '$allProperties']) expect(text).toContain(param);
    expect(() => lineageCypher('BOTH', 21)).toThrow('depth: must be an integer from 1 to 20; got 21');
    expect(() => lineageCypher('BOTH', 3, 'FileVersion {id: 1}) DETACH DELETE start //' as never)).toThrow(/is not a lineage label/);
  });
});
