// Printing helpers shared by commands: diagnostics to stderr, JSON to stdout.
import { formatDiagnostic, type Diagnostic } from '../spec/source.js';

export function printWarnings(warnings: Diagnostic[]): void {
  for (const w of warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
