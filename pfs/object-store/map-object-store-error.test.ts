import { describe, expect, it } from 'vitest';
import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
} from '../../core/errors.js';
import { mapObjectStoreError, type ObjectStoreErrorContext } from './map-object-store-error.js';

const s3: ObjectStoreErrorContext = { kind: 's3', location: 'http://127.0.0.1:9000/stemma/', operation: 'get', key: 'a/b' };
const local: ObjectStoreErrorContext = { kind: 'local', location: '/data/', operation: 'get', key: 'a/b' };

function sdkError(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

describe('mapObjectStoreError', () => {
  it('maps a missing key from either backend to NotFoundError naming the key', () => {
    const fromS3 = mapObjectStoreError(sdkError('NoSuchKey', 404), s3);
    const fromDisk = mapObjectStoreError(Object.assign(new Error('x'), { code: 'ENOENT' }), local);
    expect(fromS3).toBeInstanceOf(NotFoundError);
    expect(fromDisk).toBeInstanceOf(NotFoundError);
    expect(fromS3.message).toContain('a/b');
  });

  it('maps a bare 404 (HEAD responses carry no code) to NotFoundError', () => {
    expect(mapObjectStoreError(sdkError('UnknownError', 404), s3)).toBeInstanceOf(NotFoundError);
  });

  it('maps a refused connection, also inside an AggregateError, to UnavailableError with the fix', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    for (const err of [refused, new AggregateError([refused], 'all attempts failed')]) {
      const mapped = mapObjectStoreError(err, s3);
      expect(mapped).toBeInstanceOf(UnavailableError);
      expect(mapped.message).toContain('http://127.0.0.1:9000');
      expect(mapped.message).toContain('run npm run stack:up');
    }
  });

  it('maps a range past the end to InvalidArgumentError', () => {
    expect(mapObjectStoreError(sdkError('InvalidRange', 416), s3)).toBeInstanceOf(InvalidArgumentError);
  });

  it('maps a missing bucket and rejected credentials to FailedPreconditionError', () => {
    expect(mapObjectStoreError(sdkError('NoSuchBucket', 404), s3)).toBeInstanceOf(FailedPreconditionError);
    const denied = mapObjectStoreError(sdkError('InvalidAccessKeyId', 403), s3);
    expect(denied).toBeInstanceOf(FailedPreconditionError);
    expect(denied.message).toContain('S3_ACCESS_KEY_ID');
  });

  it('passes Stemma errors through and leaves unknown errors unchanged', () => {
    const own = new NotFoundError('already mapped');
    const unknown = new TypeError('bug');
    expect(mapObjectStoreError(own, s3)).toBe(own);
    expect(mapObjectStoreError(unknown, s3)).toBe(unknown);
  });
});
