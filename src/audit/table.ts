// Findings for a terminal: worst first, each as a header line (severity, code, account, role)
// with its explanation, the fix and, for path findings, the path; counts per severity at the end.
import { SEVERITIES, type Finding, type Severity } from './finding.js';

export function renderTable(findings: readonly Finding[]): string {
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
