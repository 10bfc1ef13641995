import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { decodeText } from '../../decode-text.js';
import { InvalidInputError, UserError } from '../../errors.js';
import { readInputDirectory, readInputFile, withFileErrors } from '../../file-errors.js';
import { checkJsonText, lineCol } from '../../json-text.js';
import { parseActionList } from '../../permissions/action-list.js';
import { loadCatalog } from '../../permissions/catalog.js';
import { actionUsage, recordServices, trailRecords } from '../../permissions/cloudtrail.js';
import { compressActions, MANAGED_POLICY_LIMIT, type AllowExtra } from '../../permissions/compress.js';
import { resolveActions, servicesNamed } from '../../permissions/resolve.js';
import { wholeNumber } from '../numbers.js';
import { plural, printJson } from '../output.js';

const ALLOW_EXTRA: AllowExtra[] = ['none', 'read'];

export function registerPermissions(program: Command): void {
  const permissions = program.command('permissions').description('least-privilege action lists: compress them into policies that fit');
  permissions
    .command('compress')
    .description(`compress a list of IAM actions into the fewest policy documents of at most ${MANAGED_POLICY_LIMIT} characters, granting exactly those actions`)
    .argument('<file>', 'a JSON array of action names, a text file with one a line, or a policy document whose Allow actions are taken')
    .option('--allow-extra <level>', `none: grant exactly the listed actions; read: wildcards may also grant unlisted Read and List actions (reported)`, 'none')
    .option('--max-policies <n>', 'fail (exit 1) when the documents would be more than n', wholeNumber(1))
    .option('--json', 'print {"policies": [...], "actions": n, "extra": [...], "size": characters}')
    .addHelpText('after', '\nExample:\n  crossrole permissions compress examples/permissions/collector-actions.txt --allow-extra read\n\nThe documents go to stdout, a summary naming the IAM catalog to stderr.')
    .action(async (file: string, opts: { allowExtra: string; maxPolicies?: number; json?: boolean }) => {
      if (!ALLOW_EXTRA.includes(opts.allowExtra as AllowExtra)) throw new UserError(`--allow-extra must be one of ${ALLOW_EXTRA.join(', ')}`, 2);
      const entries = parseActionList(file, readInputFile(file, 'action list'));
      const services = servicesNamed(entries);
      const catalog = await loadCatalog(services ?? 'all');
      const actions = resolveActions(file, entries, catalog);
      const result = compressActions(actions, catalog, { allowExtra: opts.allowExtra as AllowExtra });
      if (opts.maxPolicies !== undefined && result.policies.length > opts.maxPolicies) {
        const hint = opts.allowExtra === 'none' ? '; --allow-extra read may make them fit' : '';
        throw new UserError(`${file}: ${plural(result.actions, 'action')} need ${plural(result.policies.length, 'policy document')} of at most ${MANAGED_POLICY_LIMIT} characters, more than --max-policies ${opts.maxPolicies}${hint}`, 1);
      }
      if (opts.json) printJson(result);
      else for (const policy of result.policies) printJson(policy);
      const extra = opts.allowExtra === 'read' ? `, ${plural(result.extra.length, 'unlisted Read/List action')} granted too` : ', exactly';
      process.stderr.write(`${plural(result.actions, 'action')} in ${plural(result.policies.length, 'policy document')}, ${result.size} characters${extra} (catalog ${catalog.source})\n`);
    });
  permissions
    .command('from-cloudtrail')
    .description('the IAM actions CloudTrail saw a principal use: the list permissions compress takes (denied calls listed apart)')
    .argument('<path...>', 'CloudTrail log files as delivered to S3 (.json or .json.gz with Records), lookup-events output, or directories of them')
    .option('--principal <arn>', 'only calls by this principal: a user or role ARN (an assumed-role session counts for its role), or an assumed-role session ARN')
    .option('--since <date>', 'only calls at or after this time (ISO 8601: 2026-11-01 or 2026-11-01T12:00:00Z)')
    .option('--json', 'print {"actions": [...], "denied": [...], "unmapped": [...], "events": n}')
    .addHelpText('after', '\nExample:\n  crossrole permissions from-cloudtrail trail/ --principal arn:aws:iam::111111111111:role/Collector > actions.txt\n  crossrole permissions compress actions.txt')
    .action(async (paths: string[], opts: { principal?: string; since?: string; json?: boolean }) => {
      if (opts.principal !== undefined && !/^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/.test(opts.principal)) throw new UserError(`--principal must be an IAM or STS ARN (arn:aws:iam::111111111111:role/Name), got ${JSON.stringify(opts.principal)}`, 2);
      const since = opts.since === undefined ? undefined : new Date(opts.since);
      if (since !== undefined && Number.isNaN(since.getTime())) throw new UserError(`--since must be a date such as 2026-11-01 or 2026-11-01T12:00:00Z, got ${JSON.stringify(opts.since)}`, 2);
      const records = paths.flatMap(trailFiles).flatMap(readTrailFile);
      const catalog = await loadCatalog(recordServices(records));
      const spelling = new Map<string, string>();
      for (const [service, actions] of catalog.services) for (const a of actions) spelling.set(`${service}:${a.name}`.toLowerCase(), `${service}:${a.name}`);
      const usage = actionUsage(records, { ...(opts.principal !== undefined && { principal: opts.principal }), ...(since && { since }) }, (a) => spelling.get(a.toLowerCase()));
      if (opts.json) printJson({ actions: usage.actions, denied: usage.denied, unmapped: usage.unmapped, events: usage.events });
      else {
        const lines = [...usage.actions];
        if (usage.denied.length > 0) lines.push('# denied (left out of the list above):', ...usage.denied.map((a) => `# ${a}`));
        if (usage.unmapped.length > 0) lines.push('# calls no IAM action of the catalog stands for:', ...usage.unmapped.map((e) => `# ${e}`));
        if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.stderr.write(`${plural(usage.events, 'call')} read: ${plural(usage.actions.length, 'action')}, ${usage.denied.length} denied, ${usage.unmapped.length} unmapped (catalog ${catalog.source})\n`);
    });
}

/** A file as it is; a directory's .json and .json.gz files, recursively, in name order. */
function trailFiles(path: string): string[] {
  let directory = false;
  try {
    directory = statSync(path).isDirectory();
  } catch {
    // readTrailFile reports the missing file
  }
  if (!directory) return [path];
  return readInputDirectory(path, 'CloudTrail directory')
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? trailFiles(join(path, e.name)) : /\.json(\.gz)?$/.test(e.name) ? [join(path, e.name)] : []));
}

/** The records of one file, gzip or not (S3 delivers .json.gz); a file that is no CloudTrail log is an error at its place. */
function readTrailFile(file: string): unknown[] {
  let bytes: Uint8Array = withFileErrors('read', 'CloudTrail file', file, 'file', () => readFileSync(file));
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new UserError(`${file}: error: the file starts as gzip but does not decompress (${(error as Error).message})`, 2);
    }
  }
  const text = decodeText(file, bytes);
  const { syntax } = checkJsonText(text);
  if (syntax) throw new InvalidInputError([{ file, ...lineCol(text, syntax.offset), severity: 'error', message: syntax.message }]);
  const read = trailRecords(JSON.parse(text));
  if ('problem' in read) throw new InvalidInputError([{ file, line: 1, col: 1, severity: 'error', message: read.problem }]);
  return read.records;
}
