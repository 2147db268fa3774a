import type { ConfigCenter, Unsubscribe } from '../registry.js';
import { watchData } from './path-watch.js';
import type { ZooKeeperConnection } from './zookeeper-connection.js';

/**
 * Dynamic configuration on ZooKeeper (governance.md §3.1): the rule for `key` is the YAML in node
 * `/<namespace>/config/<group>/<key>`. The listener hears the current content once the node has
 * been read (undefined when there is none), then every creation, change and deletion; watches are
 * re-armed after reconnections and new sessions, and a re-read that finds the same content is not
 * reported again.
 */
export class ZooKeeperConfigCenter implements ConfigCenter {
  constructor(
    private readonly connection: ZooKeeperConnection,
    private readonly root: string,
    private readonly onError?: (error: Error) => void,
  ) {}

  watch(key: string, listener: (content: string | undefined) => void): Unsubscribe {
    let first = true;
    let last: string | undefined;
    return watchData(
      this.connection,
      `${this.root}/${key}`,
      (data) => {
        const content = data?.toString('utf8');
        if (!first && content === last) return;
        first = false;
        last = content;
        listener(content);
      },
      this.onError,
    );
  }

  /** Writes a rule (persistent), as an operator or dubbo-admin would. */
  async publish(key: string, content: string): Promise<void> {
    const path = `${this.root}/${key}`;
    const data = Buffer.from(content, 'utf8');
    if (await this.connection.exists(path)) await this.connection.setData(path, data);
    else await this.connection.create(path, data, 'persistent');
  }

  async remove(key: string): Promise<void> {
    await this.connection.remove(`${this.root}/${key}`);
  }

  async close(): Promise<void> {}
}
