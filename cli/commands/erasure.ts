/**
 * `stemma erasure request|plan|approve|execute|verify|inspect|list|certificate`: the right to
 * erasure, from the request to the certificate. Approval needs a token other than the
 * requester's; execution runs in the workers, and `execute --wait` follows its steps.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { FailedPreconditionError } from '../../core/errors.js';
import { choiceOption, countOption } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { describeErasure, describePlan, describeVerification, erasureTable } from '../erasure-format.js';
import { fetchErasure, requireVerified, waitForErasure } from '../erasure-progress.js';
import { ERASURE_FIELDS, ERASURE_SUMMARY_FIELDS, enumValue, erasureView, VERIFICATION_FIELDS, type ErasureNode, type ErasureView, type VerificationView } from '../erasure-views.js';
import { progressModeFor } from '../job-progress.js';
import { printJson } from '../output.js';

export const ERASURE_STATE_NAMES = ['requested', 'planned', 'approved', 'executing', 'verifying', 'verified', 'failed'] as const;

const mutation = (name: string, args: string, params: string) => `mutation(${args}) { ${name}(${params}) { ${ERASURE_FIELDS} } }`;
const REQUEST = mutation('requestErasure', '$subjectId: String!, $reason: String!', 'subjectId: $subjectId, reason: $reason');
const PLAN = mutation('planErasure', '$id: ID!', 'id: $id');
const APPROVE = mutation('approveErasure', '$id: ID!', 'id: $id');
const EXECUTE = mutation('executeErasure', '$id: ID!, $wait: Boolean', 'id: $id, wait: $wait');
const VERIFY = `mutation($id: ID!) { verifyErasure(id: $id) { verification { ${VERIFICATION_FIELDS} } erasure { ${ERASURE_FIELDS} } } }`;
const LIST = `query Erasures($state: ErasureState, $subjectId: String, $first: Int, $after: String) {
  erasures(state: $state, subjectId: $subjectId, first: $first, after: $after) { ${connectionOf(ERASURE_SUMMARY_FIELDS)} }
}`;

export function registerErasureCommands(program: Command, ctx: CliContext): void {
  const erasure = program.command('erasure').description('erase a data subject: request, plan, approve, execute, verify, certificate');
  const run = async (query: string, field: string, variables: Record<string, unknown>): Promise<ErasureView> =>
    erasureView((await ctx.api().graphql<Record<string, ErasureNode>>(query, variables))[field]!);
  const show = (e: ErasureView, text: string): void => {
    if (ctx.json()) printJson(e);
    else process.stdout.write(text);
  };

  erasure
    .command('request <subject>')
    .description('file a request to erase a data subject')
    .requiredOption('--reason <text>', 'why (e.g. "GDPR art. 17 request of 2024-05-01")')
    .action(async (subject: string, opts: { reason: string }) => {
      const e = await run(REQUEST, 'requestErasure', { subjectId: subject, reason: opts.reason });
      show(e, `erasure ${e.id} requested for subject ${e.subjectId}\nnext: stemma erasure plan ${e.id}\n`);
    });

  erasure
    .command('plan <id>')
    .description('compute the dry run: deletion commits, datums to reprocess, models to retrain, versions to shred, decisions to flag')
    .action(async (id: string) => {
      const e = await run(PLAN, 'planErasure', { id });
      show(e, `${describePlan(e)}\nnext: approve with another compliance token: stemma erasure approve ${e.id}\n`);
    });

  erasure
    .command('approve <id>')
    .description('approve a planned request (a token other than the requester\'s)')
    .action(async (id: string) => {
      const e = await run(APPROVE, 'approveErasure', { id });
      show(e, `erasure ${e.id} approved by token ${e.approvedBy}\nnext: stemma erasure execute ${e.id} --wait\n`);
    });

  erasure
    .command('execute <id>')
    .description('run (or resume) an approved request in the workers')
    .option('--wait', 'follow its steps until it is verified or failed; exit non-zero unless verified')
    .option('--timeout <seconds>', 'with --wait, give up waiting after this many seconds', countOption('--timeout'))
    .action(async (id: string, opts: { wait?: boolean; timeout?: number }) => {
      const queued = await run(EXECUTE, 'executeErasure', { id, wait: false });
      if (!opts.wait) return show(queued, `erasure ${queued.id} ${queued.state}: its steps run in the workers\nfollow it: stemma erasure execute ${queued.id} --wait\n`);
      const timeoutMs = opts.timeout === undefined ? undefined : opts.timeout * 1000;
      const e = await waitForErasure(ctx.api(), queued.id, { progress: progressModeFor(ctx.json()), ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
      show(e, describeErasure(e));
      requireVerified(e);
    });

  erasure
    .command('verify <id>')
    .description('check the graph and the storage for anything of the subject left; exit non-zero if anything is')
    .action(async (id: string) => {
      const { verifyErasure } = await ctx.api().graphql<{ verifyErasure: { verification: VerificationView; erasure: ErasureNode } }>(VERIFY, { id });
      const view = { erasure: erasureView(verifyErasure.erasure), verification: verifyErasure.verification };
      if (ctx.json()) printJson(view);
      else process.stdout.write(`erasure ${view.erasure.id} (subject ${view.erasure.subjectId}, ${view.erasure.state})\n${describeVerification(view.verification)}`);
      if (!view.verification.ok) throw new FailedPreconditionError(`erasure ${view.erasure.id}: something of subject ${view.erasure.subjectId} is still reachable or readable (listed above)`);
    });

  erasure
    .command('inspect <id>')
    .description('show a request: state, steps, what was changed, verification, certificate')
    .action(async (id: string) => {
      const e = await fetchErasure(ctx.api(), id);
      show(e, describeErasure(e));
    });

  erasure
    .command('list')
    .description('list erasure requests, newest first')
    .option('--state <state>', `only requests in this state (${ERASURE_STATE_NAMES.join(', ')})`, choiceOption('--state', ERASURE_STATE_NAMES))
    .option('--subject <id>', 'only the requests about this subject')
    .option('--limit <n>', 'at most this many', countOption('--limit'), 50)
    .action(async (opts: { state?: string; subject?: string; limit: number }) => {
      const filter = { state: opts.state === undefined ? undefined : enumValue(opts.state), subjectId: opts.subject };
      const nodes = await collectPages(async (after, first) => (await ctx.api().graphql<{ erasures: Connection<ErasureNode> }>(LIST, { ...filter, first, after })).erasures, opts.limit, 500);
      const rows = nodes.map(erasureView);
      if (ctx.json()) printJson(rows);
      else process.stdout.write(erasureTable(rows));
    });

  erasure
    .command('certificate <id>')
    .description('get the certificate of a verified erasure (HTML page, or the JSON whose sha256 the audit log holds)')
    .option('--format <format>', 'html or json (default: json with --json, else html)', choiceOption('--format', ['html', 'json'] as const))
    .option('-o, --output <file>', 'write it to this file instead of stdout')
    .action(async (id: string, opts: { format?: 'html' | 'json'; output?: string }) => {
      const format = opts.format ?? (ctx.json() ? 'json' : 'html');
      const res = await ctx.api().request(`/reports/erasures/${encodeURIComponent(id)}/certificate.${format}`);
      const body = Buffer.from(await res.arrayBuffer());
      if (opts.output === undefined || opts.output === '-') {
        process.stdout.write(body);
        return;
      }
      await writeFile(opts.output, body);
      const sha256 = res.headers.get('x-stemma-certificate-sha256');
      if (ctx.json()) printJson({ erasure: id, format, path: opts.output, bytes: body.length, sha256 });
      else process.stdout.write(`wrote the ${format} certificate of erasure ${id} to ${opts.output} (${body.length} bytes; sha256 of the JSON certificate ${sha256 ?? 'unknown'})\n`);
    });
}
