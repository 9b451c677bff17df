/**
 * Latency of one operation two ways (through the API and as the raw query), sampled over the
 * same random targets after a warm-up, alternating which way goes first so neither gets the
 * other's warm cache more often.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { toNeo4jParams, type GraphClientConfig } from '../../graph-schema/graph-client.js';
import { percentile } from './report.js';

export interface SampleSpec<T> {
  /** Short name to pick the operation with (BENCH_OPS=explain,lineage-file). */
  key: string;
  name: string;
  /** Picks the i-th target (deterministic: the same runs see the same targets). */
  target(i: number): T;
  api(target: T): Promise<unknown>;
  raw(target: T): Promise<unknown>;
  /** Groups the samples are also summarised by (e.g. the size of the model's training set). */
  group?(target: T): string;
}

export interface Stats {
  p50: number;
  p95: number;
  max: number;
}

export interface Latencies {
  key: string;
  name: string;
  api: Stats;
  raw: Stats;
  /** The API's own cost: API minus raw of the same target, sample by sample. */
  overhead: Stats;
  samples: number;
  /** Per group: p50 and p95 each way, and the number of samples. */
  groups: Record<string, { api: Stats; raw: Stats; samples: number }>;
}

export async function sampleLatencies<T>(spec: SampleSpec<T>, warmup: number, samples: number): Promise<Latencies> {
  for (let i = 0; i < warmup; i++) {
    const t = spec.target(samples + i);
    await spec.raw(t);
    await spec.api(t);
  }
  const api: number[] = [];
  const raw: number[] = [];
  const groups = new Map<string, { api: number[]; raw: number[] }>();
  const time = async (fn: () => Promise<unknown>) => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
  for (let i = 0; i < samples; i++) {
    const t = spec.target(i);
    let r: number;
    let a: number;
    if (i % 2 === 0) {
      r = await time(() => spec.raw(t));
      a = await time(() => spec.api(t));
    } else {
      a = await time(() => spec.api(t));
      r = await time(() => spec.raw(t));
    }
    raw.push(r);
    api.push(a);
    const key = spec.group?.(t);
    if (key === undefined) continue;
    const g = groups.get(key) ?? { api: [], raw: [] };
    g.api.push(a);
    g.raw.push(r);
    groups.set(key, g);
  }
  const byGroup = Object.fromEntries([...groups].map(([k, g]) => [k, { api: stats(g.api), raw: stats(g.raw), samples: g.api.length }]));
  const overhead = api.map((a, i) => a - raw[i]!);
  return { key: spec.key, name: spec.name, api: stats(api), raw: stats(raw), overhead: stats(overhead), samples, groups: byGroup };
}

function stats(v: number[]): Stats {
  return { p50: percentile(v, 50), p95: percentile(v, 95), max: Math.max(...v) };
}

/** A seeded generator of integers in [0, n), so the same run picks the same targets. */
export function seededPicker(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
  };
}

/**
 * Runs a statement with the plain driver, as the graph client does (a read session per
 * statement, a managed read transaction), parameters typed as the graph client types them.
 */
export function rawRunner(config: GraphClientConfig): { run(cypher: string, params: Record<string, unknown>): Promise<number>; driver: Driver; close(): Promise<void> } {
  const auth = config.password ? neo4j.auth.basic(config.user ?? 'neo4j', config.password) : undefined;
  const driver = neo4j.driver(config.uri, auth, { disableLosslessIntegers: true });
  return {
    driver,
    async run(cypher, params) {
      const session = driver.session({ database: config.database, defaultAccessMode: neo4j.session.READ });
      try {
        const res = await session.executeRead((tx) => tx.run(cypher, toNeo4jParams(params)));
        return res.records.length;
      } finally {
        await session.close();
      }
    },
    close: () => driver.close(),
  };
}
