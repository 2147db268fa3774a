import type net from 'node:net';
import type tls from 'node:tls';
import { NGHTTP2_ENHANCE_YOUR_CALM, NGHTTP2_NO_ERROR, NGHTTP2_REFUSED_STREAM } from '../http2-error-codes.js';
import type { InboundResponseHeaders } from '../inbound-stream.js';
import { ConnectionError } from './connection-error.js';
import { DirectConnection, errorWithCode } from './direct-connection.js';
import { DirectServerStream, type ServerStreamOwner } from './direct-server-stream.js';
import * as f from './frame-types.js';
import { goawayFrame, headersFrames, rstStreamFrame } from './frame-writer.js';
import type { DecodedBlock } from './hpack-decoder.js';
import { combineRepeatedFields } from './repeated-fields.js';
import { malformedRequest } from './request-validation.js';
import { CONNECTION_FIELDS } from './response-fields.js';

export interface DirectServerSessionOptions {
  /** Our stream and connection receive window (SETTINGS_INITIAL_WINDOW_SIZE and a WINDOW_UPDATE). */
  readonly initialWindowSize: number;
  /** Our SETTINGS_MAX_HEADER_LIST_SIZE; a longer request header list resets its stream. */
  readonly maxHeaderListBytes: number;
  /** Our SETTINGS_MAX_CONCURRENT_STREAMS; a stream beyond it is refused (REFUSED_STREAM). */
  readonly maxConcurrentStreams: number;
  /**
   * Request bytes the connection holds for paused readers, all streams together, beyond which a
   * paused stream that receives more DATA is reset (ENHANCE_YOUR_CALM). Default 64 MiB, the
   * sidecar's node:http2 maxSessionMemory: stream windows alone would let a client that opens many
   * streams park window x streams bytes here.
   */
  readonly maxHeldBytes?: number;
}

const DEFAULT_MAX_HELD_BYTES = 64 * 1024 * 1024;
/** How long a gracefully closed connection waits for the client to hang up before it is cut. */
const CLOSE_LINGER_MS = 1000;

/**
 * An HTTP/2 server connection of the direct engine on one accepted socket: it checks the client
 * preface, sends its SETTINGS, opens a DirectServerStream for every valid request HEADERS and emits
 * 'stream' (stream, headers), as node:http2's server session does; malformed requests are reset
 * with PROTOCOL_ERROR (RFC 9113 §8.1.1) without reaching the application. `close()` is Node's
 * graceful close: GOAWAY with the last stream id, the open streams finish, then the socket ends.
 * Events: 'stream', 'goaway', 'error', 'close'.
 */
export class DirectServerSession extends DirectConnection<DirectServerStream> implements ServerStreamOwner {
  protected readonly peerName = 'client';
  /** The highest stream id the client opened (GOAWAY's last stream id). */
  private lastStreamId = 0;
  /** `close()` was called: GOAWAY sent, new streams refused, the socket ends with the last stream. */
  private closing = false;
  /** Request bytes held by paused streams (DirectServerStream reports them). */
  private heldBytes = 0;
  private readonly maxHeldBytes: number;

  constructor(
    socket: net.Socket | tls.TLSSocket,
    private readonly options: DirectServerSessionOptions,
  ) {
    super(socket, options);
    this.maxHeldBytes = options.maxHeldBytes ?? DEFAULT_MAX_HELD_BYTES;
    this.prefaceBytesLeft = f.CLIENT_PREFACE.length;
    // The server's preface is its SETTINGS (RFC 9113 §3.4); push is a client setting, left out.
    this.sendSettings([
      [f.SETTINGS_MAX_CONCURRENT_STREAMS, options.maxConcurrentStreams],
      [f.SETTINGS_INITIAL_WINDOW_SIZE, options.initialWindowSize],
      [f.SETTINGS_MAX_HEADER_LIST_SIZE, options.maxHeaderListBytes],
    ]);
  }

  /** `close()` was called or the session is gone (as Http2Session.closed). */
  get closed(): boolean {
    return this.closing || this.destroyed;
  }

  /**
   * Graceful close, as Http2Session.close(): GOAWAY NO_ERROR with the last stream id (streams up to
   * it are answered, later ones refused), then the socket ends once the open streams have closed.
   */
  close(): void {
    if (this.closing || this.destroyed) return;
    this.closing = true;
    this.queue(goawayFrame(this.lastStreamId, NGHTTP2_NO_ERROR));
    if (this.streams.size === 0) this.finish();
  }

  /**
   * Writes what is queued and ends our side of the socket. The client hangs up on the GOAWAY once
   * its streams are done, and the socket's 'close' destroys us; one that does not is cut off after
   * CLOSE_LINGER_MS. Waiting for its FIN rather than closing at once keeps the last trailers safe:
   * closing a TCP socket with unread input (a late WINDOW_UPDATE) sends RST, which can drop them.
   */
  private finish(): void {
    this.flushNow();
    this.socket.end();
    setTimeout(destroySession, CLOSE_LINGER_MS, this).unref();
  }

  // ---- what streams call ----

  sendHeaders(stream: DirectServerStream, headers: InboundResponseHeaders, endStream: boolean): void {
    if (this.destroyed) return;
    const pseudo: Record<string, string> = {};
    const regular: Record<string, string> = {};
    for (const key in headers) {
      const value = headers[key];
      if (value === undefined) continue;
      const name = lowerCase(key);
      // Repeated values travel as one field joined with ", " (RFC 9110 §5.3), which gRPC reads alike.
      const text =
        typeof value === 'string' ? value : typeof value === 'number' ? String(value) : value.join(', ');
      if (name.charCodeAt(0) === 58 /* : */) pseudo[name] = text;
      else if (!CONNECTION_FIELDS.has(name)) regular[name] = text;
    }
    const block = this.encoder.encode(regular, pseudo);
    this.queue(headersFrames(stream.id, block, endStream ? f.FLAG_END_STREAM : 0, this.peerMaxFrameBytes));
  }

  streamClosed(stream: DirectServerStream): void {
    if (!this.forget(stream)) return;
    if (this.closing && this.streams.size === 0 && !this.destroyed) this.finish();
  }

  protected lastPeerStreamId(): number {
    return this.lastStreamId;
  }

  // ---- reading ----

  protected checkKnownStream(streamId: number, what: string): void {
    if (streamId === 0) throw new ConnectionError(f.PROTOCOL_ERROR, `${what} on stream 0`);
    // Even ids are the server's, and we open none; higher odd ids were never opened (idle).
    if ((streamId & 1) === 0 || streamId > this.lastStreamId) {
      throw new ConnectionError(f.PROTOCOL_ERROR, `${what} on idle stream ${streamId}`);
    }
  }

  protected override checkHeadersStream(streamId: number): void {
    if (streamId === 0) throw new ConnectionError(f.PROTOCOL_ERROR, 'HEADERS on stream 0');
    if ((streamId & 1) === 0) {
      throw new ConnectionError(f.PROTOCOL_ERROR, `HEADERS on even stream ${streamId} from a client`);
    }
  }

  heldChanged(bytes: number): void {
    this.heldBytes += bytes;
  }

  protected dataRefusal(stream: DirectServerStream): number {
    if (stream.remoteEnded) return f.STREAM_CLOSED;
    // As Node refuses work past maxSessionMemory: the stream that would add to the pile is reset.
    return this.heldBytes >= this.maxHeldBytes && stream.holding ? NGHTTP2_ENHANCE_YOUR_CALM : 0;
  }

  protected receiveHeaders(streamId: number, flags: number, decoded: DecodedBlock): void {
    const endStream = (flags & f.FLAG_END_STREAM) !== 0;
    const stream = this.streams.get(streamId);
    if (stream === undefined) {
      // A closed stream's late trailers are dropped; a new stream must have a higher id (§5.1.1).
      if (streamId > this.lastStreamId) this.openStream(streamId, endStream, decoded);
      return;
    }
    // Request trailers: gRPC sends none, but HTTP allows them; they only end the request.
    if (this.refusedHeaderBlock(stream, decoded)) return;
    if (malformedRequest(decoded.headers, decoded.pseudoFirst, true, endStream)) {
      this.streamError(streamId, f.PROTOCOL_ERROR);
      return;
    }
    this.remoteEnd(stream);
  }

  private openStream(streamId: number, endStream: boolean, decoded: DecodedBlock): void {
    this.lastStreamId = streamId;
    // After our GOAWAY, or beyond our stream limit, the request is not processed: REFUSED_STREAM
    // tells the client it may send it again (RFC 9113 §5.1.2, §8.7).
    if (this.closing || this.streams.size >= this.options.maxConcurrentStreams) {
      this.queue(rstStreamFrame(streamId, NGHTTP2_REFUSED_STREAM));
      return;
    }
    // Over our SETTINGS_MAX_HEADER_LIST_SIZE: this stream only, as Node does.
    if (decoded.listBytes > this.options.maxHeaderListBytes) {
      this.queue(rstStreamFrame(streamId, NGHTTP2_ENHANCE_YOUR_CALM));
      return;
    }
    if (malformedRequest(decoded.headers, decoded.pseudoFirst, false, endStream)) {
      this.queue(rstStreamFrame(streamId, f.PROTOCOL_ERROR));
      return;
    }
    // Repeated request fields read as node:http2's server gives them (joined, set-cookie a list).
    combineRepeatedFields(decoded.headers);
    const stream = new DirectServerStream(
      this,
      streamId,
      this.peerInitialWindow,
      this.options.initialWindowSize,
    );
    this.streams.set(streamId, stream);
    this.emit('stream', stream, decoded.headers);
    if (endStream && !stream.closed) this.remoteEnd(stream);
  }

  protected override remoteEnd(stream: DirectServerStream): void {
    stream.remoteEnded = true;
    stream.receiveEnd();
    if (!stream.closed && stream.localEnded) stream.terminate(NGHTTP2_NO_ERROR);
  }

  protected applyRoleSetting(id: number, value: number): void {
    // SETTINGS_MAX_CONCURRENT_STREAMS limits streams we open: none. Push is off unless 1 (§6.5.2).
    if (id === f.SETTINGS_ENABLE_PUSH && value > 1) {
      throw new ConnectionError(f.PROTOCOL_ERROR, `SETTINGS_ENABLE_PUSH ${value}`);
    }
  }

  protected peerWentAway(code: number): void {
    // As Node's server: a clean GOAWAY lets open streams finish, any other ends the session now.
    if (this.destroyed) return;
    if (code === NGHTTP2_NO_ERROR) this.close();
    else
      this.destroy(
        errorWithCode('ERR_HTTP2_SESSION_ERROR', `the client closed the connection with GOAWAY code ${code}`),
      );
  }
}

function destroySession(session: DirectServerSession): void {
  session.destroy();
}

/** `name` in lower case; header names are almost always lower case already (no new string then). */
function lowerCase(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) return name.toLowerCase();
  }
  return name;
}
