import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname } from 'node:path';

/** Owner and group may connect; nobody else (the calling app runs as the same user or group). */
export const SOCKET_MODE = 0o660;
/** A directory the sidecar creates for its socket is its own. */
export const SOCKET_DIR_MODE = 0o700;

/** The socket file is owned by a live process, or is not a socket at all: the sidecar must not start. */
export class SocketInUseError extends Error {
  constructor(
    readonly socketPath: string,
    message: string,
  ) {
    super(message);
    this.name = 'SocketInUseError';
  }
}

/** Resolves true when something accepts connections on `socketPath`. */
function accepts(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    // ECONNREFUSED: a socket file nobody listens on, left by a process that died.
    socket.once('error', () => resolve(false));
  });
}

/**
 * Makes `socketPath` ready to listen on: creates its directory (mode 0700) when missing, removes a
 * stale socket left by a crash, and refuses with a SocketInUseError when a live process accepts on
 * it (another sidecar) or the path is not a socket (never delete a file that is not ours to delete).
 */
export async function prepareSocketPath(socketPath: string): Promise<void> {
  await mkdir(dirname(socketPath), { recursive: true, mode: SOCKET_DIR_MODE });
  let isSocket: boolean;
  try {
    isSocket = (await lstat(socketPath)).isSocket();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (!isSocket) {
    throw new SocketInUseError(
      socketPath,
      `${socketPath} exists and is not a socket; remove it or choose another path`,
    );
  }
  if (await accepts(socketPath)) {
    throw new SocketInUseError(
      socketPath,
      `another process is accepting connections on ${socketPath} (is a sidecar already running?); ` +
        'stop it or choose another --listen path',
    );
  }
  await unlink(socketPath);
}

/** Sets the listening socket's mode: `listen` creates it with the process umask. */
export function restrictSocketMode(socketPath: string): Promise<void> {
  return chmod(socketPath, SOCKET_MODE);
}
