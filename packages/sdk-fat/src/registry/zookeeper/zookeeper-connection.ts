/// <reference path="./types/node-zookeeper-client.d.ts" />
import { type Client, CreateMode, createClient, Exception, type Watcher } from 'node-zookeeper-client';
import { ConnectStallBreaker } from './connect-stall-breaker.js';

export interface ZooKeeperConnectionOptions {
  /** `host:port[,host:port]`. */
  readonly connectString: string;
  /** Asked of the server, which clamps it to its own bounds. Default 60000 (Dubbo's `session`). */
  readonly sessionTimeoutMs?: number;
  /** Called with errors no caller is waiting for (a failed re-registration). */
  readonly onError?: (error: Error) => void;
  /** A connection attempt that has not completed after this long is abandoned and retried; default 3000. */
  readonly connectAttemptTimeoutMs?: number;
}

/** `resumed`: same session, ephemeral nodes kept; `new`: first connect or after expiry. */
export type ConnectionEvent = 'resumed' | 'new';

/** Nodes are created persistent (category dirs, rules) or ephemeral (live registrations). */
export type NodeMode = 'persistent' | 'ephemeral';

/**
 * One ZooKeeper session at a time, with promises instead of callbacks. node-zookeeper-client
 * reconnects by itself while the session lives, but an expired session is final for its client:
 * then a new client starts a new session (governance.md §1; brief item 5), and listeners hear
 * `new` so they re-create ephemeral nodes and re-arm watches. Operations issued while disconnected
 * wait for the connection; those of a replaced client are rejected so none hangs forever.
 */
export class ZooKeeperConnection {
  private client: Client;
  private isConnected = false;
  private hadSession = false;
  private closed = false;
  private readonly listeners = new Set<(event: ConnectionEvent) => void>();
  private readonly waiters = new Set<() => void>();
  private readonly pending = new Map<Client, Set<(error: Error) => void>>();
  private stallBreaker: ConnectStallBreaker | undefined;

  constructor(private readonly options: ZooKeeperConnectionOptions) {
    this.client = this.startClient();
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** The current session's id (it changes when an expired session is replaced). */
  sessionId(): Buffer {
    return this.client.getSessionId();
  }

  /** Called on every connection: the first (`new`), each reconnection, each new session. */
  onConnected(listener: (event: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves true once connected, or false after `timeoutMs` without a connection. */
  waitConnected(timeoutMs: number): Promise<boolean> {
    if (this.isConnected) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(this.isConnected);
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref?.();
      this.waiters.add(done);
    });
  }

  /** Children names, or undefined when the node does not exist. */
  getChildren(path: string, watcher?: Watcher): Promise<string[] | undefined> {
    return this.call<string[] | undefined>((client, settle) => {
      const callback = (error: unknown, children: string[]): void =>
        isNoNode(error) ? settle(undefined, undefined) : settle(error, children);
      if (watcher) client.getChildren(path, watcher, callback);
      else client.getChildren(path, callback);
    });
  }

  /** Node data (empty for a node without data), or undefined when the node does not exist. */
  getData(path: string, watcher?: Watcher): Promise<Buffer | undefined> {
    return this.call<Buffer | undefined>((client, settle) => {
      const callback = (error: unknown, data: Buffer | null | undefined): void =>
        isNoNode(error) ? settle(undefined, undefined) : settle(error, data ?? Buffer.alloc(0));
      if (watcher) client.getData(path, watcher, callback);
      else client.getData(path, callback);
    });
  }

  /** Whether the node exists; a watcher fires on its creation, change or deletion. */
  exists(path: string, watcher?: Watcher): Promise<boolean> {
    return this.call<boolean>((client, settle) => {
      const callback = (error: unknown, stat: unknown): void =>
        settle(error, stat !== null && stat !== undefined);
      if (watcher) client.exists(path, watcher, callback);
      else client.exists(path, callback);
    });
  }

  /**
   * Creates `path` (parents persistent, as Curator's creatingParentsIfNeeded). An existing node is
   * replaced when `replace` is set (an ephemeral node left by an older session), else kept.
   */
  async create(path: string, data: Buffer | undefined, mode: NodeMode, replace = false): Promise<void> {
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (parent !== '') {
      await this.call<void>((client, settle) => client.mkdirp(parent, (error) => settle(error, undefined)));
    }
    const flags = mode === 'ephemeral' ? CreateMode.EPHEMERAL : CreateMode.PERSISTENT;
    const createOnce = (): Promise<'created' | 'exists'> =>
      this.call((client, settle) =>
        client.create(path, data ?? null, flags, (error) =>
          errorCode(error) === Exception.NODE_EXISTS ? settle(undefined, 'exists') : settle(error, 'created'),
        ),
      );
    if ((await createOnce()) === 'exists' && replace) {
      await this.remove(path);
      await createOnce();
    }
  }

  async setData(path: string, data: Buffer): Promise<void> {
    await this.call<void>((client, settle) =>
      client.setData(path, data, -1, (error) => settle(error, undefined)),
    );
  }

  /** Removes a node; a missing node is not an error. */
  async remove(path: string): Promise<void> {
    await this.call<void>((client, settle) =>
      client.remove(path, -1, (error) =>
        isNoNode(error) ? settle(undefined, undefined) : settle(error, undefined),
      ),
    );
  }

  /** Closes the session (its ephemeral nodes go at once) and stops reconnecting. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const client = this.client;
    const wasConnected = this.isConnected;
    this.isConnected = false;
    this.stallBreaker?.stop();
    this.rejectPending(client, new Error('ZooKeeper connection closed'));
    for (const wake of [...this.waiters]) wake();
    try {
      client.close();
    } catch {
      // node-zookeeper-client 1.1.3 throws when closed before its first socket exists (it is
      // created on the next tick); it is CLOSING by then and stops at its next socket event.
    }
    if (wasConnected) {
      // Give the close-session request a moment to reach the server so ephemerals vanish now.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        timer.unref?.();
        client.once('disconnected', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private startClient(): Client {
    const client = createClient(this.options.connectString, {
      sessionTimeout: this.options.sessionTimeoutMs ?? 60_000,
      spinDelay: 200,
      retries: 0,
    });
    this.pending.set(client, new Set());
    this.stallBreaker?.stop();
    const breaker = new ConnectStallBreaker(client, this.options.connectAttemptTimeoutMs ?? 3_000);
    this.stallBreaker = breaker;
    breaker.disconnected();
    client.on('connected', () => {
      breaker.connected();
      if (client !== this.client || this.closed) return;
      this.isConnected = true;
      const event: ConnectionEvent = this.hadSession ? 'resumed' : 'new';
      this.hadSession = true;
      for (const wake of [...this.waiters]) wake();
      for (const listener of [...this.listeners]) listener(event);
    });
    client.on('disconnected', () => {
      if (client !== this.client || this.closed) return;
      this.isConnected = false;
      breaker.disconnected();
    });
    client.on('expired', () => {
      if (client !== this.client || this.closed) return;
      this.isConnected = false;
      this.hadSession = false;
      this.rejectPending(client, new Error('ZooKeeper session expired'));
      try {
        client.close();
      } catch {
        // An expired client has nothing left to close; a throw from its dead socket changes nothing.
      }
      this.client = this.startClient();
    });
    client.connect();
    return client;
  }

  private rejectPending(client: Client, error: Error): void {
    const rejects = this.pending.get(client);
    this.pending.delete(client);
    for (const reject of rejects ?? []) reject(error);
  }

  /** Runs one callback-style operation on the current client as a promise. */
  private call<T>(
    operation: (client: Client, settle: (error: unknown, value: T) => void) => void,
  ): Promise<T> {
    if (this.closed) return Promise.reject(new Error('ZooKeeper connection closed'));
    const client = this.client;
    return new Promise<T>((resolve, reject) => {
      const rejects = this.pending.get(client);
      rejects?.add(reject);
      operation(client, (error, value) => {
        rejects?.delete(reject);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(value);
      });
    });
  }
}

function errorCode(error: unknown): number | undefined {
  return error instanceof Exception || (typeof error === 'object' && error !== null && 'code' in error)
    ? Number((error as { code: unknown }).code)
    : undefined;
}

function isNoNode(error: unknown): boolean {
  return errorCode(error) === Exception.NO_NODE;
}

/** True for errors that only mean "not now": the connection is down or the session was replaced. */
export function isConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  return (
    code === Exception.CONNECTION_LOSS ||
    code === Exception.SESSION_EXPIRED ||
    code === Exception.OPERATION_TIMEOUT ||
    (error instanceof Error && /ZooKeeper (connection closed|session expired)/.test(error.message))
  );
}
