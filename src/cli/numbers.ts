// Numeric options, parsed by commander before any command runs: a bad value is a usage error
// (exit 2) naming the option, never NaN passed on to fail later as an internal error.
import { InvalidArgumentError } from 'commander';

/** Parser for an option taking a whole number from `min` to `max`: digits only (no 2.5, -1, 1e3, 0x10). */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  const expected = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`Expected ${expected}.`);
    return n;
  };
}
