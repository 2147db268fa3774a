/// <reference path="./types/node-zookeeper-client.d.ts" />
import type { Event } from 'node-zookeeper-client';
import { isConnectionError, type ZooKeeperConnection } from './zookeeper-connection.js';

/** Stops a watch: no more notifications (ZooKeeper may still fire its one-shot watcher once). */
export type StopWatch = () => void;

/**
 * Keeps one path watched and re-read. ZooKeeper watches fire once and say only "something
 * changed", so each event re-reads the whole node and re-arms the watch (governance.md §1:
 * "re-reads the whole list"). After a reconnection or a new session it re-reads too, which
 * restores the watch and reports whatever changed while the connection was down. A read that
 * fails because the connection is down waits for the reconnection; results of an older read that
 * a newer one overtook are dropped.
 */
class PathWatch<T> {
  private sequence = 0;
  private stopped = false;
  private readonly stopConnected: () => void;
  /** One function per watch: the client keeps a watcher once per path however often it is set. */
  private readonly watcher = (_event: Event): void => this.refresh();

  constructor(
    connection: ZooKeeperConnection,
    private readonly read: (watcher: (event: Event) => void) => Promise<T>,
    private readonly listener: (value: T) => void,
    private readonly onError: ((error: Error) => void) | undefined,
  ) {
    this.stopConnected = connection.onConnected(() => this.refresh());
    this.refresh();
  }

  stop(): void {
    this.stopped = true;
    this.stopConnected();
  }

  private refresh(): void {
    if (this.stopped) return;
    const sequence = ++this.sequence;
    this.read(this.watcher).then(
      (value) => {
        if (!this.stopped && sequence === this.sequence) this.listener(value);
      },
      (error: unknown) => {
        // A lost connection re-reads on reconnection; anything else is worth a log line.
        if (!this.stopped && !isConnectionError(error)) {
          this.onError?.(error instanceof Error ? error : new Error(String(error)));
        }
      },
    );
  }
}

/**
 * Watches the children of `path`: `listener` gets the names (undefined while the node does not
 * exist; its creation is watched too) now and after every change.
 */
export function watchChildren(
  connection: ZooKeeperConnection,
  path: string,
  listener: (children: readonly string[] | undefined) => void,
  onError?: (error: Error) => void,
): StopWatch {
  const watch = new PathWatch(
    connection,
    async (watcher) => {
      const children = await connection.getChildren(path, watcher);
      if (children !== undefined) return children;
      // Missing: watch for its creation; it may have appeared between the two requests.
      return (await connection.exists(path, watcher)) ? connection.getChildren(path, watcher) : undefined;
    },
    listener,
    onError,
  );
  return () => watch.stop();
}

/**
 * Watches the data of `path`: `listener` gets the bytes (undefined while the node does not exist)
 * now and after every creation, change and deletion.
 */
export function watchData(
  connection: ZooKeeperConnection,
  path: string,
  listener: (data: Buffer | undefined) => void,
  onError?: (error: Error) => void,
): StopWatch {
  const watch = new PathWatch(
    connection,
    async (watcher) => {
      const data = await connection.getData(path, watcher);
      if (data !== undefined) return data;
      return (await connection.exists(path, watcher)) ? connection.getData(path, watcher) : undefined;
    },
    listener,
    onError,
  );
  return () => watch.stop();
}
