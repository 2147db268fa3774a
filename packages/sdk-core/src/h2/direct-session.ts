import { EventEmitter } from 'node:events';
import type net from 'node:net';
import type tls from 'node:tls';
import type { IncomingHeaders } from '@dubbo-mesh/codec-triple';
import type { ChannelRequestOptions, ChannelSession } from '../channel-session.js';
import { FifoQueue } from '../fifo-queue.js';
import {
  NGHTTP2_CANCEL,
  NGHTTP2_ENHANCE_YOUR_CALM,
  NGHTTP2_NO_ERROR,
  NGHTTP2_REFUSED_STREAM,
} from '../http2-error-codes.js';
import { ConnectionError } from './connection-error.js';
import { DirectStream, type StreamOwner } from './direct-stream.js';
import { FrameReader } from './frame-reader.js';
import * as f from './frame-types.js';
import {
  goawayFrame,
  headersFrames,
  pingFrame,
  rstStreamFrame,
  SETTINGS_ACK_FRAME,
  settingsFrame,
  windowUpdateFrame,
  writeFrameHeader,
} from './frame-writer.js';
import { HpackDecoder } from './hpack-decoder.js';
import { HpackEncoder } from './hpack-encoder.js';
import { HpackError } from './hpack-error.js';
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

/** PINGs may be outstanding at once before `ping` throws, as in Node (maxOutstandingPings). */
const MAX_OUTSTANDING_PINGS = 10;
/** Writes gathered in one turn of the event loop are joined into one buffer up to this size. */
const JOIN_LIMIT_BYTES = 65_536;
/**
 * A header block larger than this (compressed, across CONTINUATION frames) ends the connection:
 * it must be decoded to keep HPACK in sync, so it cannot be skipped, only refused.
 */
const MAX_HEADER_BLOCK_FACTOR = 4;
/** DATA queued for the socket in one turn of the event loop beyond which streams keep the rest. */
const TURN_LIMIT_BYTES = 1024 * 1024;
/** DATA payloads up to this size are copied behind their frame header (one write instead of two). */
const COPY_LIMIT_BYTES = 4096;

interface PendingPing {
  readonly started: number;
  readonly callback: (error: Error | null, durationMs: number, payload: Buffer) => void;
}

interface HeaderBlockInProgress {
  readonly streamId: number;
  readonly flags: number;
  readonly parts: Buffer[];
  bytes: number;
}

/**
 * An HTTP/2 client connection written for RPC on one socket (the direct engine): frames are read
 * straight off the socket, each stream is a plain object, and every frame written in one turn of the
 * event loop leaves in one write. It implements the ChannelSession surface of node:http2 that the
 * channel and calls use, with Node's outcomes for refused, reset and lost streams (stream-failure.ts
 * reads them the same way). RFC 9113; HPACK per RFC 7541.
 */
export class DirectSession extends EventEmitter implements ChannelSession, StreamOwner {
  destroyed = false;
  readonly remoteSettings: { maxConcurrentStreams: number | undefined } = { maxConcurrentStreams: undefined };
  private readonly reader: FrameReader;
  private readonly encoder = new HpackEncoder();
  private readonly decoder = new HpackDecoder();
  private readonly leading: Readonly<Record<string, string>>;
  private readonly streams = new Map<number, DirectStream>();
  /** Streams waiting for the peer's MAX_CONCURRENT_STREAMS to allow them (no id yet). */
  private readonly waiting = new FifoQueue<DirectStream>();
  /** Streams with queued DATA that the connection window holds back, in order. */
  private readonly blocked = new Set<DirectStream>();
  private nextStreamId = 1;
  private sendWindow = f.DEFAULT_WINDOW_BYTES;
  private peerInitialWindow = f.DEFAULT_WINDOW_BYTES;
  private peerMaxFrameBytes = f.DEFAULT_MAX_FRAME_BYTES;
  private peerMaxStreams = Number.POSITIVE_INFINITY;
  /** Receive window the peer still has on the connection. */
  private recvWindow: number;
  /** Bytes received on the connection not yet returned with WINDOW_UPDATE. */
  private recvUnacked = 0;
  private gotSettings = false;
  private goawayReceived = false;
  private headerBlock: HeaderBlockInProgress | undefined;
  private readonly pings: PendingPing[] = [];
  private outgoing: Buffer[] = [];
  private outgoingBytes = 0;
  private flushScheduled = false;
  /** The socket's buffer is over its high-water mark: DATA waits in the streams until 'drain'. */
  private socketFull = false;
  private closeEmitted = false;

  constructor(
    private readonly socket: net.Socket | tls.TLSSocket,
    private readonly options: DirectSessionOptions,
  ) {
    super();
    this.leading = Object.freeze({ ':scheme': options.scheme, ':authority': options.authority });
    // SETTINGS_INITIAL_WINDOW_SIZE only sets stream windows; the connection window starts at
    // 65,535 and only WINDOW_UPDATE moves it (RFC 9113 §6.9.2), so a smaller setting leaves it there.
    this.recvWindow = Math.max(options.initialWindowSize, f.DEFAULT_WINDOW_BYTES);
    this.reader = new FrameReader(this.onFrame, f.DEFAULT_MAX_FRAME_BYTES);
    const settings: Array<readonly [number, number]> = [
      [f.SETTINGS_ENABLE_PUSH, 0],
      [f.SETTINGS_INITIAL_WINDOW_SIZE, options.initialWindowSize],
      [f.SETTINGS_MAX_HEADER_LIST_SIZE, options.maxHeaderListBytes],
    ];
    this.queue(f.CLIENT_PREFACE);
    this.queue(settingsFrame(settings));
    if (options.initialWindowSize > f.DEFAULT_WINDOW_BYTES) {
      this.queue(windowUpdateFrame(0, options.initialWindowSize - f.DEFAULT_WINDOW_BYTES));
    }
    const connectEvent = 'encrypted' in socket ? 'secureConnect' : 'connect';
    socket.once(connectEvent, this.onConnect);
    socket.on('data', this.onData);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onSocketClose);
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

  private readonly onData = (chunk: Buffer): void => {
    try {
      this.reader.push(chunk);
    } catch (err) {
      this.connectionError(err);
    }
  };

  private readonly onSocketError = (error: Error): void => {
    this.destroy(error);
  };

  private readonly onSocketClose = (): void => {
    this.destroy();
    this.emitClose();
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

  flush(stream: DirectStream): void {
    const queue = stream.sendQueue;
    while (queue.length > 0) {
      const allowed = Math.min(stream.sendWindow, this.sendWindow, this.peerMaxFrameBytes);
      // A socket that cannot keep up holds DATA back too, in the stream's queue, and so does a turn
      // that already queued TURN_LIMIT_BYTES: the writer then sees `write()` return false, so a
      // slow peer with large windows cannot make us buffer what the windows allow.
      if (allowed <= 0 || this.socketFull || this.outgoingBytes >= TURN_LIMIT_BYTES) {
        this.blocked.add(stream);
        return;
      }
      const chunk = queue[0]!;
      const length = Math.min(chunk.length, allowed);
      const last = length === chunk.length && queue.length === 1 && stream.endQueued;
      this.writeData(stream.id, chunk, length, last ? f.FLAG_END_STREAM : 0);
      stream.sendWindow -= length;
      this.sendWindow -= length;
      stream.queuedBytes -= length;
      if (length === chunk.length) queue.shift();
      else queue[0] = chunk.subarray(length);
      if (last) {
        stream.endQueued = false;
        stream.localEnded = true;
      }
    }
    this.blocked.delete(stream);
    if (stream.endQueued) {
      stream.endQueued = false;
      stream.localEnded = true;
      this.writeData(stream.id, undefined, 0, f.FLAG_END_STREAM);
    }
    stream.sent();
    if (stream.localEnded && stream.remoteEnded) stream.terminate(NGHTTP2_NO_ERROR);
  }

  private writeData(streamId: number, chunk: Buffer | undefined, length: number, flags: number): void {
    if (chunk !== undefined && length > COPY_LIMIT_BYTES) {
      const header = Buffer.allocUnsafe(f.FRAME_HEADER_BYTES);
      writeFrameHeader(header, 0, length, f.FRAME_DATA, flags, streamId);
      this.queue(header);
      this.queue(length === chunk.length ? chunk : chunk.subarray(0, length));
      return;
    }
    const out = Buffer.allocUnsafe(f.FRAME_HEADER_BYTES + length);
    writeFrameHeader(out, 0, length, f.FRAME_DATA, flags, streamId);
    if (chunk !== undefined && length > 0) chunk.copy(out, f.FRAME_HEADER_BYTES, 0, length);
    this.queue(out);
  }

  consumed(stream: DirectStream, bytes: number): void {
    stream.recvUnacked += bytes;
    if (!stream.remoteEnded && stream.recvUnacked >= this.options.initialWindowSize >>> 1) {
      this.queue(windowUpdateFrame(stream.id, stream.recvUnacked));
      stream.recvWindow += stream.recvUnacked;
      stream.recvUnacked = 0;
    }
  }

  reset(stream: DirectStream, code: number): void {
    if (!this.destroyed) this.queue(rstStreamFrame(stream.id, code));
  }

  closed(stream: DirectStream): void {
    this.blocked.delete(stream);
    if (stream.id === 0 || this.streams.get(stream.id) !== stream) return;
    this.streams.delete(stream.id);
    while (this.waiting.size > 0 && this.streams.size < this.peerMaxStreams && !this.destroyed) {
      const next = this.waiting.shift()!;
      if (!next.closed) this.start(next);
    }
    if (this.goawayReceived && this.streams.size === 0 && this.waiting.size === 0) this.destroy();
  }

  ping(callback: (error: Error | null, durationMs: number, payload: Buffer) => void): boolean {
    if (this.destroyed)
      throw errorWithCode('ERR_HTTP2_INVALID_SESSION', 'the HTTP/2 session has been destroyed');
    if (this.pings.length >= MAX_OUTSTANDING_PINGS) {
      throw errorWithCode('ERR_HTTP2_PING_CANCEL', 'too many PINGs are waiting for an acknowledgement');
    }
    const payload = Buffer.allocUnsafe(8);
    payload.writeDoubleBE(performance.now());
    this.pings.push({ started: performance.now(), callback });
    this.queue(pingFrame(payload, false));
    return true;
  }

  ref(): void {
    this.socket.ref();
  }

  unref(): void {
    this.socket.unref();
  }

  destroy(error?: Error): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.flushNow();
    if (error && this.listenerCount('error') > 0) this.emit('error', error);
    const pings = this.pings.splice(0);
    for (const ping of pings)
      ping.callback(
        error ?? errorWithCode('ERR_HTTP2_PING_CANCEL', 'HTTP/2 ping cancelled'),
        0,
        Buffer.alloc(0),
      );
    // Streams never sent were not processed; every other stream is lost with the connection,
    // which Node reports as CANCEL on a destroyed session (stream-failure.ts).
    for (const stream of this.waiting.drain()) stream.terminate(NGHTTP2_REFUSED_STREAM);
    for (const stream of [...this.streams.values()]) stream.terminate(NGHTTP2_CANCEL, error);
    this.streams.clear();
    // The socket's 'close' then emits ours (onSocketClose).
    this.socket.destroy();
  }

  private emitClose(): void {
    if (this.closeEmitted) return;
    this.closeEmitted = true;
    this.emit('close');
  }

  /** Ends the connection for a protocol violation: GOAWAY with its code, then destroy. */
  private connectionError(err: unknown): void {
    const code =
      err instanceof ConnectionError
        ? err.code
        : err instanceof HpackError
          ? f.COMPRESSION_ERROR
          : f.INTERNAL_ERROR;
    const message = err instanceof Error ? err.message : String(err);
    if (!this.destroyed) this.queue(goawayFrame(this.lastPeerStreamId(), code, message.slice(0, 200)));
    const error = errorWithCode(
      'ERR_HTTP2_SESSION_ERROR',
      `HTTP/2 protocol error from the peer (code ${code}): ${message}`,
    );
    this.destroy(error);
  }

  private lastPeerStreamId(): number {
    // We accept no peer-initiated streams (push is off).
    return 0;
  }

  // ---- writing ----

  private queue(buffer: Buffer): void {
    if (this.destroyed && this.socket.destroyed) return;
    this.outgoing.push(buffer);
    this.outgoingBytes += buffer.length;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Frames written by every call started in this turn of the loop leave in one write.
      setImmediate(flushOutgoing, this);
    }
  }

  /** @internal */
  flushNow(): void {
    this.flushScheduled = false;
    const buffers = this.outgoing;
    if (buffers.length === 0) return;
    const bytes = this.outgoingBytes;
    this.outgoing = [];
    this.outgoingBytes = 0;
    const socket = this.socket;
    if (socket.destroyed) return;
    let flowing: boolean;
    if (buffers.length === 1) flowing = socket.write(buffers[0]!);
    else if (bytes <= JOIN_LIMIT_BYTES) flowing = socket.write(Buffer.concat(buffers, bytes));
    else {
      socket.cork();
      for (const buffer of buffers) socket.write(buffer);
      socket.uncork();
      flowing = socket.writableLength < socket.writableHighWaterMark;
    }
    if (!flowing && !this.socketFull) {
      this.socketFull = true;
      socket.once('drain', this.onSocketDrain);
    } else if (flowing && this.blocked.size > 0) {
      // DATA held back by the turn limit may go now.
      this.flushBlocked();
    }
  }

  private readonly onSocketDrain = (): void => {
    this.socketFull = false;
    this.flushBlocked();
  };

  // ---- reading ----

  private readonly onFrame = (type: number, flags: number, streamId: number, payload: Buffer): void => {
    if (this.destroyed) return;
    if (this.headerBlock !== undefined && type !== f.FRAME_CONTINUATION) {
      throw new ConnectionError(f.PROTOCOL_ERROR, `frame type ${type} inside a header block`);
    }
    if (!this.gotSettings && type !== f.FRAME_SETTINGS) {
      throw new ConnectionError(f.PROTOCOL_ERROR, `the server's first frame was type ${type}, not SETTINGS`);
    }
    switch (type) {
      case f.FRAME_DATA:
        this.onDataFrame(flags, streamId, payload);
        break;
      case f.FRAME_HEADERS:
        this.onHeadersFrame(flags, streamId, payload);
        break;
      case f.FRAME_CONTINUATION:
        this.onContinuationFrame(flags, streamId, payload);
        break;
      case f.FRAME_RST_STREAM:
        this.onRstStreamFrame(streamId, payload);
        break;
      case f.FRAME_SETTINGS:
        this.onSettingsFrame(flags, streamId, payload);
        break;
      case f.FRAME_PING:
        this.onPingFrame(flags, streamId, payload);
        break;
      case f.FRAME_GOAWAY:
        this.onGoawayFrame(streamId, payload);
        break;
      case f.FRAME_WINDOW_UPDATE:
        this.onWindowUpdateFrame(streamId, payload);
        break;
      case f.FRAME_PUSH_PROMISE:
        throw new ConnectionError(f.PROTOCOL_ERROR, 'PUSH_PROMISE although push is disabled');
      case f.FRAME_PRIORITY:
        if (streamId === 0) throw new ConnectionError(f.PROTOCOL_ERROR, 'PRIORITY on stream 0');
        if (payload.length !== 5) this.streamError(streamId, f.FRAME_SIZE_ERROR);
        break;
      default:
      // Unknown frame types are ignored (RFC 9113 §4.1).
    }
  };

  /** A frame for a stream id we never opened, or one the server may not use. */
  private checkKnownStream(streamId: number, what: string): void {
    if (streamId === 0) throw new ConnectionError(f.PROTOCOL_ERROR, `${what} on stream 0`);
    if ((streamId & 1) === 0 || streamId >= this.nextStreamId) {
      throw new ConnectionError(f.PROTOCOL_ERROR, `${what} on idle stream ${streamId}`);
    }
  }

  private onDataFrame(flags: number, streamId: number, payload: Buffer): void {
    this.checkKnownStream(streamId, 'DATA');
    // The whole frame, padding included, counts against flow control (RFC 9113 §6.1).
    const frameBytes = payload.length;
    this.recvWindow -= frameBytes;
    if (this.recvWindow < 0) {
      throw new ConnectionError(f.FLOW_CONTROL_ERROR, 'the server sent more DATA than the connection window');
    }
    this.recvUnacked += frameBytes;
    if (this.recvUnacked >= this.options.initialWindowSize >>> 1) {
      this.queue(windowUpdateFrame(0, this.recvUnacked));
      this.recvWindow += this.recvUnacked;
      this.recvUnacked = 0;
    }
    const data = (flags & f.FLAG_PADDED) !== 0 ? unpad(payload, 0, 'DATA') : payload;
    const stream = this.streams.get(streamId);
    if (stream === undefined || stream.closed) return;
    // The connection window is returned on receipt, so only the stream window bounds what a
    // paused stream holds: a peer that ignores it is reset, as nghttp2 does.
    stream.recvWindow -= frameBytes;
    if (stream.recvWindow < 0) {
      this.streamError(streamId, f.FLOW_CONTROL_ERROR);
      return;
    }
    if (!stream.gotResponse || stream.remoteEnded) {
      this.streamError(streamId, stream.remoteEnded ? f.STREAM_CLOSED : f.PROTOCOL_ERROR);
      return;
    }
    // Padding is consumed at once; the data is consumed when the reader takes it.
    if (frameBytes > data.length) this.consumed(stream, frameBytes - data.length);
    if (data.length > 0) stream.receiveData(data);
    if ((flags & f.FLAG_END_STREAM) !== 0) this.remoteEnd(stream);
  }

  private onHeadersFrame(flags: number, streamId: number, payload: Buffer): void {
    this.checkKnownStream(streamId, 'HEADERS');
    let start = 0;
    let end = payload.length;
    if ((flags & f.FLAG_PADDED) !== 0) {
      if (payload.length < 1)
        throw new ConnectionError(f.FRAME_SIZE_ERROR, 'HEADERS too short for its padding');
      const padding = payload[0]!;
      start = 1;
      end -= padding;
    }
    if ((flags & f.FLAG_PRIORITY) !== 0) start += 5;
    if (end < start) throw new ConnectionError(f.PROTOCOL_ERROR, 'HEADERS padding longer than the frame');
    const block = payload.subarray(start, end);
    if ((flags & f.FLAG_END_HEADERS) !== 0) {
      this.onHeaderBlock(streamId, flags, block);
      return;
    }
    this.headerBlock = { streamId, flags, parts: [Buffer.from(block)], bytes: block.length };
  }

  private onContinuationFrame(flags: number, streamId: number, payload: Buffer): void {
    const pending = this.headerBlock;
    if (pending === undefined || pending.streamId !== streamId) {
      throw new ConnectionError(f.PROTOCOL_ERROR, `unexpected CONTINUATION on stream ${streamId}`);
    }
    pending.bytes += payload.length;
    if (
      pending.bytes >
      this.options.maxHeaderListBytes * MAX_HEADER_BLOCK_FACTOR + f.DEFAULT_MAX_FRAME_BYTES
    ) {
      throw new ConnectionError(
        NGHTTP2_ENHANCE_YOUR_CALM,
        `header block of over ${pending.bytes} bytes exceeds what maxHeaderListBytes allows`,
      );
    }
    pending.parts.push(Buffer.from(payload));
    if ((flags & f.FLAG_END_HEADERS) === 0) return;
    this.headerBlock = undefined;
    this.onHeaderBlock(streamId, pending.flags, Buffer.concat(pending.parts, pending.bytes));
  }

  private onHeaderBlock(streamId: number, flags: number, block: Buffer): void {
    // Decoded even for a closed stream: the HPACK table must follow every block (RFC 7541 §2.2).
    const decoded = this.decoder.decode(block, this.options.maxHeaderListBytes);
    const stream = this.streams.get(streamId);
    if (stream === undefined || stream.closed) return;
    if (stream.remoteEnded) {
      this.streamError(streamId, f.STREAM_CLOSED);
      return;
    }
    if (decoded.listBytes > this.options.maxHeaderListBytes) {
      // As Node does for a list over our SETTINGS_MAX_HEADER_LIST_SIZE: this stream only.
      this.streamError(streamId, NGHTTP2_ENHANCE_YOUR_CALM);
      return;
    }
    const endStream = (flags & f.FLAG_END_STREAM) !== 0;
    const headers = decoded.headers as IncomingHeaders;
    const trailers = stream.gotResponse;
    if (malformedResponse(decoded.headers, decoded.pseudoFirst, trailers, endStream)) {
      this.streamError(streamId, f.PROTOCOL_ERROR);
      return;
    }
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

  /**
   * The peer ended its side. With our side ended too the stream is closed; otherwise it stays
   * half-closed until we end or the peer resets it, as in nghttp2: a Node server that resets a
   * stream sends END_STREAM first and RST_STREAM after, and the reset code is the outcome.
   */
  private remoteEnd(stream: DirectStream): void {
    stream.remoteEnded = true;
    if (!stream.closed && stream.localEnded) stream.terminate(NGHTTP2_NO_ERROR);
  }

  /** Resets one stream for a problem in what the peer sent on it (RFC 9113 §5.4.2). */
  private streamError(streamId: number, code: number): void {
    this.queue(rstStreamFrame(streamId, code));
    const stream = this.streams.get(streamId);
    if (stream && !stream.closed) stream.terminate(code);
  }

  private onRstStreamFrame(streamId: number, payload: Buffer): void {
    this.checkKnownStream(streamId, 'RST_STREAM');
    if (payload.length !== 4) throw new ConnectionError(f.FRAME_SIZE_ERROR, 'RST_STREAM is not 4 bytes');
    const stream = this.streams.get(streamId);
    if (stream === undefined || stream.closed) return;
    const code = payload.readUInt32BE(0);
    const error =
      code === NGHTTP2_NO_ERROR || code === NGHTTP2_CANCEL
        ? undefined
        : errorWithCode('ERR_HTTP2_STREAM_ERROR', `stream closed with error code ${code}`);
    stream.terminate(code, error);
  }

  private onSettingsFrame(flags: number, streamId: number, payload: Buffer): void {
    if (streamId !== 0) throw new ConnectionError(f.PROTOCOL_ERROR, 'SETTINGS on a stream');
    if ((flags & f.FLAG_ACK) !== 0) {
      if (payload.length !== 0) throw new ConnectionError(f.FRAME_SIZE_ERROR, 'SETTINGS ACK with a payload');
      return;
    }
    if (payload.length % 6 !== 0)
      throw new ConnectionError(f.FRAME_SIZE_ERROR, 'SETTINGS length not a multiple of 6');
    for (let offset = 0; offset < payload.length; offset += 6) {
      this.applySetting(payload.readUInt16BE(offset), payload.readUInt32BE(offset + 2));
    }
    this.gotSettings = true;
    this.queue(SETTINGS_ACK_FRAME);
    this.startWaiting();
  }

  private applySetting(id: number, value: number): void {
    switch (id) {
      case f.SETTINGS_HEADER_TABLE_SIZE:
        this.encoder.setPeerMaxTableBytes(value);
        break;
      case f.SETTINGS_ENABLE_PUSH:
        // A server may only send 0 (RFC 9113 §6.5.2).
        if (value !== 0) throw new ConnectionError(f.PROTOCOL_ERROR, `SETTINGS_ENABLE_PUSH ${value}`);
        break;
      case f.SETTINGS_MAX_CONCURRENT_STREAMS:
        this.peerMaxStreams = value;
        this.remoteSettings.maxConcurrentStreams = value;
        break;
      case f.SETTINGS_INITIAL_WINDOW_SIZE: {
        if (value > f.MAX_WINDOW_BYTES) {
          throw new ConnectionError(f.FLOW_CONTROL_ERROR, `SETTINGS_INITIAL_WINDOW_SIZE ${value}`);
        }
        const delta = value - this.peerInitialWindow;
        this.peerInitialWindow = value;
        for (const stream of this.streams.values()) {
          stream.sendWindow += delta;
          if (stream.sendWindow > f.MAX_WINDOW_BYTES) {
            throw new ConnectionError(f.FLOW_CONTROL_ERROR, 'a stream window above 2^31-1');
          }
        }
        if (delta > 0) this.flushBlocked();
        break;
      }
      case f.SETTINGS_MAX_FRAME_SIZE:
        if (value < f.DEFAULT_MAX_FRAME_BYTES || value > f.MAX_ALLOWED_FRAME_BYTES) {
          throw new ConnectionError(f.PROTOCOL_ERROR, `SETTINGS_MAX_FRAME_SIZE ${value}`);
        }
        this.peerMaxFrameBytes = value;
        break;
      default:
      // SETTINGS_MAX_HEADER_LIST_SIZE is advisory; unknown settings are ignored (RFC 9113 §6.5.2).
    }
  }

  /** Starts waiting streams the peer's stream limit now allows. */
  private startWaiting(): void {
    while (this.waiting.size > 0 && this.streams.size < this.peerMaxStreams) {
      const next = this.waiting.shift()!;
      if (!next.closed) this.start(next);
    }
  }

  private onPingFrame(flags: number, streamId: number, payload: Buffer): void {
    if (streamId !== 0) throw new ConnectionError(f.PROTOCOL_ERROR, 'PING on a stream');
    if (payload.length !== 8) throw new ConnectionError(f.FRAME_SIZE_ERROR, 'PING is not 8 bytes');
    if ((flags & f.FLAG_ACK) === 0) {
      this.queue(pingFrame(payload, true));
      return;
    }
    const ping = this.pings.shift();
    if (ping) ping.callback(null, performance.now() - ping.started, Buffer.from(payload));
  }

  private onGoawayFrame(streamId: number, payload: Buffer): void {
    if (streamId !== 0) throw new ConnectionError(f.PROTOCOL_ERROR, 'GOAWAY on a stream');
    if (payload.length < 8) throw new ConnectionError(f.FRAME_SIZE_ERROR, 'GOAWAY shorter than 8 bytes');
    const lastStreamId = payload.readUInt32BE(0) & 0x7fffffff;
    const code = payload.readUInt32BE(4);
    this.goawayReceived = true;
    this.emit(
      'goaway',
      code,
      lastStreamId,
      payload.length > 8 ? Buffer.from(payload.subarray(8)) : undefined,
    );
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

  private onWindowUpdateFrame(streamId: number, payload: Buffer): void {
    if (payload.length !== 4) throw new ConnectionError(f.FRAME_SIZE_ERROR, 'WINDOW_UPDATE is not 4 bytes');
    const increment = payload.readUInt32BE(0) & 0x7fffffff;
    if (streamId === 0) {
      if (increment === 0)
        throw new ConnectionError(f.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0 on the connection');
      this.sendWindow += increment;
      if (this.sendWindow > f.MAX_WINDOW_BYTES) {
        throw new ConnectionError(f.FLOW_CONTROL_ERROR, 'connection window above 2^31-1');
      }
      this.flushBlocked();
      return;
    }
    this.checkKnownStream(streamId, 'WINDOW_UPDATE');
    const stream = this.streams.get(streamId);
    if (stream === undefined || stream.closed) return;
    if (increment === 0) {
      this.streamError(streamId, f.PROTOCOL_ERROR);
      return;
    }
    stream.sendWindow += increment;
    if (stream.sendWindow > f.MAX_WINDOW_BYTES) {
      this.streamError(streamId, f.FLOW_CONTROL_ERROR);
      return;
    }
    if (stream.sendQueue.length > 0 || stream.endQueued) this.flush(stream);
  }

  /** Sends what streams held back (window, socket or turn limit), oldest first, while the window lasts. */
  private flushBlocked(): void {
    for (const stream of [...this.blocked]) {
      if (this.sendWindow <= 0) return;
      if (stream.closed) this.blocked.delete(stream);
      else this.flush(stream);
    }
  }
}

function flushOutgoing(session: DirectSession): void {
  session.flushNow();
}

/** The payload of a PADDED frame without its pad length byte and padding. */
function unpad(payload: Buffer, extra: number, what: string): Buffer {
  if (payload.length < 1) throw new ConnectionError(f.FRAME_SIZE_ERROR, `${what} too short for its padding`);
  const padding = payload[0]!;
  if (padding + 1 + extra > payload.length) {
    throw new ConnectionError(f.PROTOCOL_ERROR, `${what} padding longer than the frame`);
  }
  return payload.subarray(1 + extra, payload.length - padding);
}

/** An Error with Node's `code` property, so callers can tell the same cases apart on both engines. */
function errorWithCode(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
