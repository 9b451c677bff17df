/**
 * The graph store's connection. Only graph-schema/ speaks Cypher: the typed repositories
 * take a `GraphClient` and run parameterised, bounded queries through `read`/`write`, whose
 * transaction functions the driver retries on transient failures, so they must be idempotent.
 */
import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape } from 'neo4j-driver';
import { silentLogger, type Logger } from '../core/logger.js';
import { mapGraphError } from './map-graph-error.js';

export type Tx = ManagedTransaction;

export interface GraphClientConfig {
  uri: string;
  user?: string;
  password?: string | undefined;
  database: string;
}

export interface GraphClient {
  /** Runs `work` in a read transaction (retried by the driver on transient errors). */
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `work` in a write transaction (retried by the driver on transient errors). */
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs one statement outside an explicit transaction (schema statements need this). */
  run<R extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>): Promise<QueryResult<R>>;
  /** Checks that the server answers; throws UnavailableError naming the address otherwise. */
  verify(): Promise<{ version: string; edition: string }>;
  /** Counts the queries this client has run, for tests that bound the query count. */
  readonly queryCount: number;
  readonly uri: string;
  close(): Promise<void>;
}

export function createGraphClient(config: GraphClientConfig, logger: Logger = silentLogger): GraphClient {
  const auth = config.password ? neo4j.auth.basic(config.user ?? 'neo4j', config.password) : undefined;
  const driver: Driver = neo4j.driver(config.uri, auth, {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 50,
    connectionAcquisitionTimeout: 20_000,
    connectionTimeout: 10_000,
    logging: { level: 'warn', logger: (level, message) => logger.warn({ component: 'neo4j', level }, message) },
  });
  const log = logger.child({ component: 'graph' });
  let queryCount = 0;
  const countingTx = (tx: ManagedTransaction): Tx =>
    ({
      run: (cypher: string, params?: Record<string, unknown>) => {
        queryCount++;
        return tx.run(cypher, toNeo4jParams(params));
      },
    }) as Tx;
  const session = (mode: 'READ' | 'WRITE') =>
    driver.session({ database: config.database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      const mapped = mapGraphError(err, config.uri);
      if (mapped !== err) log.debug({ err }, 'graph error');
      throw mapped;
    }
  };

  return {
    uri: config.uri,
    get queryCount() {
      return queryCount;
    },
    read: (work) =>
      guard(async () => {
        const s = session('READ');
        try {
          return await s.executeRead((tx) => work(countingTx(tx)));
        } finally {
          await s.close();
        }
      }),
    write: (work) =>
      guard(async () => {
        const s = session('WRITE');
        try {
          return await s.executeWrite((tx) => work(countingTx(tx)));
        } finally {
          await s.close();
        }
      }),
    run: (cypher, params) =>
      guard(async () => {
        const s = session('WRITE');
        try {
          queryCount++;
          return await s.run(cypher, toNeo4jParams(params));
        } finally {
          await s.close();
        }
      }),
    verify: () =>
      guard(async () => {
        const info = await driver.getServerInfo({ database: config.database });
        const s = session('READ');
        try {
          const res = await s.run('CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition');
          const rec = res.records[0];
          return { version: String(rec?.get('version') ?? info.agent ?? 'unknown'), edition: String(rec?.get('edition') ?? 'unknown') };
        } finally {
          await s.close();
        }
      }),
    close: () => driver.close(),
  };
}

/**
 * JavaScript numbers reach Cypher as floats; integral ones are sent as Cypher integers so
 * they work as LIMIT/SKIP values and are stored as integers.
 */
export function toNeo4jParams(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return params === undefined ? undefined : (convert(params) as Record<string, unknown>);
}

function convert(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  if (Array.isArray(value)) return value.map(convert);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = convert(v);
    return out;
  }
  return value;
}
