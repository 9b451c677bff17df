/**
 * Where the CLI finds its API token, first match wins:
 *   1. `--token <token>`
 *   2. `$STEMMA_TOKEN`
 *   3. `$XDG_CONFIG_HOME/stemma/token` (default `~/.config/stemma/token`): the user's own token
 *   4. `.stemma/admin-token` in the working directory or the nearest parent that has one:
 *      the admin token the local stack created on its first start
 * The user's own token comes before the local admin token, so that setting one up is never
 * silently overridden by the stronger token lying in a checkout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface TokenSources {
  flag?: string | undefined;
  env?: string | undefined;
  cwd: string;
  home?: string | undefined;
  xdgConfigHome?: string | undefined;
}

export interface ResolvedToken {
  token?: string;
  /** Where it came from: `--token`, `STEMMA_TOKEN`, or a file path. */
  source?: string;
}

export function resolveApiToken(src: TokenSources): ResolvedToken {
  if (src.flag) return { token: src.flag.trim(), source: '--token' };
  if (src.env) return { token: src.env.trim(), source: 'STEMMA_TOKEN' };
  for (const file of tokenFiles(src)) {
    const token = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    if (token) return { token, source: file };
  }
  return {};
}

/** The token files to look at, in order. */
export function tokenFiles(src: Pick<TokenSources, 'cwd' | 'home' | 'xdgConfigHome'>): string[] {
  const configHome = src.xdgConfigHome || (src.home ? join(src.home, '.config') : undefined);
  const files = configHome ? [join(configHome, 'stemma', 'token')] : [];
  for (let dir = src.cwd; ; dir = dirname(dir)) {
    files.push(join(dir, '.stemma', 'admin-token'));
    if (dirname(dir) === dir) break;
  }
  return files;
}
