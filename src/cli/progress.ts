// Progress on stderr: a redrawn bar on a terminal, occasional plain lines otherwise (CI logs).
const WIDTH = 28;

export interface ProgressLine {
  update(done: number, total: number, note?: string): void;
  done(): void;
}

export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  const tty = !!stream.isTTY;
  let lastDecile = -1;
  let last = { done: 0, total: 0 };
  return {
    update(done, total, note) {
      last = { done, total };
      if (tty) {
        const filled = total ? Math.round((done / total) * WIDTH) : WIDTH;
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total}${note ? ` ${note}` : ''}\x1b[K`);
        return;
      }
      // Without a terminal, one line per tenth keeps logs short.
      const decile = total ? Math.floor((done / total) * 10) : 10;
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${done}/${total}${note ? ` ${note}` : ''}\n`);
      }
    },
    done() {
      if (tty) stream.write(`\r${label}: ${last.done}/${last.total}\x1b[K\n`);
    },
  };
}

/** Progress over accounts that counts only those done successfully, the failed ones apart: `reading accounts: 31/33 (2 unreadable)`. */
export function accountsProgress(label: string, failedWord: string, stream: NodeJS.WriteStream = process.stderr): { account(ok: boolean, total: number): void; done(): void } {
  const line = progressLine(label, stream);
  let ok = 0;
  let failed = 0;
  return {
    account(success, total) {
      if (success) ok++;
      else failed++;
      line.update(ok, total, failed ? `(${failed} ${failedWord})` : undefined);
    },
    done: () => line.done(),
  };
}
