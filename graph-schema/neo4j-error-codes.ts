/** Neo4j status codes the graph layer reacts to. */
export const neo4jErrorCodes = {
  serviceUnavailable: 'ServiceUnavailable',
  constraintValidationFailed: 'Neo.ClientError.Schema.ConstraintValidationFailed',
  equivalentSchemaRuleAlreadyExists: 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists',
  constraintAlreadyExists: 'Neo.ClientError.Schema.ConstraintAlreadyExists',
  indexAlreadyExists: 'Neo.ClientError.Schema.IndexAlreadyExists',
  syntaxError: 'Neo.ClientError.Statement.SyntaxError',
  typeError: 'Neo.ClientError.Statement.TypeError',
} as const;
