// Writes a generated file set into a directory crossrole owns, removing files it wrote before
// that are no longer generated (an account that left the org must not keep its profile).
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';

const MANIFEST = '.crossrole-files.json';

export function writeOutputDir(dir: string, files: Map<string, string>): { written: number; removed: number } {
  const manifestPath = join(dir, MANIFEST);
  let previous: string[] = [];
  if (existsSync(manifestPath)) previous = JSON.parse(readFileSync(manifestPath, 'utf8')) as string[];
  else if (existsSync(dir) && readdirSync(dir).length) {
    throw new UserError(`${dir} is not empty and was not written by crossrole; choose an empty or new directory for --out`, 2);
  }
  let removed = 0;
  for (const file of previous) {
    if (!files.has(file) && existsSync(join(dir, file))) {
      rmSync(join(dir, file));
      removed++;
    }
  }
  for (const [file, content] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
    chmodSync(join(dir, file), file.endsWith('.sh') ? 0o755 : 0o644);
  }
  writeFileSync(manifestPath, `${JSON.stringify([...files.keys()].sort(), null, 2)}\n`);
  return { written: files.size, removed };
}
