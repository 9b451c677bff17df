/**
 * Lookups batched per request: every key a request asks for in one tick is loaded by one call
 * of the batch function (one Cypher query), and each key at most once per request. For list
 * fields (a commit's provenance, a file version's datums) that Pothos' node loaders do not cover.
 */
import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from './builder.js';

export type RequestLoader<K, V> = (ctx: Context) => DataLoader<K, V>;

export function requestLoader<K, V>(batch: (keys: readonly K[], ctx: Context) => Promise<readonly (V | Error)[]>): RequestLoader<K, V> {
  return createContextCache((ctx: Context) => new DataLoader<K, V>((keys) => batch(keys, ctx)));
}

/** A loader of lists by key from a batch that answers a map (a key it leaves out has an empty list). */
export function requestListLoader<V>(batch: (keys: readonly string[], ctx: Context) => Promise<Map<string, V[]>>): RequestLoader<string, V[]> {
  return requestLoader(async (keys, ctx) => {
    const found = await batch(keys, ctx);
    return keys.map((key) => found.get(key) ?? []);
  });
}
