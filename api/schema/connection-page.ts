/**
 * Pages of lists already in memory as Relay connections, with Stemma's page sizes and with
 * a bad cursor or size reported as INVALID_ARGUMENT.
 */
import { PothosValidationError } from '@pothos/core';
import { resolveArrayConnection, resolveOffsetConnection } from '@pothos/plugin-relay';
import { InvalidArgumentError } from '../../core/errors.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface ConnectionArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  after?: string | null | undefined;
}

/** The page of `items` that `args` asks for (100 by default, at most 1000). */
export function arrayPage<T extends object>(args: ConnectionArgs, items: readonly T[]) {
  try {
    return resolveArrayConnection({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE }, items as T[]);
  } catch (err) {
    throw asInvalidArgument(err, args);
  }
}

/** A page read from a source that can skip `offset` items and return `limit` of them. */
export async function offsetPage<T extends object>(args: ConnectionArgs, load: (window: { offset: number; limit: number }) => Promise<T[]>) {
  try {
    return await resolveOffsetConnection({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE }, load);
  } catch (err) {
    throw asInvalidArgument(err, args);
  }
}

function asInvalidArgument(err: unknown, args: ConnectionArgs): unknown {
  if (!(err instanceof PothosValidationError)) return err;
  if (!/base64|cursor/i.test(err.message)) return new InvalidArgumentError(err.message);
  const name = args.after != null ? 'after' : 'before';
  return new InvalidArgumentError(`${name}: not a cursor of this list (${err.message})`, { argument: name });
}
