import type { CliIo } from './output.js';

/** A CliIo that keeps what the command wrote, for in-process specs of `main`. */
export function captureIo(isTTY = false): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTTY,
    stdout: { write: (text: string) => (io.out += text) },
    stderr: { write: (text: string) => (io.err += text) },
  };
  return io;
}
