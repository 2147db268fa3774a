import {
  type ConnectionEvent,
  isConnectionError,
  type NodeMode,
  type ZooKeeperConnection,
} from './zookeeper-connection.js';

interface Registration {
  readonly data: Buffer | undefined;
  readonly mode: NodeMode;
}

/**
 * Nodes this process registered (consumers, providers served by the sidecar). Ephemeral nodes
 * die with their session, so after a new session every one is created again; after a resumed
 * session a node the server lost is created again too (brief item 5). Java's Curator client does
 * the same, and replaces a node left by an older session at first registration so that it belongs
 * to this session.
 */
export class NodeRegistrations {
  private readonly nodes = new Map<string, Registration>();
  private readonly stopConnected: () => void;

  constructor(
    private readonly connection: ZooKeeperConnection,
    private readonly onError: ((error: Error) => void) | undefined,
  ) {
    this.stopConnected = connection.onConnected((event) => this.restore(event));
  }

  /** Registers `path` and resolves once the node is written (waiting for the connection if needed). */
  async add(path: string, mode: NodeMode, data?: Buffer): Promise<void> {
    this.nodes.set(path, { data, mode });
    try {
      await this.connection.create(path, data, mode, mode === 'ephemeral');
    } catch (error) {
      // Written again on reconnection; only a real refusal reaches the caller.
      if (!isConnectionError(error) || !this.nodes.has(path)) throw error;
    }
  }

  async remove(path: string): Promise<void> {
    if (!this.nodes.delete(path)) return;
    await this.connection.remove(path);
  }

  has(path: string): boolean {
    return this.nodes.has(path);
  }

  close(): void {
    this.stopConnected();
    this.nodes.clear();
  }

  /**
   * An expired session took its ephemeral nodes with it, and a resumed one kept them, so an
   * existing node is ours either way and is left alone (replacing it would flap watchers).
   */
  private restore(_event: ConnectionEvent): void {
    for (const [path, { data, mode }] of this.nodes) {
      this.connection.create(path, data, mode).catch((error: unknown) => {
        if (!isConnectionError(error))
          this.onError?.(error instanceof Error ? error : new Error(String(error)));
      });
    }
  }
}
