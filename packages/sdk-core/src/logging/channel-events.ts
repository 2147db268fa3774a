import diagnostics from 'node:diagnostics_channel';
import type { Logger } from '../logger.js';
import { namespaceLogger } from './namespace-logger.js';

/**
 * `dubbo-mesh:channel:event` on `node:diagnostics_channel`: what happened to an HTTP/2 channel's
 * connections, for metrics (`otelMetrics` counts them) and tracers. Published only on the cold paths
 * (connect, close, GOAWAY, keepalive), never per call, and only while someone subscribes.
 */
export const channelEventChannel = diagnostics.channel('dubbo-mesh:channel:event');

/**
 * - `connected`: a session is up; `disconnected`: a session that was up closed (`error` if it broke);
 * - `connect-failed`: a session never came up; the next attempt waits `retryInMs` (backoff);
 * - `goaway`: the peer sent GOAWAY (`errorCode`); the session takes no new calls;
 * - `ping-timeout`: a keepalive PING was not answered in time; the session is destroyed.
 */
export type ChannelEventKind = 'connected' | 'disconnected' | 'connect-failed' | 'goaway' | 'ping-timeout';

/** The message of {@link channelEventChannel}. */
export interface ChannelEventMessage {
  readonly event: ChannelEventKind;
  /** `host:port`, `https://host:port` or `unix:/path`, as the channel was made with. */
  readonly endpoint: string;
  readonly errorCode?: number;
  readonly error?: string;
  readonly retryInMs?: number;
}

/**
 * One place where a channel reports its connection events: a log line (namespace `channel`) and a
 * diagnostics message each, so the two never disagree.
 */
export class ChannelEventReporter {
  private readonly log: Logger;

  constructor(
    private readonly endpoint: string,
    logger: Logger | undefined,
  ) {
    this.log = namespaceLogger('channel', logger);
  }

  connecting(sessions: number): void {
    this.log.debug({ endpoint: this.endpoint, sessions }, 'connecting');
  }

  connected(sessions: number): void {
    this.log.info({ endpoint: this.endpoint, sessions }, 'connected');
    this.publish({ event: 'connected', endpoint: this.endpoint });
  }

  goaway(errorCode: number, lastStreamId: number, active: number): void {
    this.log.info(
      { endpoint: this.endpoint, errorCode, lastStreamId, active },
      'GOAWAY received: no new calls on this session, calls in flight finish',
    );
    this.publish({ event: 'goaway', endpoint: this.endpoint, errorCode });
  }

  connectFailed(error: Error | undefined, retryInMs: number): void {
    this.log.warn(
      { endpoint: this.endpoint, error: error?.message, retryInMs },
      'connect failed; reconnecting after backoff',
    );
    this.publish({
      event: 'connect-failed',
      endpoint: this.endpoint,
      retryInMs,
      ...(error ? { error: error.message } : {}),
    });
  }

  disconnected(error: Error | undefined, sessions: number): void {
    this.log.info({ endpoint: this.endpoint, error: error?.message, sessions }, 'disconnected');
    this.publish({
      event: 'disconnected',
      endpoint: this.endpoint,
      ...(error ? { error: error.message } : {}),
    });
  }

  pingTimeout(timeoutMs: number): void {
    this.log.warn({ endpoint: this.endpoint, timeoutMs }, 'keepalive PING unanswered; closing');
    this.publish({ event: 'ping-timeout', endpoint: this.endpoint });
  }

  closed(): void {
    this.log.debug({ endpoint: this.endpoint }, 'channel closed');
  }

  private publish(message: ChannelEventMessage): void {
    if (channelEventChannel.hasSubscribers) channelEventChannel.publish(message);
  }
}
