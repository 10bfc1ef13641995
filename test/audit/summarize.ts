import type { Finding } from '../../src/audit/finding.js';

/** `severity CODE roleArn[#statement][ path: from > to > …]`: how tests compare findings. */
export function summarize(f: Finding): string {
  const statement = f.statement ? `#${f.statement.index}` : '';
  const path = f.path ? ` path: ${[f.path[0]!.from, ...f.path.map((h) => h.to)].join(' > ')}` : '';
  return `${f.severity} ${f.code} ${f.roleArn}${statement}${path}`;
}
