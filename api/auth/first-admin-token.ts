/**
 * The first admin token of an installation: created when no live admin token of every
 * project exists, written to a file only its owner can read, and returned so that the caller
 * can show it once. Running it again changes nothing while that admin token lives.
 */
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ApiAuth, IssuedToken } from './api-auth.js';

export interface FirstAdminToken {
  /** The token created now, or undefined when a live admin token existed already. */
  issued?: IssuedToken;
  file: string;
}

export interface FirstAdminOptions {
  /** Where to write the token (e.g. `.stemma/admin-token`). */
  file: string;
  /** Create another admin token even though a live one exists (a lost token). */
  force?: boolean;
  name?: string;
}

/** Creates the first admin token unless one lives (or `force`), and writes it to `file` with mode 0600. */
export async function ensureFirstAdminToken(auth: Pick<ApiAuth, 'issueFirstAdminToken' | 'issueToken'>, opts: FirstAdminOptions): Promise<FirstAdminToken> {
  const name = opts.name ?? 'admin';
  const issued = opts.force
    ? await auth.issueToken({ name, bindings: [{ role: 'admin', project: '*' }] })
    : await auth.issueFirstAdminToken(name);
  if (!issued) return { file: opts.file };
  await writeSecretFile(opts.file, issued.token);
  return { issued, file: opts.file };
}

/** Writes `secret` to `file` readable by its owner only (0600, directory 0700), replacing it whole. */
export async function writeSecretFile(file: string, secret: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const partial = join(dirname(file), `.${randomUUID()}.partial`);
  await writeFile(partial, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(partial, 0o600);
  await rename(partial, file);
}
