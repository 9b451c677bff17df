/**
 * Module boundaries, checked on every lint: no cycles, and dependencies point inward
 * (api/cli/workers -> pipelines/pfs/compliance -> graph-schema -> core).
 */
const domain = '^(pfs|pipelines|compliance)/';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'nothing-imports-api', severity: 'error', from: { pathNot: '^(api|test|bench)/' }, to: { path: '^api/' } },
    { name: 'nothing-imports-a-composition-root', severity: 'error', from: {}, to: { path: '^(api|workers|cli)/main\\.ts$' } },
    { name: 'core-is-innermost', severity: 'error', from: { path: '^core/' }, to: { path: '^(api|cli|workers|runtime|pfs|pipelines|compliance|graph-schema)/' } },
    { name: 'graph-schema-speaks-only-to-core', severity: 'error', from: { path: '^graph-schema/' }, to: { path: '^(api|cli|workers|runtime|pfs|pipelines|compliance)/' } },
    { name: 'pfs-knows-no-compliance', severity: 'error', comment: 'keys and erasure reach pfs through interfaces it defines (SubjectTransforms)', from: { path: '^pfs/' }, to: { path: '^compliance/' } },
    { name: 'domain-does-not-reach-outward', severity: 'error', from: { path: domain }, to: { path: '^(api|cli|workers|runtime)/' } },
    { name: 'neo4j-driver-only-in-graph-schema', severity: 'error', from: { pathNot: '^(graph-schema|test|bench|scripts)/' }, to: { path: 'node_modules/neo4j-driver' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^dist/|\\.stemma/)' },
  },
};
