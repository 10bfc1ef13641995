// Findings for a terminal: worst first, each as a header line (severity, code, account, role)
// with its explanation, the fix and, for path findings, the path; then which accounts were
// audited, and counts per severity at the end.
import { SEVERITIES, type Coverage, type CoveredAccount, type Finding, type Severity } from './finding.js';

/** Accounts named in the coverage line; past that a count. */
const SHOWN_ACCOUNTS = 10;

export function renderTable(findings: readonly Finding[], coverage?: Coverage): string {
  const lines: string[] = [];
  const width = Math.max(0, ...findings.map((f) => f.code.length));
  for (const f of findings) {
    const account = f.accountName ? `${f.accountId} (${f.accountName})` : f.accountId;
    const statement = f.statement ? `  statement ${f.statement.index}${f.statement.sid ? ` "${f.statement.sid}"` : ''}` : '';
    lines.push(`${f.severity.toUpperCase().padEnd(8)}  ${f.code.padEnd(width)}  ${account}  ${f.roleArn}${statement}`);
    lines.push(`          ${f.explanation}`);
    if (f.path) lines.push(`          path: ${renderPath(f)}`);
    lines.push(`          fix: ${f.remediation}`);
  }
  if (findings.length) lines.push('');
  if (coverage) lines.push(coverageLine(coverage));
  lines.push(summaryLine(findings));
  return `${lines.join('\n')}\n`;
}

function renderPath(f: Finding): string {
  const hops = f.path!;
  return [hops[0]!.from, ...hops.map((h) => `${h.to}${h.conditions.length ? ` [${h.conditions.join('; ')}]` : ''}`)].join(' → ');
}

/** `3 findings: 1 critical, 2 high, 0 medium, 0 low, 0 info`. */
export function summaryLine(findings: readonly Finding[]): string {
  const counts = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));
  for (const f of findings) counts.set(f.severity, counts.get(f.severity)! + 1);
  const noun = findings.length === 1 ? 'finding' : 'findings';
  return `${findings.length} ${noun}: ${SEVERITIES.map((s) => `${counts.get(s)} ${s}`).join(', ')}`;
}

/** `coverage: 38 of 40 accounts audited; not collected: 333333333333 (payments-prod); suspended or closing, not collectable (expected): …`. */
export function coverageLine(coverage: Coverage): string {
  const parts = [`coverage: ${coverage.audited} of ${coverage.accounts} accounts audited`];
  if (coverage.notCollected.length) parts.push(`not collected: ${accountList(coverage.notCollected)}`);
  if (coverage.notCollectable.length) parts.push(`suspended or closing, not collectable (expected): ${accountList(coverage.notCollectable)}`);
  return parts.join('; ');
}

function accountList(accounts: readonly CoveredAccount[]): string {
  const shown = accounts.slice(0, SHOWN_ACCOUNTS).map((a) => `${a.accountId} (${a.accountName})`);
  const more = accounts.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
