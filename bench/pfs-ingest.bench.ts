/**
 * Ingest through the CLI into MinIO, side by side with plain @aws-sdk/client-s3 calls:
 * 100,000 files of 1 KiB (files/s), one 1 GiB file (MiB/s, peak RSS), dedup into a second
 * repo (bucket bytes before and after), and `list file` / `get file` latency.
 * Sizes: BENCH_FILES (default 100000), BENCH_BIG_MIB (1024), BENCH_CONCURRENCY (16).
 */
import { createCipheriv, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { loadConfig } from '../core/config.js';
import { loadStackEnv, projectRoot } from '../test/support/stack-env.js';
import { startBenchApi, type BenchApi } from './support/bench-api.js';
import { peakRssOf, timed } from './support/processes.js';
import { percentile, report, type Row } from './support/report.js';

loadStackEnv();
const FILES = Number(process.env.BENCH_FILES ?? 100_000);
const BIG_MIB = Number(process.env.BENCH_BIG_MIB ?? 1024);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const { objectStore } = loadConfig(['objectStore']);
const s3cfg = objectStore.s3;
const s3 = new S3Client({
  endpoint: s3cfg.endpoint,
  region: s3cfg.region,
  forcePathStyle: true,
  credentials: { accessKeyId: s3cfg.accessKeyId ?? '', secretAccessKey: s3cfg.secretAccessKey ?? '' },
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
const stemma = join(projectRoot, 'bin/stemma');
const id = randomUUID().slice(0, 8);
const rows: Row[] = [];

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'stemma-bench-'));
  try {
    const small = join(work, 'small');
    const paths = await generateSmallFiles(small, FILES);
    await smallFiles(small, paths);
    const big = join(work, 'big.bin');
    await generateBigFile(big, BIG_MIB);
    await bigFile(big);
  } finally {
    await rm(work, { recursive: true, force: true });
    await deletePrefix(`bench-baseline-${id}/`);
    s3.destroy();
  }
  report('pfs-ingest', rows, { files: FILES, bigMiB: BIG_MIB, concurrency: CONCURRENCY });
}

async function smallFiles(dir: string, paths: string[]): Promise<void> {
  const mib = (FILES * 1024) / 1024 / 1024;
  const t0 = performance.now();
  await forEachLimit(paths, CONCURRENCY, async (p) => {
    await s3.send(new PutObjectCommand({ Bucket: s3cfg.bucket, Key: `bench-baseline-${id}/small/${p}`, Body: await readFile(join(dir, p)) }));
  });
  const rawMs = performance.now() - t0;

  const api = await startBenchApi();
  try {
    const env = { ...process.env, STEMMA_API_URL: api.url, STEMMA_TOKEN: api.token };
    await timed(stemma, ['create', 'repo', `bench-${id}`], env);
    const put = await timed(stemma, ['put', 'file', `bench-${id}@master:/data`, '-f', dir, '-r'], env);
    rows.push(
      { metric: `ingest ${FILES} x 1 KiB`, stemma: FILES / (put.ms / 1000), baseline: FILES / (rawMs / 1000), unit: 'files/s', note: `SDK PutObject, ${CONCURRENCY} in flight` },
      { metric: 'ingest small files', stemma: mib / (put.ms / 1000), baseline: mib / (rawMs / 1000), unit: 'MiB/s' },
      { metric: 'small-file ingest, stemma / SDK', stemma: rawMs / put.ms, unit: 'x faster' },
      { metric: 'peak RSS during small ingest', stemma: `cli ${put.peakRssMiB.toFixed(0)} / api ${peakRssOf(api.pid).toFixed(0)}`, unit: 'MiB' },
    );

    const before = await bucketBytes();
    await timed(stemma, ['create', 'repo', `bench-${id}-copy`], env);
    await timed(stemma, ['put', 'file', `bench-${id}-copy@master:/data`, '-f', dir, '-r'], env);
    const after = await bucketBytes();
    rows.push(
      { metric: 'dedup: content bytes added by 2nd repo', stemma: after.content - before.content, unit: 'bytes', note: `of ${before.content} content bytes` },
      { metric: 'dedup: all bucket bytes added', stemma: after.total - before.total, unit: 'bytes', note: 'manifests included' },
    );
    await latencies(api, paths);
  } finally {
    await api.stop();
  }
}

async function latencies(api: BenchApi, paths: string[]): Promise<void> {
  const listMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}` },
      body: JSON.stringify({ query: 'query($ref: String!) { files(ref: $ref, first: 1000) { edges { node { path size } } } }', variables: { ref: `bench-${id}@master:/data` } }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    listMs.push(performance.now() - t);
  }
  const getMs: number[] = [];
  for (let i = 0; i < 50; i++) {
    const p = paths[(i * 7919) % paths.length] ?? '';
    const t = performance.now();
    const res = await fetch(`${api.url}/v1/pfs/default/bench-${id}/master/files/data/${p}`, { headers: { authorization: `Bearer ${api.token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`get ${p}: ${res.status}`);
    getMs.push(performance.now() - t);
  }
  const env = { ...process.env, STEMMA_API_URL: api.url, STEMMA_TOKEN: api.token };
  const cliList = await timed(stemma, ['list', 'file', `bench-${id}@master:/data`], env);
  const cliGet = await timed(stemma, ['get', 'file', `bench-${id}@master:/data/${paths[0]}`], env);
  rows.push(
    { metric: `list file of a ${FILES}-file commit, p50/p95`, stemma: `${percentile(listMs, 50).toFixed(1)} / ${percentile(listMs, 95).toFixed(1)}`, unit: 'ms', note: 'GraphQL, root dir' },
    { metric: 'get file of one file, p50/p95', stemma: `${percentile(getMs, 50).toFixed(1)} / ${percentile(getMs, 95).toFixed(1)}`, unit: 'ms', note: 'HTTP' },
    { metric: 'CLI list file / get file, one run', stemma: `${cliList.ms.toFixed(0)} / ${cliGet.ms.toFixed(0)}`, unit: 'ms', note: 'includes node start-up' },
  );
}

async function bigFile(file: string): Promise<void> {
  const t0 = performance.now();
  await new Upload({ client: s3, params: { Bucket: s3cfg.bucket, Key: `bench-baseline-${id}/big.bin`, Body: createReadStream(file) }, partSize: 8 * 1024 * 1024, queueSize: 4 }).done();
  const rawMs = performance.now() - t0;
  const api = await startBenchApi();
  try {
    const env = { ...process.env, STEMMA_API_URL: api.url, STEMMA_TOKEN: api.token };
    const put = await timed(stemma, ['put', 'file', `bench-${id}@master:/big.bin`, '-f', file], env);
    const apiPeak = peakRssOf(api.pid);
    rows.push(
      { metric: `put ${BIG_MIB} MiB file`, stemma: BIG_MIB / (put.ms / 1000), baseline: BIG_MIB / (rawMs / 1000), unit: 'MiB/s', note: 'SDK multipart, 8 MiB parts, 4 in flight' },
      { metric: 'big file, stemma / SDK throughput', stemma: (rawMs / put.ms) * 100, unit: '%' },
      { metric: 'big file peak RSS', stemma: `cli ${put.peakRssMiB.toFixed(0)} / api ${apiPeak.toFixed(0)}`, unit: 'MiB' },
    );
  } finally {
    await api.stop();
  }
}

async function generateSmallFiles(dir: string, count: number): Promise<string[]> {
  const paths: string[] = [];
  for (let d = 0; d * 1000 < count; d++) {
    const sub = `d${String(d).padStart(4, '0')}`;
    await mkdir(join(dir, sub), { recursive: true });
    const batch: Promise<void>[] = [];
    for (let i = d * 1000; i < Math.min(count, (d + 1) * 1000); i++) {
      const p = `${sub}/f${String(i).padStart(6, '0')}.bin`;
      paths.push(p);
      batch.push(writeFile(join(dir, p), pseudoRandom(1024, i)));
    }
    await Promise.all(batch);
  }
  return paths;
}

async function generateBigFile(file: string, mib: number): Promise<void> {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
  async function* zeros() {
    const block = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < mib; i++) yield block;
  }
  await pipeline(zeros, cipher, createWriteStream(file));
}

function pseudoRandom(size: number, seed: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(seed, 12);
  return createCipheriv('aes-128-ctr', Buffer.alloc(16, 3), iv).update(Buffer.alloc(size));
}

async function bucketBytes(): Promise<{ content: number; total: number }> {
  let content = 0;
  let total = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: s3cfg.bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      if (o.Key?.startsWith('bench-baseline-')) continue;
      total += o.Size ?? 0;
      if (/^(packs|chunks)\//.test(o.Key ?? '')) content += o.Size ?? 0;
    }
    token = page.NextContinuationToken;
  } while (token);
  return { content, total };
}

async function deletePrefix(prefix: string): Promise<void> {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: s3cfg.bucket, Prefix: prefix, ContinuationToken: token }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key ?? '' }));
    for (let i = 0; i < keys.length; i += 1000) await s3.send(new DeleteObjectsCommand({ Bucket: s3cfg.bucket, Delete: { Objects: keys.slice(i, i + 1000) } }));
    token = page.NextContinuationToken;
  } while (token);
}

async function forEachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}

await main();
