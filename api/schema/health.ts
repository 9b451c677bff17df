import { checkDependencies, type DependencyStatus } from '../../runtime/check-dependencies.js';
import { builder } from './builder.js';

const Dependency = builder.objectRef<DependencyStatus>('Dependency').implement({
  description: 'A service Stemma depends on, as the API process sees it now.',
  fields: (t) => ({
    name: t.exposeString('name'),
    address: t.exposeString('address'),
    ok: t.exposeBoolean('ok'),
    version: t.exposeString('version', { nullable: true }),
    detail: t.exposeString('detail', { nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    latencyMs: t.exposeInt('latencyMs'),
  }),
});

builder.queryField('health', (t) =>
  t.field({
    type: [Dependency],
    description: 'Probes Neo4j, Redis and the object store. Open to every request, with a token or not.',
    skipTypeScopes: true,
    resolve: (_root, _args, ctx) => checkDependencies(ctx.runtime),
  }),
);
