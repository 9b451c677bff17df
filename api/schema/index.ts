/** Imports every type file, then prints the schema. */
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './date-time.js';
import './health.js';
import './project.js';
import './repo.js';
import './branch.js';
import './commit.js';
import './file.js';
import './file-diff.js';
import './file-history.js';
import './token.js';
import './json-scalar.js';
import './pipeline.js';
import './job.js';
import './datum.js';
import './model.js';
import './lineage.js';
import './decision.js';
import './subject.js';
import './audit.js';
import './footprint.js';
import './erasure.js';

export function buildSchema(): GraphQLSchema {
  return builder.toSchema();
}

export function printStemmaSchema(): string {
  return printSchema(lexicographicSortSchema(buildSchema()));
}
