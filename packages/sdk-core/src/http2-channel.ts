import type net from 'node:net';
import { Code, DEFAULT_MAX_HEADER_LIST_BYTES, RpcError } from '@dubbo-mesh/codec-triple';
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF } from './backoff.js';
import type { ChannelSession } from './channel-session.js';
import { defaultAuthority, type Endpoint, formatEndpoint } from './endpoint.js';
import { FifoQueue } from './fifo-queue.js';
import { DirectSession } from './h2/direct-session.js';
import { NGHTTP2_ENHANCE_YOUR_CALM } from './http2-error-codes.js';
import { DEFAULT_KEEPALIVE, type KeepaliveOptions } from './keepalive.js';
import type { Logger } from './logger.js';
import { ChannelEventReporter } from './logging/channel-events.js';
import { nodeHttp2, nodeNet, nodeTls } from './node-builtins.js';
import { markNotSent } from './not-sent.js';

/** TLS settings for `https://` endpoints; `cert` + `key` make it mTLS. */
export interface TlsOptions {
  /** PEM certificate(s) of the authorities that sign the server's certificate; default: Node's roots. */
  ca?: string | Buffer;
  /** PEM client certificate, for mTLS (with `key`). */
  cert?: string | Buffer;
  /** PEM private key of `cert`. Never logged. */
  key?: string | Buffer;
  /** SNI and certificate name check; defaults to the endpoint host. */
  servername?: string;
  /** Verify the server's certificate. Default true; false only for tests. */
  rejectUnauthorized?: boolean;
}

/**
 * Which HTTP/2 implementation carries the calls. `direct` is this package's own client framing on
 * the socket (h2/direct-session.ts): a plain object per stream and one write per turn of the event
 * loop, about half the CPU per call of `node`, which is node:http2 (nghttp2 plus a Node stream per
 * call). Both give the same outcomes for every failure (test/sdk-core runs on both).
 */
export type Http2Engine = 'direct' | 'node';

/** The engine used when none is given: `DUBBO_MESH_HTTP2_ENGINE` (`direct` or `node`), else `direct`. */
export function defaultHttp2Engine(): Http2Engine {
  return process.env.DUBBO_MESH_HTTP2_ENGINE === 'node' ? 'node' : 'direct';
}

export interface Http2ChannelOptions {
  /**
   * The HTTP/2 implementation: `direct` (our own framing on the socket, the fastest) or `node`
   * (node:http2). Default `direct`, or `DUBBO_MESH_HTTP2_ENGINE` when set.
   */
  engine?: Http2Engine;
  /**
   * The `:authority` of every request. Over a UDS it must be a logical host: sidecars route on it
   * and Node's server rejects requests without it (http2-notes.md).
   */
  authority?: string;
  /** TLS for `https://` endpoints (`cert` + `key` make it mTLS). */
  tls?: TlsOptions;
  /** PING keepalive; default every 30 s while calls are in flight, 10 s to answer. */
  keepalive?: Partial<KeepaliveOptions>;
  /** Reconnect backoff; default 100 ms growing 1.6x to 5 s, 20 % jitter. */
  backoff?: Partial<BackoffOptions>;
  /** Give up connecting after this long (the call fails UNAVAILABLE, not sent). Default 5 s. */
  connectTimeoutMs?: number;
  /** Sessions opened when the peer's SETTINGS_MAX_CONCURRENT_STREAMS is reached. Default 4. */
  maxSessions?: number;
  /**
   * Streams open at once on one session; the peer's SETTINGS_MAX_CONCURRENT_STREAMS lowers it. When
   * every session is full, further calls wait in the channel, in order, for a stream to end.
   * Default 1,000: thousands of requests written in one burst to a Node server can deadlock the
   * connection.
   */
  maxStreamsPerSession?: number;
  /**
   * nghttp2's memory cap per session, in MB (the `node` engine only); Node's default of 10 fails
   * busy sessions. Default 64.
   */
  maxSessionMemory?: number;
  /** Stream and connection receive window; 64 KiB windows collapse large-message throughput. Default 4 MiB. */
  initialWindowSize?: number;
  /**
   * Largest response header list (and trailer list) accepted, in HPACK-decoded bytes (name + value +
   * 32 per field, RFC 9113 §6.5.2). Sent as SETTINGS_MAX_HEADER_LIST_SIZE and enforced on every
   * stream: a bigger list resets that stream only (ENHANCE_YOUR_CALM, so the call fails
   * RESOURCE_EXHAUSTED) and the session's other calls go on. The node engine enforces it only from
   * the first stream opened after the peer acknowledged our SETTINGS (node:http2's own cap, 64 KiB,
   * holds before). Default 32 KiB, Java's HTTP/2 limit (triple.md §2 "Header limits").
   */
  maxHeaderListBytes?: number;
  /**
   * Connection events (connect, disconnect, GOAWAY, reconnect backoff, keepalive timeout) at info,
   * warn and debug; never per call. `DUBBO_MESH_DEBUG=channel` prints them to stderr as well.
   */
  logger?: Logger;
  /** Random source of the backoff jitter; injected in tests. Default Math.random. */
  random?: () => number;
  /** Clock; injected in tests. Default Date.now. */
  now?: () => number;
}

/**
 * Why streams per session are capped (`Http2ChannelOptions.maxStreamsPerSession`): a Node HTTP/2
 * session stops reading its socket while one of its own writes is pending. A client that writes
 * thousands of request HEADERS in one burst (HEADERS are not flow-controlled) to a Node server
 * (grpc-js) that is busy writing responses fills both socket buffers; both sides stop reading and
 * the connection never moves again (only keepalive ends it). Measured on a UDS against grpc-js with
 * 10,000 calls: unbounded, about one run in two stalls; 2,500 per session stalled once in three;
 * 1,000 never. 1,000 HEADERS (tens of bytes each after HPACK) stay well under a socket buffer.
 */
const DEFAULT_MAX_STREAMS_PER_SESSION = 1000;

/** A session plus the bookkeeping the channel needs about it. */
interface SessionEntry {
  readonly session: ChannelSession;
  /** The transport under the session; destroyed with it so no half-closed socket lingers. */
  readonly socket: net.Socket;
  connected: boolean;
  /** Set on GOAWAY or close: no new streams go to this session. */
  retired: boolean;
  /** The last stream id of the peer's GOAWAY: streams above it were not processed (RFC 9113 §6.8). */
  goawayLastStreamId: number | undefined;
  active: number;
  pingTimer: NodeJS.Timeout | undefined;
}

/**
 * A call waiting for a free stream on a full channel (`acquireOrWait`). The channel hands slots out
 * in arrival order as streams end.
 */
export interface SessionWaiter {
  /** False once the call ended while it waited (deadline, abort): its turn goes to the next call. */
  readonly waiting: boolean;
  /** A stream on `entry` is now this call's (already counted): open it at once. */
  sessionReady(entry: SessionEntryHandle): void;
  /** The channel cannot give a stream any more (closed, or reconnecting is backed off); nothing was sent. */
  sessionFailed(error: RpcError): void;
}

/** Events a channel reports to whoever watches its health (the Thin client's sidecar monitor). */
export type ChannelState = 'idle' | 'connecting' | 'ready' | 'transient_failure' | 'closed';

/**
 * One logical connection to one endpoint: a small set of HTTP/2 sessions that are opened on
 * demand, replaced on GOAWAY without failing a call, kept alive with PINGs, and reconnected with
 * backoff. Calls ask it for a session per attempt (`acquire`) and report stream ends (`release`).
 */
export class Http2Channel {
  readonly endpoint: Endpoint;
  readonly authority: string;
  /** The HTTP/2 implementation this channel's sessions use. */
  readonly engine: Http2Engine;
  private readonly url: string;
  private readonly options: Http2ChannelOptions;
  private readonly keepalive: KeepaliveOptions;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private readonly events: ChannelEventReporter;
  private sessions: SessionEntry[] = [];
  /** Calls waiting for a stream while every session is full, oldest first. */
  private readonly waiters = new FifoQueue<SessionWaiter>();
  private pumping = false;
  private retryAt = 0;
  private lastError: Error | undefined;
  private closed = false;
  private stateValue: ChannelState = 'idle';
  private readonly stateListeners = new Set<(state: ChannelState, reason?: Error) => void>();
  /** Counters for metrics and tests: how often the channel had to reconnect or re-send. */
  readonly stats: ChannelStats = {
    sessionsOpened: 0,
    goawaysReceived: 0,
    streamsRefused: 0,
    pingTimeouts: 0,
    callsQueued: 0,
  };

  constructor(endpoint: Endpoint, options: Http2ChannelOptions = {}) {
    this.endpoint = endpoint;
    this.options = options;
    this.authority = options.authority ?? defaultAuthority(endpoint);
    this.engine = options.engine ?? defaultHttp2Engine();
    this.url = `${endpoint.tls ? 'https' : 'http'}://${this.authority}`;
    this.keepalive = { ...DEFAULT_KEEPALIVE, ...options.keepalive };
    this.backoff = new Backoff({ ...DEFAULT_BACKOFF, ...options.backoff }, options.random);
    this.now = options.now ?? Date.now;
    this.events = new ChannelEventReporter(formatEndpoint(endpoint), options.logger);
    const streamCap = options.maxStreamsPerSession;
    if (streamCap !== undefined && !(Number.isInteger(streamCap) && streamCap > 0)) {
      throw new RpcError(
        Code.InvalidArgument,
        `maxStreamsPerSession must be a positive integer, got ${streamCap}`,
      );
    }
    const headerLimit = options.maxHeaderListBytes;
    // Checked here: Node would only throw at connect time, inside a call.
    if (
      headerLimit !== undefined &&
      !(Number.isInteger(headerLimit) && headerLimit > 0 && headerLimit < 2 ** 32)
    ) {
      throw new RpcError(
        Code.InvalidArgument,
        `maxHeaderListBytes must be an integer in 1..2^32-1, got ${headerLimit}`,
      );
    }
  }

  get state(): ChannelState {
    return this.stateValue;
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  onStateChange(listener: (state: ChannelState, reason?: Error) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * A session to open one stream on. Throws UNAVAILABLE (marked not sent) while reconnecting is
   * backed off after a failure, so callers fail fast instead of piling up on a dead endpoint. When
   * every session is full it still returns the least busy one (nghttp2 queues beyond the peer's
   * limit); callers that can wait use `acquireOrWait`.
   */
  acquire(): SessionEntryHandle {
    return this.take(undefined) as SessionEntry;
  }

  /**
   * Like `acquire`, but when every session is full (`maxSessions` sessions at their stream limit) the
   * call joins the channel's queue and this returns undefined: `waiter.sessionReady` runs when a
   * stream ends. Bounding the streams per session keeps the requests written in one burst small
   * (`maxStreamsPerSession`).
   */
  acquireOrWait(waiter: SessionWaiter): SessionEntryHandle | undefined {
    return this.take(waiter);
  }

  private take(waiter: SessionWaiter | undefined): SessionEntry | undefined {
    if (this.closed) throw markNotSent(new RpcError(Code.Unavailable, 'channel closed'));
    // Calls already waiting go first: a new call must not overtake them.
    if (waiter && this.waiters.size > 0) {
      this.enqueue(waiter);
      return undefined;
    }
    const free = this.freeSession();
    if (free) {
      this.track(free);
      return free;
    }
    if (this.sessions.length > 0 && this.sessions.length >= this.maxSessions()) {
      if (waiter) {
        this.enqueue(waiter);
        return undefined;
      }
      // Every session is at the peer's stream limit: nghttp2 queues the stream until one frees.
      const least = this.sessions.reduce((a, b) => (b.retired || b.active >= a.active ? a : b));
      if (!least.retired) {
        this.track(least);
        return least;
      }
    }
    this.checkBackoff();
    const entry = this.connect();
    this.track(entry);
    return entry;
  }

  /** A live session with a stream to spare, if any. */
  private freeSession(): SessionEntry | undefined {
    for (const entry of this.sessions) {
      if (!entry.retired && entry.active < this.streamLimit(entry)) return entry;
    }
    return undefined;
  }

  private maxSessions(): number {
    return this.options.maxSessions ?? 4;
  }

  /** Throws UNAVAILABLE, not sent, while reconnecting is backed off after a failed connect. */
  private checkBackoff(): void {
    if (this.now() < this.retryAt) {
      const cause = this.lastError;
      throw markNotSent(
        new RpcError(
          Code.Unavailable,
          `${formatEndpoint(this.endpoint)} unreachable: ${cause?.message ?? 'backing off'}`,
          {
            cause,
          },
        ),
      );
    }
  }

  private enqueue(waiter: SessionWaiter): void {
    this.stats.callsQueued++;
    this.waiters.push(waiter);
  }

  /**
   * Gives free streams to waiting calls, oldest first: on a stream's end, and when a session closes
   * (a new one may be opened in its place). A retired session no longer counts against `maxSessions`.
   */
  private pump(): void {
    // sessionReady may end in release() (a session gone between acquire and request): the loop below
    // carries on, so the nested call does nothing.
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let waiter = this.waiters.peek(); waiter; waiter = this.waiters.peek()) {
        if (!waiter.waiting) {
          this.waiters.shift();
          continue;
        }
        let entry = this.freeSession();
        if (!entry) {
          const live = this.sessions.filter((e) => !e.retired).length;
          if (live >= this.maxSessions()) return;
          try {
            this.checkBackoff();
          } catch (err) {
            this.failWaiters(err as RpcError);
            return;
          }
          entry = this.connect();
        }
        this.waiters.shift();
        this.track(entry);
        waiter.sessionReady(entry);
      }
    } finally {
      this.pumping = false;
    }
  }

  private failWaiters(error: RpcError): void {
    for (const waiter of this.waiters.drain()) if (waiter.waiting) waiter.sessionFailed(error);
  }

  /**
   * Counts a stream on a session. A session holds the process open only while it carries a call:
   * an idle client must not keep a process alive, a call in flight must (as in grpc-js).
   */
  private track(entry: SessionEntry): void {
    if (entry.active++ === 0) entry.session.ref();
    this.updatePing(entry);
  }

  /** Reports that a stream opened on `entry` has closed. */
  release(entry: SessionEntryHandle): void {
    const e = entry as SessionEntry;
    if (--e.active === 0 && !e.session.destroyed) e.session.unref();
    this.updatePing(e);
    if (e.retired && e.active <= 0) this.dispose(e);
    if (this.waiters.size > 0) this.pump();
  }

  /** Stops new streams on a session that refused one (its GOAWAY may still be in flight). */
  retire(entry: SessionEntryHandle): void {
    this.stats.streamsRefused++;
    this.retireEntry(entry as SessionEntry);
  }

  /** Closes every session; in-flight streams are cancelled. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failWaiters(markNotSent(new RpcError(Code.Unavailable, 'channel closed')));
    const waits = this.sessions.map(
      (e) =>
        new Promise<void>((resolve) => {
          if (e.socket.destroyed) resolve();
          else e.socket.once('close', () => resolve());
          this.stopPing(e);
          this.dispose(e);
        }),
    );
    await Promise.all(waits);
    this.setState('closed');
    this.events.closed();
  }

  private streamLimit(entry: SessionEntry): number {
    const own = this.options.maxStreamsPerSession ?? DEFAULT_MAX_STREAMS_PER_SESSION;
    const limit = entry.connected ? entry.session.remoteSettings.maxConcurrentStreams : undefined;
    return limit === undefined ? own : Math.min(own, limit);
  }

  /** Opens a session on a new socket with the configured engine. */
  private openSession(socket: net.Socket, windowSize: number): ChannelSession {
    const maxHeaderListBytes = this.options.maxHeaderListBytes ?? DEFAULT_MAX_HEADER_LIST_BYTES;
    if (this.engine === 'direct') {
      return new DirectSession(socket, {
        authority: this.authority,
        scheme: this.endpoint.tls ? 'https' : 'http',
        initialWindowSize: windowSize,
        maxHeaderListBytes,
      });
    }
    const session = nodeHttp2().connect(this.url, {
      maxSessionMemory: this.options.maxSessionMemory ?? 64,
      // Node also caps fields at 128 by default; a field costs at least 32 bytes of the list size
      // (RFC 9113 §6.5.2), so this lets the byte limit decide, as on the direct engine.
      maxHeaderListPairs: Math.ceil(maxHeaderListBytes / 32),
      settings: { enablePush: false, initialWindowSize: windowSize, maxHeaderListSize: maxHeaderListBytes },
      createConnection: () => socket,
    });
    // Node's setting covers streams; the connection window is raised once connected.
    session.once('connect', () => session.setLocalWindowSize(windowSize));
    // ClientHttp2Session has the ChannelSession surface; its overloaded typings do not line up
    // with the interface's, so the assertion is made here, once.
    return session as unknown as ChannelSession;
  }

  private connect(): SessionEntry {
    const windowSize = this.options.initialWindowSize ?? 4 * 1024 * 1024;
    const socket = this.openSocket();
    const session = this.openSession(socket, windowSize);
    const entry: SessionEntry = {
      session,
      socket,
      connected: false,
      retired: false,
      goawayLastStreamId: undefined,
      active: 0,
      pingTimer: undefined,
    };
    this.stats.sessionsOpened++;
    this.sessions.push(entry);
    if (this.stateValue !== 'ready') this.setState('connecting');
    this.events.connecting(this.sessions.length);

    const connectTimer = setTimeout(() => {
      session.destroy(new Error(`connect timed out after ${this.options.connectTimeoutMs ?? 5000} ms`));
    }, this.options.connectTimeoutMs ?? 5000);
    connectTimer.unref();

    session.once('connect', () => {
      clearTimeout(connectTimer);
      entry.connected = true;
      this.backoff.reset();
      this.retryAt = 0;
      this.lastError = undefined;
      this.setState('ready');
      this.events.connected(this.sessions.length);
    });
    // One listener per session, never per call (http2-notes.md): an unhandled 'error' kills the process.
    session.on('error', (err: Error) => {
      this.lastError = err;
    });
    session.on('goaway', (errorCode: number, lastStreamId: number, data?: Buffer) => {
      this.stats.goawaysReceived++;
      entry.goawayLastStreamId = Math.min(entry.goawayLastStreamId ?? lastStreamId, lastStreamId);
      this.events.goaway(errorCode, lastStreamId, entry.active);
      this.retireEntry(entry);
      if (errorCode === NGHTTP2_ENHANCE_YOUR_CALM && data?.toString() === 'too_many_pings') {
        // The peer punishes our ping rate: halve it for the sessions that follow.
        this.keepalive.intervalMs *= 2;
      }
    });
    session.once('close', () => {
      clearTimeout(connectTimer);
      this.retireEntry(entry);
      this.stopPing(entry);
      this.sessions = this.sessions.filter((e) => e !== entry);
      if (!entry.connected && !this.closed) {
        const backoffMs = this.backoff.next();
        this.retryAt = this.now() + backoffMs;
        this.setState('transient_failure', this.lastError);
        this.events.connectFailed(this.lastError, backoffMs);
      } else if (!this.closed) {
        this.events.disconnected(this.lastError, this.sessions.length);
        if (this.sessions.length === 0) {
          this.setState(this.lastError ? 'transient_failure' : 'idle', this.lastError);
        }
      }
      if (!this.closed && this.waiters.size > 0) this.pump();
    });
    session.unref();
    return entry;
  }

  private openSocket(): net.Socket {
    const endpoint = this.endpoint;
    const net = nodeNet();
    if (endpoint.kind === 'unix') return net.connect(endpoint.path);
    if (!endpoint.tls) return net.connect({ host: endpoint.host, port: endpoint.port });
    const tlsOptions = this.options.tls;
    return nodeTls().connect({
      host: endpoint.host,
      port: endpoint.port,
      ALPNProtocols: ['h2'],
      servername: tlsOptions?.servername ?? (net.isIP(endpoint.host) ? undefined : endpoint.host),
      ca: tlsOptions?.ca,
      cert: tlsOptions?.cert,
      key: tlsOptions?.key,
      rejectUnauthorized: tlsOptions?.rejectUnauthorized ?? true,
    });
  }

  /**
   * Ends a session that carries no stream. Node's graceful close half-closes the socket and waits
   * for the peer to close its side, which some servers never do after their own GOAWAY: with no
   * stream left there is nothing to wait for, so the socket goes too.
   */
  private dispose(entry: SessionEntry): void {
    if (!entry.session.destroyed) entry.session.destroy();
    entry.socket.destroy();
  }

  private retireEntry(entry: SessionEntry): void {
    if (entry.retired) return;
    entry.retired = true;
    // Calls still finishing on it keep it pinged: a peer that goes silent after its GOAWAY would
    // otherwise hold them until their deadline, or forever without one.
    this.updatePing(entry);
    if (entry.active <= 0) this.dispose(entry);
    // A retired session no longer counts against maxSessions: waiting calls may open its successor now.
    if (!this.closed && this.waiters.size > 0) this.pump();
  }

  /**
   * Starts or stops PINGs for a session, depending on whether it carries calls (a retired session
   * only while calls on it are finishing).
   */
  private updatePing(entry: SessionEntry): void {
    const want =
      this.keepalive.intervalMs > 0 &&
      !entry.session.destroyed &&
      (entry.active > 0 || (!entry.retired && this.keepalive.withoutCalls));
    if (want && !entry.pingTimer) {
      entry.pingTimer = setInterval(() => this.ping(entry), this.keepalive.intervalMs);
      entry.pingTimer.unref();
    } else if (!want && entry.pingTimer) {
      this.stopPing(entry);
    }
  }

  private stopPing(entry: SessionEntry): void {
    if (entry.pingTimer) clearInterval(entry.pingTimer);
    entry.pingTimer = undefined;
  }

  private ping(entry: SessionEntry): void {
    const session = entry.session;
    if (session.destroyed || !entry.connected) return;
    const timeoutMs = this.keepalive.timeoutMs;
    const timer = setTimeout(() => {
      const error = new RpcError(
        Code.Unavailable,
        `keepalive: no PING ack from ${formatEndpoint(this.endpoint)} within ${timeoutMs} ms`,
      );
      this.lastError = error;
      this.stats.pingTimeouts++;
      this.events.pingTimeout(timeoutMs);
      session.destroy(error);
    }, timeoutMs);
    timer.unref();
    try {
      session.ping((err) => {
        clearTimeout(timer);
        if (err) this.lastError = err;
      });
    } catch (err) {
      // ping() throws when too many pings are outstanding: the peer is not answering them.
      clearTimeout(timer);
      this.lastError = err instanceof Error ? err : new Error(String(err));
    }
  }

  private setState(state: ChannelState, reason?: Error): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    for (const listener of this.stateListeners) listener(state, reason);
  }

  /** The last connection-level error, for error messages of calls that failed with it. */
  get lastConnectionError(): Error | undefined {
    return this.lastError;
  }
}

export interface ChannelStats {
  sessionsOpened: number;
  goawaysReceived: number;
  /** Streams the peer refused or never processed (each was re-sent, or failed as not sent). */
  streamsRefused: number;
  pingTimeouts: number;
  /** Calls that waited in the channel because every session had `maxStreamsPerSession` streams. */
  callsQueued: number;
}

/** An opaque handle on one session of a channel, from `acquire`. */
export interface SessionEntryHandle {
  readonly session: ChannelSession;
  /** The last stream id of a GOAWAY the peer sent on this session, if any. */
  readonly goawayLastStreamId: number | undefined;
  readonly connected: boolean;
}
