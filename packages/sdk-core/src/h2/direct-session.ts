import type net from 'node:net';
import type tls from 'node:tls';
import type { IncomingHeaders } from '@dubbo-mesh/codec-triple';
import type { ChannelRequestOptions, ChannelSession } from '../channel-session.js';
import { FifoQueue } from '../fifo-queue.js';
import { NGHTTP2_NO_ERROR, NGHTTP2_REFUSED_STREAM } from '../http2-error-codes.js';
import { ConnectionError } from './connection-error.js';
import { DirectConnection, errorWithCode } from './direct-connection.js';
import { DirectStream, type StreamOwner } from './direct-stream.js';
import * as f from './frame-types.js';
import { headersFrames } from './frame-writer.js';
import type { DecodedBlock } from './hpack-decoder.js';
import { combineRepeatedFields } from './repeated-fields.js';
import { orderRequestFields } from './request-fields.js';
import { malformedResponse } from './response-fields.js';

export interface DirectSessionOptions {
  /** `:authority` of every request. */
  readonly authority: string;
  readonly scheme: 'http' | 'https';
  /** Our stream and connection receive window. */
  readonly initialWindowSize: number;
  /** Our SETTINGS_MAX_HEADER_LIST_SIZE; a longer response header list resets its stream. */
  readonly maxHeaderListBytes: number;
}

/**
 * An HTTP/2 client connection written for RPC on one socket (the direct engine): frames are read
 * straight off the socket, each stream is a plain object, and every frame written in one turn of the
 * event loop leaves in one write (DirectConnection holds what client and server share). It
 * implements the ChannelSession surface of node:http2 that the channel and calls use, with Node's
 * outcomes for refused, reset and lost streams (stream-failure.ts reads them the same way).
 * RFC 9113; HPACK per RFC 7541.
 */
export class DirectSession extends DirectConnection<DirectStream> implements ChannelSession, StreamOwner {
  readonly remoteSettings: { maxConcurrentStreams: number | undefined } = { maxConcurrentStreams: undefined };
  protected readonly peerName = 'server';
  private readonly leading: Readonly<Record<string, string>>;
  /** Streams waiting for the peer's MAX_CONCURRENT_STREAMS to allow them (no id yet). */
  private readonly waiting = new FifoQueue<DirectStream>();
  private nextStreamId = 1;
  private peerMaxStreams = Number.POSITIVE_INFINITY;

  constructor(
    socket: net.Socket | tls.TLSSocket,
    private readonly options: DirectSessionOptions,
  ) {
    super(socket, options);
    // Frames are gathered into one write per turn already: Nagle would only hold a request back
    // behind an unacknowledged one (node:http2 and grpc-js turn it off too). A no-op on a UDS.
    socket.setNoDelay(true);
    this.leading = Object.freeze({ ':scheme': options.scheme, ':authority': options.authority });
    this.queue(f.CLIENT_PREFACE);
    this.sendSettings([
      [f.SETTINGS_ENABLE_PUSH, 0],
      [f.SETTINGS_INITIAL_WINDOW_SIZE, options.initialWindowSize],
      [f.SETTINGS_MAX_HEADER_LIST_SIZE, options.maxHeaderListBytes],
    ]);
    const connectEvent = 'encrypted' in socket ? 'secureConnect' : 'connect';
    socket.once(connectEvent, this.onConnect);
  }

  private readonly onConnect = (): void => {
    const socket = this.socket;
    if ('alpnProtocol' in socket && socket.alpnProtocol !== 'h2') {
      this.destroy(
        new Error(`the server did not agree to HTTP/2 over TLS (ALPN: ${socket.alpnProtocol || 'none'})`),
      );
      return;
    }
    this.emit('connect');
  };

  request(headers: Readonly<Record<string, string>>, options: ChannelRequestOptions): DirectStream {
    if (this.destroyed)
      throw errorWithCode('ERR_HTTP2_INVALID_SESSION', 'the HTTP/2 session has been destroyed');
    if (this.goawayReceived) {
      throw errorWithCode(
        'ERR_HTTP2_GOAWAY_SESSION',
        'new streams cannot be created after receiving a GOAWAY',
      );
    }
    const stream = new DirectStream(this, headers, this.peerInitialWindow);
    if (options.endStream) stream.end();
    if (this.streams.size < this.peerMaxStreams && this.waiting.size === 0) this.start(stream);
    else this.waiting.push(stream);
    return stream;
  }

  /** Gives a stream its id and sends its HEADERS (and whatever it has queued). */
  private start(stream: DirectStream): void {
    const id = this.nextStreamId;
    if (id > 0x7fffffff) {
      // Stream ids are spent: this session takes no more streams; the channel opens another.
      this.goawayReceived = true;
      stream.terminate(NGHTTP2_REFUSED_STREAM);
      return;
    }
    this.nextStreamId += 2;
    stream.id = id;
    // Windows as they are now: SETTINGS may have changed them while the stream waited (§6.9.2).
    stream.sendWindow = this.peerInitialWindow;
    stream.recvWindow = this.options.initialWindowSize;
    this.streams.set(id, stream);
    const onlyHeaders = stream.endQueued && stream.queuedBytes === 0;
    // Encoded only now, in wire order: a block encoded for a request that is cancelled while it
    // waits would have changed our HPACK table but never the peer's (RFC 7541 §2.2).
    const headers = stream.requestHeaders!;
    const ordered = orderRequestFields(headers, this.leading);
    const block =
      ordered === undefined
        ? this.encoder.encode(headers, this.leading)
        : this.encoder.encode(ordered.headers, ordered.leading);
    stream.requestHeaders = undefined;
    this.queue(headersFrames(id, block, onlyHeaders ? f.FLAG_END_STREAM : 0, this.peerMaxFrameBytes));
    if (onlyHeaders) {
      stream.endQueued = false;
      stream.localEnded = true;
    } else if (stream.queuedBytes > 0 || stream.endQueued) {
      this.flush(stream);
    }
  }

  closed(stream: DirectStream): void {
    if (!this.forget(stream)) return;
    while (this.waiting.size > 0 && this.streams.size < this.peerMaxStreams && !this.destroyed) {
      const next = this.waiting.shift()!;
      if (!next.closed) this.start(next);
    }
    if (this.goawayReceived && this.streams.size === 0 && this.waiting.size === 0) this.destroy();
  }

  protected override abandonStreams(error: Error | undefined): void {
    // Streams never sent were not processed; the rest are lost with the connection.
    for (const stream of this.waiting.drain()) stream.terminate(NGHTTP2_REFUSED_STREAM);
    super.abandonStreams(error);
  }

  protected lastPeerStreamId(): number {
    // We accept no peer-initiated streams (push is off).
    return 0;
  }

  // ---- reading ----

  /** A frame for a stream id we never opened, or one the server may not use. */
  protected checkKnownStream(streamId: number, what: string): void {
    if (streamId === 0) throw new ConnectionError(f.PROTOCOL_ERROR, `${what} on stream 0`);
    if ((streamId & 1) === 0 || streamId >= this.nextStreamId) {
      throw new ConnectionError(f.PROTOCOL_ERROR, `${what} on idle stream ${streamId}`);
    }
  }

  protected dataRefusal(stream: DirectStream): number {
    if (stream.remoteEnded) return f.STREAM_CLOSED;
    // DATA before the response headers is malformed (RFC 9113 §8.1).
    return stream.gotResponse ? 0 : f.PROTOCOL_ERROR;
  }

  protected receiveHeaders(streamId: number, flags: number, decoded: DecodedBlock): void {
    const stream = this.streams.get(streamId);
    if (stream === undefined || this.refusedHeaderBlock(stream, decoded)) return;
    const endStream = (flags & f.FLAG_END_STREAM) !== 0;
    const headers = decoded.headers as IncomingHeaders;
    const trailers = stream.gotResponse;
    if (malformedResponse(decoded.headers, decoded.pseudoFirst, trailers, endStream)) {
      this.streamError(streamId, f.PROTOCOL_ERROR);
      return;
    }
    combineRepeatedFields(decoded.headers);
    if (!trailers) {
      const status = headers[':status'] as string;
      // 1xx informational responses precede the real one (RFC 9113 §8.1); gRPC never needs them.
      if (status.charCodeAt(0) === 49 /* 1 */) return;
      stream.receiveResponse(headers, flags & f.FLAG_END_STREAM);
    } else {
      stream.receiveTrailers(headers, flags & f.FLAG_END_STREAM);
    }
    if (endStream) this.remoteEnd(stream);
  }

  protected applyRoleSetting(id: number, value: number): void {
    switch (id) {
      case f.SETTINGS_ENABLE_PUSH:
        // A server may only send 0 (RFC 9113 §6.5.2).
        if (value !== 0) throw new ConnectionError(f.PROTOCOL_ERROR, `SETTINGS_ENABLE_PUSH ${value}`);
        break;
      case f.SETTINGS_MAX_CONCURRENT_STREAMS:
        this.peerMaxStreams = value;
        this.remoteSettings.maxConcurrentStreams = value;
        break;
    }
  }

  /** Starts waiting streams the peer's stream limit now allows. */
  protected override settingsApplied(): void {
    while (this.waiting.size > 0 && this.streams.size < this.peerMaxStreams) {
      const next = this.waiting.shift()!;
      if (!next.closed) this.start(next);
    }
  }

  protected peerWentAway(code: number, lastStreamId: number): void {
    // Streams above the last id, and those never sent, were not processed: they may go elsewhere.
    for (const stream of this.waiting.drain()) stream.terminate(NGHTTP2_REFUSED_STREAM);
    for (const stream of [...this.streams.values()]) {
      if (stream.id > lastStreamId) stream.terminate(NGHTTP2_REFUSED_STREAM);
    }
    if (this.destroyed) return;
    if (code !== NGHTTP2_NO_ERROR) {
      this.destroy(
        errorWithCode('ERR_HTTP2_SESSION_ERROR', `the server closed the connection with GOAWAY code ${code}`),
      );
    } else if (this.streams.size === 0) {
      this.destroy();
    }
  }
}
