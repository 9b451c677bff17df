/** `stemma footprint <subject>`: everything in Stemma that reaches a data subject, live or historical. */
import type { Command } from 'commander';
import { validateProjectName } from '../../pfs/paths/index.js';
import { countOption } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { describeFootprint, FOOTPRINT, footprintView, type FootprintNode } from '../footprint-view.js';
import { printJson } from '../output.js';

export function registerFootprintCommand(program: Command, ctx: CliContext): void {
  program
    .command('footprint <subject>')
    .description("show a data subject's footprint: record versions in every repo and commit, and the files, datums, jobs, models and decisions reached from them")
    .option('--project <name>', "only this project's repos, pipelines and models")
    .option('--limit <n>', 'list at most this many items of each kind (counts are whole)', countOption('--limit'), 100)
    .action(async (subject: string, opts: { project?: string; limit: number }) => {
      if (opts.project !== undefined) validateProjectName(opts.project);
      const { subjectFootprint } = await ctx.api().graphql<{ subjectFootprint: FootprintNode }>(FOOTPRINT, { subjectId: subject, project: opts.project, limit: opts.limit });
      const view = footprintView(subjectFootprint);
      if (ctx.json()) printJson(view);
      else process.stdout.write(describeFootprint(view));
    });
}
