/**
 * The Relay node refs of pipelines, jobs, datums and models, each with its per-request
 * dataloader: every request reads the graph afresh (a running job's progress is current),
 * and a record is read at most once per request. Their fields live beside their queries
 * (pipeline.ts, job.ts, datum.ts, model.ts).
 */
import { NotFoundError } from '../../core/errors.js';
import { createNeo4jPipelineGraph } from '../../graph-schema/pipelines/index.js';
import type { DatumRecord, JobRecord, ModelVersionRecord, PipelineRecord, PipelineVersionRecord } from '../../graph-schema/pipelines/index.js';
import type { PipelineSpec } from '../../pipelines/index.js';
import type { PipelineInfo } from '../../pipelines/service/index.js';
import { builder, type Context } from './builder.js';
import { splitRepoId } from './pfs-args.js';
import { totalCountOf } from './pfs-nodes.js';

/** A datum with the project of its job's pipeline, which its read scope needs. */
export type DatumShape = DatumRecord & { project: string };

/** A model: named by a pipeline spec's `model`, with versions once the pipeline has run. */
export interface ModelShape {
  project: string;
  name: string;
  /** The current pipeline that trains it (null when none does any more). */
  pipeline: string | null;
  /** Where its files are in the pipeline's output. */
  path: string | null;
}

/** Loads each key on its own, turning a failure into that key's error. */
function loadEach<K, V>(keys: readonly K[], load: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  return Promise.all(keys.map((key) => load(key).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))));
}

/** The model of a model version id (`project/name@<commit id>`). */
function modelOfVersionId(id: string): { project: string; repo: string } {
  const at = id.lastIndexOf('@');
  if (at === -1) throw new NotFoundError(`model version ${JSON.stringify(id)} does not exist: its id is project/name@<commit id>`, { modelVersion: id });
  return splitRepoId(id.slice(0, at));
}

/** The normalised spec of a pipeline's current version. */
export const specOfPipeline = (p: PipelineRecord): PipelineSpec => JSON.parse(p.current.spec) as PipelineSpec;

/** The project of a pipeline id (`project/name`), as jobs carry it. */
export const projectOfPipelineId = (pipelineId: string): string => splitRepoId(pipelineId).project;

const infoCache = new WeakMap<Context, Map<string, Promise<PipelineInfo>>>();

/** inspectPipeline once per request and pipeline: versions and last job come with it. */
export function pipelineInfo(ctx: Context, project: string, name: string): Promise<PipelineInfo> {
  const cache = infoCache.get(ctx) ?? new Map<string, Promise<PipelineInfo>>();
  infoCache.set(ctx, cache);
  const key = `${project}/${name}`;
  const found = cache.get(key);
  if (found) return found;
  const loading = ctx.pipelines.inspectPipeline(project, name);
  cache.set(key, loading);
  loading.catch(() => cache.delete(key));
  return loading;
}

/** A pipeline by id (`project/name`), or null once it is deleted (its versions and jobs stay, for lineage). */
export async function currentPipeline(ctx: Context, pipelineId: string): Promise<PipelineRecord | null> {
  const { project, repo } = splitRepoId(pipelineId);
  try {
    return (await pipelineInfo(ctx, project, repo)).pipeline;
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

const modelVersionsCache = new WeakMap<Context, Map<string, Promise<ModelVersionRecord[]>>>();

/** Every version of a model (newest first, bounded), read once per request. */
export function modelVersions(ctx: Context, project: string, name: string): Promise<ModelVersionRecord[]> {
  const cache = modelVersionsCache.get(ctx) ?? new Map<string, Promise<ModelVersionRecord[]>>();
  modelVersionsCache.set(ctx, cache);
  const key = `${project}/${name}`;
  const loading = cache.get(key) ?? ctx.pipelines.listModelVersions(project, name, 1000);
  cache.set(key, loading);
  return loading;
}

/** The models named by the current pipelines of a project (of every project when absent). */
export async function modelsOf(ctx: Context, project?: string): Promise<ModelShape[]> {
  const pipelines = await ctx.pipelines.listPipelines(project);
  return pipelines.flatMap((p): ModelShape[] => {
    const model = specOfPipeline(p).model;
    return model ? [{ project: p.project, name: model.name, pipeline: p.name, path: model.path }] : [];
  });
}

export async function findModel(ctx: Context, project: string, name: string): Promise<ModelShape> {
  const named = (await modelsOf(ctx, project)).find((m) => m.name === name);
  if (named) return named;
  const [latest] = await modelVersions(ctx, project, name);
  if (!latest) throw new NotFoundError(`model ${project}/${name} does not exist: a pipeline spec names it with \`model: {name, path}\``, { project, model: name });
  return { project, name, pipeline: null, path: latest.path };
}

export const PipelineNode = builder.loadableNodeRef('Pipeline', {
  id: { resolve: (p: PipelineRecord) => p.id },
  toKey: (p: PipelineRecord) => p.id,
  cacheResolved: true,
  load: (ids: string[], ctx: Context) =>
    loadEach(ids, async (id) => {
      const { project, repo } = splitRepoId(id);
      return (await pipelineInfo(ctx, project, repo)).pipeline;
    }),
});

export const PipelineVersionNode = builder.loadableNodeRef('PipelineVersion', {
  id: { resolve: (v: PipelineVersionRecord) => v.id },
  toKey: (v: PipelineVersionRecord) => v.id,
  cacheResolved: true,
  load: (ids: string[], ctx: Context) => {
    const versions = createNeo4jPipelineGraph(ctx.runtime.graph);
    return loadEach(ids, (id) => versions.getVersion(id));
  },
});

export const JobNode = builder.loadableNodeRef('Job', {
  id: { resolve: (j: JobRecord) => j.id },
  toKey: (j: JobRecord) => j.id,
  cacheResolved: true,
  load: (ids: string[], ctx: Context) => loadEach(ids, (id) => ctx.pipelines.inspectJob(id)),
});

export const DatumNode = builder.loadableNodeRef('Datum', {
  id: { resolve: (d: DatumShape) => d.id },
  toKey: (d: DatumShape) => d.id,
  cacheResolved: true,
  load: (ids: string[], ctx: Context) =>
    loadEach(ids, async (id): Promise<DatumShape> => {
      const dot = id.indexOf('.');
      const job = await JobNode.getDataloader(ctx).load(id.slice(0, dot === -1 ? id.length : dot));
      const { datum } = await ctx.pipelines.inspectDatum(job.id, id.slice(dot + 1));
      return { ...datum, project: projectOfPipelineId(job.pipelineId) };
    }),
});

export const ModelNode = builder.loadableNodeRef('Model', {
  id: { resolve: (m: ModelShape): string => `${m.project}/${m.name}` },
  toKey: (m: ModelShape): string => `${m.project}/${m.name}`,
  cacheResolved: true,
  load: (ids: string[], ctx: Context) =>
    loadEach(ids, (id) => {
      const { project, repo } = splitRepoId(id);
      return findModel(ctx, project, repo);
    }),
});

export const ModelVersionNode = builder.loadableNodeRef('ModelVersion', {
  id: { resolve: (v: ModelVersionRecord) => v.id },
  toKey: (v: ModelVersionRecord) => v.id,
  cacheResolved: true,
  load: (ids: string[], ctx: Context) =>
    loadEach(ids, async (id) => {
      const model = modelOfVersionId(id);
      const found = (await modelVersions(ctx, model.project, model.repo)).find((v) => v.id === id);
      if (!found) throw new NotFoundError(`model version ${id} does not exist`, { modelVersion: id });
      return found;
    }),
});

const totalCountField = { description: 'How many items the whole list has, when it is known without reading it all.', nullable: true } as const;

export const PipelineConnection = builder.connectionObject(
  { type: PipelineNode, name: 'PipelineConnection', fields: (t) => ({ totalCount: t.int({ ...totalCountField, resolve: totalCountOf }) }) },
  { name: 'PipelineEdge' },
);
export const JobConnection = builder.connectionObject({ type: JobNode, name: 'JobConnection' }, { name: 'JobEdge' });
export const DatumConnection = builder.connectionObject({ type: DatumNode, name: 'DatumConnection' }, { name: 'DatumEdge' });
export const ModelConnection = builder.connectionObject(
  { type: ModelNode, name: 'ModelConnection', fields: (t) => ({ totalCount: t.int({ ...totalCountField, resolve: totalCountOf }) }) },
  { name: 'ModelEdge' },
);
