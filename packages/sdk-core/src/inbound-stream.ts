/** Response headers and trailers as a server stream takes them: numbers are sent as text. */
export type InboundResponseHeaders = Readonly<Record<string, string | number | string[] | undefined>>;

/** How `respond` ends or continues the response. */
export interface InboundRespondOptions {
  /** The HEADERS frame ends the stream (a trailers-only response). */
  readonly endStream?: boolean;
  /** After `end()`, emit 'wantTrailers' and wait for `sendTrailers` instead of ending with DATA. */
  readonly waitForTrailers?: boolean;
}

/**
 * The part of an HTTP/2 server stream the sidecar uses to answer a call. node:http2's
 * ServerHttp2Stream has it (inbound-server.ts asserts that once), and so does the direct engine's
 * server stream (h2/direct-server-stream.ts): the sidecar runs on either unchanged. Listeners are
 * called with the stream as `this`, so shared functions serve every call. Events fire in Node's
 * order: 'data'... 'end' for the request; 'drain' and 'wantTrailers' for the response; 'close' last.
 */
export interface InboundStream {
  /** Closed: both sides ended, reset, or destroyed with the connection. */
  readonly closed: boolean;
  readonly destroyed: boolean;
  /** `respond` was called. */
  readonly headersSent: boolean;
  /** `end()` was called (or a trailers-only response sent). */
  readonly writableEnded: boolean;
  /** The RST_STREAM code the stream closed with; 0 for a clean close, undefined while open. */
  readonly rstCode: number | undefined;
  /** Sends the response headers. */
  respond(headers: InboundResponseHeaders, options?: InboundRespondOptions): void;
  /** Queues a DATA chunk of the response; false when the writer should wait for 'drain'. */
  write(chunk: Buffer): boolean;
  /** Ends the response body (then 'wantTrailers' when `respond` asked for it). */
  end(): void;
  /** The trailers, ending the stream; only after 'wantTrailers'. */
  sendTrailers(headers: InboundResponseHeaders): void;
  /** Sends RST_STREAM `code` and closes the stream. */
  close(code?: number): void;
  /** Stops 'data' events; flow control then stops the caller. */
  pause(): void;
  resume(): void;
  on(event: 'data', listener: (this: InboundStream, chunk: Buffer) => void): this;
  on(event: 'error', listener: (this: InboundStream, error: Error) => void): this;
  on(event: 'end' | 'close' | 'drain' | 'wantTrailers', listener: (this: InboundStream) => void): this;
}
