/**
 * pachctl's shape, `stemma <verb> <noun>`: each noun file adds its subcommands to the
 * shared verb commands (`create`, `list`, `put`, ...), made here on first use. The top-level
 * help lists, after each of these verbs, the nouns it takes (`create: project, repo, ...`),
 * so it stays true as nouns are added.
 */
import type { Command } from 'commander';

const VERB_HELP: Record<string, string> = {
  create: 'create',
  list: 'list',
  inspect: 'show in detail',
  delete: 'delete',
  start: 'start',
  finish: 'finish',
  put: 'put data into a repo',
  get: 'get data out of a repo',
  glob: 'find files matching a glob pattern',
  diff: 'show what changed between two commits',
  history: 'show the commits that changed a path',
  copy: 'copy between repos or branches without copying bytes',
};

const nounLists = new WeakSet<Command>();
const helped = new WeakSet<Command>();

/** The verb command `name` of `program`, created the first time a noun asks for it. */
export function verb(program: Command, name: string): Command {
  const existing = program.commands.find((c) => c.name() === name);
  if (existing) return existing;
  listNounsInHelp(program);
  const help = VERB_HELP[name];
  const command = program.command(name).description(help ?? `${name} a resource`);
  if (help) nounLists.add(command);
  return command;
}

/** `create: project, repo, branch` for a verb with nouns; a verb's own help otherwise. */
export function verbSummary(command: Command): string {
  const nouns = command.commands.map((c) => c.name()).filter((n) => n !== 'help');
  return nounLists.has(command) && nouns.length ? `${command.description()}: ${nouns.join(', ')}` : command.description();
}

function listNounsInHelp(program: Command): void {
  if (helped.has(program)) return;
  helped.add(program);
  program.configureHelp({ subcommandDescription: verbSummary });
}
