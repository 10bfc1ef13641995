import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixture = (...parts: string[]) => join(repoRoot, 'test', 'fixtures', ...parts);
