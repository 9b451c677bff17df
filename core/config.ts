/**
 * Configuration: one zod model per concern, read from the environment in one place.
 * `loadConfig` validates every concern a process asks for and reports every invalid
 * variable at once, so an operator fixes them in one go.
 */
import { z } from 'zod';
import { InvalidArgumentError } from './errors.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(1).max(65535);

export const neo4jModel = z
  .object({
    NEO4J_URI: z.string().regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\//, 'must be a bolt:// or neo4j:// URI').default('bolt://127.0.0.1:7687'),
    NEO4J_USER: z.string().default('neo4j'),
    NEO4J_PASSWORD: z.string().optional(),
    NEO4J_DATABASE: z.string().default('neo4j'),
  })
  .transform((e) => ({ uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD, database: e.NEO4J_DATABASE }));

export const redisModel = z
  .object({
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
    STEMMA_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('stemma'),
  })
  .transform((e) => ({ url: e.REDIS_URL, queuePrefix: e.STEMMA_QUEUE_PREFIX }));

export const objectStoreModel = z
  .object({
    STEMMA_OBJECT_STORE: z.enum(['s3', 'local']).optional(),
    STEMMA_DATA_DIR: z.string().default('.stemma/data'),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().default('us-east-1'),
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name').default('stemma'),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: bool.default(true),
  })
  .superRefine((e, ctx) => {
    if (e.STEMMA_OBJECT_STORE === 's3' && !e.S3_ENDPOINT) {
      ctx.addIssue({ code: 'custom', path: ['S3_ENDPOINT'], message: 'is required when STEMMA_OBJECT_STORE=s3' });
    }
  })
  .transform((e) => {
    const kind = e.STEMMA_OBJECT_STORE ?? (e.S3_ENDPOINT ? 's3' : 'local');
    return {
      kind,
      localDir: e.STEMMA_DATA_DIR,
      s3: {
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION,
        bucket: e.S3_BUCKET,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
      },
    } as const;
  });

/** How deep and how costly one GraphQL request may be (api/query-limits.ts counts them). */
export const API_QUERY_LIMITS = { maxDepth: 15, maxComplexity: 100_000 } as const;

export const apiModel = z
  .object({
    STEMMA_API_HOST: z.string().default('127.0.0.1'),
    STEMMA_API_PORT: port.default(7070),
    STEMMA_API_URL: z.url().optional(),
    STEMMA_TOKEN: z.string().optional(),
    STEMMA_API_MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(API_QUERY_LIMITS.maxDepth),
    STEMMA_API_MAX_COMPLEXITY: z.coerce.number().int().min(10).max(100_000_000).default(API_QUERY_LIMITS.maxComplexity),
  })
  .transform((e) => ({
    host: e.STEMMA_API_HOST,
    port: e.STEMMA_API_PORT,
    url: e.STEMMA_API_URL ?? `http://${e.STEMMA_API_HOST}:${e.STEMMA_API_PORT}`,
    token: e.STEMMA_TOKEN,
    limits: { maxDepth: e.STEMMA_API_MAX_DEPTH, maxComplexity: e.STEMMA_API_MAX_COMPLEXITY },
  }));

export const logModel = z
  .object({
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: bool.default(false),
  })
  .transform((e) => ({ level: e.LOG_LEVEL, pretty: e.LOG_PRETTY }));

export const runnerModel = z
  .object({
    STEMMA_RUNNER: z.enum(['local', 'kubernetes']).default('local'),
    STEMMA_WORK_DIR: z.string().default('.stemma/work'),
    STEMMA_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(2),
    KUBE_NAMESPACE: z.string().default('stemma'),
    STEMMA_BUBBLEWRAP: z.enum(['auto', 'always', 'never']).default('auto'),
    PATH: z.string().optional(),
    HOME: z.string().optional(),
    LANG: z.string().optional(),
  })
  .transform((e) => ({
    kind: e.STEMMA_RUNNER,
    workDir: e.STEMMA_WORK_DIR,
    concurrency: e.STEMMA_WORKER_CONCURRENCY,
    kubeNamespace: e.KUBE_NAMESPACE,
    bubblewrap: e.STEMMA_BUBBLEWRAP,
    /** What a local datum process inherits from the host: PATH, HOME and LANG only. */
    hostEnv: Object.fromEntries(
      Object.entries({ PATH: e.PATH, HOME: e.HOME, LANG: e.LANG }).filter((kv): kv is [string, string] => kv[1] !== undefined),
    ),
  }));

export const complianceModel = z
  .object({
    STEMMA_KEY_DIR: z.string().min(1).default('.stemma/keys'),
    STEMMA_KEY_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  })
  .transform((e) => ({
    /** Where the local key service keeps subjects' master keys: apart from the data stores. */
    keyDir: e.STEMMA_KEY_DIR,
    /** How long a process keeps data keys in memory (and may still read after another process erased). */
    keyCacheMs: e.STEMMA_KEY_CACHE_MS,
  }));

export const configModels = {
  neo4j: neo4jModel,
  redis: redisModel,
  objectStore: objectStoreModel,
  api: apiModel,
  log: logModel,
  runner: runnerModel,
  compliance: complianceModel,
} as const;

export type ConfigModels = typeof configModels;
export type Concern = keyof ConfigModels;
export type Config<C extends Concern = Concern> = { [K in C]: z.output<ConfigModels[K]> };

/** The configuration is invalid; `problems` lists every invalid variable. */
export class ConfigError extends InvalidArgumentError {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { problems });
  }
}

/**
 * Validates the concerns a process needs against `env` (default `process.env`) and returns a
 * typed, camelCase config. Throws one `ConfigError` listing every invalid variable.
 */
export function loadConfig<C extends Concern>(
  concerns: readonly C[],
  env: Record<string, string | undefined> = process.env,
): Config<C> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const concern of concerns) {
    const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
    const result = configModels[concern].safeParse(cleaned);
    if (result.success) {
      out[concern] = result.data;
    } else {
      for (const issue of result.error.issues) {
        const name = issue.path.join('.') || concern;
        problems.push(`${name}: ${issue.message}${name in env ? ` (got ${JSON.stringify(redactValue(name, env[name]))})` : ''}`);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Config<C>;
}

function redactValue(name: string, value: string | undefined): string | undefined {
  return /SECRET|PASSWORD|TOKEN/.test(name) ? '***' : value;
}
