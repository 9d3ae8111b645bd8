/** A progress bar for long CLI work, drawn only on a terminal (never into a pipe or a log file). */
export interface Progress {
  update(done: number, total?: number): void;
  finish(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined };
  const started = Date.now();
  let lastDraw = 0;
  const draw = (done: number, total?: number) => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? Math.round(done / elapsed) : 0;
    const width = 30;
    const bar = total ? '█'.repeat(Math.round((done / total) * width)).padEnd(width, '░') : '';
    const count = total ? `${done}/${total}` : `${done}`;
    stream.write(`\r${label} ${bar} ${count} (${rate}/s)\u001b[K`);
  };
  return {
    update(done, total) {
      const now = Date.now();
      if (now - lastDraw < 100 && done !== total) return;
      lastDraw = now;
      draw(done, total);
    },
    finish() {
      stream.write('\r\u001b[K');
    },
  };
}
