import type { OutgoingHttpHeaders } from 'node:http2';
import { Code, encodeGrpcMessage, parseCode } from '@dubbo-mesh/codec-triple';
import { codeForRstStream, type InboundStream } from '@dubbo-mesh/sdk-core';

function statusOf(headers: OutgoingHttpHeaders): Code {
  const value = headers['grpc-status'];
  return parseCode(typeof value === 'string' ? value : undefined) ?? Code.Unknown;
}

// One frozen options object each: Node copies the options it gets (an object literal per call otherwise).
const TRAILERS_ONLY = Object.freeze({ endStream: true });
const WITH_TRAILERS = Object.freeze({ waitForTrailers: true });

/** The reply a stream carries, so its 'wantTrailers' listener can be one shared function. */
const REPLY = Symbol('dubbo-mesh.inbound-reply');

type ReplyStream = InboundStream & { [REPLY]?: InboundReply };

function onWantTrailers(this: ReplyStream): void {
  this[REPLY]?.sendTrailers();
}

/**
 * The caller's side of a forwarded call: response headers, DATA and trailers written in order, or
 * a status of the sidecar's own (trailers-only when nothing was sent yet, triple.md §5), or a reset.
 * It remembers the status the caller got, for metrics.
 */
export class InboundReply {
  /** The grpc-status the caller got, once known. */
  status: Code | undefined;
  /** Response body bytes written. */
  bytes = 0;
  private trailers: OutgoingHttpHeaders | undefined;
  private ended = false;

  constructor(private readonly stream: InboundStream) {
    (stream as ReplyStream)[REPLY] = this;
    stream.on('wantTrailers', onWantTrailers);
  }

  /** @internal The stream asks for the trailers (the response was sent with `waitForTrailers`). */
  sendTrailers(): void {
    if (this.isOpen()) this.stream.sendTrailers(this.trailers ?? {});
  }

  /** Whether response headers went out (after that, only trailers or a reset can end the call). */
  get started(): boolean {
    return this.stream.headersSent;
  }

  respond(headers: OutgoingHttpHeaders, endStream: boolean): void {
    if (!this.isOpen() || this.ended) return;
    if (endStream) {
      // Trailers-only: the status travels in the one HEADERS frame.
      this.ended = true;
      this.status = statusOf(headers);
      this.stream.respond(headers, TRAILERS_ONLY);
    } else {
      this.stream.respond(headers, WITH_TRAILERS);
    }
  }

  /** Writes response bytes; false means "wait for 'drain'" (backpressure reaches the provider). */
  write(chunk: Buffer): boolean {
    if (!this.isOpen() || this.ended) return true;
    this.bytes += chunk.length;
    return this.stream.write(chunk);
  }

  /** Ends the response with these trailers, after every byte written so far. */
  finish(trailers: OutgoingHttpHeaders): void {
    if (this.ended) return;
    this.ended = true;
    this.trailers = trailers;
    this.status = statusOf(trailers);
    if (this.isOpen()) this.stream.end();
  }

  /** Ends the call with the sidecar's own status. */
  fail(code: Code, message: string): void {
    if (this.ended) return;
    const status = { 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(message) };
    if (this.started) {
      this.finish(status);
      return;
    }
    this.respond({ ':status': 200, 'content-type': 'application/grpc', ...status }, true);
  }

  /** Resets the caller's stream with `rst`, as the provider reset ours. */
  reset(rst: number): void {
    if (this.ended) return;
    this.ended = true;
    this.status = codeForRstStream(rst);
    if (this.isOpen()) this.stream.close(rst);
  }

  /** The caller went away first: nothing more can be sent. */
  abandon(code: Code): void {
    if (this.ended) return;
    this.ended = true;
    this.status = code;
  }

  private isOpen(): boolean {
    return !this.stream.destroyed && !this.stream.closed;
  }
}
