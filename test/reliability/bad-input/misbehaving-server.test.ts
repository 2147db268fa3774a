/**
 * Our client (createClient + createHttp2Transport) against a server that breaks the rules of
 * triple.md and RFC 9113 on purpose: every bad response fails its own call with a typed RpcError,
 * and a good call on the same channel right after succeeds (issue 6, "Bad input").
 */
import { gzipSync } from 'node:zlib';
import {
  Code,
  createClient,
  createHttp2Transport,
  type Http2Transport,
  javaService,
  loadProtoService,
  RpcError,
  withCallOptions,
} from '@dubbo-mesh/sdk-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../../peers/test-service-definition.js';
import { tally } from '../tally.js';
import { FrameType, type RawH2Peer, type RawRequest, startRawH2Peer } from './raw-h2-peer.js';

const AREA = 'frames-and-headers';

const Echo = javaService({
  interface: 'test.Echo',
  methods: { echo: { args: ['java.lang.String'], returns: 'java.lang.String', idempotent: false } },
} as const);

const OK_HEADERS = [
  [':status', '200'],
  ['content-type', 'application/grpc'],
] as const;

/** TripleRequestWrapper{1,2,3} has the layout of TripleResponseWrapper{1,2,3}: echo it as the reply. */
function echoFrame(request: RawRequest): Buffer {
  return request.body;
}

function answerOk(request: RawRequest): void {
  request.headers(OK_HEADERS, false);
  request.data(echoFrame(request), false);
  request.headers([['grpc-status', '0']], true);
}

function frameOf(flag: number, payload: Buffer, declaredLength = payload.length): Buffer {
  const header = Buffer.alloc(5);
  header[0] = flag;
  header.writeUInt32BE(declaredLength, 1);
  return Buffer.concat([header, payload]);
}

type Behaviour = (request: RawRequest) => void;

/** The next call's server behaviour; calls in this file run one at a time. */
let next: Behaviour = answerOk;
let peer: RawH2Peer;
let transport: Http2Transport;
let client: ReturnType<typeof createClient<typeof Echo>>;
let calls = 0;

beforeAll(async () => {
  peer = await startRawH2Peer((request) => {
    const behaviour = next;
    next = answerOk;
    behaviour(request);
  });
  transport = createHttp2Transport(`127.0.0.1:${peer.port}`);
  client = createClient(Echo, transport);
});

afterAll(async () => {
  tally('call', calls, AREA);
  await transport.close();
  await peer.close();
});

async function callWith(behaviour: Behaviour, text = 'hello'): Promise<string | RpcError> {
  next = behaviour;
  calls++;
  try {
    return await withCallOptions({ timeoutMs: 5000 }, () => client.echo(text));
  } catch (error) {
    if (!(error instanceof RpcError)) throw new Error(`untyped error: ${String(error)}`, { cause: error });
    return error;
  }
}

/** A bad response fails with `code`; a good call right after succeeds, on the same session when `sameSession`. */
async function expectTypedFailure(behaviour: Behaviour, code: Code, sameSession = true): Promise<RpcError> {
  const sessions = transport.channel.stats.sessionsOpened;
  const result = await callWith(behaviour);
  tally('badInput', 1, AREA);
  expect(result).toBeInstanceOf(RpcError);
  expect((result as RpcError).code, (result as RpcError).message).toBe(code);
  await expectGoodCall();
  if (sameSession) expect(transport.channel.stats.sessionsOpened).toBe(sessions);
  return result as RpcError;
}

async function expectGoodCall(text = 'still fine'): Promise<void> {
  await expect(callWith(answerOk, text)).resolves.toBe(text);
}

describe('frames from a misbehaving server', () => {
  it('answers a good call', async () => {
    await expectGoodCall('hello');
  });

  it('reassembles a response frame split across DATA frames at every offset', async () => {
    const text = 'a message long enough to be split at many offsets';
    let splitAt = 1;
    let offsets = 0;
    for (;;) {
      let length = 0;
      const result = await callWith((request) => {
        const frame = echoFrame(request);
        length = frame.length;
        request.headers(OK_HEADERS, false);
        request.data(frame.subarray(0, splitAt), false);
        request.data(frame.subarray(splitAt), false);
        request.headers([['grpc-status', '0']], true);
      }, text);
      expect(result).toBe(text);
      offsets++;
      if (++splitAt >= length) break;
    }
    expect(offsets).toBeGreaterThan(60);
    // And one DATA frame per byte.
    const result = await callWith((request) => {
      request.headers(OK_HEADERS, false);
      for (const byte of echoFrame(request)) request.data(Buffer.from([byte]), false);
      request.headers([['grpc-status', '0']], true);
    }, text);
    expect(result).toBe(text);
  });

  it('keeps working after a peer sends DATA after the trailers', async () => {
    // The call may already have succeeded when the stray DATA arrives; whatever nghttp2 does with
    // the session (RST or GOAWAY), the next call must work.
    const result = await callWith((request) => {
      answerOk(request);
      request.data(frameOf(0, Buffer.from('stray')), false);
      request.data(frameOf(0, Buffer.from('stray')), true);
    });
    tally('badInput', 1, AREA);
    expect(typeof result === 'string' || result instanceof RpcError).toBe(true);
    await expectGoodCall();
  });

  it('fails a frame length of 0xFFFFFFFF with RESOURCE_EXHAUSTED, before receiving it', async () => {
    await expectTypedFailure((request) => {
      request.headers(OK_HEADERS, false);
      request.data(frameOf(0, Buffer.alloc(3), 0xffffffff), false);
      request.headers([['grpc-status', '0']], true);
    }, Code.ResourceExhausted);
  });

  it('fails reserved flag bits and truncated frames with INTERNAL', async () => {
    for (const flag of [2, 4, 0x80, 0xff]) {
      await expectTypedFailure((request) => {
        request.headers(OK_HEADERS, false);
        request.data(Buffer.concat([Buffer.from([flag]), echoFrame(request).subarray(1)]), false);
        request.headers([['grpc-status', '0']], true);
      }, Code.Internal);
    }
    await expectTypedFailure((request) => {
      request.headers(OK_HEADERS, false);
      request.data(echoFrame(request).subarray(0, 9), false);
      request.headers([['grpc-status', '0']], true);
    }, Code.Internal);
  });

  it('fails a compressed frame of garbage with INTERNAL and a gzip bomb with RESOURCE_EXHAUSTED', async () => {
    const gzipped =
      (payload: Buffer): Behaviour =>
      (request) => {
        request.headers([...OK_HEADERS, ['grpc-encoding', 'gzip']], false);
        request.data(frameOf(1, payload), false);
        request.headers([['grpc-status', '0']], true);
      };
    await expectTypedFailure(gzipped(Buffer.from('not gzip at all')), Code.Internal);
    // 64 MiB of zeros is ~64 KiB of gzip: inflating stops at the 4 MiB message limit.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    await expectTypedFailure(gzipped(bomb), Code.ResourceExhausted);
    await expectTypedFailure((request) => {
      request.headers([...OK_HEADERS, ['grpc-encoding', 'br-zstd-lz4']], false);
      request.data(frameOf(1, Buffer.from('x')), false);
      request.headers([['grpc-status', '0']], true);
    }, Code.Unimplemented);
  });

  it('fails random DATA with a typed error, never anything else (property, live server)', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), async (bytes) => {
        runs++;
        const result = await callWith((request) => {
          request.headers(OK_HEADERS, false);
          request.data(Buffer.from(bytes), false);
          request.headers([['grpc-status', '0']], true);
        });
        // Random bytes may happen to frame a valid hessian string; anything else is an RpcError.
        expect(typeof result === 'string' || result instanceof RpcError).toBe(true);
      }),
      { numRuns: 1_000 },
    );
    tally('badInput', runs, AREA);
    await expectGoodCall();
  });
});

describe('headers and trailers from a misbehaving server', () => {
  it('fails a response whose content-type is not application/grpc* with UNKNOWN', async () => {
    for (const contentType of ['text/html', 'application/json', '', 'application/grp']) {
      await expectTypedFailure((request) => {
        request.headers(
          [
            [':status', '200'],
            ['content-type', contentType],
          ],
          false,
        );
        request.data(echoFrame(request), false);
        request.headers([['grpc-status', '0']], true);
      }, Code.Unknown);
    }
  });

  it('fails a trailers-only response with an invalid grpc-status with UNKNOWN', async () => {
    for (const status of ['abc', '', '17', '99', '-1', '1e1', '0x1', '100000000000000000000']) {
      const error = await expectTypedFailure((request) => {
        request.headers([...OK_HEADERS, ['grpc-status', status]], true);
      }, Code.Unknown).catch((e: unknown) => {
        throw new Error(`grpc-status ${JSON.stringify(status)}: ${String(e)}`);
      });
      expect(error.message).toContain('invalid grpc-status');
    }
  });

  it('fails a grpc-status with surrounding whitespace as missing (nghttp2 drops the field): INTERNAL', async () => {
    await expectTypedFailure((request) => {
      request.headers([...OK_HEADERS, ['grpc-status', ' 2']], true);
    }, Code.Internal);
  });

  it('fails trailers with an invalid grpc-status, or none, after a good message', async () => {
    await expectTypedFailure((request) => {
      request.headers(OK_HEADERS, false);
      request.data(echoFrame(request), false);
      request.headers([['grpc-status', 'OK']], true);
    }, Code.Unknown);
    await expectTypedFailure((request) => {
      request.headers(OK_HEADERS, false);
      request.data(echoFrame(request), false);
      request.headers([['x-no-status', '1']], true);
    }, Code.Internal);
  });

  it('fails oversized header and trailer lists with RESOURCE_EXHAUSTED, the session going on', async () => {
    const big = 'v'.repeat(40 * 1024);
    await expectTypedFailure((request) => {
      request.headers([...OK_HEADERS, ['x-big', big]], false);
      request.data(echoFrame(request), false);
      request.headers([['grpc-status', '0']], true);
    }, Code.ResourceExhausted);
    await expectTypedFailure((request) => {
      request.headers(OK_HEADERS, false);
      request.data(echoFrame(request), false);
      request.headers(
        [
          ['grpc-status', '0'],
          ['x-big', big],
        ],
        true,
      );
    }, Code.ResourceExhausted);
    // Many small fields adding up past 32 KiB (each field counts 32 bytes more, RFC 9113 §6.5.2).
    const many = Array.from({ length: 1100 }, (_, i) => [`x-f${i}`, 'v'] as const);
    await expectTypedFailure((request) => {
      request.headers([...OK_HEADERS, ['grpc-status', '0'], ...many], true);
    }, Code.ResourceExhausted);
  });

  it('reads malformed -bin values leniently, or fails typed, and keeps serving', async () => {
    for (const value of ['!!!', '====', 'a', '%%%', '\u00ff\u00fe', 'AQID=x']) {
      const result = await callWith((request) => {
        request.headers(OK_HEADERS, false);
        request.data(echoFrame(request), false);
        request.headers(
          [
            ['grpc-status', '3'],
            ['grpc-message', 'bad'],
            ['grpc-status-details-bin', value],
            ['trace-bin', value],
          ],
          true,
        );
      });
      tally('badInput', 1, AREA);
      expect(result).toBeInstanceOf(RpcError);
      expect((result as RpcError).code).toBe(Code.InvalidArgument);
      await expectGoodCall();
    }
  });

  it('fails pseudo-headers in trailers, unknown pseudo-headers and upper-case names with INTERNAL', async () => {
    await expectTypedFailure((request) => {
      request.headers(OK_HEADERS, false);
      request.data(echoFrame(request), false);
      request.headers(
        [
          [':status', '200'],
          ['grpc-status', '0'],
        ],
        true,
      );
    }, Code.Internal);
    await expectTypedFailure((request) => {
      request.headers([...OK_HEADERS, [':path', '/evil']], false);
      request.data(echoFrame(request), false);
      request.headers([['grpc-status', '0']], true);
    }, Code.Internal);
    await expectTypedFailure((request) => {
      request.headers([...OK_HEADERS, ['X-Upper', '1']], false);
      request.data(echoFrame(request), false);
      request.headers([['grpc-status', '0']], true);
    }, Code.Internal);
  });

  it('fails a missing :status and a non-200 :status with the mapped code', async () => {
    await expectTypedFailure((request) => {
      request.headers([['content-type', 'application/grpc']], false);
      request.data(echoFrame(request), false);
      request.headers([['grpc-status', '0']], true);
    }, Code.Internal);
    await expectTypedFailure((request) => {
      request.headers(
        [
          [':status', '503'],
          ['content-type', 'text/plain'],
        ],
        true,
      );
    }, Code.Unavailable);
  });
});

describe('the header list limit is configurable (maxHeaderListBytes)', () => {
  it('accepts a 40 KiB header with a 64 KiB limit, and refuses it with the 32 KiB default', async () => {
    const wide = createHttp2Transport(`127.0.0.1:${peer.port}`, { maxHeaderListBytes: 64 * 1024 });
    try {
      const wideClient = createClient(Echo, wide);
      next = (request) => {
        request.headers([...OK_HEADERS, ['x-big', 'v'.repeat(40 * 1024)]], false);
        request.data(echoFrame(request), false);
        request.headers([['grpc-status', '0']], true);
      };
      calls++;
      await expect(withCallOptions({ timeoutMs: 5000 }, () => wideClient.echo('wide'))).resolves.toBe('wide');
    } finally {
      await wide.close();
    }
    expect(() => createHttp2Transport('127.0.0.1:1', { maxHeaderListBytes: -1 })).toThrow(RpcError);
  });
});

describe('a response that breaks the whole connection, from a peer that keeps the socket open', () => {
  /**
   * A connection error (a header block over the limit, a frame above our max frame size). The direct
   * engine sends GOAWAY and closes the session at once, so the call fails UNAVAILABLE immediately.
   * On the node engine nghttp2 sends GOAWAY and then ignores all input while Node reports nothing:
   * a well-behaved server closes the socket on that GOAWAY, a hostile one does not, and only
   * keepalive finds out (UNAVAILABLE within one keepalive cycle, or at the deadline). Either way the
   * next call gets a new session.
   */
  async function expectFailureThenRecovery(behaviour: Behaviour): Promise<void> {
    const own = createHttp2Transport(`127.0.0.1:${peer.port}`, {
      keepalive: { intervalMs: 200, timeoutMs: 300 },
    });
    try {
      const ownClient = createClient(Echo, own);
      const call = (text: string): Promise<string> => {
        calls++;
        return withCallOptions({ timeoutMs: 20_000 }, () => ownClient.echo(text));
      };
      await expect(call('warm-up')).resolves.toBe('warm-up');
      const sessions = own.channel.stats.sessionsOpened;
      next = behaviour;
      const error = await call('doomed').catch((e: unknown) => e);
      tally('badInput', 1, AREA);
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).code, (error as RpcError).message).toBe(Code.Unavailable);
      await expect(call('recovered')).resolves.toBe('recovered');
      expect(own.channel.stats.sessionsOpened).toBe(sessions + 1);
    } finally {
      await own.close();
    }
  }

  it('fails a 1 MiB grpc-message (one header field over 64 KiB) and recovers on a new session', async () => {
    await expectFailureThenRecovery((request) => {
      request.headers(
        [...OK_HEADERS, ['grpc-status', '13'], ['grpc-message', 'x'.repeat(1024 * 1024)]],
        true,
      );
    });
  });

  it('fails a DATA frame above the max frame size and recovers on a new session', async () => {
    await expectFailureThenRecovery((request) => {
      request.headers(OK_HEADERS, false);
      request.frame(FrameType.data, 0, request.streamId, Buffer.alloc(20_000));
    });
  });
});

describe('server streaming from a misbehaving server', () => {
  const TestService = loadProtoService<{ serverStream: 'server_streaming' }>(
    TEST_PROTO_PATH,
    TEST_SERVICE_NAME,
  );
  let streaming: ReturnType<typeof createClient<typeof TestService>>;
  beforeAll(() => {
    streaming = createClient(TestService, transport);
  });

  /** An EchoResponse{message} frame, protobuf by hand: field 1, wire type 2. */
  function echoResponse(message: string): Buffer {
    const text = Buffer.from(message);
    return frameOf(0, Buffer.concat([Buffer.from([0x0a, text.length]), text]));
  }

  /** Reads the stream to its end: the messages, and the typed error that ended it, if any. */
  async function readStream(
    behaviour: Behaviour,
  ): Promise<{ messages: string[]; error: RpcError | undefined }> {
    next = behaviour;
    calls++;
    const messages: string[] = [];
    try {
      for await (const reply of streaming.serverStream({ message: 'go' }, { timeoutMs: 5000 })) {
        messages.push(String(reply.message));
      }
      return { messages, error: undefined };
    } catch (error) {
      if (!(error instanceof RpcError)) throw new Error(`untyped error: ${String(error)}`, { cause: error });
      return { messages, error };
    }
  }

  const goodThenBad =
    (bad: Buffer | ((request: RawRequest) => void)): Behaviour =>
    (request) => {
      request.headers(OK_HEADERS, false);
      request.data(Buffer.concat([echoResponse('one'), echoResponse('two')]), false);
      if (typeof bad === 'function') return bad(request);
      request.data(bad, false);
      request.headers([['grpc-status', '0']], true);
    };

  it('delivers the messages before a bad frame, then fails with its typed error; the next stream works', async () => {
    const reserved = echoResponse('three');
    reserved[0] = 0x04;
    const cases: [Behaviour, Code][] = [
      [goodThenBad(reserved), Code.Internal],
      [goodThenBad(frameOf(0, Buffer.alloc(1), 0xffffffff)), Code.ResourceExhausted],
      [goodThenBad(frameOf(0, Buffer.from([0xff, 0xff, 0xff]))), Code.Internal],
      [goodThenBad(echoResponse('cut').subarray(0, 4)), Code.Internal],
      [goodThenBad((r) => r.headers([['grpc-status', 'x']], true)), Code.Unknown],
      [
        goodThenBad((r) =>
          r.headers(
            [
              ['grpc-status', '0'],
              ['x-big', 'v'.repeat(40 * 1024)],
            ],
            true,
          ),
        ),
        Code.ResourceExhausted,
      ],
      [
        goodThenBad((r) =>
          r.headers(
            [
              [':path', '/x'],
              ['grpc-status', '0'],
            ],
            true,
          ),
        ),
        Code.Internal,
      ],
      [goodThenBad((r) => r.data(Buffer.alloc(0), true)), Code.Internal],
    ];
    for (const [behaviour, code] of cases) {
      const sessions = transport.channel.stats.sessionsOpened;
      const { messages, error } = await readStream(behaviour);
      tally('badInput', 1, AREA);
      expect(messages).toEqual(['one', 'two']);
      expect(error?.code, error?.message).toBe(code);
      const good = await readStream((request) => {
        request.headers(OK_HEADERS, false);
        request.data(Buffer.concat([echoResponse('a'), echoResponse('b'), echoResponse('c')]), false);
        request.headers([['grpc-status', '0']], true);
      });
      expect(good).toEqual({ messages: ['a', 'b', 'c'], error: undefined });
      expect(transport.channel.stats.sessionsOpened).toBe(sessions);
    }
  });

  it('keeps working after DATA following the trailers of a stream', async () => {
    const { messages } = await readStream((request) => {
      goodThenBad((r) => r.headers([['grpc-status', '0']], true))(request);
      request.data(echoResponse('stray'), true);
    });
    tally('badInput', 1, AREA);
    expect(messages).toEqual(['one', 'two']);
    await expectGoodCall();
  });
});
