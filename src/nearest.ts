// The one did-you-mean rule every message uses: the closest candidate, compared without case,
// when it is at most a third of its length away (and always within two edits).
import { closest, distance } from 'fastest-levenshtein';

export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const guess = closest(word, [...candidates]);
  return isNear(word, guess) ? guess : undefined;
}

export function isNear(word: string, guess: string): boolean {
  return distance(word.toLowerCase(), guess.toLowerCase()) <= Math.max(2, Math.floor(guess.length / 3));
}
