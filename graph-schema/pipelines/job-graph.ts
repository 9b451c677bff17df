/**
 * Jobs in the graph: `(:Job)-[:RAN]->(:PipelineVersion)`, `(input:Commit)-[:INPUT_OF]->(:Job)`,
 * `(:Job)-[:OUTPUT_COMMIT]->(output:Commit)`. A job's id is derived from its pipeline version
 * and commit set, so creating it twice creates it once. State changes are conditional on the
 * current state, so two workers racing on one job change it once.
 */
import { NotFoundError } from '../../core/errors.js';
import type { GraphClient } from '../graph-client.js';
import { CARRY_CHUNK, carryDatumsForward, writeSkippedDatums, type CarryForward, type SkippedDatumRow } from './datum-rows.js';
import { UNSCOPED_QUEUE, type JobInputCommit, type JobRecord, type JobState } from './pipeline-records.js';

export interface NewJob {
  id: string;
  pipelineId: string;
  pipelineVersionId: string;
  pipelineVersion: number;
  commitSet: string;
  state: 'created' | 'unrunnable';
  inputs: JobInputCommit[];
  error?: string | null;
  /** The queue namespace the job's work is asked for in (the scheduler's scope; default `UNSCOPED_QUEUE`). */
  queue?: string;
}

export interface JobPlan {
  total: number;
  batches: number;
  parentJobId: string | null;
  skipped: SkippedDatumRow[];
  /**
   * Besides `skipped`, the parent's datums the plan did not touch: counted as skipped at
   * once, and carried forward by the server in `carryForward` (after the job started).
   */
  carry?: CarryForward;
}

export interface JobFilter {
  pipelineId?: string;
  commitSet?: string;
  states?: JobState[];
  /** Only jobs of pipelines in these projects. */
  projects?: string[];
  /** Only jobs whose work is asked for in this queue namespace. */
  queue?: string;
  /** Only jobs whose plan's carry is (true) or is not (false) still to make. */
  carryPending?: boolean;
  limit?: number;
}

export interface JobGraph {
  /** Creates the job unless it exists; `created` says which. */
  createJob(job: NewJob): Promise<{ job: JobRecord; created: boolean }>;
  findJob(id: string): Promise<JobRecord | null>;
  getJob(id: string): Promise<JobRecord>;
  /** Jobs, newest first. */
  listJobs(filter?: JobFilter): Promise<JobRecord[]>;
  /** The newest job of a pipeline (any version) on a commit set. */
  jobInCommitSet(pipelineId: string, commitSet: string): Promise<JobRecord | null>;
  /** Of `commitIds`, those that no job of the pipeline version has read. */
  unreadCommits(pipelineVersionId: string, commitIds: string[]): Promise<string[]>;
  countJobsOfVersion(pipelineVersionId: string): Promise<number>;
  /** An unfinished job of the same pipeline created before `job` (jobs of a pipeline run in order). */
  blockingJob(job: JobRecord): Promise<JobRecord | null>;
  /** The oldest job of the pipeline that has not started. */
  nextWaitingJob(pipelineId: string): Promise<JobRecord | null>;
  /** The job whose output commit this is. */
  jobProducing(commitId: string): Promise<JobRecord | null>;
  /** Moves the job to `to` if it is in one of `from`; returns it, or null if it was not. */
  transition(id: string, from: readonly JobState[], to: JobState, error?: string | null): Promise<JobRecord | null>;
  /** Records the plan (counts, batches, parent, skipped datums, the carry to make) and moves created → running, in one transaction. */
  startJob(id: string, plan: JobPlan): Promise<JobRecord | null>;
  /**
   * Makes the carry a plan left to make (none: nothing happens): the parent's untouched
   * datums become skipped datums of the job, a chunk of CARRY_CHUNK per transaction, once
   * however often (and however many callers at once) it is called. Returns how many this
   * call carried.
   */
  carryForward(id: string): Promise<number>;
  setOutputCommit(id: string, commitId: string): Promise<void>;
  /** Takes (or renews) an exclusive lease on the job's coordination work; false when another holder has it. */
  acquireLease(id: string, holder: string, ms: number): Promise<boolean>;
  /** Takes (or renews) the lease like `acquireLease`, and returns the job as it is under it (null when another holder has it). */
  leaseJob(id: string, holder: string, ms: number): Promise<JobRecord | null>;
  releaseLease(id: string, holder: string): Promise<void>;
}

const ACTIVE: JobState[] = ['created', 'running', 'finishing'];

export function createNeo4jJobGraph(graph: GraphClient): JobGraph {
  const now = () => new Date().toISOString();
  const jobsWhere = async (cypher: string, params: Record<string, unknown>) => {
    const res = await graph.read((tx) => tx.run(cypher, params));
    return res.records.map((r) => toJob(r.get('j')));
  };
  const one = async (cypher: string, params: Record<string, unknown>) => (await jobsWhere(cypher, params))[0] ?? null;

  return {
    async createJob(job) {
      const res = await graph.write((tx) =>
        tx.run(
          `MATCH (v:PipelineVersion {id: $job.pipelineVersionId})
           MERGE (j:Job {id: $job.id})
             ON CREATE SET j.pipelineId = $job.pipelineId, j.pipelineVersionId = $job.pipelineVersionId,
                           j.pipelineVersion = $job.pipelineVersion, j.commitSet = $job.commitSet, j.state = $job.state,
                           j.inputs = $inputs, j.error = $job.error, j.queue = $job.queue, j.createdAt = $now, j.startedAt = null,
                           j.finishedAt = CASE WHEN $job.state = 'unrunnable' THEN $now ELSE null END,
                           j.total = 0, j.processed = 0, j.skipped = 0, j.failed = 0, j.recovered = 0, j.batches = 0,
                           j.isNew = true
           WITH j, v, coalesce(j.isNew, false) AS created
           REMOVE j.isNew
           MERGE (j)-[:RAN]->(v)
           WITH j, created
           CALL (j) { UNWIND $commitIds AS cid MATCH (c:Commit {id: cid}) MERGE (c)-[:INPUT_OF]->(j) }
           RETURN j, created`,
          {
            job: { ...job, inputs: undefined, error: job.error ?? null, queue: job.queue ?? UNSCOPED_QUEUE },
            inputs: JSON.stringify(job.inputs),
            commitIds: job.inputs.flatMap((i) => (i.commitId ? [i.commitId] : [])),
            now: now(),
          },
        ),
      );
      const rec = res.records[0];
      if (!rec) throw new NotFoundError(`pipeline version ${job.pipelineVersionId} does not exist`, { pipelineVersion: job.pipelineVersionId });
      return { job: toJob(rec.get('j')), created: Boolean(rec.get('created')) };
    },

    findJob: (id) => one('MATCH (j:Job {id: $id}) RETURN j', { id }),

    async getJob(id) {
      const job = await this.findJob(id);
      if (!job) throw new NotFoundError(`job ${id} does not exist`, { job: id });
      return job;
    },

    listJobs: (filter = {}) =>
      jobsWhere(
        `MATCH (j:Job)
         WHERE ($pipelineId IS NULL OR j.pipelineId = $pipelineId)
           AND ($commitSet IS NULL OR j.commitSet = $commitSet)
           AND ($states IS NULL OR j.state IN $states)
           AND ($projects IS NULL OR split(j.pipelineId, '/')[0] IN $projects)
           AND ($queue IS NULL OR coalesce(j.queue, $unscoped) = $queue)
           AND ($carryPending IS NULL OR (j.carryFrom IS NOT NULL) = $carryPending)
         RETURN j ORDER BY j.createdAt DESC, j.id LIMIT $limit`,
        {
          pipelineId: filter.pipelineId ?? null,
          commitSet: filter.commitSet ?? null,
          states: filter.states ?? null,
          projects: filter.projects ?? null,
          queue: filter.queue ?? null,
          carryPending: filter.carryPending ?? null,
          unscoped: UNSCOPED_QUEUE,
          limit: Math.min(Math.max(1, Math.trunc(filter.limit ?? 100)), 10_000),
        },
      ),

    jobInCommitSet: (pipelineId, commitSet) =>
      one('MATCH (j:Job {pipelineId: $pipelineId, commitSet: $commitSet}) RETURN j ORDER BY j.createdAt DESC LIMIT 1', { pipelineId, commitSet }),

    async unreadCommits(pipelineVersionId, commitIds) {
      const res = await graph.read((tx) =>
        tx.run(
          `UNWIND $commitIds AS cid
           OPTIONAL MATCH (:Commit {id: cid})-[:INPUT_OF]->(j:Job {pipelineVersionId: $pipelineVersionId})
           WITH cid, count(j) AS jobs WHERE jobs = 0
           RETURN cid`,
          { pipelineVersionId, commitIds },
        ),
      );
      return res.records.map((r) => String(r.get('cid')));
    },

    async countJobsOfVersion(pipelineVersionId) {
      const res = await graph.read((tx) => tx.run('MATCH (j:Job {pipelineVersionId: $pipelineVersionId}) RETURN count(j) AS n', { pipelineVersionId }));
      return Number(res.records[0]?.get('n') ?? 0);
    },

    blockingJob: (job) =>
      one(
        `MATCH (j:Job {pipelineId: $pipelineId})
         WHERE j.state IN $active AND j.id <> $id AND (j.createdAt < $createdAt OR (j.createdAt = $createdAt AND j.id < $id))
         RETURN j ORDER BY j.createdAt, j.id LIMIT 1`,
        { pipelineId: job.pipelineId, id: job.id, createdAt: job.createdAt, active: ACTIVE },
      ),

    nextWaitingJob: (pipelineId) =>
      one(`MATCH (j:Job {pipelineId: $pipelineId, state: 'created'}) RETURN j ORDER BY j.createdAt, j.id LIMIT 1`, { pipelineId }),

    jobProducing: (commitId) => one('MATCH (j:Job)-[:OUTPUT_COMMIT]->(:Commit {id: $commitId}) RETURN j LIMIT 1', { commitId }),

    async transition(id, from, to, error = null) {
      const res = await graph.write((tx) =>
        tx.run(
          `MATCH (j:Job {id: $id})
           SET j._lock = true REMOVE j._lock
           WITH j WHERE j.state IN $from
           SET j.state = $to,
               j.error = CASE WHEN $error IS NULL THEN j.error ELSE $error END,
               j.startedAt = CASE WHEN $to = 'running' THEN $now ELSE j.startedAt END,
               j.finishedAt = CASE WHEN $to IN ['success', 'failure', 'killed', 'unrunnable'] THEN $now ELSE j.finishedAt END
           RETURN j`,
          { id, from: [...from], to, error, now: now() },
        ),
      );
      const node = res.records[0]?.get('j');
      return node ? toJob(node) : null;
    },

    async startJob(id, plan) {
      return graph.write(async (tx) => {
        const res = await tx.run(
          `MATCH (j:Job {id: $id})
           SET j._lock = true REMOVE j._lock
           WITH j WHERE j.state = 'created'
           SET j.state = 'running', j.startedAt = $now, j.total = $total, j.skipped = $skipped, j.batches = $batches,
               j.parentJobId = $parentJobId
           RETURN j`,
          { id, now: now(), total: plan.total, skipped: plan.skipped.length, batches: plan.batches, parentJobId: plan.parentJobId },
        );
        const node = res.records[0]?.get('j');
        if (!node) return null;
        await writeSkippedDatums(tx, id, plan.skipped);
        if (!plan.carry) return toJob(node);
        const pending = await tx.run(
          `MATCH (j:Job {id: $id})
           SET j.carryFrom = $carry.fromJobId, j.carryExcept = $carry.exceptKeys, j.carryCount = $carry.count, j.skipped = j.skipped + $carry.count
           RETURN j`,
          { id, carry: plan.carry },
        );
        return toJob(pending.records[0]?.get('j'));
      });
    },

    async carryForward(id) {
      const pending = await graph.read((tx) => tx.run('MATCH (j:Job {id: $id}) WHERE j.carryFrom IS NOT NULL RETURN j.id AS id', { id }));
      if (pending.records.length === 0) return 0;
      // The carry's progress lives on a node of its own, made once under the job's lock; each
      // chunk's transaction locks that node, not the job, before it reads the progress: a
      // second caller waits and carries the next chunk, and the job's finisher, which writes
      // the job meanwhile, never waits for a chunk. A chunk per transaction keeps each one's
      // memory small, and a carrier that dies leaves the progress where its last chunk did.
      await graph.write((tx) =>
        tx.run(
          `MATCH (j:Job {id: $id})
           SET j._lock = true REMOVE j._lock
           WITH j WHERE j.carryFrom IS NOT NULL
           MERGE (j)-[:CARRY]->(:CarryProgress {jobId: $id})`,
          { id },
        ),
      );
      let total = 0;
      for (;;) {
        const step = await graph.write(async (tx) => {
          const res = await tx.run(
            `MATCH (j:Job {id: $id})-[:CARRY]->(c:CarryProgress)
             SET c._lock = true REMOVE c._lock
             WITH j, c WHERE c.finished IS NULL
             RETURN j.carryFrom AS fromJobId, j.carryExcept AS exceptKeys, j.carryCount AS count,
                    coalesce(c.after, '') AS after, coalesce(c.done, 0) AS done`,
            { id },
          );
          const rec = res.records[0];
          if (!rec) return null;
          const carry = { fromJobId: String(rec.get('fromJobId')), exceptKeys: (rec.get('exceptKeys') as string[]) ?? [] };
          const chunk = await carryDatumsForward(tx, id, carry, String(rec.get('after')), CARRY_CHUNK);
          const done = Number(rec.get('done')) + chunk.carried;
          if (chunk.scanned < CARRY_CHUNK) {
            await tx.run(
              `MATCH (j:Job {id: $id})-[:CARRY]->(c:CarryProgress)
               SET j.skipped = j.skipped + $done - $count, c.finished = true, c.done = $done
               REMOVE j.carryFrom, j.carryExcept, j.carryCount`,
              { id, done, count: Number(rec.get('count') ?? done) },
            );
            return { carried: chunk.carried, last: true };
          }
          await tx.run('MATCH (:Job {id: $id})-[:CARRY]->(c:CarryProgress) SET c.after = $after, c.done = $done', { id, after: chunk.lastKey, done });
          return { carried: chunk.carried, last: false };
        });
        if (!step) return total;
        total += step.carried;
        if (step.last) return total;
      }
    },

    async setOutputCommit(id, commitId) {
      await graph.write((tx) =>
        tx.run(
          `MATCH (j:Job {id: $id}), (c:Commit {id: $commitId})
           SET j.outputCommitId = $commitId
           MERGE (j)-[:OUTPUT_COMMIT]->(c)`,
          { id, commitId },
        ),
      );
    },

    async acquireLease(id, holder, ms) {
      return (await this.leaseJob(id, holder, ms)) !== null;
    },

    async leaseJob(id, holder, ms) {
      const res = await graph.write((tx) =>
        tx.run(
          `MATCH (j:Job {id: $id})
           SET j._lock = true REMOVE j._lock
           WITH j WHERE j.leaseHolder IS NULL OR j.leaseHolder = $holder OR j.leaseUntil < $now
           SET j.leaseHolder = $holder, j.leaseUntil = $now + $ms
           RETURN j`,
          { id, holder, now: Date.now(), ms },
        ),
      );
      const node = res.records[0]?.get('j');
      return node ? toJob(node) : null;
    },

    async releaseLease(id, holder) {
      await graph.write((tx) => tx.run('MATCH (j:Job {id: $id}) WHERE j.leaseHolder = $holder REMOVE j.leaseHolder, j.leaseUntil', { id, holder }));
    },
  };
}

export function toJob(node: unknown): JobRecord {
  const x = (node as { properties: Record<string, unknown> }).properties;
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(x.id),
    pipelineId: String(x.pipelineId),
    pipelineVersionId: String(x.pipelineVersionId),
    pipelineVersion: Number(x.pipelineVersion),
    commitSet: String(x.commitSet),
    state: x.state as JobState,
    counts: {
      total: Number(x.total ?? 0),
      processed: Number(x.processed ?? 0),
      skipped: Number(x.skipped ?? 0),
      failed: Number(x.failed ?? 0),
      recovered: Number(x.recovered ?? 0),
    },
    inputs: JSON.parse(String(x.inputs ?? '[]')) as JobRecord['inputs'],
    outputCommitId: str(x.outputCommitId),
    parentJobId: str(x.parentJobId),
    batches: Number(x.batches ?? 0),
    error: str(x.error),
    queue: str(x.queue) ?? UNSCOPED_QUEUE,
    createdAt: String(x.createdAt),
    startedAt: str(x.startedAt),
    finishedAt: str(x.finishedAt),
  };
}
