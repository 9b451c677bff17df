/**
 * Subject: a data subject, as its records are tagged (`put file --split ... --subject-field`),
 * with the file versions tagged with it and the decisions about it — each list showing what
 * the request may read.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { createNeo4jSubjectGraph } from '../../graph-schema/decisions/index.js';
import { builder } from './builder.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection-page.js';
import { FileVersionRefType } from './datum-types.js';
import { decisionPage } from './decision.js';
import { DecisionConnection, DecisionNode, modelVersionIdOf, readableProjects, SubjectNode } from './decision-nodes.js';

const SubjectFileVersionConnection = builder.connectionObject(
  { type: FileVersionRefType, name: 'SubjectFileVersionConnection' },
  { name: 'SubjectFileVersionEdge' },
);

SubjectNode.implement({
  description: 'A data subject: the person whose records are tagged with its id. Derived files, models and decisions reach it through the graph.',
  fields: (t) => ({
    subjectId: t.exposeString('id', { description: 'The id its records are tagged with.' }),
    fileVersions: t.connection(
      {
        type: FileVersionRefType,
        description: 'The file versions (records) tagged with it, in every commit that holds them, of the projects the request may read.',
        resolve: async (s, args, ctx) => {
          if (args.last != null || args.before != null) throw new InvalidArgumentError('file versions are paged forward: use first and after, not last or before');
          const first = Math.min(Math.max(args.first ?? DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE);
          const list = await createNeo4jSubjectGraph(ctx.runtime.graph).fileVersionsOfSubject(s.id, { projects: readableProjects(ctx), limit: first + 1, after: args.after ?? undefined });
          const page = list.slice(0, first);
          return {
            edges: page.map((f) => ({ cursor: f.id, node: f })),
            pageInfo: { hasNextPage: list.length > first, hasPreviousPage: Boolean(args.after), startCursor: page[0]?.id ?? null, endCursor: page.at(-1)?.id ?? null },
          };
        },
      },
      SubjectFileVersionConnection,
    ),
    decisions: t.connection(
      {
        type: DecisionNode,
        description: 'Decisions about it, in id order, of the projects the request may read.',
        args: { modelVersion: t.arg.id({ description: 'Only those of this model version.' }) },
        resolve: async (s, args, ctx) => {
          const modelVersionId = args.modelVersion ? await modelVersionIdOf(ctx, String(args.modelVersion)) : undefined;
          return decisionPage(ctx, { subjectId: s.id, modelVersionId, projects: readableProjects(ctx) }, args);
        },
      },
      DecisionConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  subject: t.field({
    type: SubjectNode,
    description: 'A data subject by id; NOT_FOUND when no record of a project the request may read is tagged with it and no decision of one is about it (whether it exists elsewhere is not said).',
    args: { id: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => SubjectNode.getDataloader(ctx).load(args.id),
  }),
}));
