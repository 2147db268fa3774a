import { parseServiceInstance, type ServiceInstance } from '../application/service-instance.js';
import type { SkippedEntry } from './decoded-children.js';
import { type StopWatch, watchChildren, watchData } from './path-watch.js';
import type { ZooKeeperConnection } from './zookeeper-connection.js';

interface InstanceNode {
  readonly stop: StopWatch;
  /** undefined until read; null once deleted. */
  result: ServiceInstance | string | null | undefined;
}

/**
 * The instances of one application, `/<servicesRoot>/<app>/<host:port>` (governance.md §2.1):
 * the children are watched, and so is each child's data, since a provider re-exporting services
 * rewrites its node with a new revision (Curator's ServiceCache does the same).
 */
export class AppInstancesWatch {
  private readonly nodes = new Map<string, InstanceNode>();
  private listed = false;
  private readonly stopChildren: StopWatch;

  constructor(
    private readonly connection: ZooKeeperConnection,
    private readonly path: string,
    private readonly app: string,
    private readonly onChange: () => void,
    private readonly onError?: (error: Error) => void,
  ) {
    this.stopChildren = watchChildren(connection, path, (names) => this.updateChildren(names ?? []), onError);
  }

  /** Whether the list and every listed node have been read at least once. */
  get ready(): boolean {
    return this.listed && [...this.nodes.values()].every((node) => node.result !== undefined);
  }

  instances(): { instances: ServiceInstance[]; skipped: SkippedEntry[] } {
    const instances: ServiceInstance[] = [];
    const skipped: SkippedEntry[] = [];
    for (const [name, node] of this.nodes) {
      if (typeof node.result === 'string')
        skipped.push({ entry: `${this.path}/${name}`, reason: node.result });
      else if (node.result) instances.push(node.result);
    }
    return { instances, skipped };
  }

  stop(): void {
    this.stopChildren();
    for (const node of this.nodes.values()) node.stop();
    this.nodes.clear();
  }

  private updateChildren(names: readonly string[]): void {
    const current = new Set(names);
    for (const [name, node] of this.nodes) {
      if (current.has(name)) continue;
      node.stop();
      this.nodes.delete(name);
    }
    for (const name of names) {
      if (this.nodes.has(name)) continue;
      const node: InstanceNode = {
        result: undefined,
        stop: watchData(
          this.connection,
          `${this.path}/${name}`,
          (data) => {
            node.result =
              data === undefined ? null : parseServiceInstance(data.toString('utf8'), this.app, name);
            this.onChange();
          },
          this.onError,
        ),
      };
      this.nodes.set(name, node);
    }
    this.listed = true;
    this.onChange();
  }
}
