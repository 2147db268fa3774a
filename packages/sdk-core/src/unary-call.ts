import {
  Code,
  decodeFrameMessage,
  FrameDecoder,
  type IncomingHeaders,
  RpcError,
  readAttachments,
  requestHeadersForCall,
  statusFromTrailers,
  statusToError,
} from '@dubbo-mesh/codec-triple';
import { CallExchange, type CallLimits } from './call-exchange.js';
import type { ChannelStream } from './channel-session.js';
import { markConnectionLost } from './connection-lost.js';
import type { Http2Channel } from './http2-channel.js';
import { frameRequestMessage } from './request-frame.js';
import type { UnaryRequest, UnaryResponse } from './transport.js';
import { UnaryResult } from './unary-result.js';

export type { CallLimits } from './call-exchange.js';

/** The 5-byte length prefix of a gRPC frame (triple.md §3). */
const FRAME_HEADER_BYTES = 5;
const OK_STATUS = { code: Code.Ok } as const;

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
  let headers: Readonly<Record<string, string>>;
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

class UnaryExchange extends CallExchange {
  private decoder: FrameDecoder | undefined;
  private exceptionCode = 0;
  private message: Buffer | undefined;

  constructor(
    channel: Http2Channel,
    request: UnaryRequest,
    headers: Readonly<Record<string, string>>,
    private readonly body: Buffer,
    limits: CallLimits,
    private readonly resolve: (response: UnaryResponse) => void,
    private readonly reject: (error: RpcError) => void,
  ) {
    super(channel, request, headers, limits);
  }

  protected begin(stream: ChannelStream): void {
    stream.end(this.body);
  }

  protected resetAttempt(): void {
    this.decoder = undefined;
    this.message = undefined;
    this.exceptionCode = 0;
  }

  protected canResend(): boolean {
    return true;
  }

  protected onHeaders(headers: IncomingHeaders): void {
    const code = headers['tri-exception-code'];
    this.exceptionCode = typeof code === 'string' ? Number(code) || 0 : 0;
  }

  handleData(chunk: Buffer): void {
    if (this.failure || !this.responseHeaders) return;
    try {
      if (this.decoder === undefined && this.message === undefined && this.takeWholeFrame(chunk)) return;
      this.decoder ??= new FrameDecoder({ maxMessageBytes: this.limits.maxReceiveMessageBytes });
      for (const frame of this.decoder.push(chunk)) {
        if (this.message !== undefined) {
          throw new RpcError(Code.Internal, 'unary response carried more than one message');
        }
        this.message = decodeFrameMessage(frame, this.encoding, this.limits.maxReceiveMessageBytes);
      }
    } catch (err) {
      this.abandon(RpcError.from(err, Code.Internal));
    }
  }

  /**
   * The common case, a response message that arrives as exactly one whole frame in one chunk, read
   * without a FrameDecoder (an allocation and a frames array less per call). Anything else, and any
   * header the decoder would reject, goes to the decoder, which gives the same frames and errors.
   */
  private takeWholeFrame(chunk: Buffer): boolean {
    if (chunk.length < FRAME_HEADER_BYTES) return false;
    const flag = chunk[0]!;
    const length = chunk.readUInt32BE(1);
    if (flag > 1 || length > this.limits.maxReceiveMessageBytes) return false;
    if (chunk.length !== FRAME_HEADER_BYTES + length) return false;
    const data = chunk.subarray(FRAME_HEADER_BYTES);
    this.message = decodeFrameMessage(
      { compressed: flag === 1, data },
      this.encoding,
      this.limits.maxReceiveMessageBytes,
    );
    return true;
  }

  protected complete(): void {
    const trailers = this.trailers;
    if (!trailers) {
      this.fail(markConnectionLost(new RpcError(Code.Internal, 'stream ended without trailers')));
      return;
    }
    // `grpc-status: 0` is the answer of nearly every call: skip building a CallStatus for it.
    const status = trailers['grpc-status'] === '0' ? OK_STATUS : statusFromTrailers(trailers);
    if (status.code !== Code.Ok) {
      // Attachments are decoded only for errors and on demand: most successful calls never read them.
      const metadata = readAttachments(
        trailers,
        this.responseHeaders && this.responseHeaders !== trailers
          ? readAttachments(this.responseHeaders)
          : {},
      );
      this.fail(statusToError(status, metadata) ?? new RpcError(Code.Unknown, status.message));
      return;
    }
    let value: unknown;
    try {
      this.decoder?.finish();
      if (this.message === undefined) throw new RpcError(Code.Internal, 'unary response carried no message');
      value = (this.request as UnaryRequest).target.method.decode(this.message, this.exceptionCode);
    } catch (err) {
      this.fail(RpcError.from(err, Code.Internal));
      return;
    }
    this.settle();
    this.resolve(new UnaryResult(value, this.responseHeaders, trailers));
  }

  protected fail(error: RpcError): void {
    if (this.finished) return;
    this.settle();
    this.reject(error);
  }
}
