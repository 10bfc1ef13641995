// Wildcard patterns (`*` any run, `?` one character) matched by a backtracking-free loop rather
// than RegExp: a pattern such as `*a*a*a*a*b` would make a RegExp backtrack exponentially, and
// patterns come from policies we do not control. ARN patterns match per segment (the first five
// colons delimit partition, service, region, account; the resource part keeps further colons).
import type { Segment } from './variables.js';

// Pattern characters by kind, one per UTF-16 unit so indexes line up with the text.
const TEXT = 0; // policy text: compares as is; in ARN patterns its first five colons end segments
const STAR = 1;
const ONE = 2;
const VALUE = 3; // substituted value or ${*}/${?}/${$}: compares as is, never a wildcard or separator

export interface Glob {
  text: string;
  kinds: Uint8Array;
  /** ARN patterns: the offsets of the five segment-ending colons; undefined for one whole-string glob. */
  colons: number[] | undefined;
  /** No wildcard at all: the text to compare. */
  exact: string | undefined;
  /** A single trailing `*` of policy text: the prefix before it. */
  prefix: string | undefined;
  /** ARN patterns: per segment, its text when it has no wildcard, `*` when it is only `*`, else undefined. */
  segments: (string | undefined)[] | undefined;
}

export function compileGlob(segments: readonly Segment[], arn: boolean): Glob {
  let text = '';
  const kinds: number[] = [];
  const colons: number[] = [];
  for (const segment of segments) {
    for (let i = 0; i < segment.text.length; i++) {
      const ch = segment.text[i];
      const kind = segment.literal ? VALUE : ch === '*' ? STAR : ch === '?' ? ONE : TEXT;
      // Variables are substituted as text, so a colon from a value delimits segments too.
      if (arn && (kind === TEXT || kind === VALUE) && ch === ':' && colons.length < 5) colons.push(text.length + i);
      kinds.push(kind);
    }
    text += segment.text;
  }
  const stars = kinds.filter((k) => k === STAR || k === ONE).length;
  const typed = Uint8Array.from(kinds);
  const arnPattern = colons.length === 5;
  // Every field set, in one order: one hidden class keeps the hot matching code monomorphic.
  return {
    text,
    kinds: typed,
    colons: arnPattern ? colons : undefined,
    exact: stars === 0 ? text : undefined,
    prefix: stars === 1 && kinds[kinds.length - 1] === STAR ? text.slice(0, -1) : undefined,
    segments: arnPattern ? segmentShapes(text, typed, colons) : undefined,
  };
}

/** Most ARN pattern segments are plain text or a lone `*`: those compare without the glob loop. */
function segmentShapes(text: string, kinds: Uint8Array, colons: number[]): (string | undefined)[] {
  const shapes: (string | undefined)[] = [];
  let start = 0;
  for (let i = 0; i <= 5; i++) {
    const end = i < 5 ? colons[i]! : text.length;
    let wild = false;
    for (let k = start; k < end; k++) if (kinds[k] === STAR || kinds[k] === ONE) wild = true;
    shapes.push(!wild ? text.slice(start, end) : end - start === 1 && kinds[start] === STAR ? '*' : undefined);
    start = end + 1;
  }
  return shapes;
}

/** Offsets of the first five colons of a resource (written into `out`), or undefined when it is not an ARN. */
export function arnColons(resource: string, out: Int32Array): Int32Array | undefined {
  // A character scan: indexOf has a high fixed cost per call here, and ARN prefixes are short.
  let found = 0;
  for (let i = 0; i < resource.length && found < 5; i++) if (resource.charCodeAt(i) === 58) out[found++] = i;
  return found === 5 ? out : undefined;
}

export function matchResource(glob: Glob, resource: string, colons: Int32Array | undefined): boolean {
  if (glob.colons === undefined) return globMatch(glob, 0, glob.text.length, resource, 0, resource.length);
  if (colons === undefined) return false;
  let p = 0;
  let s = 0;
  for (let i = 0; i <= 5; i++) {
    const pEnd = i < 5 ? glob.colons[i]! : glob.text.length;
    const sEnd = i < 5 ? colons[i]! : resource.length;
    const shape = glob.segments![i];
    if (shape === undefined) {
      if (!globMatch(glob, p, pEnd, resource, s, sEnd)) return false;
    } else if (shape !== '*' || glob.kinds[p] !== STAR) {
      if (sEnd - s !== shape.length || !sameFrom(resource, s, shape)) return false;
    }
    p = pEnd + 1;
    s = sEnd + 1;
  }
  return true;
}

/**
 * Glob match of pattern[pStart, pEnd) against text[sStart, sEnd). On a mismatch only the most
 * recent `*` takes one more character, which is enough for `*`/`?` globs and keeps the cost at
 * O(pattern × text) at worst.
 */
export function globMatch(glob: Glob, pStart: number, pEnd: number, text: string, sStart: number, sEnd: number): boolean {
  let p = pStart;
  let s = sStart;
  let starP = -1;
  let starS = 0;
  while (s < sEnd) {
    const kind = p < pEnd ? glob.kinds[p] : undefined;
    if (kind === ONE || ((kind === TEXT || kind === VALUE) && glob.text.charCodeAt(p) === text.charCodeAt(s))) {
      p++;
      s++;
    } else if (kind === STAR) {
      starP = p++;
      starS = s;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (p < pEnd && glob.kinds[p] === STAR) p++;
  return p === pEnd;
}

/** Whole-string match (StringLike): a pattern without wildcards compares exactly, `prefix*` by startsWith. */
export function globMatches(glob: Glob, value: string): boolean {
  if (glob.exact !== undefined) return glob.exact === value;
  if (glob.prefix !== undefined) return value.length >= glob.prefix.length && sameFrom(value, 0, glob.prefix);
  return globMatch(glob, 0, glob.text.length, value, 0, value.length);
}

/** ARN match (ArnLike): per segment; a pattern or value without six segments never matches. */
export function arnGlobMatches(glob: Glob, value: string, scratch: Int32Array): boolean {
  if (glob.colons === undefined) return false;
  const colons = arnColons(value, scratch);
  return colons !== undefined && matchResource(glob, value, colons);
}

/**
 * Does `text` hold `part` at `start`? ARNs and org paths share long prefixes, so a mismatch
 * usually shows at the end: check the last few characters first, then compare the rest natively
 * (both much faster here than String.prototype.startsWith or a character loop).
 */
function sameFrom(text: string, start: number, part: string): boolean {
  const stop = Math.max(0, part.length - 8);
  for (let i = part.length - 1; i >= stop; i--) if (text.charCodeAt(start + i) !== part.charCodeAt(i)) return false;
  return stop === 0 || text.slice(start, start + stop) === part.slice(0, stop);
}
