/**
 * Limits on what one GraphQL request may ask for: how deep its selections nest (a validation
 * rule, @escape.tech/graphql-armor-max-depth) and how much it costs (graphql-query-complexity,
 * once the operation and its variables are known). A request over a limit is refused before
 * it runs, as INVALID_ARGUMENT naming the limit and the request's value.
 *
 * Cost: every field costs 1; a connection multiplies what it selects by its page size
 * (`first`/`last`, 100 by default); a field may set its own cost in `extensions.complexity`.
 * A cost depends on page sizes and limits, never on an id or a string, so it is counted once per
 * document and values of its other variables, and then looked up (`createCostCounter`).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, Kind, type DocumentNode, type GraphQLSchema, type TypeNode, type ValidationRule } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { InvalidArgumentError } from '../core/errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './schema/connection-page.js';

export interface QueryLimits {
  /** How deep selections may nest (`{ a { b } }` is 2). */
  maxDepth: number;
  /** The most a request may cost (see above). */
  maxComplexity: number;
}

const refusal = (error: InvalidArgumentError) =>
  new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status: 400 } } });

/** The validation rule that refuses a request nested deeper than `maxDepth`. */
export function queryDepthRule(maxDepth: number): ValidationRule {
  return maxDepthRule({
    n: maxDepth,
    propagateOnRejection: false,
    onReject: [
      (context, error) => {
        const depth = Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN);
        const found = Number.isNaN(depth) ? 'is' : `${depth} is`;
        const refused = new InvalidArgumentError(
          `query depth ${found} over the limit of ${maxDepth} (STEMMA_API_MAX_DEPTH): nest fewer selections, or split the query`,
          { limit: maxDepth, ...(Number.isNaN(depth) ? {} : { depth }) },
        );
        context?.reportError(refusal(refused));
      },
    ],
  });
}

/** A connection's page size, or 1 for any other field. */
const pageEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!field.args.some((a) => a.name === 'first' || a.name === 'last')) return undefined;
  const asked = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
  return 1 + Math.min(Math.max(asked, 0), MAX_PAGE_SIZE) * childComplexity;
};

const estimators = [fieldExtensionsEstimator(), pageEstimator, simpleEstimator({ defaultComplexity: 1 })];

/** The cost of a request, as the complexity limit counts it (for tests and error messages). */
export function queryComplexity(options: Omit<Parameters<typeof getComplexity>[0], 'estimators'>): number {
  return getComplexity({ ...options, estimators });
}

/** Costs kept per document before the oldest are forgotten. */
const COSTS_PER_DOCUMENT = 64;

export interface CostRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables: Record<string, unknown>;
  operationName?: string | null | undefined;
}

/** The cost of a request, counted (see `queryComplexity`). */
export function countCost({ schema, document, variables, operationName }: CostRequest): number {
  return queryComplexity({ schema, query: document, variables, ...(operationName ? { operationName } : {}) });
}

/**
 * `count`, remembered: per parsed document (the server parses a query text once and reuses the
 * document) and per values of the variables that are not ids or strings. Throws as `count`
 * does, and remembers nothing then.
 */
export function createCostCounter(count: (request: CostRequest) => number = countCost): (request: CostRequest) => number {
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return (request) => {
    let known = costs.get(request.document);
    if (!known) costs.set(request.document, (known = new Map()));
    const key = costKey(request.document, request.variables, request.operationName);
    let cost = known.get(key);
    if (cost === undefined) {
      cost = count(request);
      if (known.size >= COSTS_PER_DOCUMENT) known.delete(known.keys().next().value!);
      known.set(key, cost);
    }
    return cost;
  };
}

/** The operation and the values of the variables that may change its cost: those not typed ID or String. */
function costKey(document: DocumentNode, variables: Record<string, unknown>, operationName: string | null | undefined): string {
  const values = document.definitions
    .flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName) ? (d.variableDefinitions ?? []) : []))
    .filter((v) => !['ID', 'String'].includes(namedTypeOf(v.type)))
    .map((v) => variables[v.variable.name.value] ?? null);
  return `${operationName ?? ''}\u0000${JSON.stringify(values)}`;
}

const namedTypeOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type));

/** The Apollo plugin that refuses a request costing more than `maxComplexity`. */
export function queryComplexityPlugin(maxComplexity: number): ApolloServerPlugin {
  const costOf = createCostCounter();
  const tooComplex = (complexity: string, details: Record<string, unknown>) =>
    refusal(
      new InvalidArgumentError(
        `query complexity ${complexity} over the limit of ${maxComplexity} (STEMMA_API_MAX_COMPLEXITY): ask for smaller pages (first) or fewer nested lists`,
        { limit: maxComplexity, ...details },
      ),
    );
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = costOf({ schema, document, variables: request.variables ?? {}, operationName: request.operationName });
          } catch (err) {
            // Invalid variables are reported by execution; a query too large to count is refused.
            if (err instanceof GraphQLError && /maximum allowed number of nodes/.test(err.message)) throw tooComplex('is', {});
            return;
          }
          if (complexity > maxComplexity) throw tooComplex(`${complexity} is`, { complexity });
        },
      };
    },
  };
}
