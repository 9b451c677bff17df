/**
 * Creating, updating and rerunning a pipeline. Everything that can be refused is refused
 * before anything is created: a missing input repo, a cycle, a name taken by a pipeline or
 * by a repo of user data. Then the output repo (named like the pipeline), any cron repos,
 * and a new pipeline version; its first job starts on the current input heads.
 */
import { ConflictError, InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import { repoId } from '../../graph-schema/pfs/index.js';
import type { RepoRecord } from '../../graph-schema/pfs/index.js';
import type { JobRecord, PipelineRecord } from '../../graph-schema/pipelines/index.js';
import { detectCycle, type PipelineNode } from '../detect-cycle.js';
import { parsePipelineSpec } from '../spec/parse-pipeline-spec.js';
import { inputRepos } from '../spec/input-repos.js';
import { specHash } from '../spec/spec-hash.js';
import type { ParsedPipelineSpec, PipelineSpec } from '../spec/spec-types.js';
import { cronInputs, type CronTicker } from './cron-ticker.js';
import type { JobTrigger } from './job-trigger.js';
import type { PipelineDeps } from './pipeline-deps.js';

export interface CreatePipelineOptions {
  /** Replace the spec of an existing pipeline (a new version). */
  update?: boolean;
  /** Reprocess every datum in the new version's first job, even those that succeeded before. */
  reprocess?: boolean;
}

export interface CreatePipelineResult {
  pipeline: PipelineRecord;
  /** Fields of the spec that were ignored. */
  warnings: string[];
  /** False when the spec equals the current version's (nothing changed). */
  created: boolean;
  /** The new version's first job, when an input has commits. */
  job: JobRecord | null;
}

/** A spec as text (JSON or YAML), or as a value written like one. */
export type PipelineSpecInput = string | Record<string, unknown>;

export function parseSpecInput(input: PipelineSpecInput): ParsedPipelineSpec {
  return typeof input === 'string' ? parsePipelineSpec(input) : parsePipelineSpec(JSON.stringify(input), 'json');
}

export function createPipelineCreator(deps: PipelineDeps, trigger: JobTrigger, cron: CronTicker) {
  const findRepo = async (project: string, name: string): Promise<RepoRecord | null> => {
    try {
      return await deps.pfs.deps.repos.getRepo(project, name);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  };

  const assertInputsExist = async (spec: PipelineSpec) => {
    const cronRepos = new Set(cronInputs(spec.input).map((c) => repoId(c.project, c.repo)));
    const missing: string[] = [];
    for (const ref of inputRepos(spec)) {
      const id = repoId(ref.project, ref.repo);
      if (cronRepos.has(id) || missing.includes(id)) continue;
      if (!(await findRepo(ref.project, ref.repo))) missing.push(id);
    }
    if (missing.length > 0) {
      const many = missing.length > 1;
      throw new NotFoundError(
        `pipeline ${spec.pipeline.name}: input repo${many ? 's' : ''} ${missing.join(', ')} ${many ? 'do' : 'does'} not exist: create ${many ? 'them' : 'it'} first (\`stemma create repo <name>\`)`,
        { repos: missing },
      );
    }
  };

  const assertNoCycle = (spec: PipelineSpec, others: PipelineRecord[]) => {
    const node = (r: PipelineRecord): PipelineNode => ({
      name: r.name,
      project: r.project,
      inputRepos: r.current.inputRepoIds.map((id) => ({ project: id.slice(0, id.indexOf('/')), repo: id.slice(id.indexOf('/') + 1) })),
    });
    const candidate: PipelineNode = {
      name: spec.pipeline.name,
      project: spec.pipeline.project,
      inputRepos: inputRepos(spec).map((r) => ({ project: r.project, repo: r.repo })),
    };
    const cycle = detectCycle(others.map(node), candidate);
    if (cycle) {
      throw new InvalidArgumentError(`pipeline ${spec.pipeline.name} would make a cycle: ${cycle.join(' -> ')}; a pipeline cannot read its own output, directly or through others`, {
        cycle,
      });
    }
  };

  const assertOutputRepoFree = async (spec: PipelineSpec) => {
    const { project, name } = spec.pipeline;
    const existing = await findRepo(project, name);
    if (existing && existing.kind !== 'pipeline') {
      throw new ConflictError(`repo ${project}/${name} holds user data, and a pipeline's output repo takes the pipeline's name: rename the pipeline or the repo`, {
        repo: name,
        project,
      });
    }
  };

  return async function createPipeline(input: PipelineSpecInput, opts: CreatePipelineOptions = {}): Promise<CreatePipelineResult> {
    const { spec, warnings } = parseSpecInput(input);
    const { project, name } = spec.pipeline;
    const all = await deps.pipelines.listPipelines();
    const existing = all.find((p) => p.project === project && p.name === name);
    if (existing && !opts.update) {
      throw new ConflictError(`pipeline ${project}/${name} already exists: change it with \`stemma update pipeline -f <spec>\``, { pipeline: name, project });
    }
    if (!existing && opts.update) throw new NotFoundError(`pipeline ${project}/${name} does not exist: create it with \`stemma create pipeline -f <spec>\``, { pipeline: name, project });
    assertNoCycle(spec, all.filter((p) => p !== existing));
    await assertInputsExist(spec);
    await assertOutputRepoFree(spec);
    const hash = specHash(spec);
    if (existing && existing.current.specHash === hash && !opts.reprocess) return { pipeline: existing, warnings, created: false, job: null };

    await deps.pfs.createRepo(project, name, { kind: 'pipeline', ifNotExists: true, description: `output of pipeline ${name}` });
    for (const c of cronInputs(spec.input)) await deps.pfs.createRepo(c.project, c.repo, { ifNotExists: true, description: `ticks of cron input ${c.name} of pipeline ${name}` });
    const version = await deps.pipelines.createVersion({
      project,
      name,
      specHash: hash,
      spec: JSON.stringify(spec),
      image: spec.transform.image ?? null,
      cmd: spec.transform.cmd,
      reprocess: opts.reprocess ?? false,
      inputRepoIds: [...new Set(inputRepos(spec).map((r) => repoId(r.project, r.repo)))],
      outputRepoId: repoId(project, name),
      queue: deps.scheduler.scope,
    });
    const pipeline = await deps.pipelines.getPipeline(project, name);
    const job = await trigger.startVersion(pipeline);
    await cron.scheduleVersion(version);
    deps.logger.info({ pipeline: pipeline.id, version: version.version, job: job?.id }, existing ? 'pipeline updated' : 'pipeline created');
    return { pipeline, warnings, created: true, job };
  };
}
