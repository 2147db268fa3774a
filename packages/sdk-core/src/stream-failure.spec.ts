import http2 from 'node:http2';
import { Code, RpcError } from '@dubbo-mesh/codec-triple';
import { describe, expect, it, vi } from 'vitest';
import type { Http2Channel, SessionEntryHandle } from './http2-channel.js';
import { wasNotSent } from './not-sent.js';
import { classifyStreamClose, codeForRstStream } from './stream-failure.js';

const c = http2.constants;

describe('codeForRstStream', () => {
  it.each([
    ['REFUSED_STREAM', c.NGHTTP2_REFUSED_STREAM, Code.Unavailable],
    ['CANCEL', c.NGHTTP2_CANCEL, Code.Cancelled],
    ['ENHANCE_YOUR_CALM', c.NGHTTP2_ENHANCE_YOUR_CALM, Code.ResourceExhausted],
    ['INADEQUATE_SECURITY', c.NGHTTP2_INADEQUATE_SECURITY, Code.PermissionDenied],
    ['NO_ERROR', c.NGHTTP2_NO_ERROR, Code.Internal],
    ['PROTOCOL_ERROR', c.NGHTTP2_PROTOCOL_ERROR, Code.Internal],
    ['INTERNAL_ERROR', c.NGHTTP2_INTERNAL_ERROR, Code.Internal],
    ['FLOW_CONTROL_ERROR', c.NGHTTP2_FLOW_CONTROL_ERROR, Code.Internal],
    ['STREAM_CLOSED', c.NGHTTP2_STREAM_CLOSED, Code.Internal],
    ['FRAME_SIZE_ERROR', c.NGHTTP2_FRAME_SIZE_ERROR, Code.Internal],
    ['COMPRESSION_ERROR', c.NGHTTP2_COMPRESSION_ERROR, Code.Internal],
    ['CONNECT_ERROR', c.NGHTTP2_CONNECT_ERROR, Code.Internal],
    ['HTTP_1_1_REQUIRED', c.NGHTTP2_HTTP_1_1_REQUIRED, Code.Internal],
    ['an unknown code', 0xff, Code.Internal],
  ])('maps %s to the gRPC code', (_name, rst, code) => {
    expect(codeForRstStream(rst)).toBe(code);
  });

  it('uses the HTTP/2 numbers from RFC 9113', () => {
    expect([
      c.NGHTTP2_REFUSED_STREAM,
      c.NGHTTP2_CANCEL,
      c.NGHTTP2_ENHANCE_YOUR_CALM,
      c.NGHTTP2_INADEQUATE_SECURITY,
    ]).toEqual([7, 8, 11, 12]);
  });
});

/** Just the parts of a stream, session entry and channel that classifyStreamClose reads. */
function fakes(options: {
  rstCode: number | undefined;
  connected: boolean;
  pending?: boolean;
  lastError?: Error;
  sessionDestroyed?: boolean;
  id?: number;
  goawayLastStreamId?: number;
}) {
  const stream = {
    rstCode: options.rstCode,
    pending: options.pending ?? false,
    id: options.id,
  } as unknown as http2.ClientHttp2Stream;
  const entry = {
    connected: options.connected,
    session: { destroyed: options.sessionDestroyed ?? false },
    goawayLastStreamId: options.goawayLastStreamId,
  } as unknown as SessionEntryHandle;
  const retire = vi.fn();
  const channel = {
    retire,
    authority: 'provider:50051',
    lastConnectionError: options.lastError,
  } as unknown as Http2Channel;
  return { stream, entry, channel, retire };
}

describe('classifyStreamClose', () => {
  it('treats a clean close as no failure', () => {
    const { stream, entry, channel } = fakes({ rstCode: c.NGHTTP2_NO_ERROR, connected: true });
    expect(classifyStreamClose(stream, entry, true, channel)).toBeUndefined();
  });

  it('treats a refusal before any header as not sent, worth re-sending, and retires the session', () => {
    const { stream, entry, channel, retire } = fakes({ rstCode: c.NGHTTP2_REFUSED_STREAM, connected: true });
    const failure = classifyStreamClose(stream, entry, false, channel);
    expect(failure).toMatchObject({ notSent: true, retry: true });
    expect(failure?.error.code).toBe(Code.Unavailable);
    expect(wasNotSent(failure?.error)).toBe(true);
    expect(retire).toHaveBeenCalledWith(entry);
  });

  it('treats a stream whose HEADERS were never submitted as not sent and worth re-sending', () => {
    const { stream, entry, channel, retire } = fakes({
      rstCode: c.NGHTTP2_PROTOCOL_ERROR,
      connected: true,
      pending: true,
    });
    const failure = classifyStreamClose(stream, entry, false, channel);
    expect(failure).toMatchObject({ notSent: true, retry: true });
    expect(wasNotSent(failure?.error)).toBe(true);
    expect(retire).toHaveBeenCalledWith(entry);
  });

  it('treats a stream on a session that never connected as not sent, not to be re-sent at once', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:50051');
    const { stream, entry, channel, retire } = fakes({
      rstCode: undefined,
      connected: false,
      lastError: cause,
    });
    const failure = classifyStreamClose(stream, entry, false, channel);
    expect(failure).toMatchObject({ notSent: true, retry: false });
    expect(failure?.error.code).toBe(Code.Unavailable);
    expect(failure?.error.message).toContain('connection to provider:50051 failed: connect ECONNREFUSED');
    expect(failure?.error.cause).toBe(cause);
    expect(wasNotSent(failure?.error)).toBe(true);
    expect(retire).not.toHaveBeenCalled();
  });

  it('treats a reset after the response headers as possibly executed, with the mapped code', () => {
    const { stream, entry, channel } = fakes({ rstCode: c.NGHTTP2_REFUSED_STREAM, connected: true });
    const failure = classifyStreamClose(stream, entry, true, channel);
    expect(failure).toMatchObject({ notSent: false, retry: false });
    expect(failure?.error).toBeInstanceOf(RpcError);
    expect(failure?.error.code).toBe(Code.Unavailable);
    expect(wasNotSent(failure?.error)).toBe(false);
  });

  it('reports a CANCEL from the peer as CANCELLED that may have executed', () => {
    const { stream, entry, channel } = fakes({ rstCode: c.NGHTTP2_CANCEL, connected: true });
    const failure = classifyStreamClose(stream, entry, false, channel);
    expect(failure).toMatchObject({ notSent: false, retry: false });
    expect(failure?.error.code).toBe(Code.Cancelled);
    expect(failure?.error.message).toContain('HTTP/2 error 8');
  });

  it('re-sends a stream above a GOAWAY last stream id even when the GOAWAY carried an error (§6.8)', () => {
    // node:http2 closes those streams with CANCEL on a session it destroys for the error code.
    const above = fakes({
      rstCode: c.NGHTTP2_CANCEL,
      connected: true,
      sessionDestroyed: true,
      id: 5,
      goawayLastStreamId: 3,
    });
    const failure = classifyStreamClose(above.stream, above.entry, false, above.channel);
    expect(failure).toMatchObject({ notSent: true, retry: true });
    expect(wasNotSent(failure?.error)).toBe(true);
    const below = fakes({
      rstCode: c.NGHTTP2_CANCEL,
      connected: true,
      sessionDestroyed: true,
      id: 3,
      goawayLastStreamId: 3,
    });
    expect(classifyStreamClose(below.stream, below.entry, false, below.channel)).toMatchObject({
      notSent: false,
      retry: false,
    });
  });

  it('reports the CANCEL Node gives streams of a dead session as UNAVAILABLE, connection lost', () => {
    const { stream, entry, channel } = fakes({
      rstCode: c.NGHTTP2_CANCEL,
      connected: true,
      sessionDestroyed: true,
      lastError: new Error('read ECONNRESET'),
    });
    const failure = classifyStreamClose(stream, entry, true, channel);
    expect(failure).toMatchObject({ notSent: false, retry: false });
    expect(failure?.error.code).toBe(Code.Unavailable);
    expect(failure?.error.message).toContain('connection to provider:50051 lost: read ECONNRESET');
  });
});
