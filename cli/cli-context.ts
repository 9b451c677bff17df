/** What every command needs: the API client and the global flags. */
import { homedir } from 'node:os';
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { createApiClient, type ApiClient } from './api-client.js';
import { resolveApiToken } from './token-source.js';

export interface CliContext {
  api(): ApiClient;
  json(): boolean;
}

export function createCliContext(program: Command): CliContext {
  let client: ApiClient | undefined;
  return {
    api() {
      if (client) return client;
      const opts = program.opts<{ apiUrl?: string; token?: string }>();
      const { api } = loadConfig(['api']);
      const { token } = resolveApiToken({ flag: opts.token, env: api.token, cwd: process.cwd(), home: homedir(), xdgConfigHome: process.env.XDG_CONFIG_HOME });
      client = createApiClient({ url: opts.apiUrl ?? api.url, token });
      return client;
    },
    json: () => Boolean(program.opts<{ json?: boolean }>().json),
  };
}
