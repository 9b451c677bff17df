import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults and returns camelCase values', () => {
    const cfg = loadConfig(['neo4j', 'redis', 'objectStore', 'api'], {});
    expect(cfg.neo4j.uri).toBe('bolt://127.0.0.1:7687');
    expect(cfg.redis.url).toBe('redis://127.0.0.1:6379');
    expect(cfg.objectStore.kind).toBe('local');
    expect(cfg.api.url).toBe('http://127.0.0.1:7070');
  });

  it('chooses S3 when an endpoint is configured', () => {
    const cfg = loadConfig(['objectStore'], { S3_ENDPOINT: 'http://127.0.0.1:9000' });
    expect(cfg.objectStore.kind).toBe('s3');
    expect(cfg.objectStore.s3.forcePathStyle).toBe(true);
  });

  it('reports every invalid variable at once, secrets redacted', () => {
    let caught: unknown;
    try {
      loadConfig(['neo4j', 'redis', 'api', 'objectStore'], {
        NEO4J_URI: 'http://x',
        REDIS_URL: 'nope',
        STEMMA_API_PORT: '99999',
        STEMMA_OBJECT_STORE: 's3',
        S3_SECRET_ACCESS_KEY: 'hunter2',
        S3_BUCKET: 'Bad_Bucket',
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(['NEO4J_URI', 'REDIS_URL', 'STEMMA_API_PORT', 'S3_BUCKET', 'S3_ENDPOINT']);
    expect((caught as ConfigError).message).not.toContain('hunter2');
  });
});
