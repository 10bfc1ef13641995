// One service's listed actions covered by patterns `Prefix*Suffix` (either part may be empty) and
// exact names, with the fewest characters, where every catalog action a pattern matches is
// allowed. A weighted set cover: candidates are cut at the word boundaries of the listed names
// (`Describe*Attribute`, `Get*`, `*Policy`), each shortened letter by letter while it stays
// allowed, then chosen greedily by characters saved; patterns another choice made redundant are
// dropped at the end.

export interface ServiceCoverInput {
  /** Lower-case service prefix. */
  service: string;
  /** Every catalog action name of the service. */
  names: readonly string[];
  /** Per catalog action: whether a pattern may match it. */
  allowed: readonly boolean[];
  /** Per catalog action: whether it must be covered (listed implies allowed). */
  listed: readonly boolean[];
}

interface Pattern {
  prefix: string;
  suffix: string;
}

interface Candidate extends Pattern {
  text: string;
  /** Indices of the listed catalog actions it matches. */
  covers: number[];
}

/** The patterns (with the service prefix) covering every listed action and matching only allowed ones. */
export function coverService(input: ServiceCoverInput): string[] {
  const lower = input.names.map((name) => name.toLowerCase());
  const matcher = new PatternMatcher(lower, input.allowed);
  const candidates = new Map<string, Candidate>();
  for (const [index, name] of input.names.entries()) {
    if (!input.listed[index]) continue;
    for (const pattern of cuts(name)) {
      const key = `${pattern.prefix}*${pattern.suffix}`.toLowerCase();
      if (candidates.has(key) || !matcher.allowed(pattern)) continue;
      const shortest = matcher.shortened(pattern);
      const text = `${input.service}:${shortest.prefix}*${shortest.suffix}`;
      candidates.set(key, { ...shortest, text, covers: matcher.matching(shortest).filter((i) => input.listed[i]) });
    }
  }
  const listedCost = (i: number) => cost(`${input.service}:${input.names[i]}`);
  const covered = new Set<number>();
  const saving = (c: Candidate) => c.covers.reduce((sum, i) => sum + (covered.has(i) ? 0 : listedCost(i)), -cost(c.text));
  // Lazy greedy: a candidate's saving only falls as others are chosen, so a stale saving is a
  // bound; the first candidate whose fresh saving still tops the queue is the best.
  const queue = new MaxQueue<Candidate>((a, b) => a.saving - b.saving || (a.item.text < b.item.text ? 1 : -1));
  for (const c of candidates.values()) queue.push({ item: c, saving: saving(c) });
  const chosen: Candidate[] = [];
  for (let top = queue.pop(); top && top.saving > 0; top = queue.pop()) {
    const fresh = saving(top.item);
    const next = queue.peek();
    if (fresh < top.saving && next && (fresh < next.saving || (fresh === next.saving && next.item.text < top.item.text))) {
      queue.push({ item: top.item, saving: fresh });
      continue;
    }
    if (fresh <= 0) continue;
    chosen.push(top.item);
    for (const i of top.item.covers) covered.add(i);
  }
  const kept = withoutRedundant(chosen);
  const coveredByKept = new Set(kept.flatMap((c) => c.covers));
  const exact = input.names.flatMap((name, i) => (input.listed[i] && !coveredByKept.has(i) ? [`${input.service}:${name}`] : []));
  return [...kept.map((c) => c.text), ...exact];
}

/** Characters one Action entry takes in a document: the quoted text and a comma. */
function cost(text: string): number {
  return text.length + 3;
}

/** Drops, costliest first, every chosen pattern whose listed actions the others cover too. */
function withoutRedundant(chosen: Candidate[]): Candidate[] {
  const count = new Map<number, number>();
  for (const c of chosen) for (const i of c.covers) count.set(i, (count.get(i) ?? 0) + 1);
  const kept = new Set(chosen);
  for (const c of [...chosen].sort((a, b) => b.text.length - a.text.length || (a.text < b.text ? -1 : 1))) {
    if (c.covers.every((i) => count.get(i)! > 1)) {
      kept.delete(c);
      for (const i of c.covers) count.set(i, count.get(i)! - 1);
    }
  }
  return chosen.filter((c) => kept.has(c));
}

/** Where a new word starts in an action name (`DescribeVpcAttribute` → 0, 8, 11, 20): upper case or a digit after a letter. */
function boundaries(name: string): number[] {
  const out = [0];
  for (let i = 1; i < name.length; i++) {
    const c = name[i]!;
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9' && !(name[i - 1]! >= '0' && name[i - 1]! <= '9'))) out.push(i);
  }
  out.push(name.length);
  return out;
}

/** Every `Prefix*Suffix` cut of a name at its word boundaries, the suffix starting at or after the prefix's end. */
function cuts(name: string): Pattern[] {
  const at = boundaries(name);
  const out: Pattern[] = [];
  for (const end of at) for (const start of at) if (start >= end) out.push({ prefix: name.slice(0, end), suffix: name.slice(start) });
  return out;
}

/** Matching `Prefix*Suffix` patterns against one service's catalog actions (lower case; IAM compares actions case-insensitively). */
class PatternMatcher {
  /** The catalog actions no pattern may match. */
  private readonly disallowed: string[];

  constructor(
    private readonly lower: readonly string[],
    allowedAt: readonly boolean[],
  ) {
    this.disallowed = lower.filter((_, i) => !allowedAt[i]);
  }

  private matches(name: string, prefix: string, suffix: string): boolean {
    return name.length >= prefix.length + suffix.length && name.startsWith(prefix) && name.endsWith(suffix);
  }

  allowed(pattern: Pattern): boolean {
    const prefix = pattern.prefix.toLowerCase();
    const suffix = pattern.suffix.toLowerCase();
    return !this.disallowed.some((name) => this.matches(name, prefix, suffix));
  }

  matching(pattern: Pattern): number[] {
    const prefix = pattern.prefix.toLowerCase();
    const suffix = pattern.suffix.toLowerCase();
    const out: number[] = [];
    for (const [i, name] of this.lower.entries()) if (this.matches(name, prefix, suffix)) out.push(i);
    return out;
  }

  /** The pattern with its prefix, then its suffix, cut back as far as it matches only allowed actions; of the two orders, the shorter. */
  shortened(pattern: Pattern): Pattern {
    const prefixFirst = this.trimSuffix(this.trimPrefix(pattern));
    const suffixFirst = this.trimPrefix(this.trimSuffix(pattern));
    return length(suffixFirst) < length(prefixFirst) ? suffixFirst : prefixFirst;
  }

  private trimPrefix(pattern: Pattern): Pattern {
    return { prefix: pattern.prefix.slice(0, this.lettersToKeep(pattern.prefix, pattern.suffix, 'prefix')), suffix: pattern.suffix };
  }

  private trimSuffix(pattern: Pattern): Pattern {
    return { prefix: pattern.prefix, suffix: pattern.suffix.slice(pattern.suffix.length - this.lettersToKeep(pattern.suffix, pattern.prefix, 'suffix')) };
  }

  /**
   * How few letters of the pattern's prefix (or suffix) keep it allowed, the other part fixed: a
   * disallowed name d with the other part matches the part cut to k letters while k is at most
   * both their common prefix (suffix) and |d| - |other|, so k must pass the largest such bound.
   */
  private lettersToKeep(part: string, other: string, side: 'prefix' | 'suffix'): number {
    const cut = part.toLowerCase();
    const fixed = other.toLowerCase();
    let k = 0;
    for (const d of this.disallowed) {
      if (side === 'prefix' ? !d.endsWith(fixed) : !d.startsWith(fixed)) continue;
      const common = side === 'prefix' ? commonPrefix(cut, d) : commonSuffix(cut, d);
      k = Math.max(k, Math.min(common, d.length - fixed.length) + 1);
    }
    return Math.min(k, cut.length);
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

function length(pattern: Pattern): number {
  return pattern.prefix.length + pattern.suffix.length;
}

interface Ranked<T> {
  item: T;
  saving: number;
}

/** A binary heap, largest first by `compare`. */
class MaxQueue<T> {
  private readonly heap: Ranked<T>[] = [];

  constructor(private readonly compare: (a: Ranked<T>, b: Ranked<T>) => number) {}

  peek(): Ranked<T> | undefined {
    return this.heap[0];
  }

  push(entry: Ranked<T>): void {
    const heap = this.heap;
    heap.push(entry);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.compare(heap[i]!, heap[parent]!) <= 0) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pop(): Ranked<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let largest = i;
        if (left < heap.length && this.compare(heap[left]!, heap[largest]!) > 0) largest = left;
        if (right < heap.length && this.compare(heap[right]!, heap[largest]!) > 0) largest = right;
        if (largest === i) break;
        [heap[i], heap[largest]] = [heap[largest]!, heap[i]!];
        i = largest;
      }
    }
    return top;
  }
}
