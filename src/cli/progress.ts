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
        stream.write(`${label}: ${done}/${total}\n`);
      }
    },
    done() {
      if (tty) stream.write(`\r${label}: ${last.done}/${last.total}\x1b[K\n`);
    },
  };
}
