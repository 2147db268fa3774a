import type { EventEmitter } from 'node:events';
import {
  Metadata,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { type EchoRequest, type EchoResponse, toEchoRequest } from './echo-messages.js';

/** What the handlers record; GrpcPeer exposes the same fields. */
export interface TestServiceState {
  readonly name: string;
  calls: number;
  cancelled: string[];
  lastMetadata: Record<string, string>;
}

/** What every grpc-js server call type has in common (they are all EventEmitters). */
type AnyServerCall = EventEmitter & { readonly cancelled: boolean; readonly metadata: Metadata };

function stringEntries(metadata: Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

function headerFor(message: string): Metadata {
  const md = new Metadata();
  md.set('x-echo-header', message);
  return md;
}

function trailersFor(message: string): Metadata {
  const md = new Metadata();
  md.set('x-echo-trailer', message);
  md.set('x-bin-bin', Buffer.from([1, 2, 3]));
  return md;
}

function statusError(req: EchoRequest): { code: number; details: string; metadata: Metadata } {
  return { code: req.failCode, details: req.failMessage, metadata: trailersFor(req.message) };
}

/** Resolves true after `ms`, or false as soon as the call is cancelled. */
function waitUnlessCancelled(call: AnyServerCall, ms: number): Promise<boolean> {
  if (call.cancelled) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onCancel = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      call.off('cancelled', onCancel);
      resolve(true);
    }, ms);
    call.once('cancelled', onCancel);
  });
}

/**
 * Implementation of dubbomesh.test.TestService (proto/test.proto); the behaviour is documented on
 * startGrpcServer in grpc-server.ts.
 */
export function createTestServiceHandlers(state: TestServiceState): UntypedServiceImplementation {
  /**
   * Records every call. grpc-js 1.14 emits 'cancelled' whenever the stream closes, even after a
   * normal status, so a cancellation counts only before the handler chose its status (`finish()`).
   * `label()` is read when the cancellation happens.
   */
  function begin(
    call: AnyServerCall,
    label: () => string,
  ): { metadata: Record<string, string>; finish: () => void } {
    state.calls += 1;
    const metadata = stringEntries(call.metadata);
    state.lastMetadata = metadata;
    let finished = false;
    call.once('cancelled', () => {
      if (!finished) state.cancelled.push(label());
    });
    return {
      metadata,
      finish: () => {
        finished = true;
      },
    };
  }

  function response(req: EchoRequest, metadata: Record<string, string>, index: number): EchoResponse {
    return { message: req.message, metadata, payload: req.payload, index, server: state.name };
  }

  async function unary(
    call: ServerUnaryCall<unknown, EchoResponse>,
    callback: sendUnaryData<EchoResponse>,
  ): Promise<void> {
    const req = toEchoRequest(call.request);
    const { metadata, finish } = begin(call, () => req.message);
    call.sendMetadata(headerFor(req.message));
    if (req.delayMs > 0 && !(await waitUnlessCancelled(call, req.delayMs))) return;
    finish();
    if (req.failCode !== 0) {
      callback(statusError(req));
      return;
    }
    callback(null, response(req, metadata, 0), trailersFor(req.message));
  }

  async function serverStream(call: ServerWritableStream<unknown, EchoResponse>): Promise<void> {
    const req = toEchoRequest(call.request);
    const { metadata, finish } = begin(call, () => req.message);
    call.sendMetadata(headerFor(req.message));
    for (let index = 0; index < req.count; index++) {
      if (index > 0 && req.delayMs > 0 && !(await waitUnlessCancelled(call, req.delayMs))) return;
      if (call.cancelled) return;
      if (!call.write(response(req, metadata, index))) {
        await new Promise<void>((resolve) => call.once('drain', resolve));
      }
    }
    if (call.cancelled) return;
    finish();
    if (req.failCode !== 0) {
      call.emit('error', statusError(req));
      return;
    }
    call.end(trailersFor(req.message));
  }

  function clientStream(
    call: ServerReadableStream<unknown, EchoResponse>,
    callback: sendUnaryData<EchoResponse>,
  ): void {
    const messages: string[] = [];
    const { finish } = begin(call, () => messages[0] ?? '');
    call.on('data', (value: unknown) => {
      messages.push(toEchoRequest(value).message);
    });
    call.on('end', () => {
      finish();
      const joined = messages.join(',');
      callback(
        null,
        {
          message: joined,
          metadata: stringEntries(call.metadata),
          payload: Buffer.alloc(0),
          index: messages.length,
          server: state.name,
        },
        trailersFor(joined),
      );
    });
  }

  function bidi(call: ServerDuplexStream<unknown, EchoResponse>): void {
    let first: string | undefined;
    const { metadata, finish } = begin(call, () => first ?? '');
    let index = 0;
    let failed = false;
    // Requests are answered strictly in order, even when some carry a delay.
    let chain = Promise.resolve();
    call.on('data', (value: unknown) => {
      const req = toEchoRequest(value);
      first ??= req.message;
      const seq = index++;
      chain = chain.then(async () => {
        if (failed || call.cancelled) return;
        if (req.delayMs > 0 && !(await waitUnlessCancelled(call, req.delayMs))) return;
        if (req.failCode !== 0) {
          failed = true;
          finish();
          call.emit('error', statusError(req));
          return;
        }
        call.write(response(req, metadata, seq));
      });
    });
    call.on('end', () => {
      chain = chain.then(() => {
        if (failed || call.cancelled) return;
        finish();
        call.end(trailersFor(first ?? ''));
      });
    });
  }

  return {
    Unary: (call: ServerUnaryCall<unknown, EchoResponse>, callback: sendUnaryData<EchoResponse>) => {
      unary(call, callback).catch((err: unknown) => callback(toInternal(err)));
    },
    ServerStream: (call: ServerWritableStream<unknown, EchoResponse>) => {
      serverStream(call).catch((err: unknown) => call.emit('error', toInternal(err)));
    },
    ClientStream: clientStream,
    Bidi: bidi,
  };
}

function toInternal(err: unknown): { code: number; details: string } {
  return { code: 13, details: `test peer failed: ${err instanceof Error ? err.message : String(err)}` };
}
