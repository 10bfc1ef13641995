// A unified diff (`diff -u` format) between two texts, shown before crossrole rewrites a file.
import { diffLines, type DiffLine } from '../plan/diff.js';
import { splitLines } from './config-file.js';

interface Numbered extends DiffLine {
  /** 1-based line numbers in the old and the new text (the number of the next line for a side the line is absent from). */
  old: number;
  new: number;
}

export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }, context = 3): string {
  const lines: Numbered[] = [];
  let o = 1;
  let n = 1;
  for (const line of diffLines(splitLines(before), splitLines(after))) {
    lines.push({ ...line, old: o, new: n });
    if (line.kind !== '+') o++;
    if (line.kind !== '-') n++;
  }
  const changed = lines.map((l, i) => (l.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (!changed.length) return '';

  // Runs of changes closer than 2 × context share one hunk.
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const start = Math.max(0, i - context);
    const end = Math.min(lines.length - 1, i + context);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1] + 1) last[1] = end;
    else hunks.push([start, end]);
  }
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  for (const [start, end] of hunks) {
    const body = lines.slice(start, end + 1);
    const oldCount = body.filter((l) => l.kind !== '+').length;
    const newCount = body.filter((l) => l.kind !== '-').length;
    // diff -u numbers an empty side by the line before it.
    const oldStart = oldCount ? body[0]!.old : body[0]!.old - 1;
    const newStart = newCount ? body[0]!.new : body[0]!.new - 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...body.map((l) => `${l.kind}${l.text}`));
  }
  return `${out.join('\n')}\n`;
}
