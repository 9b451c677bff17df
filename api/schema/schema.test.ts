import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printStemmaSchema } from './index.js';

const schemaFile = fileURLToPath(new URL('../schema.graphql', import.meta.url));

describe('the committed GraphQL schema', () => {
  it('is the schema the code builds', () => {
    const committed = readFileSync(schemaFile, 'utf8');
    const built = `${printStemmaSchema()}\n`;
    if (committed !== built) {
      expect.fail('api/schema.graphql differs from the schema the code builds: if the change is intended, run `npx tsx scripts/print-schema.ts` and commit the file');
    }
  });
});
