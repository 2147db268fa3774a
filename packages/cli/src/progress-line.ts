import type { LoadProgress } from './load-runner.js';
import type { CliIo } from './output.js';

/** Redraws at most this often: a terminal cannot show faster, and writing costs the run CPU. */
const REDRAW_MS = 200;

/**
 * The load-mode progress line on a terminal's stderr (cli.md: calls done, rate, errors, mode), redrawn in
 * place with `\r`. Only made when stderr is a TTY, so piped output never holds control characters.
 */
export function createProgressLine(
  stderr: CliIo['stderr'],
  mode: string,
  now: () => number = () => performance.now(),
): { update(progress: LoadProgress): void; finish(): void } {
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update({ done, failed, elapsedMs }) {
      const t = now();
      if (t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      drawn = true;
      const rate = elapsedMs > 0 ? Math.round((done * 1000) / elapsedMs) : 0;
      stderr.write(`\r\x1b[K${done} calls, ${rate}/s, ${failed} errors, mode ${mode}`);
    },
    finish() {
      // Clear the line so the report and any later output start clean.
      if (drawn) stderr.write('\r\x1b[K');
    },
  };
}
