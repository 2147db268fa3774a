/**
 * A scripted hostile HTTP/2 server for the engine differential test: it answers the first request
 * it reads with a script of frames (a list of steps), and every later request with a good echo.
 * Unlike raw-h2-peer.ts (whose HPACK and frame constants it reuses) it can close the socket as a
 * step and wait for a PING round trip between steps, so a script runs the same way against both
 * engines whether its frames arrive in one chunk or one by one.
 */
import net from 'node:net';
import { encodeFrameHeader, Flag, FrameType, hpackBlock, readClientRequests } from './raw-h2-peer.js';

export type Fields = ReadonlyArray<readonly [string, string]>;

/** The client's SETTINGS_MAX_FRAME_SIZE (both engines keep the default). */
const MAX_FRAME_BYTES = 16_384;
const FLAG_PADDED = 0x8;
const FLAG_PRIORITY = 0x20;
const FRAME_WINDOW_UPDATE = 8;
const FRAME_PRIORITY = 2;

/** How a header block goes on the wire: in how many pieces (HEADERS + CONTINUATION), padded, with PRIORITY. */
export interface BlockFraming {
  readonly pieces: number;
  readonly padding: number | undefined;
  readonly priority: boolean;
}

/** The gRPC frame bytes a DATA step carries; `message` is the echo of the request (a valid reply). */
export type DataBody =
  | { readonly kind: 'message' }
  | { readonly kind: 'badPrefix'; readonly flag: number }
  | { readonly kind: 'overLimit'; readonly declared: number }
  | { readonly kind: 'compressed' }
  | { readonly kind: 'truncated'; readonly keep: number }
  | { readonly kind: 'empty' };

/** One thing the server does on the scripted stream (or its connection). */
export type Step =
  | {
      readonly kind: 'headers';
      readonly fields: Fields;
      readonly endStream: boolean;
      readonly framing: BlockFraming;
    }
  | {
      readonly kind: 'data';
      readonly body: DataBody;
      /** Cut points (modulo the body length) where the body is split into separate DATA frames. */
      readonly cuts: readonly number[];
      readonly padding: number | undefined;
      readonly endStream: boolean;
    }
  | { readonly kind: 'rstStream'; readonly code: number }
  | { readonly kind: 'goaway'; readonly lastStream: 'below' | 'at'; readonly code: number }
  | { readonly kind: 'closeSocket' }
  | { readonly kind: 'windowUpdateZero'; readonly onConnection: boolean }
  | { readonly kind: 'oversizedFrame' }
  | { readonly kind: 'ping' }
  | { readonly kind: 'settings'; readonly id: number; readonly value: number }
  | { readonly kind: 'priorityFrame' }
  | { readonly kind: 'unknownFrame' };

export interface Script {
  readonly steps: readonly Step[];
  /**
   * Wait for the client to acknowledge a PING after each step, so each step arrives alone; else
   * the whole script leaves in one write.
   */
  readonly pingBetween: boolean;
}

export interface ScriptedServer {
  readonly port: number;
  /** Settles when the script has run to its end, or its connection closed under it. */
  readonly scriptDone: Promise<void>;
  /** Requests read so far (the scripted one included). */
  readonly requests: number;
  close(): Promise<void>;
}

function frame(type: number, flags: number, streamId: number, payload: Buffer): Buffer {
  return Buffer.concat([encodeFrameHeader(payload.length, type, flags, streamId), payload]);
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

/** A gRPC Length-Prefixed-Message: flag byte, 4-byte length, payload (triple.md). */
function grpcFrame(flag: number, payload: Buffer, declared = payload.length): Buffer {
  const header = Buffer.alloc(5);
  header[0] = flag;
  header.writeUInt32BE(declared >>> 0, 1);
  return Buffer.concat([header, payload]);
}

/** Splits `bytes` at `cuts` (modulo its length); an empty body stays one empty piece. */
function split(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  if (bytes.length === 0) return [bytes];
  const points = [...new Set(cuts.map((c) => c % bytes.length))].filter((p) => p > 0).sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(bytes.subarray(from, point));
    from = point;
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}

function padded(payload: Buffer, padding: number | undefined): { flags: number; payload: Buffer } {
  if (padding === undefined) return { flags: 0, payload };
  return {
    flags: FLAG_PADDED,
    payload: Buffer.concat([Buffer.from([padding]), payload, Buffer.alloc(padding)]),
  };
}

/**
 * Expands the shorthands that keep printed scripts short: a value `<repeat N>` is N letters `v`,
 * and a field named `<many N>` is N small fields `x-fI: v`.
 */
export function expandFields(fields: Fields): Fields {
  const out: Array<readonly [string, string]> = [];
  for (const [name, value] of fields) {
    const many = /^<many (\d+)>$/.exec(name);
    if (many) {
      for (let i = 0; i < Number(many[1]); i++) out.push([`x-f${i}`, 'v']);
      continue;
    }
    const repeat = /^<repeat (\d+)>$/.exec(value);
    out.push([name, repeat ? 'v'.repeat(Number(repeat[1])) : value]);
  }
  return out;
}

/** The header block of `fields` as HEADERS (+ CONTINUATION) frames framed as `framing` says. */
export function headerFrames(
  streamId: number,
  fields: Fields,
  endStream: boolean,
  framing: BlockFraming,
): Buffer {
  const block = hpackBlock(expandFields(fields));
  const count = Math.max(framing.pieces, Math.ceil(block.length / (MAX_FRAME_BYTES - 300)));
  const size = Math.max(1, Math.ceil(block.length / count));
  const parts: Buffer[] = [];
  for (let at = 0; at < block.length; at += size) parts.push(block.subarray(at, at + size));
  if (parts.length === 0) parts.push(Buffer.alloc(0));
  const frames: Buffer[] = [];
  parts.forEach((part, index) => {
    const last = index === parts.length - 1 ? Flag.endHeaders : 0;
    if (index > 0) {
      frames.push(frame(FrameType.continuation, last, streamId, part));
      return;
    }
    let payload = part;
    let flags = last | (endStream ? Flag.endStream : 0);
    if (framing.priority) {
      // Depends on stream 0, weight 16: a plain priority signal (RFC 9113 §6.2, deprecated but legal).
      payload = Buffer.concat([u32(0), Buffer.from([15]), payload]);
      flags |= FLAG_PRIORITY;
    }
    const pad = padded(payload, framing.padding);
    frames.push(frame(FrameType.headers, flags | pad.flags, streamId, pad.payload));
  });
  return Buffer.concat(frames);
}

function dataBodyBytes(body: DataBody, message: Buffer): Buffer {
  switch (body.kind) {
    case 'message':
      return message;
    case 'badPrefix':
      return Buffer.concat([Buffer.from([body.flag]), message.subarray(1)]);
    case 'overLimit':
      return grpcFrame(0, Buffer.alloc(3), body.declared);
    case 'compressed':
      return grpcFrame(1, message.subarray(5));
    case 'truncated':
      return message.subarray(0, Math.min(body.keep, message.length - 1));
    case 'empty':
      return Buffer.alloc(0);
  }
}

/** The bytes of one step on `streamId`; `undefined` for closing the socket. */
export function stepBytes(step: Step, streamId: number, message: Buffer): Buffer | undefined {
  switch (step.kind) {
    case 'headers':
      return headerFrames(streamId, step.fields, step.endStream, step.framing);
    case 'data': {
      const pieces = split(dataBodyBytes(step.body, message), step.cuts);
      return Buffer.concat(
        pieces.map((piece, index) => {
          const end = step.endStream && index === pieces.length - 1 ? Flag.endStream : 0;
          const pad = padded(piece, step.padding);
          return frame(FrameType.data, end | pad.flags, streamId, pad.payload);
        }),
      );
    }
    case 'rstStream':
      return frame(FrameType.rstStream, 0, streamId, u32(step.code));
    case 'goaway': {
      const last = step.lastStream === 'below' ? streamId - 2 : streamId;
      return frame(FrameType.goaway, 0, 0, Buffer.concat([u32(Math.max(0, last)), u32(step.code)]));
    }
    case 'closeSocket':
      return undefined;
    case 'windowUpdateZero':
      return frame(FRAME_WINDOW_UPDATE, 0, step.onConnection ? 0 : streamId, u32(0));
    case 'oversizedFrame':
      return frame(FrameType.data, 0, streamId, Buffer.alloc(MAX_FRAME_BYTES + 1000));
    case 'ping':
      return frame(FrameType.ping, 0, 0, Buffer.from('srvping!'));
    case 'settings': {
      const payload = Buffer.alloc(6);
      payload.writeUInt16BE(step.id, 0);
      payload.writeUInt32BE(step.value >>> 0, 2);
      return frame(FrameType.settings, 0, 0, payload);
    }
    case 'priorityFrame':
      return frame(FRAME_PRIORITY, 0, streamId, Buffer.concat([u32(0), Buffer.from([15])]));
    case 'unknownFrame':
      return frame(0xbe, 0, streamId, Buffer.from('ignored'));
  }
}

/** The good answer: the request body echoed (a Hessian string and an EchoRequest read back alike). */
function goodAnswer(streamId: number, body: Buffer): Buffer {
  const framing: BlockFraming = { pieces: 1, padding: undefined, priority: false };
  return Buffer.concat([
    headerFrames(
      streamId,
      [
        [':status', '200'],
        ['content-type', 'application/grpc'],
      ],
      false,
      framing,
    ),
    frame(FrameType.data, 0, streamId, body),
    headerFrames(streamId, [['grpc-status', '0']], true, framing),
  ]);
}

/** Starts a server on 127.0.0.1 that plays `script` on the first request it reads. */
export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const sockets = new Set<net.Socket>();
  const state = { requests: 0 };
  let markDone!: () => void;
  const scriptDone = new Promise<void>((resolve) => {
    markDone = resolve;
  });

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => {});
    let closed = false;
    /** Resolvers of our PINGs, by payload. */
    const pings = new Map<string, () => void>();
    socket.on('close', () => {
      closed = true;
      sockets.delete(socket);
      for (const resolve of pings.values()) resolve();
      pings.clear();
    });
    const write = (bytes: Buffer): void => {
      if (!closed && socket.writable) socket.write(bytes);
    };
    write(frame(FrameType.settings, 0, 0, Buffer.alloc(0)));
    let pingCount = 0;
    const roundTrip = (): Promise<void> =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        const payload = Buffer.alloc(8);
        payload.writeUInt32BE(++pingCount, 4);
        pings.set(payload.toString('hex'), resolve);
        write(frame(FrameType.ping, 0, 0, payload));
      });

    const play = async (streamId: number, body: Buffer): Promise<void> => {
      try {
        if (!script.pingBetween) {
          // One write for the whole script, so the client reads it in one chunk (on loopback).
          const end = script.steps.findIndex((step) => step.kind === 'closeSocket');
          const steps = end === -1 ? script.steps : script.steps.slice(0, end);
          write(Buffer.concat(steps.map((step) => stepBytes(step, streamId, body) ?? Buffer.alloc(0))));
          if (end !== -1) socket.destroy();
          return;
        }
        for (const step of script.steps) {
          if (closed) break;
          const bytes = stepBytes(step, streamId, body);
          if (bytes === undefined) {
            socket.destroy();
            break;
          }
          write(bytes);
          await roundTrip();
        }
      } finally {
        markDone();
      }
    };

    readClientRequests(socket, {
      ack: (type, payload) => write(frame(type, Flag.ack, 0, payload)),
      onRequest: (streamId, body) => {
        if (state.requests++ === 0) void play(streamId, body);
        else write(goodAnswer(streamId, body));
      },
      onPingAck: (payload) => {
        const key = payload.toString('hex');
        const resolve = pings.get(key);
        pings.delete(key);
        resolve?.();
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    scriptDone,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
