/**
 * Writes the GraphQL schema the code builds to api/schema.graphql, the committed contract
 * that api/schema/schema.test.ts checks. Run: `npx tsx scripts/print-schema.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printStemmaSchema } from '../api/schema/index.js';

export const schemaFile = fileURLToPath(new URL('../api/schema.graphql', import.meta.url));

writeFileSync(schemaFile, `${printStemmaSchema()}\n`);
console.log(`wrote ${schemaFile}`);
