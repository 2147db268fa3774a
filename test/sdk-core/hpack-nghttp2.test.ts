/**
 * Our HPACK encoder and decoder against a real peer: node:http2's server is nghttp2, whose decoder
 * reads our request blocks and whose encoder (dynamic table, Huffman, eviction, never-indexed
 * fields) writes the response blocks we decode. The client side is a raw socket speaking just
 * enough HTTP/2 framing: preface, SETTINGS and its ACK, HEADERS out, HEADERS in.
 */
import http2 from 'node:http2';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FLAG_ACK,
  FLAG_END_HEADERS,
  FLAG_END_STREAM,
  FLAG_PADDED,
  FLAG_PRIORITY,
  FRAME_CONTINUATION,
  FRAME_GOAWAY,
  FRAME_HEADERS,
  FRAME_RST_STREAM,
  FRAME_SETTINGS,
  CLIENT_PREFACE as PREFACE,
  SETTINGS_HEADER_TABLE_SIZE,
} from '../../packages/sdk-core/src/h2/frame-types.js';
import { HpackDecoder } from '../../packages/sdk-core/src/h2/hpack-decoder.js';
import { HpackEncoder } from '../../packages/sdk-core/src/h2/hpack-encoder.js';

/** Response header names echo request names; pseudo headers become `echo-pseudo-<name>`. */
const echoName = (name: string): string => `echo-${name.startsWith(':') ? `pseudo-${name.slice(1)}` : name}`;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

/** A node:http2 server answering every request with headers echoing the request's. */
async function startEchoServer(settings?: http2.Settings): Promise<number> {
  const server = http2.createServer({ settings, maxHeaderListPairs: 512 });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => {});
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    const echoed: http2.OutgoingHttpHeaders = { ':status': 200 };
    for (const name of Object.keys(headers)) echoed[echoName(name)] = headers[name];
    stream.respond(echoed, { endStream: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as net.AddressInfo).port;
}

interface Frame {
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Buffer;
}

function frame(type: number, flags: number, streamId: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId & 0x7fffffff, 5);
  return Buffer.concat([header, payload]);
}

/** A raw HTTP/2 client connection: frames in arrival order, awaited one by one. */
class RawConnection {
  private readonly socket: net.Socket;
  private buffered = Buffer.alloc(0);
  private readonly frames: Frame[] = [];
  private waiter: (() => void) | undefined;
  private failure: Error | undefined;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 9) {
        const length = this.buffered.readUIntBE(0, 3);
        if (this.buffered.length < 9 + length) break;
        this.frames.push({
          type: this.buffered[3] as number,
          flags: this.buffered[4] as number,
          streamId: this.buffered.readUInt32BE(5) & 0x7fffffff,
          payload: this.buffered.subarray(9, 9 + length),
        });
        this.buffered = this.buffered.subarray(9 + length);
      }
      this.wake();
    });
    socket.on('error', (error) => {
      this.failure = error;
      this.wake();
    });
    socket.on('close', () => {
      this.failure ??= new Error('connection closed');
      this.wake();
    });
  }

  static async open(port: number): Promise<RawConnection> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    closers.push(async () => {
      socket.destroy();
    });
    return new RawConnection(socket);
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next frame that `accept` keeps (others, e.g. WINDOW_UPDATE, are skipped). */
  async next(accept: (frame: Frame) => boolean): Promise<Frame> {
    for (;;) {
      const frame = this.frames.shift();
      if (frame !== undefined) {
        if (frame.type === FRAME_GOAWAY) {
          throw new Error(
            `GOAWAY error ${frame.payload.readUInt32BE(4)}: ${frame.payload.subarray(8).toString()}`,
          );
        }
        if (frame.type === FRAME_RST_STREAM)
          throw new Error(`RST_STREAM error ${frame.payload.readUInt32BE(0)}`);
        if (accept(frame)) return frame;
        continue;
      }
      if (this.failure !== undefined) throw this.failure;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}

/** The header block fragment of a HEADERS frame: without padding and priority fields. */
function headerBlockFragment(frame: Frame): Buffer {
  let start = 0;
  let end = frame.payload.length;
  if ((frame.flags & FLAG_PADDED) !== 0) {
    end -= frame.payload[0] as number;
    start = 1;
  }
  if ((frame.flags & FLAG_PRIORITY) !== 0) start += 5;
  return frame.payload.subarray(start, end);
}

/**
 * Connects, exchanges SETTINGS (ours carry `ourTableSize` when given) and returns a function that
 * sends one request block on the next stream and resolves with the response block.
 */
async function connect(
  port: number,
  encoder: HpackEncoder,
  ourTableSize?: number,
): Promise<(block: Buffer) => Promise<Buffer>> {
  const connection = await RawConnection.open(port);
  let ours = Buffer.alloc(0);
  if (ourTableSize !== undefined) {
    ours = Buffer.alloc(6);
    ours.writeUInt16BE(SETTINGS_HEADER_TABLE_SIZE, 0);
    ours.writeUInt32BE(ourTableSize, 2);
  }
  connection.write(Buffer.concat([PREFACE, frame(FRAME_SETTINGS, 0, 0, ours)]));
  const settings = await connection.next((f) => f.type === FRAME_SETTINGS && (f.flags & FLAG_ACK) === 0);
  for (let at = 0; at + 6 <= settings.payload.length; at += 6) {
    if (settings.payload.readUInt16BE(at) === SETTINGS_HEADER_TABLE_SIZE) {
      encoder.setPeerMaxTableBytes(settings.payload.readUInt32BE(at + 2));
    }
  }
  connection.write(frame(FRAME_SETTINGS, FLAG_ACK, 0));
  // nghttp2 applies our table size once it has our SETTINGS; its ACK says it has.
  await connection.next((f) => f.type === FRAME_SETTINGS && (f.flags & FLAG_ACK) !== 0);
  let streamId = 1;
  return async (block) => {
    const id = streamId;
    streamId += 2;
    connection.write(frame(FRAME_HEADERS, FLAG_END_STREAM | FLAG_END_HEADERS, id, block));
    const headers = await connection.next((f) => f.type === FRAME_HEADERS && f.streamId === id);
    const parts = [headerBlockFragment(headers)];
    let flags = headers.flags;
    while ((flags & FLAG_END_HEADERS) === 0) {
      const continuation = await connection.next((f) => f.type === FRAME_CONTINUATION && f.streamId === id);
      parts.push(continuation.payload);
      flags = continuation.flags;
    }
    return Buffer.concat(parts);
  };
}

/** Latin1 text with octets above 0x7f, deterministic per seed. */
function latin1Text(seed: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const code = (seed * 31 + i * 17) % 97;
    text +=
      code < 60 ? String.fromCharCode(0x61 + (code % 26)) : String.fromCharCode(0xa0 + ((code * 7 + i) % 96));
  }
  return text;
}

/**
 * 64 consecutive octet values starting at (index * 64) % 256, so a run covers all 256 (and the
 * Huffman code of each): control octets and space, which a field value cannot hold or start with,
 * become 'x'.
 */
function everyOctet(index: number): string {
  let text = '';
  for (let i = 0; i < 64; i++) {
    const octet = (index * 64 + i) % 256;
    text += octet <= 0x20 || octet === 0x7f ? 'x' : String.fromCharCode(octet);
  }
  return text;
}

/**
 * Six printable octets per request (all of 0x21..0xff over a run), each after ten 'e's: short
 * codes around long ones keep the Huffman form shorter, so nghttp2 sends it Huffman coded and the
 * long codes of octets above 0x7f reach our decoder.
 */
function rareOctetsAmongCommonOnes(index: number): string {
  let text = '';
  for (let i = 0; i < 6; i++) {
    const octet = 0x21 + ((index * 6 + i) % (0x100 - 0x21));
    text += `eeeeeeeeee${octet === 0x7f ? 'x' : String.fromCharCode(octet)}`;
  }
  return text;
}

/** Request `index` of a run: a frozen template reused across requests plus varied fields. */
function requestFields(
  index: number,
  template: Readonly<Record<string, string>>,
): { headers: Readonly<Record<string, string>>; cached: boolean } {
  if (index % 3 === 0) return { headers: template, cached: true };
  const headers: Record<string, string> = {
    ':method': 'POST',
    ':path': `/org.example.Service${index % 4}/method${index % 7}`,
    'content-type': 'application/grpc+proto',
    te: 'trailers',
    'user-agent': `dubbo-mesh/0.1 node/${index % 5}`,
    'tri-service-version': `1.${index % 6}.0`,
    'grpc-timeout': `${100 + index}m`,
    'x-request-id': `req-${index}-${'0123456789abcdef'.repeat(1 + (index % 3))}`,
    'x-long': `${'long value '.repeat(10 + (index % 5))}${index}`,
    'x-latin1': latin1Text(index, 20 + (index % 40)),
    'x-octets': everyOctet(index),
    'x-huffman': rareOctetsAmongCommonOnes(index),
    authorization: `Bearer token-${index % 2}`,
    'x-empty': '',
  };
  // Many fields now and then, to push entries out of both dynamic tables.
  if (index % 5 === 0) {
    for (let i = 0; i < 40; i++) headers[`x-many-${i}`] = `${i}-${latin1Text(index + i, 30)}`;
  }
  return { headers, cached: false };
}

/** Sends 50 requests on one connection and checks every echo; returns response block sizes. */
async function runRequests(
  port: number,
  encoder: HpackEncoder,
  decoder: HpackDecoder,
  ourTableSize?: number,
): Promise<{ templateResponseBytes: number[] }> {
  const send = await connect(port, encoder, ourTableSize);
  const leading = Object.freeze({ ':scheme': 'http', ':authority': `127.0.0.1:${port}` });
  const template = Object.freeze({
    ':method': 'POST',
    ':path': '/org.example.Greeter/sayHello',
    'content-type': 'application/grpc',
    te: 'trailers',
    'grpc-accept-encoding': 'identity',
    'tri-service-version': '1.0.0',
  });
  const templateResponseBytes: number[] = [];
  for (let index = 0; index < 50; index++) {
    const { headers, cached } = requestFields(index, template);
    const block = await send(encoder.encode(headers, leading));
    if (cached) templateResponseBytes.push(block.length);
    const response = decoder.decode(block);
    expect(response.pseudoFirst).toBe(true);
    expect(response.headers[':status']).toBe('200');
    for (const [name, value] of Object.entries({ ...leading, ...headers })) {
      expect(response.headers[echoName(name)], `${name} on request ${index}`).toBe(value);
    }
  }
  return { templateResponseBytes };
}

describe('HPACK against nghttp2 (node:http2 server)', () => {
  it('50 requests with default table sizes: echoes decode to what we sent', async () => {
    const port = await startEchoServer();
    const decoder = new HpackDecoder();
    const { templateResponseBytes } = await runRequests(port, new HpackEncoder(), decoder);
    // nghttp2 answered repeated echoes from its dynamic table (a few octets per field)...
    expect(Math.min(...templateResponseBytes)).toBeLessThan(20);
    // ...and filled ours to the 4096 limit, so it evicted along the way.
    expect(decoder.tableBytes).toBeGreaterThan(3500);
    expect(decoder.tableBytes).toBeLessThanOrEqual(4096);
  });

  it('50 requests where the server limits our encoder to 256 octets and we limit its encoder to 512', async () => {
    const port = await startEchoServer({ headerTableSize: 256 });
    const encoder = new HpackEncoder();
    const decoder = new HpackDecoder(512);
    await runRequests(port, encoder, decoder, 512);
    expect(encoder.tableBytes).toBeLessThanOrEqual(256);
    expect(decoder.tableBytes).toBeGreaterThan(256);
    expect(decoder.tableBytes).toBeLessThanOrEqual(512);
  });

  it('the same header block bytes can be resent while the table is unchanged', async () => {
    const port = await startEchoServer();
    const encoder = new HpackEncoder();
    const decoder = new HpackDecoder();
    const send = await connect(port, encoder);
    const headers = Object.freeze({
      ':method': 'POST',
      ':scheme': 'http',
      ':authority': `127.0.0.1:${port}`,
      ':path': '/org.example.Greeter/sayHello',
      te: 'trailers',
    });
    const blocks = [encoder.encode(headers), encoder.encode(headers), encoder.encode(headers)];
    expect(blocks[2]).toBe(blocks[1]);
    for (const block of blocks) {
      const response = decoder.decode(await send(block));
      expect(response.headers['echo-pseudo-path']).toBe('/org.example.Greeter/sayHello');
    }
  });
});
