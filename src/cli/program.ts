// Every command of the crossrole CLI, registered on one commander program (main.ts runs it; tests
// walk it). Commands import src/aws/ (and with it the AWS SDK) only when they run: loading the SDK
// is most of a start-up, and most commands never call AWS.
import { Command } from 'commander';
import { registerApply } from './commands/apply.js';
import { registerAudit } from './commands/audit.js';
import { registerCollect } from './commands/collect.js';
import { registerConsole } from './commands/console.js';
import { registerCredentials } from './commands/credentials.js';
import { registerDiscover } from './commands/discover.js';
import { registerExec } from './commands/exec.js';
import { registerGraph } from './commands/graph.js';
import { registerLint } from './commands/lint.js';
import { registerPath } from './commands/path.js';
import { registerPermissions } from './commands/permissions.js';
import { registerPlan } from './commands/plan.js';
import { registerProfiles } from './commands/profiles.js';
import { registerReach } from './commands/reach.js';
import { registerReport } from './commands/report.js';
import { registerSchema } from './commands/schema.js';
import { registerSimulate } from './commands/simulate.js';
import { registerSynth } from './commands/synth.js';
import { registerTargets } from './commands/targets.js';
import { registerValidate } from './commands/validate.js';
import { registerVerify } from './commands/verify.js';
import { registerWhoCanAssume } from './commands/who-can-assume.js';
import { version } from './version.js';

export function buildProgram(): Command {
  const program = new Command('crossrole')
    .description('Cross-account AWS IAM access at organization scale: one spec for hub and spoke roles.')
    .version(version())
    .option('--debug', 'print stack traces for errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerValidate(program);
  registerSchema(program);
  registerTargets(program);
  registerSynth(program);
  registerSimulate(program);
  registerLint(program);
  registerDiscover(program);
  registerPlan(program);
  registerApply(program);
  registerVerify(program);
  registerCollect(program);
  registerProfiles(program);
  registerCredentials(program);
  registerExec(program);
  registerConsole(program);
  registerWhoCanAssume(program);
  registerReach(program);
  registerPath(program);
  registerGraph(program);
  registerAudit(program);
  registerReport(program);
  registerPermissions(program);
  return program;
}

