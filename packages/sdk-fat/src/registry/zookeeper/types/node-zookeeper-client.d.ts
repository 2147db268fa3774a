/**
 * The part of node-zookeeper-client 1.1.3 this package uses, typed from its source (index.js,
 * lib/ConnectionManager.js). @types/node-zookeeper-client 1.1.0 is wrong where it matters here:
 * `exists` yields `null` for a missing node, `getData` yields `undefined` (or `null`) for a node
 * without data, and `Exception` is an Error (util.inherits). Declared as an ambient module so it
 * wins over @types, which stays installed for nothing else.
 */
declare module 'node-zookeeper-client' {
  import type { EventEmitter } from 'node:events';

  export interface Stat {
    readonly version: number;
    readonly dataLength: number;
    readonly numChildren: number;
    readonly ephemeralOwner: Buffer;
  }

  export class Event {
    static readonly NODE_CREATED: number;
    static readonly NODE_DELETED: number;
    static readonly NODE_DATA_CHANGED: number;
    static readonly NODE_CHILDREN_CHANGED: number;
    readonly type: number;
    readonly name: string;
    readonly path: string;
    getType(): number;
    getName(): string;
    getPath(): string;
  }

  /** Errors the client reports; `code` is one of the static codes. Inherits from Error. */
  export class Exception extends Error {
    static readonly OK: number;
    static readonly CONNECTION_LOSS: number;
    static readonly OPERATION_TIMEOUT: number;
    static readonly NO_NODE: number;
    static readonly NODE_EXISTS: number;
    static readonly NOT_EMPTY: number;
    static readonly SESSION_EXPIRED: number;
    static readonly BAD_VERSION: number;
    readonly code: number;
    getCode(): number;
    getName(): string;
  }

  export const CreateMode: {
    readonly PERSISTENT: number;
    readonly PERSISTENT_SEQUENTIAL: number;
    readonly EPHEMERAL: number;
    readonly EPHEMERAL_SEQUENTIAL: number;
  };

  export type Watcher = (event: Event) => void;
  export type ZooKeeperError = Exception | Error | null | undefined;

  export interface Client extends EventEmitter {
    connect(): void;
    close(): void;
    getSessionId(): Buffer;
    create(
      path: string,
      data: Buffer | null,
      mode: number,
      callback: (error: ZooKeeperError, path: string) => void,
    ): void;
    mkdirp(path: string, callback: (error: ZooKeeperError, path: string) => void): void;
    remove(path: string, version: number, callback: (error: ZooKeeperError) => void): void;
    setData(
      path: string,
      data: Buffer | null,
      version: number,
      callback: (error: ZooKeeperError, stat: Stat) => void,
    ): void;
    exists(
      path: string,
      watcher: Watcher,
      callback: (error: ZooKeeperError, stat: Stat | null) => void,
    ): void;
    exists(path: string, callback: (error: ZooKeeperError, stat: Stat | null) => void): void;
    getData(
      path: string,
      watcher: Watcher,
      callback: (error: ZooKeeperError, data: Buffer | null | undefined, stat: Stat) => void,
    ): void;
    getData(
      path: string,
      callback: (error: ZooKeeperError, data: Buffer | null | undefined, stat: Stat) => void,
    ): void;
    getChildren(
      path: string,
      watcher: Watcher,
      callback: (error: ZooKeeperError, children: string[], stat: Stat) => void,
    ): void;
    getChildren(
      path: string,
      callback: (error: ZooKeeperError, children: string[], stat: Stat) => void,
    ): void;
    on(
      event: 'connected' | 'disconnected' | 'expired' | 'authenticationFailed' | 'connectedReadOnly',
      listener: () => void,
    ): this;
  }

  export interface ClientOptions {
    sessionTimeout?: number;
    /** Pause between rounds over the server list (default 1000 ms). */
    spinDelay?: number;
    /** Retries of an operation that lost its connection (default 0). */
    retries?: number;
  }

  export function createClient(connectionString: string, options?: ClientOptions): Client;
}
