/** The `JSON` scalar: any JSON value, as it is (a pipeline version's normalised spec). */
import { valueFromASTUntyped } from 'graphql';
import { builder } from './builder.js';

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
