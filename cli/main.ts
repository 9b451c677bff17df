#!/usr/bin/env node
/** Composition root of the `stemma` command. */
import { Command, CommanderError } from 'commander';
import { isStemmaError } from '../core/errors.js';
import { createCliContext } from './cli-context.js';
import { registerAuthCommands } from './commands/auth.js';
import { registerBranchCommands } from './commands/branch.js';
import { registerCommitCommands } from './commands/commit.js';
import { registerFileTransferCommands } from './commands/file-transfer.js';
import { registerFileCommands } from './commands/file.js';
import { registerProjectCommands } from './commands/project.js';
import { registerRepoCommands } from './commands/repo.js';
import { registerStatus } from './commands/status.js';
import { registerPipelineCommands } from './commands/pipeline.js';
import { registerJobCommands } from './commands/job.js';
import { registerDatumCommands } from './commands/datum.js';
import { registerModelCommands } from './commands/model.js';
import { registerDecisionCommands } from './commands/decision.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerReportCommands } from './commands/report.js';
import { registerFootprintCommand } from './commands/footprint.js';
import { registerErasureCommands } from './commands/erasure.js';

const program = new Command('stemma')
  .description('Version control, pipelines and lineage for data and models')
  .option('--api-url <url>', 'the Stemma API (default: $STEMMA_API_URL or http://127.0.0.1:7070)')
  .option('--token <token>', 'API token (default: $STEMMA_TOKEN, then ~/.config/stemma/token, then .stemma/admin-token)')
  .option('--json', 'print JSON for scripts')
  .showHelpAfterError()
  .exitOverride();

const ctx = createCliContext(program);
registerStatus(program, ctx);
registerProjectCommands(program, ctx);
registerRepoCommands(program, ctx);
registerBranchCommands(program, ctx);
registerCommitCommands(program, ctx);
registerFileTransferCommands(program, ctx);
registerFileCommands(program, ctx);
registerAuthCommands(program, ctx);
registerPipelineCommands(program, ctx);
registerJobCommands(program, ctx);
registerDatumCommands(program, ctx);
registerModelCommands(program, ctx);
registerDecisionCommands(program, ctx);
registerAuditCommands(program, ctx);
registerReportCommands(program, ctx);
registerFootprintCommand(program, ctx);
registerErasureCommands(program, ctx);

// `stemma get file ... | head`: a reader that goes away is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else if (isStemmaError(err)) {
    process.stderr.write(`stemma: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`stemma: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  }
}
