/**
 * The verbs only pipelines and jobs have (`update`, `rerun`, `wait`, `stop`): made through
 * the shared `verb`, with their own help when they are new.
 */
import type { Command } from 'commander';
import { verb } from './verbs.js';

const HELP: Record<string, string> = {
  update: 'update a pipeline: a new version of its spec',
  rerun: 'run a pipeline again on its current inputs',
  wait: 'wait for a job to end, showing its progress',
  stop: 'stop a running job',
};

export function pipelineVerb(program: Command, name: string): Command {
  const isNew = !program.commands.some((c) => c.name() === name);
  const command = verb(program, name);
  const help = HELP[name];
  if (isNew && help) command.description(help);
  return command;
}
