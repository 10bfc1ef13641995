import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadCase } from '../../policy/case.js';
import { evaluate } from '../../policy/evaluate.js';
import { readInputDirectory, readInputFile } from '../../file-errors.js';

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('evaluate IAM requests against the policies in case files (identity, resource/trust, boundary, session, SCP and RCP levels)')
    .argument('<path...>', 'case files (.json) or directories of them')
    .option('--json', 'one JSON object per case per line: {"file", "decision", "explanation"}')
    .addHelpText('after', '\nExample:\n  crossrole simulate test/policy/corpus/trust\n\nExit codes: 0 evaluated, 1 a case with "expect" got another decision, 2 malformed case.')
    .action((paths: string[], opts: { json?: boolean }) => {
      const files = paths.flatMap(caseFiles);
      // Load every case first: a malformed one stops the run before anything is reported.
      const cases = files.map((file) => loadCase(file, readInputFile(file, 'case file')));
      let mismatches = 0;
      for (const c of cases) {
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
      if (!opts.json) process.stdout.write(`${cases.length} cases, ${mismatches} not as expected\n`);
      if (mismatches) process.exitCode = 1;
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
