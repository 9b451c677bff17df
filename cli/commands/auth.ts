/**
 * `stemma auth create-token|list-tokens|revoke-token|whoami`: API tokens. A new token's
 * secret is printed once; the API keeps only its hash.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../../core/errors.js';
import { ALL_PROJECTS, formatRoleBinding, parseRoleBinding, type RoleBinding } from '../../graph-schema/auth/index.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { cell, formatAge } from '../human-format.js';
import { printFields, printJson, printTable } from '../output.js';

const BINDING_FIELDS = 'bindings { role project }';
const TOKEN_FIELDS = `id name ${BINDING_FIELDS} createdAt lastUsedAt revokedAt`;

const CREATE = `mutation CreateToken($name: String!, $bindings: [RoleBindingInput!]!) {
  createToken(name: $name, bindings: $bindings) { token apiToken { ${TOKEN_FIELDS} } }
}`;
const LIST = `query Tokens($includeRevoked: Boolean, $first: Int, $after: String) {
  tokens(includeRevoked: $includeRevoked, first: $first, after: $after) { ${connectionOf(TOKEN_FIELDS)} }
}`;
const REVOKE = `mutation RevokeToken($id: ID!) { revokeToken(id: $id) { ${TOKEN_FIELDS} } }`;
const WHOAMI = `query Whoami { whoami { tokenId name ${BINDING_FIELDS} } }`;

interface BindingNode {
  role: string;
  project: string | null;
}

interface TokenNode {
  id: string;
  name: string;
  bindings: BindingNode[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** `writer:default`, `admin:*`, as `--role` takes them. */
const rolesOf = (bindings: BindingNode[]): string =>
  bindings.map((b) => formatRoleBinding({ role: b.role.toLowerCase() as RoleBinding['role'], project: b.project ?? ALL_PROJECTS })).join(', ');

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerAuthCommands(program: Command, ctx: CliContext): void {
  const auth = program.command('auth').description('API tokens: create, list, revoke, and who this CLI is');

  auth
    .command('create-token')
    .description('create an API token (admins of every project only); its secret is printed once')
    .requiredOption('--name <name>', 'whom or what the token is for')
    .option('--role <role[:project]>', 'a role (admin, writer, reader, auditor, compliance) on a project, or on every project without one; repeat for more', collect, [])
    .action(async (opts: { name: string; role: string[] }) => {
      if (opts.role.length === 0) throw new InvalidArgumentError('--role: give at least one, e.g. --role writer:default or --role admin');
      const bindings = opts.role.map(parseRoleBinding).map((b) => ({ role: b.role.toUpperCase(), project: b.project === ALL_PROJECTS ? null : b.project }));
      const { createToken } = await ctx.api().graphql<{ createToken: { token: string; apiToken: TokenNode } }>(CREATE, { name: opts.name, bindings });
      if (ctx.json()) printJson(createToken);
      else
        process.stdout.write(
          `created token ${createToken.apiToken.name} (id ${createToken.apiToken.id}) with ${rolesOf(createToken.apiToken.bindings)}:\n\n  ${createToken.token}\n\n` +
            'It is shown this once: store it now (e.g. in ~/.config/stemma/token, mode 0600, or in STEMMA_TOKEN).\n',
        );
    });

  auth
    .command('list-tokens')
    .description('list the API tokens, newest first (admins of every project only)')
    .option('--all', 'revoked tokens too')
    .action(async (opts: { all?: boolean }) => {
      const tokens = await collectPages(async (after, first) => {
        const data = await ctx.api().graphql<{ tokens: Connection<TokenNode> }>(LIST, { includeRevoked: Boolean(opts.all), first, after });
        return data.tokens;
      });
      if (ctx.json()) printJson(tokens);
      else
        printTable(tokens, [
          { header: 'id', value: (t) => t.id },
          { header: 'name', value: (t) => cell(t.name, 30) },
          { header: 'roles', value: (t) => rolesOf(t.bindings) },
          { header: 'created', value: (t) => formatAge(t.createdAt) },
          { header: 'last used', value: (t) => (t.lastUsedAt ? formatAge(t.lastUsedAt) : 'never') },
          { header: 'revoked', value: (t) => formatAge(t.revokedAt) },
        ]);
    });

  auth
    .command('revoke-token <id>')
    .description('revoke an API token: the API refuses it from now on')
    .action(async (id: string) => {
      const { revokeToken } = await ctx.api().graphql<{ revokeToken: TokenNode }>(REVOKE, { id });
      if (ctx.json()) printJson(revokeToken);
      else process.stdout.write(`revoked token ${revokeToken.name} (id ${revokeToken.id})\n`);
    });

  auth
    .command('whoami')
    .description('show the token this CLI sends and its roles')
    .action(async () => {
      const { whoami } = await ctx.api().graphql<{ whoami: { tokenId: string; name: string; bindings: BindingNode[] } }>(WHOAMI);
      if (ctx.json()) printJson(whoami);
      else
        printFields([
          ['Token', whoami.name],
          ['Id', whoami.tokenId],
          ['Roles', rolesOf(whoami.bindings)],
        ]);
    });
}
