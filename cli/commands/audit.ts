/**
 * `stemma audit verify|list|export`: the tamper-evident audit log for auditors. `verify`
 * recomputes every hash and link of a chain and names the first broken link (exit 1);
 * `list` selects events by actor, action, target and time; `export` streams them as CSV.
 */
import type { Command } from 'commander';
import { countOption } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { saveDownload } from '../file-download.js';
import { cell, formatBytes } from '../human-format.js';
import { printJson, printTable } from '../output.js';
import { timeOption } from '../time-arguments.js';
import { progressWanted, startTransferProgress } from '../transfer-progress.js';

const EVENT_FIELDS = 'eventId chain seq actor action target at argsDigest summary prevHash hash';
const LIST = `query AuditEvents($chain: String, $actor: String, $action: String, $target: String, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
  auditEvents(chain: $chain, actor: $actor, action: $action, target: $target, from: $from, to: $to, first: $first, after: $after) { ${connectionOf(EVENT_FIELDS)} }
}`;
const VERIFY = `query VerifyAuditChain($chain: String, $from: Int) {
  verifyAuditChain(chain: $chain, from: $from) { chain ok checked headSeq firstBroken { seq reason problem event { ${EVENT_FIELDS} } } }
}`;

export interface AuditEventView {
  eventId: string;
  chain: string;
  seq: number;
  actor: string;
  action: string;
  target: string;
  at: string;
  argsDigest: string;
  summary: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditVerificationView {
  chain: string;
  ok: boolean;
  checked: number;
  headSeq: number;
  firstBroken: { seq: number; reason: string; problem: string; event: AuditEventView | null } | null;
}

interface FilterOptions {
  chain?: string;
  actor?: string;
  action?: string;
  target?: string;
  since?: string;
  until?: string;
}

/** What `verify` prints for people: one line when intact, the broken link in full otherwise. */
export function describeVerification(v: AuditVerificationView): string {
  if (v.ok) return `audit chain ${v.chain}: intact, ${v.checked} event${v.checked === 1 ? '' : 's'} checked (head seq ${v.headSeq})\n`;
  const b = v.firstBroken!;
  const lines = [`audit chain ${v.chain}: BROKEN at seq ${b.seq} (${b.reason.toLowerCase().replaceAll('_', ' ')})`];
  if (b.event) lines.push(`  actor:   ${b.event.actor}`, `  action:  ${b.event.action}`, `  target:  ${b.event.target}`, `  at:      ${b.event.at}`, `  event:   ${b.event.eventId}`);
  lines.push(`  problem: ${b.problem}`, `  ${v.checked} event${v.checked === 1 ? '' : 's'} before it checked and intact; the chain's head is at seq ${v.headSeq}`);
  return `${lines.join('\n')}\n`;
}

/** The query string of the CSV export for the filters given. */
export function exportQuery(opts: FilterOptions): string {
  const params = new URLSearchParams();
  const set = (name: string, value: string | undefined) => value !== undefined && params.set(name, value);
  set('chain', opts.chain);
  set('actor', opts.actor);
  set('action', opts.action);
  set('target', opts.target);
  set('from', opts.since);
  set('to', opts.until);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function filterFlags(command: Command): Command {
  return command
    .option('--chain <id>', 'the audit chain (default: main, the system log)')
    .option('--actor <actor>', 'only events by this actor (as listed, e.g. token:alice(…))')
    .option('--action <action>', 'only events of this action (e.g. createRepo)')
    .option('--target <target>', 'only events on this target')
    .option('--since <time>', 'only events at or after this time: ISO date/time, or an age (30m, 12h, 7d)', timeOption('--since'))
    .option('--until <time>', 'only events before this time: ISO date/time, or an age', timeOption('--until'));
}

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('verify, query and export the tamper-evident audit log (auditor role)');

  audit
    .command('verify')
    .description('recompute every hash and link of the chain end to end; name the first broken link and exit 1 if any')
    .option('--chain <id>', 'the audit chain (default: main)')
    .option('--from <seq>', 'start at this seq instead of the first event', countOption('--from'))
    .action(async (opts: { chain?: string; from?: number }) => {
      const { verifyAuditChain } = await ctx.api().graphql<{ verifyAuditChain: AuditVerificationView }>(VERIFY, { chain: opts.chain, from: opts.from });
      if (ctx.json()) printJson(verifyAuditChain);
      else process.stdout.write(describeVerification(verifyAuditChain));
      if (!verifyAuditChain.ok) process.exitCode = 1;
    });

  filterFlags(audit.command('list'))
    .description('list audit events in seq order, filtered by actor, action, target and time')
    .option('--limit <n>', 'at most this many events (default 100)', countOption('--limit'), 100)
    .action(async (opts: FilterOptions & { limit: number }) => {
      const vars = { chain: opts.chain, actor: opts.actor, action: opts.action, target: opts.target, from: opts.since, to: opts.until };
      const events = await collectPages(
        async (after, first) => (await ctx.api().graphql<{ auditEvents: Connection<AuditEventView> }>(LIST, { ...vars, first, after })).auditEvents,
        opts.limit + 1,
      );
      const shown = events.slice(0, opts.limit);
      if (ctx.json()) return printJson(shown);
      printTable(shown, [
        { header: 'seq', value: (e) => e.seq },
        { header: 'at', value: (e) => e.at },
        { header: 'actor', value: (e) => cell(e.actor, 40) },
        { header: 'action', value: (e) => e.action },
        { header: 'target', value: (e) => cell(e.target, 60) },
      ]);
      if (events.length > opts.limit) process.stderr.write(`more events match: raise --limit, narrow the filters, or use \`stemma audit export\`\n`);
    });

  filterFlags(audit.command('export'))
    .description('export the audit events matching the filters as CSV (RFC 4180), streamed')
    .option('-o, --output <file>', 'write to this file (default: stdout)')
    .action(async (opts: FilterOptions & { output?: string }) => {
      const res = await ctx.api().request(`/v1/audit/events.csv${exportQuery(opts)}`);
      const progress = startTransferProgress({ label: 'audit export', enabled: progressWanted(ctx.json()) });
      try {
        const { bytes } = await saveDownload(res, opts.output !== undefined ? { output: opts.output } : {}, progress);
        progress.stop();
        if (opts.output === undefined || opts.output === '-') return;
        if (ctx.json()) printJson({ output: opts.output, bytes });
        else process.stdout.write(`exported the audit events to ${opts.output} (${formatBytes(bytes)})\n`);
      } finally {
        progress.stop();
      }
    });
}
