/**
 * A progress line on stderr for long commands: redrawn in place on a terminal, a line per
 * 10 % otherwise (logs, CI), so stdout stays clean for reports.
 */
export interface Progress {
  update(done: number, note?: string): void;
  finish(note?: string): void;
}

export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const width = 24;
  let lastDecile = -1;
  const render = (done: number, note = '') => {
    const ratio = total === 0 ? 1 : done / total;
    const bar = '#'.repeat(Math.round(ratio * width)).padEnd(width, '-');
    return `${label} [${bar}] ${done}/${total}${note ? `  ${note}` : ''}`;
  };
  return {
    update(done, note) {
      if (stream.isTTY) {
        stream.write(`\r${render(done, note)}\x1b[K`);
        return;
      }
      const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${render(done, note)}\n`);
      }
    },
    finish(note) {
      if (stream.isTTY) stream.write(`\r${render(total, note)}\x1b[K\n`);
      else stream.write(`${render(total, note)}\n`);
    },
  };
}
