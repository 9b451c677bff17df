import { neo4jErrorCodes } from './neo4j-error-codes.js';
import { ConflictError, InvalidArgumentError, isStemmaError, UnavailableError } from '../core/errors.js';

/**
 * Maps a driver error to a StemmaError so callers see the same errors whatever the graph
 * backend: an unreachable server names its address and the command that starts it.
 */
export function mapGraphError(err: unknown, uri: string): unknown {
  if (isStemmaError(err)) return err;
  const code = (err as { code?: string } | undefined)?.code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code === neo4jErrorCodes.serviceUnavailable || /ECONNREFUSED|Could not perform discovery|Failed to connect/.test(message)) {
    return new UnavailableError(`Neo4j is not answering at ${uri}: start it with \`npm run stack:up\` (or set NEO4J_URI)`, { service: 'neo4j', uri }, { cause: err });
  }
  if (code === neo4jErrorCodes.constraintValidationFailed) {
    return new ConflictError(`already exists: ${message}`, { neo4jCode: code }, { cause: err });
  }
  if (code === neo4jErrorCodes.syntaxError || code === neo4jErrorCodes.typeError) {
    return new InvalidArgumentError(message, { neo4jCode: code }, { cause: err });
  }
  return err;
}
