/**
 * Lineage API latency on a graph of a million nodes: p50 and p95 of `explainDecision` and
 * `lineage(depth: 10)` through the API (GraphQL over HTTP to the built API process), side by
 * side with the same Cypher run with the plain driver. Targets: p95 < 50 ms, API <= 1.5x raw.
 *
 * The graph (project `bench-lineage`, see support/lineage-graph-plan.ts) is built once and
 * kept; a later run finds it complete and starts at once. Flags: `--rebuild` (delete and
 * build again), `--build-only`. Sizes: BENCH_LINEAGE_RECORDS (200000), BENCH_LINEAGE_COMMITS
 * (10), BENCH_LINEAGE_SLICE_STEP (1000), BENCH_LINEAGE_DECISIONS (200000); BENCH_LINEAGE_BATCH
 * (10000 rows per transaction), BENCH_SAMPLES (200), BENCH_WARMUP (500), BENCH_OPS (all of
 * floor,explain,lineage-file,lineage-decision).
 *
 * The API process is started fresh, and V8 optimizes its GraphQL path only after some hundreds
 * of requests (the first 300 explainDecision answers took 6-8 ms at p50, the next thousand 4 ms):
 * each operation is warmed up 500 times each way, so the figures are a running server's.
 */
import { loadavg } from 'node:os';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createGraphClient } from '../graph-schema/graph-client.js';
import { runMigrations } from '../graph-schema/migrate.js';
import { loadStackEnv } from '../test/support/stack-env.js';
import { startBenchApi } from './support/bench-api.js';
import { rawRunner, sampleLatencies, type Latencies } from './support/latency-sampler.js';
import { lineageApiOperations } from './support/lineage-api-operations.js';
import { takeCensus, type Census } from './support/lineage-graph-census.js';
import { buildLineageGraph, type BuildReport } from './support/lineage-graph-generator.js';
import { DEFAULT_SIZES, plannedNodes, plannedRelationships, type LineageGraphSizes } from './support/lineage-graph-plan.js';
import { report, type Row } from './support/report.js';

loadStackEnv();
const flags = new Set(process.argv.slice(2));
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const sizes: LineageGraphSizes = {
  records: num('BENCH_LINEAGE_RECORDS', DEFAULT_SIZES.records),
  commits: num('BENCH_LINEAGE_COMMITS', DEFAULT_SIZES.commits),
  sliceStep: num('BENCH_LINEAGE_SLICE_STEP', DEFAULT_SIZES.sliceStep),
  decisions: num('BENCH_LINEAGE_DECISIONS', DEFAULT_SIZES.decisions),
};
const SAMPLES = num('BENCH_SAMPLES', 200);
const OPS = process.env.BENCH_OPS?.split(',').map((s) => s.trim());
const WARMUP = num('BENCH_WARMUP', 500);
const P95_TARGET_MS = 50;
const RATIO_TARGET = 1.5;

async function main(): Promise<void> {
  const config = loadConfig(['neo4j']).neo4j;
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info', name: 'bench' });
  const graph = createGraphClient(config, logger);
  const rows: Row[] = [];
  let census: Census;
  let measured: Latencies[] = [];
  const load: number[] = [];
  try {
    await runMigrations(graph, { logger });
    const build = await buildLineageGraph(graph, { sizes, batch: num('BENCH_LINEAGE_BATCH', 10_000), rebuild: flags.has('--rebuild'), logger });
    census = await takeCensus(graph, sizes);
    rows.push(...graphRows(build, census));
    if (!flags.has('--build-only')) {
      load.push(loadavg()[0] ?? NaN);
      measured = await measure(config);
      load.push(loadavg()[0] ?? NaN);
    }
  } finally {
    await graph.close();
  }
  for (const m of measured) rows.push(...latencyRows(m));
  if (load.length > 0) rows.push({ metric: 'machine load (1-min average), before / after', stemma: load.map((l) => l.toFixed(1)).join(' / '), unit: 'procs', note: 'shared 2-core machine' });
  report('lineage-api', rows, { sizes, samples: SAMPLES, warmup: WARMUP, load, nodes: census.nodes, relationships: census.relationships, latencies: measured });
}

async function measure(config: ReturnType<typeof loadConfig<'neo4j'>>['neo4j']): Promise<Latencies[]> {
  const api = await startBenchApi(7173);
  const raw = rawRunner(config);
  try {
    const out: Latencies[] = [];
    for (const op of lineageApiOperations(sizes, api, raw)) {
      if (!OPS || OPS.includes(op.key)) out.push(await sampleLatencies(op, WARMUP, SAMPLES));
    }
    return out;
  } finally {
    await raw.close();
    await api.stop();
  }
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

function graphRows(build: BuildReport, census: Census): Row[] {
  const rows: Row[] = [
    { metric: 'graph nodes (project bench-lineage)', stemma: sum(census.nodes), baseline: sum(plannedNodes(sizes)), unit: 'nodes', note: 'baseline = planned' },
    { metric: 'graph relationships', stemma: sum(census.relationships), baseline: sum(plannedRelationships(sizes)), unit: 'rels', note: 'baseline = planned' },
  ];
  if (build.deleted > 0) rows.push({ metric: 'delete previous graph (--rebuild)', stemma: build.deleteMs / 1000, unit: 's', note: `${build.deleted} nodes, batches of 10000` });
  if (build.complete) rows.push({ metric: 'build', stemma: 'complete already', unit: '-', note: 'counted in the project; nothing built' });
  else {
    const seconds = build.buildMs / 1000;
    rows.push(
      { metric: 'build time (this run)', stemma: seconds, unit: 's', note: `${build.created.nodes} nodes, ${build.created.relationships} rels` },
      { metric: 'build rate', stemma: build.created.nodes / seconds, unit: 'nodes/s', note: `${Math.round(build.created.relationships / seconds)} rels/s` },
    );
  }
  return rows;
}

function latencyRows(m: Latencies): Row[] {
  if (m.key === 'floor') {
    return [{ metric: `${m.name} p50, p95`, stemma: `${m.api.p50.toFixed(1)} / ${m.api.p95.toFixed(1)}`, baseline: `${m.raw.p50.toFixed(1)} / ${m.raw.p95.toFixed(1)}`, unit: 'ms', note: 'what any request costs: HTTP + auth + GraphQL vs Bolt' }];
  }
  const ok = (v: boolean) => (v ? 'meets' : 'MISSES');
  const ratio = { p50: m.api.p50 / m.raw.p50, p95: m.api.p95 / m.raw.p95 };
  // Groups named by a number (the training set size): the smallest and the largest in the table, all in the JSON.
  const groups = Object.entries(m.groups).sort(([a], [b]) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
  const ends = groups.length > 1 ? [groups[0]!, groups[groups.length - 1]!] : [];
  return [
    { metric: `${m.name} p50`, stemma: m.api.p50, baseline: m.raw.p50, unit: 'ms', note: `API vs raw driver, ${m.samples} samples` },
    { metric: `${m.name} p95`, stemma: m.api.p95, baseline: m.raw.p95, unit: 'ms', note: `${ok(m.api.p95 < P95_TARGET_MS)} target < ${P95_TARGET_MS} ms (API)` },
    { metric: `${m.name} API - raw, paired, p50, p95`, stemma: `${m.overhead.p50.toFixed(2)} / ${m.overhead.p95.toFixed(2)}`, unit: 'ms', note: "the API's own cost: HTTP, GraphQL, conversion" },
    { metric: `${m.name} API / raw at p50, p95`, stemma: `${ratio.p50.toFixed(2)} / ${ratio.p95.toFixed(2)}`, unit: 'x', note: `${ok(Math.max(ratio.p50, ratio.p95) <= RATIO_TARGET)} target <= ${RATIO_TARGET}x` },
    ...ends.map(([group, g]) => ({ metric: `${m.name} p50, ${group}`, stemma: g.api.p50, baseline: g.raw.p50, unit: 'ms', note: `${g.samples} samples; p95 ${g.api.p95.toFixed(0)} / ${g.raw.p95.toFixed(0)}` })),
  ];
}

await main();
