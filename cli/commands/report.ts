/**
 * `stemma report lineage <node>`: the lineage report of a node, from the API's
 * `/reports/lineage/<global id>.html|.json`, written to a file or stdout; `--url` prints the
 * address to open in a browser instead.
 */
import type { Command } from 'commander';
import { choiceOption, countOption } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { saveDownload } from '../file-download.js';
import { formatBytes } from '../human-format.js';
import { parseLineageNodeArg, resolveLineageNode } from '../lineage-node-arg.js';
import { printJson } from '../output.js';
import { progressWanted, startTransferProgress } from '../transfer-progress.js';
import { verb } from '../verbs.js';

const DIRECTIONS = ['upstream', 'downstream', 'both'] as const;

interface LineageReportOptions {
  format: 'html' | 'json';
  output?: string;
  depth?: number;
  direction?: (typeof DIRECTIONS)[number];
  url?: boolean;
}

/** The API path of a node's lineage report. */
export function lineageReportPath(globalId: string, opts: Pick<LineageReportOptions, 'format' | 'depth' | 'direction'>): string {
  const params = new URLSearchParams();
  if (opts.depth !== undefined) params.set('depth', String(opts.depth));
  if (opts.direction !== undefined) params.set('direction', opts.direction);
  const query = params.toString();
  return `/reports/lineage/${encodeURIComponent(globalId)}.${opts.format}${query ? `?${query}` : ''}`;
}

export function registerReportCommands(program: Command, ctx: CliContext): void {
  const report = verb(program, 'report');
  if (report.description() === 'report a resource') report.description('make reports for auditors');
  report
    .command('lineage <node>')
    .description('the upstream and downstream lineage of a node as a self-contained HTML page or JSON; <node> is repo@commit:/path, commit:<id>, job:<id>, model:<name>[@version], decision:<id> or a global id')
    .option('--format <format>', 'html or json', choiceOption('--format', ['html', 'json'] as const), 'html')
    .option('-o, --output <file>', 'write to this file (default: stdout)')
    .option('--depth <n>', 'how many hops to follow each way (default 3)', countOption('--depth'))
    .option('--direction <direction>', 'upstream, downstream or both (default both)', choiceOption('--direction', DIRECTIONS))
    .option('--url', 'print the address of the report for a browser instead (add ?token=<token> to open it)')
    .action(async (node: string, opts: LineageReportOptions) => {
      const api = ctx.api();
      const globalId = await resolveLineageNode(api, parseLineageNodeArg(node));
      const path = lineageReportPath(globalId, opts);
      if (opts.url) {
        if (ctx.json()) printJson({ node: globalId, url: new URL(path, api.url).toString() });
        else process.stdout.write(`${new URL(path, api.url).toString()}\n`);
        return;
      }
      const res = await api.request(path);
      const progress = startTransferProgress({ label: 'lineage report', enabled: progressWanted(ctx.json()) && opts.output !== undefined });
      try {
        const { bytes } = await saveDownload(res, opts.output !== undefined ? { output: opts.output } : {}, progress);
        progress.stop();
        if (opts.output === undefined || opts.output === '-') return;
        if (ctx.json()) printJson({ node: globalId, output: opts.output, format: opts.format, bytes });
        else process.stdout.write(`wrote the lineage report of ${node} to ${opts.output} (${formatBytes(bytes)})\n`);
      } finally {
        progress.stop();
      }
    });
}
