/**
 * Decisions and explanations as the CLI asks for them and shows them: the GraphQL selections,
 * the plain views `--json` prints, and the `Label: value` lines people read.
 */
import { cell } from './human-format.js';

const MODEL_VERSION = 'version state model { name project { name } }';
const TRAINING = `modelVersion { ${MODEL_VERSION} } trainingJob { jobId pipelineName project }
  pipelineVersion { version image cmd specHash } trainingCommits { id repo { name project { name } } }
  trainingRecords { count sample { repo path } } subjectsCount`;
export const DECISION_FIELDS = `decisionId subjectId modelVersion { ${MODEL_VERSION} } input output explanation madeAt source flagged flaggedByErasure`;
export const EXPLAIN_DECISION = `query ExplainDecision($id: ID!) { explainDecision(id: $id) { decision { ${DECISION_FIELDS} } datum { datumKey job { jobId } } ${TRAINING} } }`;
export const EXPLAIN_MODEL = `query ExplainModel($id: ID!) { explainModel(id: $id) { ${TRAINING} decisionsCount supersededBy { ${MODEL_VERSION} } supersededByErasure supersededByErasureId } }`;

interface ModelVersionNode {
  version: number;
  state: string;
  model: { name: string; project: { name: string } };
}

export interface DecisionNode {
  decisionId: string;
  subjectId: string;
  modelVersion: ModelVersionNode;
  input: unknown;
  output: unknown;
  explanation: unknown;
  madeAt: string;
  source: string;
  flagged: boolean;
  flaggedByErasure: string | null;
}

interface TrainingNode {
  modelVersion: ModelVersionNode;
  trainingJob: { jobId: string; pipelineName: string; project: string } | null;
  pipelineVersion: { version: number; image: string | null; cmd: string[]; specHash: string } | null;
  trainingCommits: { id: string; repo: { name: string; project: { name: string } } }[];
  trainingRecords: { count: number; sample: { repo: string; path: string }[] };
  subjectsCount: number;
}

export interface DecisionExplanationNode extends TrainingNode {
  decision: DecisionNode;
  datum: { datumKey: string; job: { jobId: string } } | null;
}

export interface ModelExplanationNode extends TrainingNode {
  decisionsCount: number;
  supersededBy: ModelVersionNode | null;
  supersededByErasure: boolean;
  supersededByErasureId: string | null;
}

/** `project/name@3` */
export const modelVersionName = (v: ModelVersionNode): string => `${v.model.project.name}/${v.model.name}@${v.version}`;

export function decisionView(d: DecisionNode) {
  return { ...d, modelVersion: modelVersionName(d.modelVersion), source: d.source.toLowerCase() };
}

function trainingView(e: TrainingNode) {
  return {
    modelVersion: modelVersionName(e.modelVersion),
    modelVersionState: e.modelVersion.state.toLowerCase(),
    trainingJob: e.trainingJob?.jobId ?? null,
    pipeline: e.trainingJob ? `${e.trainingJob.project}/${e.trainingJob.pipelineName}` : null,
    pipelineVersion: e.pipelineVersion?.version ?? null,
    image: e.pipelineVersion?.image ?? null,
    cmd: e.pipelineVersion?.cmd ?? [],
    specHash: e.pipelineVersion?.specHash ?? null,
    trainingCommits: e.trainingCommits.map((c) => `${c.repo.project.name}/${c.repo.name}@${c.id}`),
    trainingRecords: e.trainingRecords.count,
    trainingRecordSample: e.trainingRecords.sample.map((f) => `${f.repo}:${f.path}`),
    subjects: e.subjectsCount,
  };
}

export function decisionExplanationView(e: DecisionExplanationNode) {
  const datum = e.datum ? `${e.datum.job.jobId}.${e.datum.datumKey}` : null;
  return { decision: decisionView(e.decision), datum, ...trainingView(e) };
}

export function modelExplanationView(e: ModelExplanationNode) {
  return {
    ...trainingView(e),
    decisions: e.decisionsCount,
    supersededBy: e.supersededBy ? modelVersionName(e.supersededBy) : null,
    supersededByErasure: e.supersededByErasure,
    erasure: e.supersededByErasureId,
  };
}

type Field = [label: string, value: string | number | boolean | null | undefined];

const json = (v: unknown) => (v === null || v === undefined ? null : cell(JSON.stringify(v), 200));
const listed = (items: string[], shown = 3) => (items.length === 0 ? null : `${items.slice(0, shown).join(', ')}${items.length > shown ? `, ... (${items.length})` : ''}`);

function trainingFields(v: ReturnType<typeof trainingView>): Field[] {
  return [
    ['Model version', `${v.modelVersion} (${v.modelVersionState})`],
    ['Training job', v.trainingJob && `${v.trainingJob} (pipeline ${v.pipeline}, version ${v.pipelineVersion})`],
    ['Image', v.image],
    ['Command', v.cmd.length ? cell(v.cmd.join(' '), 120) : null],
    ['Spec hash', v.specHash],
    ['Training commits', listed(v.trainingCommits)],
    ['Training records', `${v.trainingRecords}${v.trainingRecordSample.length ? ` (e.g. ${v.trainingRecordSample.slice(0, 2).join(', ')}${v.trainingRecords > 2 ? ', ...' : ''})` : ''}`],
    ['Subjects covered', v.subjects],
  ];
}

/** What `stemma explain decision` prints. */
export function decisionExplanationFields(v: ReturnType<typeof decisionExplanationView>): Field[] {
  const d = v.decision;
  return [
    ['Decision', d.decisionId],
    ['Subject', d.subjectId],
    ['Made at', d.madeAt],
    ['Source', d.source === 'pipeline' && v.datum ? `pipeline (datum ${v.datum})` : d.source],
    ['Input', json(d.input)],
    ['Output', json(d.output)],
    ['Explanation', json(d.explanation) ?? 'none recorded'],
    ...(d.flagged ? [['Flagged', `by erasure ${d.flaggedByErasure ?? '-'}`] as Field] : []),
    ...trainingFields(v),
  ];
}

/** What `stemma explain model` prints. */
export function modelExplanationFields(v: ReturnType<typeof modelExplanationView>): Field[] {
  return [
    ...trainingFields(v),
    ['Decisions', v.decisions],
    ['Superseded by', v.supersededBy ? `${v.supersededBy}${v.supersededByErasure ? ` (erasure ${v.erasure})` : ''}` : null],
  ];
}
