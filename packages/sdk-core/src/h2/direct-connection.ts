import { EventEmitter } from 'node:events';
import type net from 'node:net';
import type tls from 'node:tls';
import { NGHTTP2_CANCEL, NGHTTP2_ENHANCE_YOUR_CALM, NGHTTP2_NO_ERROR } from '../http2-error-codes.js';
import { ConnectionError } from './connection-error.js';
import { FrameReader } from './frame-reader.js';
import * as f from './frame-types.js';
import {
  goawayFrame,
  pingFrame,
  rstStreamFrame,
  SETTINGS_ACK_FRAME,
  settingsFrame,
  windowUpdateFrame,
  writeFrameHeader,
} from './frame-writer.js';
import { type DecodedBlock, HpackDecoder } from './hpack-decoder.js';
import { HpackEncoder } from './hpack-encoder.js';
import { HpackError } from './hpack-error.js';

/** The receive limits a connection advertises, whichever side it is. */
export interface ConnectionLimits {
  /** Our stream and connection receive window. */
  readonly initialWindowSize: number;
  /** Our SETTINGS_MAX_HEADER_LIST_SIZE; a longer header list resets its stream. */
  readonly maxHeaderListBytes: number;
}

/**
 * The send and receive state of one stream that the connection reads and moves: windows, the DATA
 * queue, which side ended. The client's DirectStream and the server's DirectServerStream both carry
 * it; the events each raises are their own.
 */
export interface ConnectionStream {
  id: number;
  readonly closed: boolean;
  /** We sent END_STREAM. */
  localEnded: boolean;
  /** The peer sent END_STREAM. */
  remoteEnded: boolean;
  /** Bytes the reader took that have not been returned to the peer with WINDOW_UPDATE. */
  recvUnacked: number;
  /** Bytes the peer may still send on this stream. */
  recvWindow: number;
  /** Bytes the peer lets us send on this stream. */
  sendWindow: number;
  /** DATA chunks the windows have not let out yet. */
  readonly sendQueue: Buffer[];
  queuedBytes: number;
  /** An END_STREAM is waiting behind `sendQueue` (it goes on the last DATA frame). */
  endQueued: boolean;
  /** The connection sent what it could of the queue ('drain' and the like). */
  sent(): void;
  /** A DATA payload, padding removed. */
  receiveData(chunk: Buffer): void;
  /** Closes the stream for a reason the connection found (reset, both sides ended, connection lost). */
  terminate(code: number, error?: Error): void;
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
 * What an HTTP/2 connection of the direct engine does the same on either side of one socket: it
 * reads frames straight off the socket and dispatches them, gathers every frame written in one
 * turn of the event loop into one write (holding DATA back while the socket is full), sends DATA
 * within the peer's windows and returns ours with WINDOW_UPDATE, applies and acknowledges SETTINGS,
 * answers PING, assembles CONTINUATION, keeps both HPACK tables, and ends the connection with GOAWAY
 * on a protocol error. The client (DirectSession) and the server (DirectServerSession) add who
 * opens streams, what their header blocks must look like and how GOAWAY ends them. RFC 9113.
 */
export abstract class DirectConnection<S extends ConnectionStream> extends EventEmitter {
  destroyed = false;
  protected readonly reader: FrameReader;
  protected readonly encoder = new HpackEncoder();
  protected readonly decoder = new HpackDecoder();
  protected readonly streams = new Map<number, S>();
  /** Streams with queued DATA that the connection window holds back, in order. */
  protected readonly blocked = new Set<S>();
  protected sendWindow = f.DEFAULT_WINDOW_BYTES;
  protected peerInitialWindow = f.DEFAULT_WINDOW_BYTES;
  protected peerMaxFrameBytes = f.DEFAULT_MAX_FRAME_BYTES;
  /** Receive window the peer still has on the connection. */
  protected recvWindow: number;
  /** Bytes received on the connection not yet returned with WINDOW_UPDATE. */
  protected recvUnacked = 0;
  protected gotSettings = false;
  protected goawayReceived = false;
  /** Bytes of the client preface still to check (a server reads it before any frame). */
  protected prefaceBytesLeft = 0;
  /** Which side the peer is, for error messages ("the server sent..."). */
  protected abstract readonly peerName: 'client' | 'server';
  private headerBlock: HeaderBlockInProgress | undefined;
  private readonly pings: PendingPing[] = [];
  private outgoing: Buffer[] = [];
  private outgoingBytes = 0;
  private flushScheduled = false;
  /** The socket's buffer is over its high-water mark: DATA waits in the streams until 'drain'. */
  private socketFull = false;
  private closeEmitted = false;

  constructor(
    protected readonly socket: net.Socket | tls.TLSSocket,
    protected readonly limits: ConnectionLimits,
  ) {
    super();
    // SETTINGS_INITIAL_WINDOW_SIZE only sets stream windows; the connection window starts at
    // 65,535 and only WINDOW_UPDATE moves it (RFC 9113 §6.9.2), so a smaller setting leaves it there.
    this.recvWindow = Math.max(limits.initialWindowSize, f.DEFAULT_WINDOW_BYTES);
    this.reader = new FrameReader(this.onFrame, f.DEFAULT_MAX_FRAME_BYTES);
    socket.on('data', this.onData);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onSocketClose);
  }

  /** Queues our SETTINGS and the WINDOW_UPDATE that opens the connection window to match. */
  protected sendSettings(settings: ReadonlyArray<readonly [number, number]>): void {
    this.queue(settingsFrame(settings));
    if (this.limits.initialWindowSize > f.DEFAULT_WINDOW_BYTES) {
      this.queue(windowUpdateFrame(0, this.limits.initialWindowSize - f.DEFAULT_WINDOW_BYTES));
    }
  }

  private readonly onData = (chunk: Buffer): void => {
    try {
      if (this.prefaceBytesLeft > 0) {
        const rest = this.checkPreface(chunk);
        if (rest.length === 0) return;
        this.reader.push(rest);
        return;
      }
      this.reader.push(chunk);
    } catch (err) {
      this.connectionError(err);
    }
  };

  /** Compares the next bytes with the client preface; returns what follows it. */
  private checkPreface(chunk: Buffer): Buffer {
    const offset = f.CLIENT_PREFACE.length - this.prefaceBytesLeft;
    const length = Math.min(this.prefaceBytesLeft, chunk.length);
    if (f.CLIENT_PREFACE.compare(chunk, 0, length, offset, offset + length) !== 0) {
      throw new ConnectionError(f.PROTOCOL_ERROR, 'the connection did not start with the HTTP/2 preface');
    }
    this.prefaceBytesLeft -= length;
    return chunk.subarray(length);
  }

  private readonly onSocketError = (error: Error): void => {
    this.destroy(error);
  };

  private readonly onSocketClose = (): void => {
    this.destroy();
    this.emitClose();
  };

  // ---- what streams call ----

  /** Sends what the stream has queued as far as the windows, the socket and the turn limit allow. */
  flush(stream: S): void {
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

  /** Counts `bytes` the stream's reader took; returns them with WINDOW_UPDATE past half a window. */
  consumed(stream: S, bytes: number): void {
    stream.recvUnacked += bytes;
    if (!stream.remoteEnded && stream.recvUnacked >= this.limits.initialWindowSize >>> 1) {
      this.queue(windowUpdateFrame(stream.id, stream.recvUnacked));
      stream.recvWindow += stream.recvUnacked;
      stream.recvUnacked = 0;
    }
  }

  /** Sends RST_STREAM; the stream has already marked itself closed. */
  reset(stream: S, code: number): void {
    if (!this.destroyed) this.queue(rstStreamFrame(stream.id, code));
  }

  /** Drops a closed stream; false when it was not (or no longer) one of ours. */
  protected forget(stream: S): boolean {
    this.blocked.delete(stream);
    if (stream.id === 0 || this.streams.get(stream.id) !== stream) return false;
    this.streams.delete(stream.id);
    return true;
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
    this.abandonStreams(error);
    // The socket's 'close' then emits ours (onSocketClose).
    this.socket.destroy();
  }

  /**
   * The connection is gone: every open stream is lost with it, which Node reports as CANCEL on a
   * destroyed session (stream-failure.ts).
   */
  protected abandonStreams(error: Error | undefined): void {
    for (const stream of [...this.streams.values()]) stream.terminate(NGHTTP2_CANCEL, error);
    this.streams.clear();
  }

  private emitClose(): void {
    if (this.closeEmitted) return;
    this.closeEmitted = true;
    this.emit('close');
  }

  /** Ends the connection for a protocol violation: GOAWAY with its code, then destroy. */
  protected connectionError(err: unknown): void {
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

  /** The highest stream id the peer opened that we processed (GOAWAY's last stream id). */
  protected abstract lastPeerStreamId(): number;

  // ---- writing ----

  protected queue(buffer: Buffer): void {
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
    // A server ending gracefully has ended its side (DirectServerSession.finish): nothing more goes.
    if (socket.destroyed || socket.writableEnded) return;
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
      throw new ConnectionError(
        f.PROTOCOL_ERROR,
        `the ${this.peerName}'s first frame was type ${type}, not SETTINGS`,
      );
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
        // Clients never push, and we tell servers not to (SETTINGS_ENABLE_PUSH 0).
        throw new ConnectionError(f.PROTOCOL_ERROR, 'PUSH_PROMISE although push is disabled');
      case f.FRAME_PRIORITY:
        if (streamId === 0) throw new ConnectionError(f.PROTOCOL_ERROR, 'PRIORITY on stream 0');
        if (payload.length !== 5) this.streamError(streamId, f.FRAME_SIZE_ERROR);
        break;
      default:
      // Unknown frame types are ignored (RFC 9113 §4.1).
    }
  };

  /** Throws for a frame on stream 0 or on a stream that is idle (never opened) on this side. */
  protected abstract checkKnownStream(streamId: number, what: string): void;

  /** Throws unless HEADERS may arrive on this stream id (a server takes new ones, a client does not). */
  protected checkHeadersStream(streamId: number): void {
    this.checkKnownStream(streamId, 'HEADERS');
  }

  /** 0 when the stream may receive DATA now, else the code to reset it with. */
  protected abstract dataRefusal(stream: S): number;

  private onDataFrame(flags: number, streamId: number, payload: Buffer): void {
    this.checkKnownStream(streamId, 'DATA');
    // The whole frame, padding included, counts against flow control (RFC 9113 §6.1).
    const frameBytes = payload.length;
    this.recvWindow -= frameBytes;
    if (this.recvWindow < 0) {
      throw new ConnectionError(
        f.FLOW_CONTROL_ERROR,
        `the ${this.peerName} sent more DATA than the connection window`,
      );
    }
    this.recvUnacked += frameBytes;
    if (this.recvUnacked >= this.limits.initialWindowSize >>> 1) {
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
    const refusal = this.dataRefusal(stream);
    if (refusal !== 0) {
      this.streamError(streamId, refusal);
      return;
    }
    // Padding is consumed at once; the data is consumed when the reader takes it.
    if (frameBytes > data.length) this.consumed(stream, frameBytes - data.length);
    if (data.length > 0) stream.receiveData(data);
    if ((flags & f.FLAG_END_STREAM) !== 0) this.remoteEnd(stream);
  }

  private onHeadersFrame(flags: number, streamId: number, payload: Buffer): void {
    this.checkHeadersStream(streamId);
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
      this.limits.maxHeaderListBytes * MAX_HEADER_BLOCK_FACTOR + f.DEFAULT_MAX_FRAME_BYTES
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
    const decoded = this.decoder.decode(block, this.limits.maxHeaderListBytes);
    this.receiveHeaders(streamId, flags, decoded);
  }

  /** A whole header block, decoded (HEADERS plus any CONTINUATION; flags are the HEADERS frame's). */
  protected abstract receiveHeaders(streamId: number, flags: number, decoded: DecodedBlock): void;

  /**
   * The peer ended its side. With our side ended too the stream is closed; otherwise it stays
   * half-closed until we end or the peer resets it, as in nghttp2: a Node server that resets a
   * stream sends END_STREAM first and RST_STREAM after, and the reset code is the outcome.
   */
  protected remoteEnd(stream: S): void {
    stream.remoteEnded = true;
    if (!stream.closed && stream.localEnded) stream.terminate(NGHTTP2_NO_ERROR);
  }

  /** Resets one stream for a problem in what the peer sent on it (RFC 9113 §5.4.2). */
  /**
   * What every header block on a stream already open gets, on both sides: ignored on a closed
   * stream, STREAM_CLOSED after the peer's END_STREAM, and, as Node does for a list over our
   * SETTINGS_MAX_HEADER_LIST_SIZE, ENHANCE_YOUR_CALM for this stream only. True when the block was
   * refused (nothing more to do with it).
   */
  protected refusedHeaderBlock(stream: ConnectionStream, decoded: DecodedBlock): boolean {
    if (stream.closed) return true;
    if (stream.remoteEnded) {
      this.streamError(stream.id, f.STREAM_CLOSED);
      return true;
    }
    if (decoded.listBytes > this.limits.maxHeaderListBytes) {
      this.streamError(stream.id, NGHTTP2_ENHANCE_YOUR_CALM);
      return true;
    }
    return false;
  }

  protected streamError(streamId: number, code: number): void {
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
    this.settingsApplied();
  }

  private applySetting(id: number, value: number): void {
    switch (id) {
      case f.SETTINGS_HEADER_TABLE_SIZE:
        this.encoder.setPeerMaxTableBytes(value);
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
        this.applyRoleSetting(id, value);
    }
  }

  /** SETTINGS_ENABLE_PUSH and SETTINGS_MAX_CONCURRENT_STREAMS, which mean different things per side. */
  protected abstract applyRoleSetting(id: number, value: number): void;

  /** The peer's SETTINGS were applied and acknowledged. */
  protected settingsApplied(): void {}

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
    this.peerWentAway(code, lastStreamId);
  }

  /** The peer sent GOAWAY (already emitted as 'goaway'): end or keep streams as this side does. */
  protected abstract peerWentAway(code: number, lastStreamId: number): void;

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
  protected flushBlocked(): void {
    for (const stream of [...this.blocked]) {
      if (this.sendWindow <= 0) return;
      if (stream.closed) this.blocked.delete(stream);
      else this.flush(stream);
    }
  }
}

function flushOutgoing(connection: DirectConnection<ConnectionStream>): void {
  connection.flushNow();
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
export function errorWithCode(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
