import http2 from 'node:http2';
import {
  Code,
  checkResponseHeaders,
  decodeFrameMessage,
  FrameDecoder,
  type IncomingHeaders,
  RpcError,
  readAttachments,
  requestHeadersForCall,
  statusFromTrailers,
  statusToError,
} from '@dubbo-mesh/codec-triple';
import type { Http2Channel, SessionEntryHandle } from './http2-channel.js';
import { markNotSent } from './not-sent.js';
import { frameRequestMessage } from './request-frame.js';
import { classifyStreamClose, MAX_TRANSPARENT_RETRIES } from './stream-failure.js';
import type { UnaryRequest, UnaryResponse } from './transport.js';

const { NGHTTP2_CANCEL } = http2.constants;

export interface CallLimits {
  maxReceiveMessageBytes: number;
}

/**
 * Runs one unary call on a channel. The request is encoded once; a refused stream (the peer never
 * processed it) is re-sent on a fresh session, so a graceful GOAWAY fails no call.
 */
export function callUnary(
  channel: Http2Channel,
  request: UnaryRequest,
  limits: CallLimits,
): Promise<UnaryResponse> {
  let body: Buffer;
  let headers: Record<string, string>;
  try {
    body = frameRequestMessage(request.target, request.message);
    headers = requestHeadersForCall(request.target.headerTemplate, request.timeoutMs, request.attachments);
  } catch (err) {
    return Promise.reject(RpcError.from(err, Code.InvalidArgument));
  }
  return new Promise<UnaryResponse>((resolve, reject) => {
    new UnaryExchange(channel, request, headers, body, limits, resolve, reject).start();
  });
}

/** The state of one unary call across its attempts; methods instead of closures per event. */
class UnaryExchange {
  private attempt = 0;
  private settled = false;
  private stream: http2.ClientHttp2Stream | undefined;
  private entry: SessionEntryHandle | undefined;
  private decoder: FrameDecoder | undefined;
  private responseHeaders: IncomingHeaders | undefined;
  private encoding: string | undefined;
  private exceptionCode = 0;
  private message: Buffer | undefined;
  private failure: RpcError | undefined;
  private trailers: IncomingHeaders | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly channel: Http2Channel,
    private readonly request: UnaryRequest,
    private readonly headers: Record<string, string>,
    private readonly body: Buffer,
    private readonly limits: CallLimits,
    private readonly resolve: (response: UnaryResponse) => void,
    private readonly reject: (error: RpcError) => void,
  ) {}

  start(): void {
    const { signal, timeoutMs } = this.request;
    if (signal) {
      if (signal.aborted) {
        this.finish(new RpcError(Code.Cancelled, 'call cancelled before it started'));
        return;
      }
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
    if (timeoutMs !== undefined) {
      this.timer = setTimeout(this.onDeadline, Math.max(0, timeoutMs));
    }
    this.send();
  }

  private send(): void {
    let entry: SessionEntryHandle;
    let stream: http2.ClientHttp2Stream;
    try {
      entry = this.channel.acquire();
    } catch (err) {
      this.finish(RpcError.from(err, Code.Unavailable));
      return;
    }
    try {
      stream = entry.session.request(this.headers, { endStream: false });
    } catch (err) {
      // The session went away between acquire and request (GOAWAY raced us): nothing was sent.
      this.channel.release(entry);
      this.channel.retire(entry);
      this.retryOrFail(markNotSent(RpcError.from(err, Code.Unavailable)));
      return;
    }
    this.entry = entry;
    this.stream = stream;
    this.decoder = undefined;
    this.responseHeaders = undefined;
    this.message = undefined;
    this.failure = undefined;
    this.trailers = undefined;
    stream.on('response', this.onResponse);
    stream.on('data', this.onData);
    stream.on('trailers', this.onTrailers);
    stream.on('error', this.onError);
    stream.on('close', this.onClose);
    stream.end(this.body);
  }

  private readonly onResponse = (headers: IncomingHeaders): void => {
    this.responseHeaders = headers;
    const error = checkResponseHeaders(headers);
    if (error) {
      this.failure = error;
      return;
    }
    if (headers['grpc-status'] !== undefined) {
      // Trailers-only with status OK: a unary call that produced no message.
      this.trailers = headers;
      return;
    }
    const encoding = headers['grpc-encoding'];
    this.encoding = typeof encoding === 'string' ? encoding : undefined;
    const code = headers['tri-exception-code'];
    this.exceptionCode = typeof code === 'string' ? Number(code) || 0 : 0;
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.failure || !this.responseHeaders) return;
    try {
      this.decoder ??= new FrameDecoder({ maxMessageBytes: this.limits.maxReceiveMessageBytes });
      for (const frame of this.decoder.push(chunk)) {
        if (this.message !== undefined)
          throw new RpcError(Code.Internal, 'unary response carried more than one message');
        this.message = decodeFrameMessage(frame, this.encoding, this.limits.maxReceiveMessageBytes);
      }
    } catch (err) {
      this.failure = RpcError.from(err, Code.Internal);
      this.stream?.close(NGHTTP2_CANCEL);
    }
  };

  private readonly onTrailers = (trailers: IncomingHeaders): void => {
    this.trailers = trailers;
  };

  private readonly onError = (err: Error): void => {
    this.failure ??= RpcError.from(err, Code.Unavailable);
  };

  private readonly onClose = (): void => {
    const stream = this.stream!;
    const entry = this.entry!;
    this.channel.release(entry);
    if (this.settled) return;
    const closeFailure = classifyStreamClose(stream, entry, this.responseHeaders !== undefined, this.channel);
    if (closeFailure?.retry) {
      this.retryOrFail(closeFailure.error);
      return;
    }
    if (closeFailure?.notSent) {
      this.finish(closeFailure.error);
      return;
    }
    if (this.failure) {
      this.finish(this.failure);
      return;
    }
    if (closeFailure) {
      this.finish(closeFailure.error);
      return;
    }
    this.complete();
  };

  private complete(): void {
    const trailers = this.trailers;
    if (!trailers) {
      this.finish(new RpcError(Code.Internal, 'stream ended without trailers'));
      return;
    }
    const trailer = readAttachments(trailers);
    const status = statusFromTrailers(trailers);
    const header =
      this.responseHeaders && this.responseHeaders !== trailers ? readAttachments(this.responseHeaders) : {};
    const error = statusToError(status, { ...header, ...trailer });
    if (error) {
      this.finish(error);
      return;
    }
    try {
      this.decoder?.finish();
    } catch (err) {
      this.finish(RpcError.from(err, Code.Internal));
      return;
    }
    if (this.message === undefined) {
      this.finish(new RpcError(Code.Internal, 'unary response carried no message'));
      return;
    }
    let value: unknown;
    try {
      value = this.request.target.method.decode(this.message, this.exceptionCode);
    } catch (err) {
      this.finish(RpcError.from(err, Code.Internal));
      return;
    }
    this.settle();
    this.resolve({ stream: false, message: value, header, trailer });
  }

  private retryOrFail(error: RpcError): void {
    if (this.settled) return;
    if (this.attempt++ < MAX_TRANSPARENT_RETRIES) {
      this.send();
      return;
    }
    this.finish(error);
  }

  private finish(error: RpcError): void {
    if (this.settled) return;
    this.settle();
    this.reject(error);
  }

  private settle(): void {
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    this.request.signal?.removeEventListener('abort', this.onAbort);
  }

  private readonly onDeadline = (): void => {
    this.cancel(new RpcError(Code.DeadlineExceeded, `deadline of ${this.request.timeoutMs} ms exceeded`));
  };

  private readonly onAbort = (): void => {
    const reason: unknown = this.request.signal?.reason;
    this.cancel(new RpcError(Code.Cancelled, 'call cancelled', { cause: reason }));
  };

  /** Sends RST_STREAM CANCEL (code 8), which servers report as a cancellation (http2-notes.md). */
  private cancel(error: RpcError): void {
    if (this.settled) return;
    this.finish(error);
    if (this.stream && !this.stream.closed) this.stream.close(NGHTTP2_CANCEL);
  }
}
