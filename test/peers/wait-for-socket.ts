import { connect } from 'node:net';

const POLL_INTERVAL_MS = 50;

function tryConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Polls until `socketPath` accepts a connection. Rejects after `timeoutMs`, or as soon as
 * `failed()` returns a reason (e.g. the server process exited), with `describe()` appended.
 */
export async function waitForSocket(
  socketPath: string,
  options: { timeoutMs: number; failed: () => string | undefined; describe: () => string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const reason = options.failed();
    if (reason !== undefined) throw new Error(`${reason}\n${options.describe()}`);
    if (await tryConnect(socketPath)) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `${socketPath} did not accept connections within ${options.timeoutMs} ms\n${options.describe()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
