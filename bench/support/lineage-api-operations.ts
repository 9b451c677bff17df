/**
 * The operations the lineage benchmark times, each through the API and as the raw Cypher the
 * API runs for it: `explainDecision` of a random decision, and `lineage(depth: 10)` around a
 * random file version (records and feature files alternately) and upstream of a random
 * decision; first the floor of any request (an authenticated GraphQL round trip, a trivial
 * statement), which the API / raw ratio of a fast query cannot go below.
 */
import { encodeStemmaGlobalId } from '../../api/schema/global-id.js';
import { EXPLAIN_DECISION_CYPHER, explainParams } from '../../graph-schema/decisions/index.js';
import { lineageCypher, lineageParams, validateLineageQuery, type LineageDirection, type LineageLabel } from '../../graph-schema/lineage/index.js';
import type { BenchApi } from './bench-api.js';
import { createBenchGraphql, type BenchGraphql } from './bench-graphql.js';
import { seededPicker, type SampleSpec, type rawRunner } from './latency-sampler.js';
import { ids, modelVersionOfDecision, trainingSliceSize, type LineageGraphSizes } from './lineage-graph-plan.js';

type Raw = ReturnType<typeof rawRunner>;
export const LINEAGE_DEPTH = 10;

/** Everything `explainDecision` answers, as a client showing "why" would ask for it. */
const EXPLAIN_DECISION = `query Explain($id: ID!) {
  explainDecision(id: $id) {
    decision { id decisionId subjectId input output madeAt source }
    explanation
    modelVersion { id version state }
    trainingJob { id state }
    pipelineVersion { id image cmd specHash }
    trainingCommits { id }
    trainingRecords { count sample { repo path hash } }
    subjectsCount
  }
}`;

const LINEAGE = `query Lineage($id: ID!, $direction: LineageDirection!, $depth: Int!) {
  lineage(id: $id, direction: $direction, depth: $depth) {
    nodes { id type label properties }
    edges { type from to }
    truncated
  }
}`;

interface LineageStart {
  label: LineageLabel;
  id: string;
}

export function lineageApiOperations(sizes: LineageGraphSizes, api: BenchApi, raw: Raw): SampleSpec<unknown>[] {
  const gql = createBenchGraphql(api.url, api.token);
  const decisions = pickIndices(1, sizes.decisions);
  const files = pickIndices(2, sizes.records);
  const explain: SampleSpec<number> = {
    key: 'explain',
    name: 'explainDecision',
    target: decisions,
    api: (i) => gql(EXPLAIN_DECISION, { id: encodeStemmaGlobalId('Decision', ids.decision(i)) }),
    raw: (i) => raw.run(EXPLAIN_DECISION_CYPHER, explainParams(ids.decision(i))),
    group: (i) => `trained on ${trainingSliceSize(sizes, modelVersionOfDecision(sizes, i))} records`,
  };
  const fileStart = (i: number): LineageStart => ({ label: 'FileVersion', id: i % 2 === 0 ? ids.record(files(i)) : ids.feature(files(i)) });
  const decisionStart = (i: number): LineageStart => ({ label: 'Decision', id: ids.decision(decisions(i)) });
  const floor: SampleSpec<number> = {
    key: 'floor',
    name: 'request floor ({ __typename } / RETURN 1)',
    target: (i) => i,
    api: () => gql('{ __typename }'),
    raw: () => raw.run('RETURN 1 AS one', {}),
  };
  return [
    floor,
    explain,
    lineageOperation('lineage-file', `lineage(depth: ${LINEAGE_DEPTH}) of a file version`, 'BOTH', fileStart, gql, raw),
    lineageOperation('lineage-decision', `lineage(depth: ${LINEAGE_DEPTH}, UPSTREAM) of a decision`, 'UPSTREAM', decisionStart, gql, raw),
  ].map((op) => op as SampleSpec<unknown>);
}

function lineageOperation(key: string, name: string, direction: LineageDirection, start: (i: number) => LineageStart, gql: BenchGraphql, raw: Raw): SampleSpec<LineageStart> {
  return {
    key,
    name,
    target: start,
    api: (s) => gql(LINEAGE, { id: encodeStemmaGlobalId(s.label, s.id), direction, depth: LINEAGE_DEPTH }),
    raw: (s) => {
      // LINEAGE selects the nodes' properties, so the API's statement reads every property: so does this one.
      const q = validateLineageQuery({ label: s.label, id: s.id, direction, depth: LINEAGE_DEPTH, properties: true });
      return raw.run(lineageCypher(q.direction, q.depth, q.label), lineageParams(q));
    },
  };
}

/** The i-th of a fixed pseudo-random sequence of indices below n. */
function pickIndices(seed: number, n: number): (i: number) => number {
  const next = seededPicker(seed);
  const picked: number[] = [];
  return (i) => {
    while (picked.length <= i) picked.push(next(n));
    return picked[i]!;
  };
}
