// Line diff for printed plans: longest common subsequence, cut into hunks with a little context.

export interface DiffLine {
  kind: ' ' | '-' | '+';
  text: string;
}

/** Past this many cells the middle is shown as removed-then-added rather than aligned. */
const MAX_CELLS = 4_000_000;

export function diffLines(before: string[], after: string[]): DiffLine[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endA = before.length;
  let endB = after.length;
  while (endA > start && endB > start && before[endA - 1] === after[endB - 1]) {
    endA--;
    endB--;
  }
  const same = (lines: string[]): DiffLine[] => lines.map((text) => ({ kind: ' ', text }));
  return [...same(before.slice(0, start)), ...middle(before.slice(start, endA), after.slice(start, endB)), ...same(before.slice(endA))];
}

function middle(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) return [...a.map((text) => ({ kind: '-' as const, text })), ...b.map((text) => ({ kind: '+' as const, text }))];
  // lcs[i * (m + 1) + j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ kind: ' ', text: a[i++]! });
      j++;
    } else if (j < m && (i === n || lcs[i * (m + 1) + j + 1]! >= lcs[(i + 1) * (m + 1) + j]!)) out.push({ kind: '+', text: b[j++]! });
    else out.push({ kind: '-', text: a[i++]! });
  }
  // Removals read better before the additions that replace them.
  return regroup(out);
}

/** Within each run of changed lines, puts every `-` before every `+`. */
function regroup(lines: DiffLine[]): DiffLine[] {
  const out: DiffLine[] = [];
  let run: DiffLine[] = [];
  const flush = () => {
    out.push(...run.filter((l) => l.kind === '-'), ...run.filter((l) => l.kind === '+'));
    run = [];
  };
  for (const line of lines) {
    if (line.kind === ' ') {
      flush();
      out.push(line);
    } else run.push(line);
  }
  flush();
  return out;
}

/** Changed lines with `context` unchanged lines around them; hunks farther apart are separate. */
export function hunks(lines: DiffLine[], context: number): DiffLine[][] {
  const keep = lines.map(() => false);
  lines.forEach((line, i) => {
    if (line.kind === ' ') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
  });
  const out: DiffLine[][] = [];
  let current: DiffLine[] | undefined;
  lines.forEach((line, i) => {
    if (!keep[i]) {
      current = undefined;
      return;
    }
    if (!current) out.push((current = []));
    current.push(line);
  });
  return out;
}
