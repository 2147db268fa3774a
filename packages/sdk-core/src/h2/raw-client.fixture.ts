import net from 'node:net';
import { FrameLog, type ReceivedFrame } from './frame-log.fixture.js';
import { FrameReader } from './frame-reader.js';
import * as f from './frame-types.js';
import {
  frame,
  goawayFrame,
  headersFrames,
  pingFrame,
  rstStreamFrame,
  SETTINGS_ACK_FRAME,
  settingsFrame,
  windowUpdateFrame,
} from './frame-writer.js';
import { type HeaderFields, HpackDecoder } from './hpack-decoder.js';
import { HpackEncoder } from './hpack-encoder.js';

/**
 * A scripted HTTP/2 client for frame-level server tests (the mirror of raw-peer.fixture.ts): it
 * connects to a socket, sends only the bytes the test tells it to (a bad preface, malformed header
 * lists, DATA past a window), records every frame the server sends and decodes its header blocks
 * in order. Waiting is on frames or on the connection closing, never on time.
 */
export class RawClient {
  private readonly log = new FrameLog((streamId, block) => {
    const list = this.headerBlocks.get(streamId) ?? [];
    list.push(this.decoder.decode(block).headers);
    this.headerBlocks.set(streamId, list);
  });
  /** Decoded header blocks by stream id, in arrival order (response headers, then trailers). */
  readonly headerBlocks = new Map<number, HeaderFields[]>();
  readonly encoder = new HpackEncoder();
  private readonly decoder = new HpackDecoder();
  private readonly reader = new FrameReader(
    (type, flags, streamId, payload) => this.onFrame(type, flags, streamId, payload),
    f.MAX_ALLOWED_FRAME_BYTES,
  );
  private pingsSent = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.reader.push(chunk));
    socket.on('error', () => {
      // The server may reset the connection; 'close' follows and is what tests wait on.
    });
    socket.on('close', () => this.log.markClosed());
  }

  /** `allowHalfOpen`: keep our side open after the server's FIN (a client that never hangs up). */
  static async connect(socketPath: string, allowHalfOpen = false): Promise<RawClient> {
    const socket = net.connect({ path: socketPath, allowHalfOpen });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  send(...buffers: Buffer[]): void {
    if (!this.socket.destroyed) this.socket.write(Buffer.concat(buffers));
  }

  /** The preface and our SETTINGS, then waits for the server's SETTINGS (ACKed) and its ACK of ours. */
  async handshake(settings: ReadonlyArray<readonly [number, number]> = []): Promise<void> {
    this.send(f.CLIENT_PREFACE, settingsFrame(settings));
    await this.waitFor((r) => r.type === f.FRAME_SETTINGS && (r.flags & f.FLAG_ACK) === 0);
    this.send(SETTINGS_ACK_FRAME);
    await this.waitFor((r) => r.type === f.FRAME_SETTINGS && (r.flags & f.FLAG_ACK) !== 0);
  }

  /** HPACK-encodes `fields` in key order, unchecked (tests send malformed lists on purpose). */
  encode(fields: Readonly<Record<string, string>>): Buffer {
    return this.encoder.encode(fields);
  }

  headers(streamId: number, fields: Readonly<Record<string, string>>, flags = 0): void {
    this.send(headersFrames(streamId, this.encode(fields), flags, f.DEFAULT_MAX_FRAME_BYTES));
  }

  /** A gRPC request's HEADERS to `path`. */
  request(streamId: number, path = '/demo.Echo/Say', flags = 0, extra: Record<string, string> = {}): void {
    this.headers(
      streamId,
      {
        ':method': 'POST',
        ':scheme': 'http',
        ':path': path,
        ':authority': 'test',
        'content-type': 'application/grpc',
        te: 'trailers',
        ...extra,
      },
      flags,
    );
  }

  data(streamId: number, bytes: Uint8Array, flags = 0): void {
    this.send(frame(f.FRAME_DATA, flags, streamId, bytes));
  }

  rst(streamId: number, code: number): void {
    this.send(rstStreamFrame(streamId, code));
  }

  goaway(lastStreamId: number, code: number): void {
    this.send(goawayFrame(lastStreamId, code));
  }

  windowUpdate(streamId: number, increment: number): void {
    this.send(windowUpdateFrame(streamId, increment));
  }

  /** Sends a PING and waits for its ACK: the server has handled everything sent before it. */
  async roundTrip(): Promise<void> {
    const payload = Buffer.alloc(8);
    payload.writeUInt32BE(++this.pingsSent, 4);
    this.send(pingFrame(payload, false));
    await this.waitFor(
      (r) => r.type === f.FRAME_PING && (r.flags & f.FLAG_ACK) !== 0 && r.payload.equals(payload),
    );
  }

  framesOf(type: number, streamId?: number): ReceivedFrame[] {
    return this.frames.filter((r) => r.type === type && (streamId === undefined || r.streamId === streamId));
  }

  /** The RST_STREAM code the server sent on a stream, if any. */
  rstCode(streamId: number): number | undefined {
    return this.framesOf(f.FRAME_RST_STREAM, streamId)[0]?.payload.readUInt32BE(0);
  }

  /** The response body received on a stream. */
  body(streamId: number): Buffer {
    return Buffer.concat(this.framesOf(f.FRAME_DATA, streamId).map((r) => r.payload));
  }

  /** Whether the server ended the stream (END_STREAM on HEADERS or DATA). */
  ended(streamId: number): boolean {
    return this.frames.some(
      (r) =>
        r.streamId === streamId &&
        (r.type === f.FRAME_DATA || r.type === f.FRAME_HEADERS) &&
        (r.flags & f.FLAG_END_STREAM) !== 0,
    );
  }

  /** Every frame received, in order. */
  get frames(): readonly ReceivedFrame[] {
    return this.log.frames;
  }

  get socketClosed(): boolean {
    return this.log.closed;
  }

  /** Resolves once `ready()` holds; rejects if the connection closes first. */
  until(ready: () => boolean): Promise<void> {
    return this.log.until(ready);
  }

  waitFor(match: (received: ReceivedFrame) => boolean): Promise<ReceivedFrame> {
    return this.log.waitFor(match);
  }

  /** Resolves when the server has closed the connection. */
  closed(): Promise<void> {
    if (this.socketClosed) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  /** Ends our side of the connection (FIN), as a client hanging up after GOAWAY does. */
  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onFrame(type: number, flags: number, streamId: number, payload: Buffer): void {
    this.log.record(type, flags, streamId, payload);
    this.log.settle();
  }
}
