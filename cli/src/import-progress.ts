// How far an import got, on stderr: a bar redrawn in place in a terminal, a plain
// "imported N/M" line now and then (and at the end) when stderr is a file or a pipe.

export interface ImportProgress {
  update(done: number): void;
  finish(done: number): void;
}

const BAR_WIDTH = 30;
const PLAIN_EVERY_MS = 2_000;

export function progressBar(done: number, total: number): string {
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`;
}

export function importProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): ImportProgress {
  if (stream.isTTY) {
    return {
      update: (done) => stream.write(`\r${progressBar(done, total)}`),
      finish: (done) => stream.write(`\r${progressBar(done, total)}\n`),
    };
  }
  let last = now();
  return {
    update(done) {
      if (now() - last < PLAIN_EVERY_MS) return;
      last = now();
      stream.write(`imported ${done}/${total}\n`);
    },
    finish: (done) => stream.write(`imported ${done}/${total}\n`),
  };
}
