import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadCase } from '../../policy/case.js';
import { evaluate } from '../../policy/evaluate.js';
import { readInputDirectory, readInputFile } from '../../file-errors.js';
import { UserError } from '../../errors.js';

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('evaluate IAM requests against the policies in case files (identity, resource/trust, boundary, session, SCP and RCP levels)')
    .argument('<path...>', 'case files (.json) or directories of them')
    .option('--json', 'one JSON object per case per line: {"file", "decision", "explanation"}')
    .addHelpText('after', '\nExample:\n  crossrole simulate test/policy/corpus/trust\n\nExit codes: 0 evaluated, 1 a case with "expect" got another decision, 2 a malformed case (reported where it is; every other case is still evaluated).')
    .action((paths: string[], opts: { json?: boolean }) => {
      const files = paths.flatMap(caseFiles);
      let evaluated = 0;
      let mismatches = 0;
      let malformed = 0;
      for (const file of files) {
        // A malformed case is reported where it is and the run goes on: one bad file must not hide the others' results.
        let c;
        try {
          c = loadCase(file, readInputFile(file, 'case file'));
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          process.stderr.write(`${error.message}\n`);
          malformed++;
          continue;
        }
        evaluated++;
        const { decision, explanation } = evaluate(c.request, c.policies);
        const expected = c.case.expect;
        const ok = expected === undefined || expected === decision;
        if (!ok) mismatches++;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ file: c.file, decision, explanation, ...(expected && { expect: expected, pass: ok }) })}\n`);
        } else {
          const mark = expected === undefined ? '    ' : ok ? 'PASS' : 'FAIL';
          process.stdout.write(`${mark} ${c.file}: ${decision}: ${explanation.reason}${ok ? '' : ` (expected ${expected})`}\n`);
        }
      }
      if (!opts.json) process.stdout.write(`${evaluated} cases, ${mismatches} not as expected${malformed ? `, ${malformed} malformed` : ''}\n`);
      if (malformed) process.exitCode = 2;
      else if (mismatches) process.exitCode = 1;
    });
}

function caseFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return [path]; // readInputFile reports the missing file
  }
  if (!stat.isDirectory()) return [path];
  return readInputDirectory(path, 'case directory')
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? caseFiles(join(path, e.name)) : e.name.endsWith('.json') ? [join(path, e.name)] : []));
}
