// Reads a snapshot directory (made by `crossrole collect`, by hand with the AWS CLI, or by the
// synthetic generator). The only file I/O of the audit's input; parsing is in parse.ts.
import { InvalidInputError, UserError } from '../errors.js';
import { pathProblem, readInputDirectory, readInputFile } from '../file-errors.js';
import { parseOrg } from '../org/load.js';
import type { Diagnostic } from '../spec/source.js';
import { accountFilePath, accountsDirPath, orgFilePath, sortAccountFiles } from './layout.js';
import { parseAccountFile } from './parse.js';
import { SharedAwsDocuments } from './shared-documents.js';
import type { Snapshot, SnapshotAccount } from './types.js';

/** Files with problems listed in one error; past that a count says how many more there are. */
const MAX_FILES_WITH_PROBLEMS = 10;

export interface ReadProgress {
  accountId: string;
  file: string;
  /** Account files read so far, this one included. */
  done: number;
  total: number;
}

export interface ReadSnapshotOptions {
  /** Called after each account file is read (for progress). */
  onAccount?: (progress: ReadProgress) => void;
}

/**
 * DIR/org.json plus DIR/accounts/<id>.json → Snapshot. Every bad account file is reported
 * (InvalidInputError: file, line:col or JSON path, message) after all files are read; a file
 * name that is not an account id of org.json is an error too. Org accounts without a file are
 * returned in `missing`. Whatever is wrong with the directory is bad input (exit code 2).
 */
export function readSnapshot(dir: string, options: ReadSnapshotOptions = {}): Snapshot {
  const orgFile = orgFilePath(dir);
  const accountsDir = accountsDirPath(dir);
  for (const [path, kind] of [[dir, 'directory'], [orgFile, 'file'], [accountsDir, 'directory']] as const) {
    const problem = pathProblem(path, kind);
    if (problem !== undefined) throw new UserError(`cannot read snapshot ${path}: ${problem}; a snapshot directory holds org.json and accounts/<account-id>.json (make one with crossrole collect --out ${dir})`, 2);
  }
  const org = parseOrg(orgFile, readInputFile(orgFile, 'snapshot org file'));
  const names = readInputDirectory(accountsDir, 'snapshot accounts directory').map((entry) => entry.name);
  const { collected, missing, problems } = sortAccountFiles(org, accountsDir, names);
  if (problems.length > 0) throw new InvalidInputError(problems);

  const accounts: SnapshotAccount[] = [];
  const failed: Diagnostic[][] = [];
  const shared = new SharedAwsDocuments();
  collected.forEach((accountId, index) => {
    const file = accountFilePath(dir, accountId);
    try {
      const details = parseAccountFile(file, readInputFile(file, 'account file'), accountId);
      shared.share(details);
      accounts.push({ accountId, details });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      failed.push(error.diagnostics);
    }
    options.onAccount?.({ accountId, file, done: index + 1, total: collected.length });
  });
  if (failed.length > 0) {
    const shown = failed.slice(0, MAX_FILES_WITH_PROBLEMS).flat();
    const more = failed.length - MAX_FILES_WITH_PROBLEMS;
    if (more > 0) shown.push({ file: accountsDir, line: 0, col: 0, severity: 'error', message: `… and ${more} more account file${more === 1 ? '' : 's'} with problems` });
    throw new InvalidInputError(shown);
  }
  return { org, accounts, missing };
}
