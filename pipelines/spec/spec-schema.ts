import { z } from 'zod';
import { templateGroups } from '../../pfs/glob/capture-template.js';
import { compileGlob } from '../../pfs/glob/compile-glob.js';
import { cronScheduleProblem } from './cron-schedule.js';
import { parseDuration } from './duration.js';
import { branchNameSchema, inputNameSchema, nameSchema, pipelineNameSchema } from './names.js';

/** A pfs input as validated, before defaults. */
export interface RawPfsInput {
  name?: string | undefined;
  project?: string | undefined;
  repo: string;
  branch?: string | undefined;
  glob: string;
  joinOn?: string | undefined;
  outerJoin?: boolean | undefined;
  groupBy?: string | undefined;
  emptyFiles?: boolean | undefined;
  lazy?: boolean | undefined;
}

export interface RawCronInput {
  name: string;
  project?: string | undefined;
  repo?: string | undefined;
  spec: string;
  overwrite?: boolean | undefined;
  start?: string | undefined;
}

/** An input node as validated; that exactly one kind is set is checked separately. */
export interface RawInput {
  pfs?: RawPfsInput | undefined;
  cross?: RawInput[] | undefined;
  union?: RawInput[] | undefined;
  join?: RawInput[] | undefined;
  group?: RawInput[] | undefined;
  cron?: RawCronInput | undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const QUANTITY = /^\+?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as "60s", "1m30s" or "2h"` });
    return z.NEVER;
  }
  if (ms <= 0) ctx.addIssue({ code: 'custom', message: 'must be longer than zero' });
  return ms;
});

const quantity = z
  .union([z.string(), z.number()], { error: 'must be a quantity such as "512Mi" or "2G"' })
  .transform(String)
  .refine((q) => QUANTITY.test(q), { error: 'must be a quantity such as "512Mi" or "2G"' });

const stringList = z.array(z.string());

const pfsInput = z
  .strictObject({
    name: inputNameSchema.optional(),
    project: nameSchema.optional(),
    repo: nameSchema,
    branch: branchNameSchema.optional(),
    glob: z.string().min(1),
    joinOn: z.string().min(1).optional(),
    outerJoin: z.boolean().optional(),
    groupBy: z.string().min(1).optional(),
    emptyFiles: z.boolean().optional(),
    lazy: z.boolean().optional(),
    commit: z.unknown().optional(),
  })
  .superRefine((pfs, ctx) => {
    if (pfs.commit !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['commit'], message: 'an input cannot name a commit; use a branch whose head is that commit' });
    }
    checkGlobAndTemplates(pfs, ctx);
  })
  .transform(({ commit: _commit, ...pfs }): RawPfsInput => pfs);

/** Runs even when other fields failed, so it checks the types it relies on. */
function checkGlobAndTemplates(pfs: { glob: unknown; joinOn?: unknown; groupBy?: unknown }, ctx: z.RefinementCtx): void {
  if (typeof pfs.glob !== 'string' || pfs.glob === '') return;
  let captureCount: number;
  try {
    captureCount = compileGlob(pfs.glob).captureCount;
  } catch (err) {
    const reason = (err as { details?: { reason?: string } }).details?.reason ?? (err as Error).message;
    ctx.addIssue({ code: 'custom', path: ['glob'], message: reason });
    return;
  }
  for (const field of ['joinOn', 'groupBy'] as const) {
    const template = pfs[field];
    if (typeof template !== 'string') continue;
    const missing = templateGroups(template).filter((group) => group > captureCount);
    if (missing.length === 0) continue;
    const has = captureCount === 0 ? 'has no capture groups' : `has only ${captureCount}`;
    const refs = missing.map((group) => `$${group}`).join(', ');
    ctx.addIssue({ code: 'custom', path: [field], message: `refers to ${refs} but the glob "${pfs.glob}" ${has}` });
  }
}

const cronInput = z.strictObject({
  name: inputNameSchema,
  project: nameSchema.optional(),
  repo: nameSchema.optional(),
  spec: z
    .string()
    .min(1)
    .superRefine((schedule, ctx) => {
      const problem = cronScheduleProblem(schedule);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  overwrite: z.boolean().optional(),
  start: z
    .string()
    .refine((s) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)), { error: 'must be an RFC 3339 time such as "2024-01-31T00:00:00Z"' })
    .transform((s) => new Date(s).toISOString())
    .optional(),
});

const inputList: z.ZodType<RawInput[]> = z.lazy(() => z.array(inputNode).min(1));

const inputNode: z.ZodType<RawInput> = z.strictObject({
  pfs: pfsInput.optional(),
  cross: inputList.optional(),
  union: inputList.optional(),
  join: inputList.optional(),
  group: inputList.optional(),
  cron: cronInput.optional(),
});

const transform = z
  .strictObject({
    image: z.string().min(1).optional(),
    cmd: stringList.optional(),
    stdin: stringList.optional(),
    env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string' }).transform(String)).optional(),
    workingDir: z.string().min(1).optional(),
    acceptReturnCode: z.array(z.number().int()).optional(),
    errCmd: stringList.optional(),
    errStdin: stringList.optional(),
  })
  .refine((t) => t.image !== undefined || (t.cmd?.length ?? 0) > 0, { error: 'must set image or cmd' });

const resources = z.strictObject({
  cpu: z.number().min(0).optional(),
  memory: quantity.optional(),
  disk: quantity.optional(),
  gpu: z.strictObject({ type: z.string().min(1), number: z.number().int().min(0) }).optional(),
});

const model = z.strictObject({
  name: nameSchema,
  path: z
    .string()
    .min(1)
    .refine((p) => !p.split('/').includes('..'), { error: 'must not contain ".."' })
    .transform((p) => (p.startsWith('/') ? p : `/${p}`)),
});

/** `decisions.model`: a model name, or `project/name` for a model of another project. */
const modelName = z.string().superRefine((name, ctx) => {
  const parts = name.split('/');
  if (parts.length > 2 || parts.some((part) => !nameSchema.safeParse(part).success)) {
    ctx.addIssue({ code: 'custom', message: 'must be a model name, or project/name, of letters, digits, "_" and "-"' });
  }
});

const decisions = z.strictObject({
  path: z
    .string()
    .min(1)
    .refine((p) => !p.split('/').includes('..'), { error: 'must not contain ".."' })
    .transform((p) => `/${p.replace(/^\/+|\/+$/g, '')}`),
  model: modelName,
});

/** The pipeline spec as validated, before defaults. Unknown keys are rejected here. */
export const pipelineSpecSchema = z.strictObject({
  pipeline: z.strictObject({ name: pipelineNameSchema, project: nameSchema.optional() }),
  description: z.string().optional(),
  input: inputNode,
  transform,
  parallelismSpec: z.strictObject({ constant: z.number().int().min(0).optional() }).optional(),
  datumTries: z.number().int().min(0).optional(),
  datumTimeout: duration.optional(),
  jobTimeout: duration.optional(),
  resourceRequests: resources.optional(),
  resourceLimits: resources.optional(),
  autoscaling: z.boolean().optional(),
  reprocessSpec: z.enum(['until_success', 'every_job']).optional(),
  salt: z.string().optional(),
  outputBranch: branchNameSchema.optional(),
  model: model.optional(),
  decisions: decisions.optional(),
});

export type RawPipelineSpec = z.output<typeof pipelineSpecSchema>;
