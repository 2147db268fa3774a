/// <reference path="./types/node-zookeeper-client.d.ts" />
import type { Client } from 'node-zookeeper-client';

/** The one internal of node-zookeeper-client 1.1.3 this touches: its current socket. */
interface ClientInternals {
  readonly connectionManager?: { readonly socket?: { destroy(): void } };
}

/**
 * Breaks connection attempts that hang. node-zookeeper-client clears its connect timeout once TCP
 * is up and then waits for the ConnectResponse without a deadline, so a server that accepted the
 * socket while starting up but never answered (seen with ZooKeeper 3.8 restarts) leaves the client
 * stuck until the socket dies, possibly forever. While disconnected, this destroys the client's
 * socket every `timeoutMs`, which is what the library itself does on a TCP connect timeout: it then
 * reconnects, resuming the same session.
 */
export class ConnectStallBreaker {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Client,
    private readonly timeoutMs: number,
  ) {}

  /** The client is (again) trying to connect. */
  disconnected(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      (this.client as unknown as ClientInternals).connectionManager?.socket?.destroy();
    }, this.timeoutMs);
    this.timer.unref?.();
  }

  connected(): void {
    this.stop();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
