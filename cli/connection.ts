/**
 * Relay connections as the API returns them, read page by page into a plain list.
 */
export interface Connection<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The selection every paged query asks for, around the node's own fields. */
export function connectionOf(nodeFields: string): string {
  return `edges { node { ${nodeFields} } } pageInfo { hasNextPage endCursor }`;
}

/**
 * Reads pages with `fetchPage(after, first)` until there are no more or `limit` nodes
 * were read. `pageSize` bounds each request.
 */
export async function collectPages<T>(
  fetchPage: (after: string | undefined, first: number) => Promise<Connection<T>>,
  limit = Infinity,
  pageSize = 500,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  while (out.length < limit) {
    const page = await fetchPage(after, Math.min(pageSize, limit - out.length));
    for (const edge of page.edges) out.push(edge.node);
    if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null || page.edges.length === 0) break;
    after = page.pageInfo.endCursor;
  }
  return out.slice(0, limit);
}
