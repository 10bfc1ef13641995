// Replacing a file so that no reader ever sees half of it: the text goes to a hidden temporary
// file beside it (hidden, so directory readers such as readSnapshot pass it over), then a rename.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** The file's exact mode (the umask could only narrow it); default: the umask's. */
  mode?: number;
  /** Flush to disk before the rename: for files a person cannot recreate (their AWS config). */
  durable?: boolean;
}

export function writeFileAtomic(file: string, text: string, { mode, durable = false }: AtomicWriteOptions = {}): void {
  // pid and random: parallel processes (20 credential_process runs) never share a temporary file.
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temporary, 'wx', mode ?? 0o666);
    try {
      writeFileSync(fd, text);
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
