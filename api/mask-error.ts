/**
 * What a client sees of an error: a StemmaError keeps its message and its code in
 * `extensions.code`; a GraphQLError (validation, parsing) passes through; anything else
 * becomes INTERNAL_SERVER_ERROR and is logged in full on the server only.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isStemmaError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

export function maskError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (isStemmaError(original)) {
    return { ...formatted, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (original instanceof GraphQLError || !(error instanceof GraphQLError) || error.originalError === undefined) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  logger.error({ err: original, path: formatted.path }, 'internal error');
  return { message: 'internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
