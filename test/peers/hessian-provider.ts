import {
  constants,
  createServer,
  type Http2Server,
  type Http2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { isAbsolute } from 'node:path';
import { DEMO_METHODS, DEMO_SERVICE, type MethodOutcome } from './demo-service.js';
import { GENERIC_INVOKE, GENERIC_METHODS } from './generic-invoke.js';
import { grpcFrame, parseGrpcFrames } from './grpc-frames.js';
import { hessian } from './hessian-js.js';
import { releaseSocketPath } from './temp-socket.js';
import {
  decodeRequestWrapper,
  encodeResponseWrapper,
  type TripleRequestWrapper,
} from './triple-wrapper-schema.js';

export interface HessianCall {
  method: string;
  serializeType: string;
  argTypes: string[];
  /** hessian.js plain-mode values; [] when an argument could not be decoded. */
  args: unknown[];
  /** Request headers including pseudo-headers; repeated values joined with ', '. */
  headers: Record<string, string>;
}

export interface HessianProviderPeer {
  /** `127.0.0.1:PORT` or `unix:/abs/path`. */
  readonly address: string;
  readonly port?: number;
  readonly socketPath?: string;
  /** Every call to a known method whose TripleRequestWrapper parsed, valid argTypes or not. */
  readonly calls: HessianCall[];
  /** Method name of every call whose stream the client reset with CANCEL (8) before the reply. */
  readonly cancelled: string[];
  close(): Promise<void>;
}

const STATUS = { OK: 0, INTERNAL: 13, UNIMPLEMENTED: 12 } as const;
const ACCEPTED_SERIALIZATIONS = new Set(['hessian2', 'hessian4']);
/** hessian `N`: null, how Java sends void (triple.md §4). */
const HESSIAN_NULL = Buffer.from([0x4e]);

class CallFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function headerRecord(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** One bare Hessian 2 value; trailing bytes mean the client framed it wrong (hessian.md §3). */
function decodeArg(bytes: Buffer, index: number): unknown {
  const decoder = new hessian.DecoderV2(bytes);
  const value = decoder.read(false);
  if (decoder.byteBuffer.position() !== bytes.length) {
    throw new CallFailure(STATUS.INTERNAL, `arg ${index}: ${bytes.length} bytes, one value used fewer`);
  }
  return value;
}

function isOpen(stream: ServerHttp2Stream): boolean {
  return !stream.destroyed && !stream.closed;
}

function replyTrailersOnly(stream: ServerHttp2Stream, code: number, message: string): void {
  if (!isOpen(stream)) return;
  stream.respond(
    {
      ':status': 200,
      'content-type': 'application/grpc',
      'grpc-status': String(code),
      'grpc-message': encodeURIComponent(message),
    },
    { endStream: true },
  );
}

function replyWrapper(
  stream: ServerHttp2Stream,
  wrapper: TripleRequestWrapper,
  returnType: string,
  outcome: MethodOutcome,
): void {
  if (!isOpen(stream)) return;
  const data =
    outcome.kind === 'value'
      ? hessian.encode(outcome.value, '2.0')
      : outcome.kind === 'exception'
        ? hessian.encode(outcome.throwable, '2.0')
        : HESSIAN_NULL;
  const headers: Record<string, string | number> = { ':status': 200, 'content-type': 'application/grpc' };
  if (outcome.kind === 'exception') headers['tri-exception-code'] = String(outcome.code);
  stream.respond(headers, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(STATUS.OK) }));
  const body = encodeResponseWrapper({ serializeType: wrapper.serializeType, data, type: returnType });
  stream.end(grpcFrame(body));
}

function sleepUnlessClosed(stream: ServerHttp2Stream, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = (): void => {
      clearTimeout(timer);
      reject(new CallFailure(STATUS.INTERNAL, 'stream closed'));
    };
    const timer = setTimeout(() => {
      stream.off('close', onClose);
      resolve();
    }, ms);
    stream.once('close', onClose);
  });
}

async function serveCall(
  stream: ServerHttp2Stream,
  method: string,
  body: Buffer,
  headers: Record<string, string>,
  calls: HessianCall[],
): Promise<void> {
  const declared = GENERIC_METHODS.has(method) ? GENERIC_INVOKE : DEMO_METHODS.get(method);
  if (declared === undefined) {
    throw new CallFailure(STATUS.UNIMPLEMENTED, `method ${method} not found in service ${DEMO_SERVICE}`);
  }
  const frames = parseGrpcFrames(body);
  const [frame] = frames;
  if (frames.length !== 1 || frame === undefined) {
    throw new CallFailure(STATUS.INTERNAL, `unary call needs exactly one message, got ${frames.length}`);
  }
  if (frame.compressed) throw new CallFailure(STATUS.INTERNAL, 'compressed messages are not supported');
  const wrapper = decodeRequestWrapper(frame.message);
  const call: HessianCall = {
    method,
    serializeType: wrapper.serializeType,
    argTypes: wrapper.argTypes,
    args: [],
    headers,
  };
  calls.push(call);
  call.args = wrapper.args.map(decodeArg);
  if (!ACCEPTED_SERIALIZATIONS.has(wrapper.serializeType)) {
    throw new CallFailure(STATUS.INTERNAL, `unsupported serializeType '${wrapper.serializeType}'`);
  }
  const expected = declared.argTypes;
  const got = wrapper.argTypes;
  if (got.length !== expected.length || got.some((t, i) => t !== expected[i])) {
    throw new CallFailure(
      STATUS.UNIMPLEMENTED,
      `${DEMO_SERVICE}.${method}: argTypes [${got.join(',')}] do not match declared [${expected.join(',')}]`,
    );
  }
  if (call.args.length !== expected.length) {
    throw new CallFailure(
      STATUS.INTERNAL,
      `${method} takes ${expected.length} args, got ${call.args.length}`,
    );
  }
  const outcome = await declared.invoke(call.args, { sleep: (ms) => sleepUnlessClosed(stream, ms) });
  replyWrapper(stream, wrapper, declared.returnType, outcome);
}

function onStream(
  stream: ServerHttp2Stream,
  requestHeaders: IncomingHttpHeaders,
  calls: HessianCall[],
  cancelled: string[],
): void {
  const headers = headerRecord(requestHeaders);
  // A reset from the client emits 'error' for codes other than CANCEL; the reset is the client's
  // choice and the 'close' handler below looks at rstCode, so it must not crash the peer.
  stream.on('error', () => undefined);
  const path = headers[':path'] ?? '';
  const [, service = '', method = '', ...rest] = path.split('/');
  stream.once('close', () => {
    if (stream.rstCode === constants.NGHTTP2_CANCEL && !stream.headersSent) cancelled.push(method);
  });
  if (headers[':method'] !== 'POST') {
    stream.respond({ ':status': 405 }, { endStream: true });
    return;
  }
  if (!(headers['content-type'] ?? '').startsWith('application/grpc')) {
    stream.respond({ ':status': 415, 'content-type': 'text/plain' });
    stream.end('unsupported content-type');
    return;
  }
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.once('end', () => {
    const served =
      service === DEMO_SERVICE && rest.length === 0
        ? serveCall(stream, method, Buffer.concat(chunks), headers, calls)
        : Promise.reject(new CallFailure(STATUS.UNIMPLEMENTED, `service not found for path ${path}`));
    served.catch((err: unknown) => {
      if (err instanceof CallFailure) replyTrailersOnly(stream, err.code, err.message);
      else replyTrailersOnly(stream, STATUS.INTERNAL, err instanceof Error ? err.message : String(err));
    });
  });
}

function listen(server: Http2Server, uds: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = (): void => {
      server.off('error', reject);
      resolve();
    };
    if (uds === undefined) server.listen(0, '127.0.0.1', done);
    else server.listen(uds, done);
  });
}

/**
 * A Java-interface (non-IDL) Triple provider of org.apache.dubbo.demo.DemoService on node:http2
 * h2c, written without any SDK code: TripleRequestWrapper via protobufjs reflection, arguments via
 * hessian.js. Methods and their declared argTypes are in demo-service.ts. Replies echo the request's
 * serializeType, with `type` = the declared return type. `$invoke`/`$invokeAsync` are answered as Java's
 * GenericFilter answers them (generic-invoke.ts). Errors:
 * - unknown service/method, or argTypes not exactly the declared ones: trailers-only grpc-status 12
 *   (`:status 200`, as Java ≤3.2; Java 3.3 would use `:status 404` for routing failures);
 * - `fail(msg)`: HEADERS with `tri-exception-code: 3`, DATA = wrapper holding a hessian
 *   java.lang.IllegalStateException(msg), TRAILERS grpc-status 0 (triple.md §5);
 * - bad framing, a serializeType other than hessian2/hessian4, undecodable args: grpc-status 13;
 * - non-POST: `:status 405`; content-type not `application/grpc*`: `:status 415`.
 */
export async function startHessianProvider(options: { uds?: string } = {}): Promise<HessianProviderPeer> {
  const { uds } = options;
  if (uds !== undefined && !isAbsolute(uds)) throw new TypeError(`uds must be absolute, got ${uds}`);
  const calls: HessianCall[] = [];
  const cancelled: string[] = [];
  const server = createServer();
  const sessions = new Set<Http2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    // Connection-level errors (a client dropping the socket) end the session; the peer carries on.
    session.on('error', () => undefined);
    session.once('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => onStream(stream, headers, calls, cancelled));
  await listen(server, uds);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const session of sessions) session.destroy();
    }).then(() => {
      if (uds !== undefined) releaseSocketPath(uds);
    });
    return closing;
  };
  if (uds !== undefined) return { address: `unix:${uds}`, socketPath: uds, calls, cancelled, close };
  const { port } = server.address() as AddressInfo;
  return { address: `127.0.0.1:${port}`, port, calls, cancelled, close };
}
