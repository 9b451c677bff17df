// Creates the object-store bucket if it does not exist yet, for scripts/stack.sh.
//   S3_ENDPOINT=... S3_BUCKET=... S3_ACCESS_KEY_ID=... S3_SECRET_ACCESS_KEY=... node scripts/ensure-bucket.mjs
// Exit 0: the bucket exists (created now, or already there). Prints "created" or "exists".
// Exit 3: the server refused the credentials. Exit 4: any other failure (reason printed).
// A server that has just started may answer "not initialized" for a moment: that is retried.
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

const endpoint = process.env.S3_ENDPOINT ?? 'http://127.0.0.1:9000';
const bucket = process.env.S3_BUCKET ?? 'stemma';
const client = new S3Client({
  endpoint,
  region: process.env.S3_REGION ?? 'us-east-1',
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  credentials: {
    accessKeyId: process.env.S3_ACCESS_KEY_ID ?? 'stemma',
    secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? 'stemma-secret',
  },
  maxAttempts: 1,
});

const credentialErrors = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied']);
const deadline = Date.now() + Number(process.env.STEMMA_BUCKET_TIMEOUT_MS ?? 15000);

async function createOnce() {
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return 'created';
  } catch (err) {
    if (err?.name === 'BucketAlreadyOwnedByYou') return 'exists';
    throw err;
  }
}

for (;;) {
  try {
    process.stdout.write(`${await createOnce()}\n`);
    process.exit(0);
  } catch (err) {
    const name = String(err?.name ?? 'Error');
    const message = `${name}: ${String(err?.message ?? err).split('\n')[0]}`;
    if (credentialErrors.has(name)) {
      process.stdout.write(`${message}\n`);
      process.exit(3);
    }
    if (Date.now() > deadline) {
      process.stdout.write(`${message}\n`);
      process.exit(4);
    }
    await sleep(500);
  }
}
