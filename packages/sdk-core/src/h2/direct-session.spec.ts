import type { IncomingHeaders } from '@dubbo-mesh/codec-triple';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelStream } from '../channel-session.js';
import { DirectSession, type DirectSessionOptions } from './direct-session.js';
import * as f from './frame-types.js';
import { frame, goawayFrame, pingFrame, rstStreamFrame, windowUpdateFrame } from './frame-writer.js';
import { RawPeer, type ReceivedFrame } from './raw-peer.fixture.js';

// Frame-level behaviour of the direct engine (RFC 9113) against a scripted peer on a real socket.
// Every wait is on a frame or an event; `peer.roundTrip()` (a PING and its ACK) proves that the
// client has processed everything sent before it and that nothing else is on its way.

const REQUEST = Object.freeze({
  ':method': 'POST',
  ':path': '/demo.Greeter/SayHello',
  'content-type': 'application/grpc',
  te: 'trailers',
});

interface SessionLog {
  readonly session: DirectSession;
  readonly errors: Array<Error & { code?: string }>;
  closes: number;
  readonly closed: Promise<void>;
}

interface StreamLog {
  readonly stream: ChannelStream;
  readonly events: string[];
  response: IncomingHeaders | undefined;
  trailers: IncomingHeaders | undefined;
  error: (Error & { code?: string }) | undefined;
  readonly chunks: Buffer[];
  readonly closed: Promise<void>;
}

let peer: RawPeer;
const sessions: DirectSession[] = [];

beforeEach(async () => {
  peer = await RawPeer.listen();
});

afterEach(async () => {
  for (const session of sessions.splice(0)) session.destroy();
  await peer.close();
});

async function open(options: Partial<DirectSessionOptions> = {}, on: RawPeer = peer): Promise<SessionLog> {
  const session = new DirectSession(on.connect(), {
    authority: 'peer.test',
    scheme: 'http',
    initialWindowSize: 65_535,
    maxHeaderListBytes: 32_768,
    ...options,
  });
  sessions.push(session);
  const errors: Array<Error & { code?: string }> = [];
  session.on('error', (error) => errors.push(error));
  let log: SessionLog | undefined;
  const closed = new Promise<void>((resolve) => {
    session.on('close', () => {
      log!.closes++;
      resolve();
    });
  });
  log = { session, errors, closes: 0, closed };
  await on.accepted;
  return log;
}

function track(stream: ChannelStream): StreamLog {
  let resolveClosed: () => void = () => {};
  const log: StreamLog = {
    stream,
    events: [],
    response: undefined,
    trailers: undefined,
    error: undefined,
    chunks: [],
    closed: new Promise<void>((resolve) => {
      resolveClosed = resolve;
    }),
  };
  stream.on('response', (headers) => {
    log.response = headers;
    log.events.push('response');
  });
  stream.on('data', (chunk) => {
    log.chunks.push(Buffer.from(chunk));
    log.events.push(`data:${chunk.length}`);
  });
  stream.on('trailers', (headers) => {
    log.trailers = headers;
    log.events.push('trailers');
  });
  stream.on('error', (error) => {
    log.error = error;
    log.events.push('error');
  });
  stream.on('close', () => {
    log.events.push('close');
    resolveClosed();
  });
  return log;
}

function request(
  session: DirectSession,
  endStream = true,
  headers: Record<string, string> = REQUEST,
): StreamLog {
  return track(session.request(headers, { endStream }));
}

/** A clean call on stream `streamId` of a session that must still work after a reset stream. */
async function expectNextCallWorks(session: DirectSession, streamId: number): Promise<StreamLog> {
  const call = request(session);
  await peer.waitFor(isType(f.FRAME_HEADERS, streamId));
  peer.respond(streamId);
  peer.trailers(streamId);
  await call.closed;
  expect(call.stream.rstCode).toBe(0);
  return call;
}

const isType =
  (type: number, streamId?: number) =>
  (r: ReceivedFrame): boolean =>
    r.type === type && (streamId === undefined || r.streamId === streamId);

const isAck = (type: number) => (r: ReceivedFrame) => r.type === type && (r.flags & f.FLAG_ACK) !== 0;

function settingsOf(received: ReceivedFrame): Map<number, number> {
  const settings = new Map<number, number>();
  for (let at = 0; at < received.payload.length; at += 6) {
    settings.set(received.payload.readUInt16BE(at), received.payload.readUInt32BE(at + 2));
  }
  return settings;
}

/** Error code of a GOAWAY or RST_STREAM. */
function codeOf(received: ReceivedFrame): number {
  return received.payload.readUInt32BE(received.type === f.FRAME_GOAWAY ? 4 : 0);
}

function increments(streamId: number): number[] {
  return peer.framesOf(f.FRAME_WINDOW_UPDATE, streamId).map((r) => r.payload.readUInt32BE(0));
}

function pattern(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = i % 251;
  return bytes;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Waits until a listener added now sees `event` once. */
function next(stream: ChannelStream, event: 'drain' | 'close'): Promise<void> {
  return new Promise((resolve) => {
    const listener = (): void => {
      stream.off(event, listener);
      resolve();
    };
    stream.on(event, listener);
  });
}

describe('DirectSession: connection start (RFC 9113 §3.4, §6.5)', () => {
  it('sends the preface, its SETTINGS and the connection WINDOW_UPDATE, and ACKs the peer SETTINGS', async () => {
    await open({ initialWindowSize: 1 << 20, maxHeaderListBytes: 12_345 });
    await peer.until(() => peer.frames.length >= 2);
    expect(peer.preface?.equals(f.CLIENT_PREFACE)).toBe(true);
    const [settings, update] = peer.frames;
    expect(settings).toMatchObject({ type: f.FRAME_SETTINGS, flags: 0, streamId: 0 });
    expect(settingsOf(settings!)).toEqual(
      new Map([
        [f.SETTINGS_ENABLE_PUSH, 0],
        [f.SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20],
        [f.SETTINGS_MAX_HEADER_LIST_SIZE, 12_345],
      ]),
    );
    expect(update).toMatchObject({ type: f.FRAME_WINDOW_UPDATE, streamId: 0 });
    expect(update!.payload.readUInt32BE(0)).toBe((1 << 20) - f.DEFAULT_WINDOW_BYTES);
    peer.settings([[f.SETTINGS_MAX_FRAME_SIZE, 20_000]]);
    const ack = await peer.waitFor(isAck(f.FRAME_SETTINGS));
    expect(ack.payload.length).toBe(0);
  });

  it('sends no connection WINDOW_UPDATE for a window at or below the default', async () => {
    await open({ initialWindowSize: 1000 });
    await peer.handshake();
    await peer.roundTrip();
    expect(peer.framesOf(f.FRAME_WINDOW_UPDATE)).toEqual([]);
  });

  it('keeps the connection window at 65,535 when its stream window is smaller (§6.9.2)', async () => {
    // SETTINGS_INITIAL_WINDOW_SIZE does not change the connection window: a peer may send 65,535
    // bytes across streams, each within its stream window, before any WINDOW_UPDATE arrives.
    const { session, errors } = await open({ initialWindowSize: 1000 });
    await peer.handshake();
    const first = request(session);
    const second = request(session);
    await peer.waitFor(isType(f.FRAME_HEADERS, 3));
    peer.respond(1);
    peer.respond(3);
    peer.send(frame(f.FRAME_DATA, 0, 1, Buffer.alloc(400)), frame(f.FRAME_DATA, 0, 3, Buffer.alloc(1000)));
    peer.trailers(1);
    peer.trailers(3);
    await Promise.all([first.closed, second.closed]);
    expect([first.stream.rstCode, second.stream.rstCode]).toEqual([0, 0]);
    expect(errors).toEqual([]);
    expect(peer.framesOf(f.FRAME_GOAWAY)).toEqual([]);
  });

  it('treats SETTINGS_ENABLE_PUSH 1 from the server as a connection PROTOCOL_ERROR (§6.5.2)', async () => {
    const log = await open();
    peer.settings([[f.SETTINGS_ENABLE_PUSH, 1]]);
    await peer.roundTrip().catch(() => undefined);
    expect(peer.framesOf(f.FRAME_GOAWAY).map(codeOf)).toEqual([f.PROTOCOL_ERROR]);
    await log.closed;
    expect(log.errors.map((e) => e.code)).toEqual(['ERR_HTTP2_SESSION_ERROR']);
  });

  it('treats a SETTINGS_INITIAL_WINDOW_SIZE that takes a stream window past 2^31-1 as FLOW_CONTROL_ERROR', async () => {
    const log = await open();
    await peer.handshake();
    const stream = request(log.session, false);
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    peer.send(windowUpdateFrame(1, f.MAX_WINDOW_BYTES - f.DEFAULT_WINDOW_BYTES));
    await peer.roundTrip();
    expect(log.session.destroyed).toBe(false);
    peer.settings([[f.SETTINGS_INITIAL_WINDOW_SIZE, f.DEFAULT_WINDOW_BYTES + 1]]);
    await peer.roundTrip().catch(() => undefined);
    expect(peer.framesOf(f.FRAME_GOAWAY).map(codeOf)).toEqual([f.FLOW_CONTROL_ERROR]);
    await Promise.all([log.closed, stream.closed]);
    expect(stream.stream.rstCode).toBe(8);
  });

  it('treats a first peer frame other than SETTINGS as a connection PROTOCOL_ERROR', async () => {
    const log = await open();
    const stream = request(log.session);
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    peer.send(pingFrame(Buffer.alloc(8), false));
    const goaway = await peer.waitFor(isType(f.FRAME_GOAWAY));
    expect(codeOf(goaway)).toBe(f.PROTOCOL_ERROR);
    await Promise.all([log.closed, stream.closed]);
    expect(log.session.destroyed).toBe(true);
    expect(log.errors.map((e) => e.code)).toEqual(['ERR_HTTP2_SESSION_ERROR']);
    expect(stream.stream.rstCode).toBe(8);
    expect(stream.error?.code).toBe('ERR_HTTP2_SESSION_ERROR');
    expect(peer.framesOf(f.FRAME_PING)).toEqual([]);
  });
});

describe('DirectSession: sending flow control (§6.9)', () => {
  it('keeps DATA in the stream while the socket cannot take it, whatever the windows allow', async () => {
    const { session, errors } = await open();
    await peer.handshake([[f.SETTINGS_INITIAL_WINDOW_SIZE, f.MAX_WINDOW_BYTES]]);
    peer.send(windowUpdateFrame(0, f.MAX_WINDOW_BYTES - f.DEFAULT_WINDOW_BYTES));
    await peer.roundTrip();
    peer.pauseReading();
    const log = request(session, false);
    const chunk = pattern(256 * 1024);
    let written = 0;
    // A producer that honours backpressure, against a peer that reads nothing.
    while (log.stream.write(chunk)) written += chunk.length;
    written += chunk.length;
    let drained = false;
    const drain = next(log.stream, 'drain').then(() => {
      drained = true;
    });
    for (let turn = 0; turn < 50; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
    // 2 GiB of windows, yet at most a turn's 1 MiB plus one chunk was taken before write() said stop.
    expect(written).toBeLessThanOrEqual(1024 * 1024 + chunk.length);
    expect(drained).toBe(false);
    peer.resumeReading();
    await drain;
    const total = 16 * 1024 * 1024;
    while (written < total) {
      const accepted = log.stream.write(chunk);
      written += chunk.length;
      if (!accepted) await next(log.stream, 'drain');
    }
    log.stream.end();
    await peer.until(() => peer.ended(1));
    const body = peer.body(1);
    expect(body.length).toBe(total);
    expect(body.subarray(total - chunk.length).equals(chunk)).toBe(true);
    peer.respond(1);
    peer.trailers(1);
    await log.closed;
    expect(log.stream.rstCode).toBe(0);
    expect(errors).toEqual([]);
  });

  it('sends a large body within the stream window, the connection window and the frame size', async () => {
    const { session } = await open();
    await peer.handshake([[f.SETTINGS_INITIAL_WINDOW_SIZE, 100]]);
    let streamWindow = 100;
    let connectionWindow = f.DEFAULT_WINDOW_BYTES;
    const violations: string[] = [];
    const sizes: number[] = [];
    peer.observe((r) => {
      if (r.type !== f.FRAME_DATA) return;
      const length = r.payload.length;
      sizes.push(length);
      if (length > streamWindow || length > connectionWindow || length > f.DEFAULT_MAX_FRAME_BYTES) {
        violations.push(`${length} bytes with windows ${streamWindow}/${connectionWindow}`);
      }
      streamWindow -= length;
      connectionWindow -= length;
      // Credit only once a window is spent, and never past the connection's default size.
      if (streamWindow === 0) {
        streamWindow += 40_000;
        peer.send(windowUpdateFrame(r.streamId, 40_000));
      }
      if (connectionWindow === 0) {
        connectionWindow = f.DEFAULT_WINDOW_BYTES;
        peer.send(windowUpdateFrame(0, f.DEFAULT_WINDOW_BYTES));
      }
    });
    const body = pattern(200 * 1024);
    const log = request(session, false);
    const writes: boolean[] = [];
    let drains = 0;
    log.stream.on('drain', () => drains++);
    for (let at = 0; at < body.length; ) {
      // Small writes first (to see where backpressure starts), then writes larger than a frame.
      const size = at < 20_480 ? 4096 : 50_000;
      const accepted = log.stream.write(body.subarray(at, at + size));
      writes.push(accepted);
      at += size;
      if (!accepted) await next(log.stream, 'drain');
    }
    log.stream.end();
    // 100 bytes leave at once; the fifth 4 KiB write takes the queue past 16 KiB.
    expect(writes.slice(0, 5)).toEqual([true, true, true, true, false]);
    await peer.until(() => peer.ended(1));
    expect(violations).toEqual([]);
    expect(peer.body(1).equals(body)).toBe(true);
    expect(Math.max(...sizes)).toBe(f.DEFAULT_MAX_FRAME_BYTES);
    expect(drains).toBe(writes.filter((w) => !w).length);
    peer.respond(1);
    peer.trailers(1);
    await log.closed;
    expect(log.stream.rstCode).toBe(0);
  });

  it('applies a SETTINGS_INITIAL_WINDOW_SIZE change to open streams, down to a negative window', async () => {
    const { session } = await open();
    await peer.handshake([[f.SETTINGS_INITIAL_WINDOW_SIZE, 1000]]);
    const log = request(session, false);
    log.stream.end(pattern(3000));
    await peer.until(() => peer.body(1).length >= 1000);
    // 1000 - 1000 sent + (500 - 1000) = -500; +700 leaves 200.
    peer.settings([[f.SETTINGS_INITIAL_WINDOW_SIZE, 500]]);
    peer.send(windowUpdateFrame(1, 700));
    await peer.until(() => peer.body(1).length >= 1200);
    await peer.roundTrip();
    expect(peer.body(1).length).toBe(1200);
    // 0 + (2000 - 500) = 1500.
    peer.settings([[f.SETTINGS_INITIAL_WINDOW_SIZE, 2000]]);
    await peer.until(() => peer.body(1).length >= 2700);
    await peer.roundTrip();
    expect(peer.body(1).length).toBe(2700);
    expect(peer.ended(1)).toBe(false);
    peer.send(windowUpdateFrame(1, 300));
    await peer.until(() => peer.ended(1));
    expect(peer.body(1).equals(pattern(3000))).toBe(true);
  });

  it('gives a stream that waited for a stream slot the initial window in force when it starts', async () => {
    const { session } = await open();
    await peer.handshake([
      [f.SETTINGS_MAX_CONCURRENT_STREAMS, 1],
      [f.SETTINGS_INITIAL_WINDOW_SIZE, 1000],
    ]);
    const first = request(session);
    const second = request(session, false);
    second.stream.end(pattern(1000));
    expect(second.stream.pending).toBe(true);
    peer.settings([[f.SETTINGS_INITIAL_WINDOW_SIZE, 300]]);
    await peer.roundTrip();
    peer.respond(1);
    peer.trailers(1);
    await first.closed;
    await peer.until(() => peer.body(3).length >= 300);
    await peer.roundTrip();
    expect(peer.body(3).length).toBe(300);
  });
});

describe('DirectSession: receiving flow control (§6.9)', () => {
  it('returns stream and connection credit as data is read', async () => {
    const { session } = await open({ initialWindowSize: 65_535 });
    await peer.handshake();
    const log = request(session);
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    peer.respond(1);
    peer.data(1, Buffer.alloc(16_384, 1));
    peer.data(1, Buffer.alloc(16_384, 2));
    await peer.waitFor(isType(f.FRAME_WINDOW_UPDATE, 1));
    await peer.waitFor(isType(f.FRAME_WINDOW_UPDATE, 0));
    expect(increments(1)).toEqual([32_768]);
    expect(increments(0)).toEqual([32_768]);
    expect(log.events).toEqual(['response', 'data:16384', 'data:16384']);
  });

  it('holds a paused stream: no stream credit, no events, then everything in order on resume', async () => {
    const { session } = await open({ initialWindowSize: 65_535 });
    await peer.handshake();
    const log = request(session);
    log.stream.pause();
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    peer.respond(1);
    peer.data(1, Buffer.alloc(16_384, 1));
    peer.data(1, Buffer.alloc(16_384, 2));
    peer.data(1, Buffer.alloc(7_232, 3));
    await peer.roundTrip();
    expect(log.events).toEqual(['response']);
    expect(increments(1)).toEqual([]);
    // Connection credit is returned on receipt, so other streams are not starved by this one.
    expect(sum(increments(0))).toBe(32_768);

    log.stream.resume();
    expect(log.events).toEqual(['response', 'data:16384', 'data:16384', 'data:7232']);
    await peer.waitFor(isType(f.FRAME_WINDOW_UPDATE, 1));
    expect(increments(1)).toEqual([32_768]);

    log.stream.pause();
    peer.data(1, Buffer.from('tail'));
    peer.trailers(1);
    await peer.roundTrip();
    expect(log.events).toHaveLength(4);
    log.stream.resume();
    await log.closed;
    expect(log.events.slice(4)).toEqual(['data:4', 'trailers', 'close']);
    expect(log.stream.rstCode).toBe(0);
    expect(Buffer.concat(log.chunks).length).toBe(40_004);
  });

  it('resets a stream whose peer sends past its stream window with FLOW_CONTROL_ERROR', async () => {
    const { session, errors } = await open({ initialWindowSize: 1000 });
    await peer.handshake();
    const overrun = request(session);
    overrun.stream.pause();
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    peer.respond(1);
    peer.data(1, Buffer.alloc(600));
    peer.data(1, Buffer.alloc(600));
    await peer.roundTrip();
    expect(overrun.stream.closed).toBe(true);
    await overrun.closed;
    expect(overrun.stream.rstCode).toBe(f.FLOW_CONTROL_ERROR);
    const rst = await peer.waitFor(isType(f.FRAME_RST_STREAM, 1));
    expect(codeOf(rst)).toBe(f.FLOW_CONTROL_ERROR);
    // The connection is fine.
    await expectNextCallWorks(session, 3);
    expect(errors).toEqual([]);
  });
});

describe('DirectSession: SETTINGS_MAX_CONCURRENT_STREAMS', () => {
  it('keeps a request beyond the limit pending until a stream closes, ids increasing', async () => {
    const { session } = await open();
    await peer.handshake([[f.SETTINGS_MAX_CONCURRENT_STREAMS, 2]]);
    const a = request(session);
    const b = request(session);
    const c = request(session);
    expect([a.stream.pending, b.stream.pending, c.stream.pending]).toEqual([false, false, true]);
    await peer.roundTrip();
    expect(peer.framesOf(f.FRAME_HEADERS).map((r) => r.streamId)).toEqual([1, 3]);
    peer.respond(3);
    peer.trailers(3);
    await peer.waitFor(isType(f.FRAME_HEADERS, 5));
    expect(c.stream.pending).toBe(false);
    expect(peer.framesOf(f.FRAME_HEADERS).map((r) => r.streamId)).toEqual([1, 3, 5]);
    expect(peer.requests.get(5)?.[':path']).toBe(REQUEST[':path']);
  });

  it('refuses the requests still waiting for a slot when a GOAWAY arrives', async () => {
    const log = await open();
    await peer.handshake([[f.SETTINGS_MAX_CONCURRENT_STREAMS, 1]]);
    const active = request(log.session);
    const waiting = request(log.session);
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    peer.send(goawayFrame(1, 0));
    await waiting.closed;
    expect(waiting.stream.pending).toBe(true);
    expect(waiting.stream.rstCode).toBe(7);
    peer.respond(1);
    peer.trailers(1);
    await Promise.all([active.closed, log.closed]);
    expect(active.stream.rstCode).toBe(0);
    expect(peer.framesOf(f.FRAME_HEADERS).map((r) => r.streamId)).toEqual([1]);
  });

  it('keeps HPACK in step when a waiting request is cancelled before it is sent', async () => {
    // The cancelled request's header block never reaches the peer, so nothing it would have put
    // in the dynamic table may be referenced by a later block.
    const { session } = await open();
    await peer.handshake([[f.SETTINGS_MAX_CONCURRENT_STREAMS, 1]]);
    const first = request(session);
    const path = { ...REQUEST, ':path': '/demo.Greeter/Cancelled' };
    const cancelled = request(session, true, path);
    cancelled.stream.close(8);
    const third = request(session, true, path);
    peer.respond(1);
    peer.trailers(1);
    await first.closed;
    await peer.waitFor(isType(f.FRAME_HEADERS, 3));
    expect(peer.decodeErrors).toEqual([]);
    expect(peer.requests.get(3)?.[':path']).toBe('/demo.Greeter/Cancelled');
    peer.respond(3);
    peer.trailers(3);
    await Promise.all([cancelled.closed, third.closed]);
    expect(cancelled.stream.pending).toBe(true);
    expect(third.stream.rstCode).toBe(0);
  });
});

describe('DirectSession: header blocks (§4.3, §6.10)', () => {
  it('decodes a response split over HEADERS and two CONTINUATION frames', async () => {
    const { session } = await open();
    await peer.handshake();
    const log = request(session);
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    const block = peer.encode({
      ':status': '200',
      'content-type': 'application/grpc',
      'x-long': 'v'.repeat(300),
    });
    const third = Math.ceil(block.length / 3);
    peer.send(
      frame(f.FRAME_HEADERS, 0, 1, block.subarray(0, third)),
      frame(f.FRAME_CONTINUATION, 0, 1, block.subarray(third, 2 * third)),
      frame(f.FRAME_CONTINUATION, f.FLAG_END_HEADERS, 1, block.subarray(2 * third)),
    );
    peer.trailers(1);
    await log.closed;
    expect(log.response?.[':status']).toBe('200');
    expect(log.response?.['x-long']).toBe('v'.repeat(300));
    expect(log.events).toEqual(['response', 'trailers', 'close']);
  });

  it('treats another frame inside a header block as a connection PROTOCOL_ERROR', async () => {
    const log = await open();
    await peer.handshake();
    const stream = request(log.session);
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    const block = peer.encode({ ':status': '200' });
    peer.send(frame(f.FRAME_HEADERS, 0, 1, block), frame(f.FRAME_DATA, 0, 1, Buffer.from('x')));
    const goaway = await peer.waitFor(isType(f.FRAME_GOAWAY));
    expect(codeOf(goaway)).toBe(f.PROTOCOL_ERROR);
    await Promise.all([log.closed, stream.closed]);
    expect(stream.stream.rstCode).toBe(8);
  });

  it('sends a request header block larger than the frame size as HEADERS + CONTINUATION', async () => {
    const { session } = await open();
    await peer.handshake();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const big = Array.from({ length: 50_000 }, (_, i) => alphabet[(i * 7) % alphabet.length]).join('');
    request(session, true, { ...REQUEST, 'x-big': big });
    await peer.until(() => peer.requests.has(1));
    const frames = peer.frames.filter((r) => r.streamId === 1);
    expect(frames.length).toBeGreaterThanOrEqual(3);
    expect(frames.map((r) => r.type)).toEqual([
      f.FRAME_HEADERS,
      ...Array<number>(frames.length - 1).fill(f.FRAME_CONTINUATION),
    ]);
    expect(frames[0]!.flags).toBe(f.FLAG_END_STREAM);
    expect(frames.at(-1)!.flags).toBe(f.FLAG_END_HEADERS);
    expect(frames.every((r) => r.payload.length <= f.DEFAULT_MAX_FRAME_BYTES)).toBe(true);
    expect(peer.requests.get(1)?.['x-big']).toBe(big);
  });
});

describe('DirectSession: padding and priority (§6.1, §6.2)', () => {
  it('reads PADDED HEADERS with PRIORITY, PADDED DATA and PADDED trailers', async () => {
    const { session } = await open();
    await peer.handshake();
    const log = request(session);
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    const block = peer.encode({ ':status': '200', 'content-type': 'application/grpc' });
    const priority = Buffer.from([0x80, 0, 0, 0, 15]); // exclusive, depends on 0, weight 16
    peer.send(
      frame(
        f.FRAME_HEADERS,
        f.FLAG_END_HEADERS | f.FLAG_PADDED | f.FLAG_PRIORITY,
        1,
        Buffer.concat([Buffer.from([10]), priority, block, Buffer.alloc(10)]),
      ),
      frame(
        f.FRAME_DATA,
        f.FLAG_PADDED,
        1,
        Buffer.concat([Buffer.from([3]), Buffer.from('hello'), Buffer.alloc(3)]),
      ),
      frame(f.FRAME_DATA, f.FLAG_PADDED, 1, Buffer.from([0])),
      frame(
        f.FRAME_HEADERS,
        f.FLAG_END_HEADERS | f.FLAG_END_STREAM | f.FLAG_PADDED,
        1,
        Buffer.concat([Buffer.from([2]), peer.encode({ 'grpc-status': '0' }), Buffer.alloc(2)]),
      ),
    );
    await log.closed;
    expect(log.response?.['content-type']).toBe('application/grpc');
    expect(Buffer.concat(log.chunks).toString()).toBe('hello');
    expect(log.trailers?.['grpc-status']).toBe('0');
    expect(log.stream.rstCode).toBe(0);
  });

  it.each([
    [
      'DATA',
      (block: Buffer) => frame(f.FRAME_DATA, f.FLAG_PADDED, 1, Buffer.concat([Buffer.from([200]), block])),
    ],
    [
      'HEADERS',
      (block: Buffer) =>
        frame(
          f.FRAME_HEADERS,
          f.FLAG_PADDED | f.FLAG_END_HEADERS,
          1,
          Buffer.concat([Buffer.from([200]), block]),
        ),
    ],
  ])('treats %s padding longer than the frame as a connection error', async (kind, make) => {
    const log = await open();
    await peer.handshake();
    const stream = request(log.session);
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    if (kind === 'DATA') peer.respond(1);
    peer.send(make(peer.encode({ ':status': '200' })));
    const goaway = await peer.waitFor(isType(f.FRAME_GOAWAY));
    expect(codeOf(goaway)).toBe(f.PROTOCOL_ERROR);
    await Promise.all([log.closed, stream.closed]);
    expect(stream.stream.rstCode).toBe(8);
  });
});

describe('DirectSession: PING (§6.7)', () => {
  it('ACKs a peer PING with its payload and runs our callback on the ACK', async () => {
    const { session } = await open();
    await peer.handshake();
    peer.send(pingFrame(Buffer.from('abcdefgh'), false));
    const ack = await peer.waitFor(isAck(f.FRAME_PING));
    expect(ack.payload.toString()).toBe('abcdefgh');

    const result = await new Promise<{ error: Error | null; payload: Buffer }>((resolve) => {
      session.ping((error, _ms, payload) => resolve({ error, payload }));
    });
    expect(result.error).toBeNull();
    const sent = peer.frames.find((r) => r.type === f.FRAME_PING && (r.flags & f.FLAG_ACK) === 0);
    expect(result.payload.equals(sent!.payload)).toBe(true);
  });

  it('refuses an 11th outstanding PING and cancels the outstanding ones on destroy', async () => {
    const { session } = await open();
    await peer.handshake();
    peer.answerPings = false;
    const outcomes: Array<Error | null> = [];
    for (let i = 0; i < 10; i++) expect(session.ping((error) => outcomes.push(error))).toBe(true);
    let thrown: (Error & { code?: string }) | undefined;
    try {
      session.ping(() => {});
    } catch (err) {
      thrown = err as Error & { code?: string };
    }
    expect(thrown?.code).toBe('ERR_HTTP2_PING_CANCEL');
    await peer.until(() => peer.framesOf(f.FRAME_PING).length === 10);
    session.destroy();
    expect(outcomes).toHaveLength(10);
    expect(outcomes.every((e) => e !== null)).toBe(true);
  });
});

describe('DirectSession: GOAWAY (§6.8)', () => {
  it('NO_ERROR: refuses streams above the last id, finishes the others, then closes', async () => {
    const log = await open();
    await peer.handshake();
    const [s1, s3, s5] = [request(log.session), request(log.session), request(log.session)];
    await peer.waitFor(isType(f.FRAME_HEADERS, 5));
    peer.send(goawayFrame(3, 0));
    await s5.closed;
    expect(s5.stream.rstCode).toBe(7);
    expect(s5.error).toBeUndefined();
    let thrown: (Error & { code?: string }) | undefined;
    try {
      log.session.request(REQUEST, { endStream: true });
    } catch (err) {
      thrown = err as Error & { code?: string };
    }
    expect(thrown?.code).toBe('ERR_HTTP2_GOAWAY_SESSION');
    peer.respond(1);
    peer.trailers(1);
    await s1.closed;
    expect(s1.stream.rstCode).toBe(0);
    expect(log.session.destroyed).toBe(false);
    peer.respond(3);
    peer.trailers(3);
    await Promise.all([s3.closed, log.closed]);
    expect(s3.stream.rstCode).toBe(0);
    expect(s3.trailers?.['grpc-status']).toBe('0');
    expect(log.session.destroyed).toBe(true);
    expect(log.errors).toEqual([]);
  });

  it('an error code: the remaining streams close with CANCEL and an error', async () => {
    const log = await open();
    await peer.handshake();
    const [s1, s3] = [request(log.session), request(log.session)];
    await peer.waitFor(isType(f.FRAME_HEADERS, 3));
    peer.send(goawayFrame(3, f.INTERNAL_ERROR));
    await Promise.all([s1.closed, s3.closed, log.closed]);
    for (const s of [s1, s3]) {
      expect(s.stream.rstCode).toBe(8);
      expect(s.error?.code).toBe('ERR_HTTP2_SESSION_ERROR');
    }
    expect(log.errors.map((e) => e.code)).toEqual(['ERR_HTTP2_SESSION_ERROR']);
  });
});

describe('DirectSession: RST_STREAM (§6.4)', () => {
  it('closes a stream with the peer code, as an error unless NO_ERROR or CANCEL', async () => {
    const { session } = await open();
    await peer.handshake();
    const [s1, s3, s5] = [request(session), request(session), request(session)];
    await peer.waitFor(isType(f.FRAME_HEADERS, 5));
    peer.send(rstStreamFrame(1, f.INTERNAL_ERROR), rstStreamFrame(3, 8), rstStreamFrame(5, 0));
    await Promise.all([s1.closed, s3.closed, s5.closed]);
    expect([s1.stream.rstCode, s3.stream.rstCode, s5.stream.rstCode]).toEqual([f.INTERNAL_ERROR, 8, 0]);
    expect(s1.error?.code).toBe('ERR_HTTP2_STREAM_ERROR');
    expect([s3.error, s5.error]).toEqual([undefined, undefined]);
  });

  it('close(8) sends RST_STREAM CANCEL and emits close asynchronously', async () => {
    const { session } = await open();
    await peer.handshake();
    const log = request(session, false);
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    log.stream.close(8);
    expect(log.stream.closed).toBe(true);
    expect(log.events).toEqual([]);
    await log.closed;
    expect(log.stream.rstCode).toBe(8);
    const rst = await peer.waitFor(isType(f.FRAME_RST_STREAM, 1));
    expect(codeOf(rst)).toBe(8);
  });
});

describe('DirectSession: a response that ends before the request (§8.1)', () => {
  // As in nghttp2, the stream is then half-closed (remote): it closes when we end our side, or
  // with the peer's code when it resets the stream (a Node server's close(8) sends END_STREAM
  // first and RST_STREAM 8 after, and 8 must be the outcome).
  async function halfClosed(): Promise<StreamLog> {
    const { session } = await open();
    await peer.handshake();
    const log = request(session, false);
    log.stream.write(Buffer.from('partial'));
    await peer.waitFor(isType(f.FRAME_DATA, 1));
    peer.respond(1);
    peer.trailers(1, { 'grpc-status': '3' });
    await peer.roundTrip();
    expect(log.events).toEqual(['response', 'trailers']);
    expect(log.stream.closed).toBe(false);
    expect(peer.framesOf(f.FRAME_RST_STREAM)).toEqual([]);
    return log;
  }

  it('stays open until we end our side, then closes with rstCode 0', async () => {
    const log = await halfClosed();
    log.stream.end(Buffer.from(' and the rest'));
    await log.closed;
    expect(log.stream.rstCode).toBe(0);
    expect(log.events).toEqual(['response', 'trailers', 'close']);
    await peer.until(() => peer.ended(1));
    expect(peer.body(1).toString()).toBe('partial and the rest');
    await peer.roundTrip();
    expect(peer.framesOf(f.FRAME_RST_STREAM)).toEqual([]);
  });

  it('closes with the code of a RST_STREAM that follows the END_STREAM', async () => {
    const log = await halfClosed();
    peer.send(rstStreamFrame(1, 8));
    await log.closed;
    expect(log.stream.rstCode).toBe(8);
    expect(log.error).toBeUndefined();
    expect(log.stream.write(Buffer.from('late'))).toBe(false);
    await peer.roundTrip();
    expect(peer.body(1).toString()).toBe('partial');
  });
});

describe('DirectSession: malformed responses (§8.1.1)', () => {
  const cases: Array<[string, (id: number) => void]> = [
    ['an upper-case name', (id) => peer.headers(id, { ':status': '200', 'X-Upper': '1' })],
    ['a pseudo field after a regular one', (id) => peer.headers(id, { 'x-a': '1', ':status': '200' })],
    ['an unknown pseudo field', (id) => peer.headers(id, { ':status': '200', ':foo': 'x' })],
    ['no :status', (id) => peer.headers(id, { 'content-type': 'application/grpc' })],
    ['a connection field', (id) => peer.headers(id, { ':status': '200', connection: 'close' })],
    [
      'trailers without END_STREAM',
      (id) => {
        peer.respond(id);
        peer.headers(id, { 'grpc-status': '0' });
      },
    ],
    ['DATA before HEADERS', (id) => peer.data(id, Buffer.from('x'))],
  ];

  it.each(cases)('resets only the stream with PROTOCOL_ERROR for %s', async (_name, script) => {
    const { session, errors } = await open();
    await peer.handshake();
    const bad = request(session);
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    script(1);
    await bad.closed;
    expect(bad.stream.rstCode).toBe(f.PROTOCOL_ERROR);
    const rst = await peer.waitFor(isType(f.FRAME_RST_STREAM, 1));
    expect(codeOf(rst)).toBe(f.PROTOCOL_ERROR);
    await expectNextCallWorks(session, 3);
    expect(session.destroyed).toBe(false);
    expect(errors).toEqual([]);
  });

  it('resets a stream whose header list is over maxHeaderListBytes with ENHANCE_YOUR_CALM, HPACK in step', async () => {
    const { session } = await open({ maxHeaderListBytes: 1000 });
    await peer.handshake();
    const big = request(session);
    await peer.waitFor(isType(f.FRAME_HEADERS, 1));
    // content-type goes into both dynamic tables here; the next response refers to it by index.
    peer.headers(1, { ':status': '200', 'content-type': 'application/grpc', 'x-big': 'b'.repeat(2000) });
    await big.closed;
    expect(big.stream.rstCode).toBe(11);
    expect(codeOf(await peer.waitFor(isType(f.FRAME_RST_STREAM, 1)))).toBe(11);
    expect(peer.encoder.tableLength).toBeGreaterThan(0);
    const good = await expectNextCallWorks(session, 3);
    expect(good.response?.['content-type']).toBe('application/grpc');
  });
});

describe('DirectSession: a lost or broken connection', () => {
  it('answers a frame over 16,384 bytes with GOAWAY FRAME_SIZE_ERROR and closes every stream', async () => {
    const log = await open();
    await peer.handshake();
    const [s1, s3] = [request(log.session), request(log.session)];
    await peer.waitFor(isType(f.FRAME_HEADERS, 3));
    peer.respond(1);
    peer.data(1, Buffer.alloc(f.DEFAULT_MAX_FRAME_BYTES + 1));
    const goaway = await peer.waitFor(isType(f.FRAME_GOAWAY));
    expect(codeOf(goaway)).toBe(f.FRAME_SIZE_ERROR);
    await Promise.all([s1.closed, s3.closed, log.closed]);
    expect([s1.stream.rstCode, s3.stream.rstCode]).toEqual([8, 8]);
    expect(log.errors.map((e) => e.code)).toEqual(['ERR_HTTP2_SESSION_ERROR']);
  });

  it('closes its streams with CANCEL and emits close once when the peer drops the socket', async () => {
    const log = await open();
    await peer.handshake();
    const [s1, s3] = [request(log.session), request(log.session)];
    await peer.waitFor(isType(f.FRAME_HEADERS, 3));
    peer.respond(1);
    peer.data(1, Buffer.from('half'));
    await peer.roundTrip();
    peer.destroySocket();
    await Promise.all([s1.closed, s3.closed, log.closed]);
    expect([s1.stream.rstCode, s3.stream.rstCode]).toEqual([8, 8]);
    expect(log.session.destroyed).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.closes).toBe(1);
    expect(s1.events).toEqual(['response', 'data:4', 'close']);
  });
});

/** A frame the fuzzing peer sends, built once the peer (and its HPACK encoder) exists. */
type Scripted =
  | {
      readonly kind: 'raw';
      readonly type: number;
      readonly flags: number;
      readonly streamId: number;
      readonly payload: Uint8Array;
    }
  | { readonly kind: 'response' | 'trailers'; readonly streamId: number }
  | { readonly kind: 'data'; readonly streamId: number; readonly bytes: number; readonly end: boolean };

const streamIdArbitrary = fc.constantFrom(0, 1, 3, 5, 7, 2);
const scriptedArbitrary: fc.Arbitrary<Scripted> = fc.oneof(
  fc.record({
    kind: fc.constant('raw' as const),
    type: fc.integer({ min: 0, max: 10 }),
    flags: fc.constantFrom(0, f.FLAG_ACK, f.FLAG_END_HEADERS, f.FLAG_PADDED, f.FLAG_PRIORITY, 0xff),
    streamId: streamIdArbitrary,
    payload: fc.oneof(
      fc.uint8Array({ minLength: 4, maxLength: 4 }),
      fc.uint8Array({ minLength: 8, maxLength: 8 }),
      fc.uint8Array({ minLength: 6, maxLength: 12 }),
      fc.uint8Array({ maxLength: 40 }),
    ),
  }),
  fc.record({ kind: fc.constantFrom('response' as const, 'trailers' as const), streamId: streamIdArbitrary }),
  fc.record({
    kind: fc.constant('data' as const),
    streamId: streamIdArbitrary,
    bytes: fc.integer({ min: 0, max: 20_000 }),
    end: fc.boolean(),
  }),
);

function build(on: RawPeer, scripted: Scripted): Buffer {
  switch (scripted.kind) {
    case 'raw':
      return frame(scripted.type, scripted.flags, scripted.streamId, scripted.payload);
    case 'response':
      return frame(
        f.FRAME_HEADERS,
        f.FLAG_END_HEADERS,
        scripted.streamId,
        on.encode({ ':status': '200', 'content-type': 'application/grpc' }),
      );
    case 'trailers':
      return frame(
        f.FRAME_HEADERS,
        f.FLAG_END_HEADERS | f.FLAG_END_STREAM,
        scripted.streamId,
        on.encode({ 'grpc-status': '0' }),
      );
    case 'data':
      return frame(
        f.FRAME_DATA,
        scripted.end ? f.FLAG_END_STREAM : 0,
        scripted.streamId,
        Buffer.alloc(Math.min(scripted.bytes, f.DEFAULT_MAX_FRAME_BYTES)),
      );
  }
}

describe('DirectSession: random peer frames', () => {
  it('either serves or ends the session, never throws, and closes every stream in the end', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(scriptedArbitrary, { maxLength: 25 }),
        fc.boolean(),
        async (script, oneChunk) => {
          const own = await RawPeer.listen();
          try {
            const log = await open({}, own);
            await own.handshake();
            const streams = [request(log.session), request(log.session, false), request(log.session)];
            streams[1]!.stream.write(Buffer.from('body'));
            await own.waitFor(isType(f.FRAME_HEADERS, 5));
            const frames = script.map((s) => build(own, s));
            if (oneChunk) own.send(...frames);
            else for (const bytes of frames) own.send(bytes);
            const answered = await own.roundTrip().then(
              () => true,
              () => false,
            );
            // A session still up answers PINGs; one that is down has said so with GOAWAY or by closing.
            if (!answered) expect(log.session.destroyed).toBe(true);
            own.destroySocket();
            await log.closed;
            await new Promise((resolve) => setImmediate(resolve));
            for (const s of streams) expect(s.events.at(-1)).toBe('close');
            expect(log.closes).toBe(1);
          } finally {
            await own.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
