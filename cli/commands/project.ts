/** `stemma create project`, `stemma list project`. */
import type { Command } from 'commander';
import { validateProjectName } from '../../pfs/paths/index.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { cell, formatAge } from '../human-format.js';
import { printJson, printTable } from '../output.js';
import { PROJECT_FIELDS, type ProjectView } from '../pfs-views.js';
import { verb } from '../verbs.js';

const CREATE = `mutation CreateProject($name: String!, $description: String) {
  createProject(name: $name, description: $description) { ${PROJECT_FIELDS} }
}`;

const LIST = `query Projects($first: Int, $after: String) {
  projects(first: $first, after: $after) { ${connectionOf(PROJECT_FIELDS)} }
}`;

export function registerProjectCommands(program: Command, ctx: CliContext): void {
  verb(program, 'create')
    .command('project <name>')
    .description('create a project, a namespace of repos and pipelines')
    .option('-d, --description <text>', 'what the project is for')
    .action(async (name: string, opts: { description?: string }) => {
      validateProjectName(name);
      const { createProject } = await ctx.api().graphql<{ createProject: ProjectView }>(CREATE, { name, description: opts.description });
      if (ctx.json()) printJson(createProject);
      else process.stdout.write(`created project ${createProject.name}\n`);
    });

  verb(program, 'list')
    .command('project')
    .description('list the projects')
    .action(async () => {
      const projects = await collectPages(async (after, first) => {
        const data = await ctx.api().graphql<{ projects: Connection<ProjectView> }>(LIST, { first, after });
        return data.projects;
      });
      if (ctx.json()) printJson(projects);
      else
        printTable(projects, [
          { header: 'project', value: (p) => p.name },
          { header: 'created', value: (p) => formatAge(p.createdAt) },
          { header: 'description', value: (p) => cell(p.description) },
        ]);
    });
}
