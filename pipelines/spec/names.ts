import { z } from 'zod';

const NAME = /^[A-Za-z0-9_-]+$/;
const NAME_RULE = 'must contain only letters, digits, "_" and "-"';
export const MAX_NAME_LENGTH = 63;

/** Repo, project, input and model names: Pachyderm's `[A-Za-z0-9_-]+`, at most 63 characters. */
export const nameSchema = z
  .string()
  .min(1)
  .max(MAX_NAME_LENGTH)
  .regex(NAME, { error: NAME_RULE });

/** Pipeline names are names that also start with a letter or a digit. */
export const pipelineNameSchema = nameSchema.regex(/^[A-Za-z0-9]/, {
  error: 'must start with a letter or a digit',
});

/** Input names become `/pfs/<name>`; `out` is the output directory. */
export const inputNameSchema = nameSchema.refine((name) => name !== 'out', {
  error: '"out" is reserved for the output directory /pfs/out',
});

/** Branch names: letters, digits, `_` and `-`. */
export const branchNameSchema = z.string().min(1).regex(NAME, { error: NAME_RULE });
