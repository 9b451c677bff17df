import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { API_QUERY_LIMITS } from '../core/config.js';
import { countCost, createCostCounter, queryComplexity, queryDepthRule } from './query-limits.js';
import { buildSchema } from './schema/index.js';

const schema = buildSchema();

/** `{ repos { edges { node { ... } } } }` nested through commits and files to the given depth. */
const nested = (depth: number): string => {
  const levels = ['repos', 'edges', 'node', 'commits(first: 1)', 'edges', 'node', 'parent', 'parent', 'parent', 'parent', 'parent', 'parent', 'parent', 'parent', 'parent', 'parent', 'parent', 'parent', 'parent'];
  const chain = levels.slice(0, depth - 1);
  return `{ ${chain.map((l) => `${l} {`).join(' ')} id ${chain.map(() => '}').join(' ')} }`;
};

describe('queryDepthRule', () => {
  it('refuses a query nested past the limit as INVALID_ARGUMENT naming the limit and its depth', () => {
    const errors = validate(schema, parse(nested(9)), [queryDepthRule(8)]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe('query depth 9 is over the limit of 8 (STEMMA_API_MAX_DEPTH): nest fewer selections, or split the query');
    expect(errors[0]?.originalError).toMatchObject({ code: 'INVALID_ARGUMENT', details: { limit: 8, depth: 9 } });
  });

  it('lets a query at the limit through, and the default limit leaves room for deep connection queries', () => {
    expect(validate(schema, parse(nested(8)), [queryDepthRule(8)])).toEqual([]);
    expect(validate(schema, parse(nested(API_QUERY_LIMITS.maxDepth)), [queryDepthRule(API_QUERY_LIMITS.maxDepth)])).toEqual([]);
  });
});

describe('queryComplexity', () => {
  const cost = (query: string, variables: Record<string, unknown> = {}) => queryComplexity({ schema, query: parse(query), variables });

  it('multiplies what a connection selects by its page size, 100 by default, at most 1000', () => {
    expect(cost('{ repos(first: 10) { edges { node { id name } } } }')).toBe(1 + 10 * (1 + 1 + 2));
    expect(cost('{ repos { edges { node { id } } } }')).toBe(1 + 100 * 3);
    expect(cost('query($n: Int) { repos(first: $n) { edges { node { id } } } }', { n: 5000 })).toBe(1 + 1000 * 3);
  });

  it('charges a lineage by the nodes it may return', () => {
    expect(cost('{ lineage(id: "x", limit: 50) { truncated nodes { id } } }')).toBe(1 + 50 * (1 + 2));
  });

  it('counts a page of 100 commits with their files under the default limit, and pages of pages over it', () => {
    const page = '{ commits(repo: "r", first: 100) { edges { node { id parent { id } provenance { edges { node { id } } } files(first: 20) { edges { node { path } } } } } } }';
    expect(cost(page)).toBeLessThan(API_QUERY_LIMITS.maxComplexity);
    expect(cost('{ commits(repo: "r", first: 1000) { edges { node { files(first: 1000) { edges { node { path } } } } } } }')).toBeGreaterThan(API_QUERY_LIMITS.maxComplexity);
  });
});

describe('createCostCounter', () => {
  const PAGE = 'query($repo: String!, $id: ID!, $n: Int) { repos(first: $n) { edges { node { id name } } } commits(repo: $repo, first: 1) { edges { node { id } } } node(id: $id) { id } }';

  it('counts a cost once per document and page size, whatever the ids and strings', () => {
    const document = parse(PAGE);
    let counted = 0;
    const costOf = createCostCounter((request) => {
      counted++;
      return countCost(request);
    });
    const first = costOf({ schema, document, variables: { repo: 'a', id: 'x', n: 10 } });
    expect(costOf({ schema, document, variables: { repo: 'b', id: 'y', n: 10 } })).toBe(first);
    expect(counted).toBe(1);
    expect(costOf({ schema, document, variables: { repo: 'a', id: 'x', n: 20 } })).toBeGreaterThan(first);
    expect(counted).toBe(2);
    expect(costOf({ schema, document: parse(PAGE), variables: { repo: 'c', id: 'z', n: 10 } })).toBe(first);
    expect(counted).toBe(3);
  });

  it('keys the cost by operation, and remembers nothing when counting fails', () => {
    const document = parse('query A { repos(first: 1) { edges { node { id } } } } query B { repos(first: 2) { edges { node { id } } } }');
    const costOf = createCostCounter();
    expect(costOf({ schema, document, variables: {}, operationName: 'A' })).toBe(1 + 1 * 3);
    expect(costOf({ schema, document, variables: {}, operationName: 'B' })).toBe(1 + 2 * 3);
    const paged = parse('query($n: Int!) { repos(first: $n) { edges { node { id } } } }');
    expect(() => costOf({ schema, document: paged, variables: {} })).toThrow();
    expect(costOf({ schema, document: paged, variables: { n: 3 } })).toBe(1 + 3 * 3);
  });
});
