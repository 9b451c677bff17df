import { describe, expect, it } from 'vitest';
import { collectPages, type Connection } from './connection.js';

function pager(total: number) {
  const calls: { after: string | undefined; first: number }[] = [];
  const fetchPage = async (after: string | undefined, first: number): Promise<Connection<number>> => {
    calls.push({ after, first });
    const start = after === undefined ? 0 : Number(after);
    const nodes = Array.from({ length: Math.max(0, Math.min(first, total - start)) }, (_, i) => start + i);
    const end = start + nodes.length;
    return { edges: nodes.map((node) => ({ node })), pageInfo: { hasNextPage: end < total, endCursor: String(end) } };
  };
  return { calls, fetchPage };
}

describe('collectPages', () => {
  it('follows the cursor to the last page', async () => {
    const { calls, fetchPage } = pager(12);
    expect(await collectPages(fetchPage, Infinity, 5)).toEqual([...Array(12).keys()]);
    expect(calls).toEqual([
      { after: undefined, first: 5 },
      { after: '5', first: 5 },
      { after: '10', first: 5 },
    ]);
  });

  it('stops at the limit and asks for no more than it needs', async () => {
    const { calls, fetchPage } = pager(100);
    expect(await collectPages(fetchPage, 7, 5)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(calls.map((c) => c.first)).toEqual([5, 2]);
  });

  it('reads an empty connection', async () => {
    expect(await collectPages(pager(0).fetchPage)).toEqual([]);
  });
});
