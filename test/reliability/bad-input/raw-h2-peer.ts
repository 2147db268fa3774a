/**
 * A hand-written HTTP/2 server that sends whatever frames a test tells it to, including what
 * node:http2's server refuses to send: DATA after trailers, pseudo-headers in trailers, header names
 * in upper case. It speaks just enough HTTP/2 (RFC 9113) to carry a client's requests: the preface,
 * SETTINGS and their ACKs, PING ACKs, and HEADERS/DATA collected per stream. Request headers are
 * not decoded (no HPACK decoder): tests pick behaviour by the order of calls.
 */
import net from 'node:net';

const PREFACE_BYTES = 24;
const FRAME_HEADER_BYTES = 9;
/** The client's SETTINGS_MAX_FRAME_SIZE, left at its default by our channel. */
const MAX_FRAME_BYTES = 16_384;

export const FrameType = {
  data: 0,
  headers: 1,
  rstStream: 3,
  settings: 4,
  ping: 6,
  goaway: 7,
  continuation: 9,
};
export const Flag = { endStream: 0x1, ack: 0x1, endHeaders: 0x4 };

/** A request the peer has read to its end: its stream id and its DATA bytes. */
export interface RawRequest {
  readonly streamId: number;
  readonly body: Buffer;
  /** Writes one frame on the connection, as given (even above the client's max frame size). */
  frame(type: number, flags: number, streamId: number, payload: Buffer): void;
  /** HEADERS (plus CONTINUATION when large) with the fields given in order, HPACK literals only. */
  headers(fields: ReadonlyArray<readonly [string, string]>, endStream: boolean): void;
  /** DATA frames of at most 16 KiB carrying `payload`. */
  data(payload: Buffer, endStream: boolean): void;
}

export interface RawH2Peer {
  readonly port: number;
  /** Requests answered so far. */
  readonly requests: number;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/** An HPACK integer with an `prefixBits`-bit prefix (RFC 7541 §5.1). */
function hpackInteger(value: number, prefixBits: number, firstByte: number): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [firstByte | value];
  const out = [firstByte | max];
  let rest = value - max;
  while (rest >= 128) {
    out.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

/** "Literal header field without indexing, new name", no Huffman (RFC 7541 §6.2.2). */
export function hpackBlock(fields: ReadonlyArray<readonly [string, string]>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    const n = Buffer.from(name, 'latin1');
    const v = Buffer.from(value, 'latin1');
    parts.push(Buffer.from([0]), Buffer.from(hpackInteger(n.length, 7, 0)), n);
    parts.push(Buffer.from(hpackInteger(v.length, 7, 0)), v);
  }
  return Buffer.concat(parts);
}

/** The 9-byte frame header (RFC 9113 §4.1). */
export function encodeFrameHeader(length: number, type: number, flags: number, streamId: number): Buffer {
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUIntBE(length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId & 0x7fffffff, 5);
  return header;
}

/** Starts the peer on 127.0.0.1; `onRequest` answers each request once the client ended it. */
export async function startRawH2Peer(onRequest: (request: RawRequest) => void): Promise<RawH2Peer> {
  const sockets = new Set<net.Socket>();
  const state = { requests: 0, connections: 0 };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const write = (type: number, flags: number, streamId: number, payload: Buffer): void => {
      if (socket.writable)
        socket.write(Buffer.concat([encodeFrameHeader(payload.length, type, flags, streamId), payload]));
    };
    write(FrameType.settings, 0, 0, Buffer.alloc(0));
    readClientRequests(socket, {
      ack: (type, payload) => write(type, Flag.ack, 0, payload),
      onRequest: (streamId, body) => finish(streamId, body),
    });
    const finish = (streamId: number, body: Buffer): void => {
      state.requests++;
      onRequest({
        streamId,
        body,
        frame: write,
        headers: (fields, endStream) => {
          const block = hpackBlock(fields);
          const end = endStream ? Flag.endStream : 0;
          if (block.length <= MAX_FRAME_BYTES)
            return write(FrameType.headers, end | Flag.endHeaders, streamId, block);
          write(FrameType.headers, end, streamId, block.subarray(0, MAX_FRAME_BYTES));
          for (let at = MAX_FRAME_BYTES; at < block.length; at += MAX_FRAME_BYTES) {
            const last = at + MAX_FRAME_BYTES >= block.length;
            write(
              FrameType.continuation,
              last ? Flag.endHeaders : 0,
              streamId,
              block.subarray(at, at + MAX_FRAME_BYTES),
            );
          }
        },
        data: (payload, endStream) => {
          // Split at the client's max frame size; a bigger frame is a connection error (see `frame`).
          for (let at = 0; at === 0 || at < payload.length; at += MAX_FRAME_BYTES) {
            const last = at + MAX_FRAME_BYTES >= payload.length;
            write(
              FrameType.data,
              endStream && last ? Flag.endStream : 0,
              streamId,
              payload.subarray(at, at + MAX_FRAME_BYTES),
            );
          }
        },
      });
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    get requests() {
      return state.requests;
    },
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What `readClientRequests` needs from its server. */
export interface ClientRequestHandlers {
  /** Sends the acknowledgement of a SETTINGS (empty payload) or PING (its payload) frame. */
  ack(type: number, payload: Buffer): void;
  /** A request ended (END_STREAM): its stream and its whole body. */
  onRequest(streamId: number, body: Buffer): void;
  /** One of our own PINGs came back acknowledged. */
  onPingAck?(payload: Buffer): void;
}

/**
 * A minimal server's reading of one client connection: the preface, then frames; SETTINGS and PING
 * are acknowledged, and each request's DATA is gathered until its END_STREAM.
 */
export function readClientRequests(socket: net.Socket, handlers: ClientRequestHandlers): void {
  const bodies = new Map<number, Buffer[]>();
  const finish = (streamId: number): void => {
    const body = Buffer.concat(bodies.get(streamId) ?? []);
    bodies.delete(streamId);
    handlers.onRequest(streamId, body);
  };
  let pending = Buffer.alloc(0);
  let prefaceRead = false;
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    if (!prefaceRead) {
      if (pending.length < PREFACE_BYTES) return;
      pending = pending.subarray(PREFACE_BYTES);
      prefaceRead = true;
    }
    while (pending.length >= FRAME_HEADER_BYTES) {
      const length = pending.readUIntBE(0, 3);
      if (pending.length < FRAME_HEADER_BYTES + length) return;
      const type = pending[3]!;
      const flags = pending[4]!;
      const streamId = pending.readUInt32BE(5) & 0x7fffffff;
      const payload = pending.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length);
      pending = pending.subarray(FRAME_HEADER_BYTES + length);
      if (type === FrameType.settings && (flags & Flag.ack) === 0) handlers.ack(type, Buffer.alloc(0));
      else if (type === FrameType.ping && (flags & Flag.ack) === 0) handlers.ack(type, Buffer.from(payload));
      else if (type === FrameType.ping) handlers.onPingAck?.(Buffer.from(payload));
      else if (type === FrameType.headers) {
        bodies.set(streamId, []);
        if (flags & Flag.endStream) finish(streamId);
      } else if (type === FrameType.data && bodies.has(streamId)) {
        bodies.get(streamId)!.push(Buffer.from(payload));
        if (flags & Flag.endStream) finish(streamId);
      }
    }
  });
}
