import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../../core/errors.js';
import { createS3ObjectStore } from './s3-object-store.js';

describe('S3ObjectStore without a reachable endpoint', () => {
  it('reports UnavailableError naming the endpoint and how to start the stack', async () => {
    const store = createS3ObjectStore({
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      bucket: 'stemma',
      accessKeyId: 'x',
      secretAccessKey: 'y',
      forcePathStyle: true,
    });
    try {
      const err = await store.getBuffer('a/b').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnavailableError);
      expect((err as Error).message).toContain('http://127.0.0.1:1');
      expect((err as Error).message).toContain('npm run stack:up');
    } finally {
      await store.close();
    }
  });

  it('describes its bucket and prefix', () => {
    const store = createS3ObjectStore(
      { endpoint: 'http://minio:9000', region: 'us-east-1', bucket: 'data', forcePathStyle: true, accessKeyId: undefined, secretAccessKey: undefined },
      { prefix: 'tenant' },
    );
    expect(store.describe()).toEqual({ kind: 's3', location: 'http://minio:9000/data/tenant/' });
  });
});
