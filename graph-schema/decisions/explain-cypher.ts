/**
 * The statements behind `explainDecision` and `explainModel`: each answers in one round trip.
 * Every start is an indexed lookup by id; the training records are the inputs of the training
 * job's datums (for a skipped datum, of the datum that ran it); their subjects are found by
 * walking upstream through earlier pipelines' datums (`PRODUCED`/`INPUT_OF`, at most
 * {@link UPSTREAM_PIPELINE_DEPTH} pipelines) to the tagged records. The walk needs distinct
 * end nodes only, so the planner runs it as a pruning breadth-first expand: each file version
 * is visited once per start, whatever the number of paths to it.
 */

/** Pipelines walked upstream from a training record to find the records it was derived from. */
export const UPSTREAM_PIPELINE_DEPTH = 10;
/** Training records returned in full; `count` says how many there are. */
export const RECORD_SAMPLE_LIMIT = 20;
/** Input commits returned (a job reads one per input branch). */
export const COMMIT_LIMIT = 1000;

/** The datums that ran the training job's datums (a skipped datum's ran in an earlier job); expects `job`, gives `ranId`. */
const RAN_DATUMS = `
  OPTIONAL MATCH (td:Datum {jobId: job.id})
  WITH DISTINCT CASE WHEN td.state = 'skipped' THEN td.sourceJobId + '.' + td.datumKey ELSE td.id END AS ranId`;

/**
 * The training part, shared: expects `mv` in scope and adds job, pv, commits, records (a
 * sample), recordsCount, subjectsCount and summarized. Training provenance never changes once
 * the version exists, so its two counts are kept on the model version (`trainingRecordsCount`,
 * `trainingSubjectsCount`, see SUMMARIZE_TRAINING_CYPHER); they are computed here only when
 * the version has none yet.
 */
const TRAINING = `
OPTIONAL MATCH (mv)-[:TRAINED_BY]->(job:Job)
OPTIONAL MATCH (job)-[:RAN]->(pv:PipelineVersion)
CALL (job) {
  OPTIONAL MATCH (c:Commit)-[:INPUT_OF]->(job)
  RETURN collect(c)[0..$commitLimit] AS commits
}
CALL (job) {${RAN_DATUMS}
  MATCH (rec:FileVersion)-[:INPUT_OF]->(:Datum {id: ranId})
  WITH DISTINCT rec LIMIT $recordLimit
  RETURN collect(rec) AS records
}
CALL (mv, job) {
  WITH job, mv WHERE mv.trainingSubjectsCount IS NULL${RAN_DATUMS}
  MATCH (rec:FileVersion)-[:INPUT_OF]->(:Datum {id: ranId})
  WITH collect(DISTINCT rec) AS allRecords
  CALL (allRecords) {
    UNWIND allRecords AS rec
    MATCH (rec)<-[:PRODUCED|INPUT_OF*0..${UPSTREAM_PIPELINE_DEPTH * 2}]-(src:FileVersion)
    MATCH (src)<-[:SUBJECT_OF]-(s:Subject)
    RETURN count(DISTINCT s) AS subjects
  }
  RETURN size(allRecords) AS liveRecordsCount, subjects AS liveSubjectsCount
}`;

const TRAINING_RETURN = `mv, job, pv, commits, records,
  coalesce(mv.trainingRecordsCount, liveRecordsCount, 0) AS recordsCount,
  coalesce(mv.trainingSubjectsCount, liveSubjectsCount, 0) AS subjectsCount,
  mv.trainingSubjectsCount IS NOT NULL AS summarized`;

/**
 * The one statement `explainDecision(id)` runs. Parameters: `id` (the decision id),
 * `recordLimit`, `commitLimit`. One row, or none when there is no such decision.
 */
export const EXPLAIN_DECISION_CYPHER = `
MATCH (d:Decision {id: $id})-[:MADE_BY]->(mv:ModelVersion)
OPTIONAL MATCH (datum:Datum)-[:DECIDED]->(d)
${TRAINING}
RETURN d, datum, ${TRAINING_RETURN}`;

/**
 * The one statement `explainModel(id)` runs. Parameters: `id` (the model version id),
 * `recordLimit`, `commitLimit`. One row, or none when there is no such model version.
 */
export const EXPLAIN_MODEL_CYPHER = `
MATCH (mv:ModelVersion {id: $id})
OPTIONAL MATCH (mv)-[:SUPERSEDED_BY]->(next:ModelVersion)
WITH mv, head(collect(next)) AS next, COUNT { (mv)<-[:MADE_BY]-() } AS decisionsCount
${TRAINING}
RETURN next, decisionsCount, ${TRAINING_RETURN}`;

/**
 * Computes and keeps the training summary of model versions (`ids`) that have none: how many
 * file versions the training datums read, and how many distinct subjects those cover.
 */
export const SUMMARIZE_TRAINING_CYPHER = `
UNWIND $ids AS id
MATCH (mv:ModelVersion {id: id}) WHERE mv.trainingSubjectsCount IS NULL
${TRAINING}
SET mv.trainingRecordsCount = liveRecordsCount, mv.trainingSubjectsCount = liveSubjectsCount, mv.trainingSummarizedAt = $now
RETURN count(mv) AS summarized`;

/** Default parameters of both statements, besides `id`. */
export function explainParams(id: string): { id: string; recordLimit: number; commitLimit: number } {
  return { id, recordLimit: RECORD_SAMPLE_LIMIT, commitLimit: COMMIT_LIMIT };
}
