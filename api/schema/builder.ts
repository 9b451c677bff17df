/**
 * The Pothos schema builder, its plugins and the request context every resolver sees.
 */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import type { Logger } from '../../core/logger.js';
import type { Runtime } from '../../runtime/create-runtime.js';
import { decodeStemmaGlobalId, encodeStemmaGlobalId } from './global-id.js';

export interface Context {
  requestId: string;
  logger: Logger;
  runtime: Runtime;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ErrorsPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: encodeStemmaGlobalId,
    decodeGlobalID: decodeStemmaGlobalId,
  },
  errors: { defaultTypes: [] },
});

builder.queryType({});
builder.mutationType({});
