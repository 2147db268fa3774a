import type { IncomingHeaders } from '@dubbo-mesh/codec-triple';

/**
 * The part of an HTTP/2 client stream that calls use. node:http2's ClientHttp2Stream has it, and so
 * does the direct engine's stream (h2/direct-stream.ts): calls and the sidecar run on either
 * unchanged. Listeners are called with the stream as `this`, so shared functions serve every call.
 */
export interface ChannelStream {
  /** The stream id; undefined (node) or 0 (direct) until the HEADERS are sent. */
  readonly id?: number | undefined;
  /** Closed: both sides ended, reset, or destroyed with the connection. */
  readonly closed: boolean;
  readonly destroyed: boolean;
  /** `end()` was called. */
  readonly writableEnded: boolean;
  /** No stream id yet: the HEADERS were never sent (nothing left this process). */
  readonly pending: boolean;
  /** The RST_STREAM code the stream closed with; 0 for a clean close, undefined while open. */
  readonly rstCode: number | undefined;
  /** Queues a DATA chunk; false when the caller should wait for 'drain'. */
  write(chunk: Buffer): boolean;
  /** Ends the request side, with a last chunk if given. */
  end(chunk?: Buffer): void;
  /** Sends RST_STREAM `code` and closes the stream. */
  close(code?: number): void;
  /** Stops 'data' events; flow control then stops the peer. */
  pause(): void;
  resume(): void;
  on(
    event: 'response',
    listener: (this: ChannelStream, headers: IncomingHeaders, flags: number) => void,
  ): this;
  on(
    event: 'trailers',
    listener: (this: ChannelStream, trailers: IncomingHeaders, flags: number) => void,
  ): this;
  on(event: 'data', listener: (this: ChannelStream, chunk: Buffer) => void): this;
  on(event: 'error', listener: (this: ChannelStream, error: Error) => void): this;
  on(event: 'close' | 'drain', listener: (this: ChannelStream) => void): this;
  off(event: 'close' | 'drain', listener: (this: ChannelStream) => void): this;
}

/** The request options both engines take; calls always send a body after the headers. */
export interface ChannelRequestOptions {
  readonly endStream: boolean;
}

/**
 * The part of an HTTP/2 client session the channel and calls use: what node:http2's
 * ClientHttp2Session offers, and what the direct engine (h2/direct-session.ts) implements.
 */
export interface ChannelSession {
  readonly destroyed: boolean;
  /** The peer's SETTINGS as far as the channel reads them. */
  readonly remoteSettings: { readonly maxConcurrentStreams?: number | undefined };
  /** Opens a stream with these request headers (`:authority` and `:scheme` are the session's). */
  request(headers: Readonly<Record<string, string>>, options: ChannelRequestOptions): ChannelStream;
  /** Sends a PING; the callback runs on its ACK. Throws when too many are outstanding. */
  ping(callback: (error: Error | null, durationMs: number, payload: Buffer) => void): boolean;
  ref(): void;
  unref(): void;
  destroy(error?: Error): void;
  once(event: 'connect' | 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'goaway', listener: (errorCode: number, lastStreamId: number, data?: Buffer) => void): this;
}
