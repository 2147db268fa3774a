import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FrameLog, type ReceivedFrame } from './frame-log.fixture.js';
import { FrameReader } from './frame-reader.js';
import * as f from './frame-types.js';
import { frame, headersFrames, pingFrame, SETTINGS_ACK_FRAME, settingsFrame } from './frame-writer.js';
import { type HeaderFields, HpackDecoder } from './hpack-decoder.js';
import { HpackEncoder } from './hpack-encoder.js';

export type { ReceivedFrame } from './frame-log.fixture.js';

/**
 * A scripted HTTP/2 server for frame-level client tests: it accepts one connection on a Unix socket,
 * checks the client preface, records every frame the client sends (and the request header blocks,
 * decoded), and sends only what the test tells it to, so a test can produce any frame sequence,
 * including ones a real server never would. It answers PINGs unless told not to; nothing else is
 * automatic. Waiting is on frames, never on time.
 */
export class RawPeer {
  private readonly log = new FrameLog((streamId, block) => this.onRequestBlock(streamId, block));
  /** Decoded request header blocks by stream id. */
  readonly requests = new Map<number, HeaderFields>();
  /** Header blocks that did not decode (the client's HPACK state and ours disagree). */
  readonly decodeErrors: Error[] = [];
  /** The first 24 bytes the client sent. */
  preface: Buffer | undefined;
  /** ACK the client's PINGs as they arrive. */
  answerPings = true;
  /** Encodes the header blocks the peer sends (its dynamic table follows what was sent). */
  readonly encoder = new HpackEncoder();
  private socket: net.Socket | undefined;
  private readonly decoder = new HpackDecoder();
  private readonly reader = new FrameReader(
    (type, flags, streamId, payload) => this.onFrame(type, flags, streamId, payload),
    f.MAX_ALLOWED_FRAME_BYTES,
  );
  private prefaceBytes = Buffer.alloc(0);
  private readonly observers: Array<(received: ReceivedFrame) => void> = [];
  private pingsSent = 0;
  private acceptedResolve: (() => void) | undefined;
  /** Resolves when the client has connected. */
  readonly accepted = new Promise<void>((resolve) => {
    this.acceptedResolve = resolve;
  });

  private constructor(
    private readonly server: net.Server,
    private readonly dir: string,
    /** The Unix socket path to connect to. */
    readonly path: string,
  ) {
    server.on('connection', (socket) => {
      if (this.socket !== undefined) {
        socket.destroy();
        return;
      }
      this.socket = socket;
      socket.on('data', (chunk: Buffer) => this.onBytes(chunk));
      socket.on('error', () => {
        // The client may reset the connection; 'close' follows and is what tests wait on.
      });
      socket.on('close', () => {
        this.log.markClosed();
      });
      this.acceptedResolve?.();
    });
  }

  static async listen(): Promise<RawPeer> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'raw-h2-peer-'));
    const socketPath = path.join(dir, 'peer.sock');
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, resolve);
    });
    return new RawPeer(server, dir, socketPath);
  }

  /** A client socket connected to this peer. */
  connect(): net.Socket {
    return net.connect(this.path);
  }

  // ---- sending ----

  /** Writes the buffers as one chunk (so the client reads them in one 'data' event when it can). */
  send(...buffers: Buffer[]): void {
    this.socket?.write(Buffer.concat(buffers));
  }

  settings(settings: ReadonlyArray<readonly [number, number]> = []): void {
    this.send(settingsFrame(settings));
  }

  /** The server's SETTINGS, then waits for the client's SETTINGS and its ACK of ours. */
  async handshake(settings: ReadonlyArray<readonly [number, number]> = []): Promise<void> {
    this.settings(settings);
    await this.waitFor((r) => r.type === f.FRAME_SETTINGS && (r.flags & f.FLAG_ACK) === 0);
    this.send(SETTINGS_ACK_FRAME);
    await this.waitFor((r) => r.type === f.FRAME_SETTINGS && (r.flags & f.FLAG_ACK) !== 0);
  }

  /** HPACK-encodes `fields` in their key order (no validation: tests send malformed lists too). */
  encode(fields: Readonly<Record<string, string>>): Buffer {
    return this.encoder.encode(fields);
  }

  /** One HEADERS frame with END_HEADERS, plus `flags` (END_STREAM for trailers). */
  headers(streamId: number, fields: Readonly<Record<string, string>>, flags = 0): void {
    this.send(headersFrames(streamId, this.encode(fields), flags, f.DEFAULT_MAX_FRAME_BYTES));
  }

  /** A gRPC-style response HEADERS (:status 200). */
  respond(streamId: number, flags = 0): void {
    this.headers(streamId, { ':status': '200', 'content-type': 'application/grpc' }, flags);
  }

  /** Trailers that end the stream. */
  trailers(streamId: number, fields: Readonly<Record<string, string>> = { 'grpc-status': '0' }): void {
    this.headers(streamId, fields, f.FLAG_END_STREAM);
  }

  data(streamId: number, bytes: Uint8Array, flags = 0): void {
    this.send(frame(f.FRAME_DATA, flags, streamId, bytes));
  }

  /** Stops reading the connection (a slow peer: our client's writes back up). */
  pauseReading(): void {
    this.socket?.pause();
  }

  resumeReading(): void {
    this.socket?.resume();
  }

  /** Closes the connection abruptly. */
  destroySocket(): void {
    this.socket?.destroy();
  }

  // ---- observing ----

  /** Calls `listener` for every frame from now on, as it arrives (to script replies). */
  observe(listener: (received: ReceivedFrame) => void): void {
    this.observers.push(listener);
  }

  /** Every frame received after the preface, in order. */
  get frames(): readonly ReceivedFrame[] {
    return this.log.frames;
  }

  /** The connection from the client has closed. */
  get socketClosed(): boolean {
    return this.log.closed;
  }

  /** Resolves once `ready()` holds (checked after every frame); rejects if the connection closes first. */
  until(ready: () => boolean): Promise<void> {
    return this.log.until(ready);
  }

  /** The first frame (already received or still to come) that matches. */
  waitFor(match: (received: ReceivedFrame) => boolean): Promise<ReceivedFrame> {
    return this.log.waitFor(match);
  }

  /**
   * Sends a PING and waits for its ACK: the client has then processed every frame sent before it,
   * and every frame it wrote in reply has arrived (frames on one connection stay in order).
   */
  async roundTrip(): Promise<void> {
    const payload = Buffer.alloc(8);
    payload.writeUInt32BE(0x70656572 /* peer */, 0);
    payload.writeUInt32BE(++this.pingsSent, 4);
    this.send(pingFrame(payload, false));
    await this.waitFor(
      (r) => r.type === f.FRAME_PING && (r.flags & f.FLAG_ACK) !== 0 && r.payload.equals(payload),
    );
  }

  framesOf(type: number, streamId?: number): ReceivedFrame[] {
    return this.frames.filter((r) => r.type === type && (streamId === undefined || r.streamId === streamId));
  }

  /** The request body received on a stream so far. */
  body(streamId: number): Buffer {
    return Buffer.concat(this.framesOf(f.FRAME_DATA, streamId).map((r) => r.payload));
  }

  /** Whether the client ended its side of the stream (END_STREAM on HEADERS or DATA). */
  ended(streamId: number): boolean {
    return this.frames.some(
      (r) =>
        r.streamId === streamId &&
        (r.type === f.FRAME_DATA || r.type === f.FRAME_HEADERS) &&
        (r.flags & f.FLAG_END_STREAM) !== 0,
    );
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  // ---- reading ----

  private onBytes(chunk: Buffer): void {
    let rest = chunk;
    if (this.preface === undefined) {
      this.prefaceBytes = Buffer.concat([this.prefaceBytes, chunk]);
      if (this.prefaceBytes.length < f.CLIENT_PREFACE.length) return;
      this.preface = this.prefaceBytes.subarray(0, f.CLIENT_PREFACE.length);
      rest = this.prefaceBytes.subarray(f.CLIENT_PREFACE.length);
    }
    this.reader.push(rest);
  }

  private onFrame(type: number, flags: number, streamId: number, payload: Buffer): void {
    const received = this.log.record(type, flags, streamId, payload);
    if (type === f.FRAME_PING && (flags & f.FLAG_ACK) === 0 && this.answerPings) {
      this.send(pingFrame(payload, true));
    }
    for (const observer of this.observers) observer(received);
    this.log.settle();
  }

  private onRequestBlock(streamId: number, block: Buffer): void {
    try {
      this.requests.set(streamId, this.decoder.decode(block).headers);
    } catch (err) {
      // Recorded, not thrown: a throw here would be an uncaught exception in the socket handler.
      this.decodeErrors.push(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
