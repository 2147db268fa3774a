import http2 from 'node:http2';
import {
  type Attachments,
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
import { MessageQueue } from './message-queue.js';
import { markNotSent } from './not-sent.js';
import { frameRequestMessage } from './request-frame.js';
import { classifyStreamClose, MAX_TRANSPARENT_RETRIES } from './stream-failure.js';
import type { StreamRequest, StreamResponse } from './transport.js';
import type { CallLimits } from './unary-call.js';

const { NGHTTP2_CANCEL } = http2.constants;

/** Messages buffered for a slow consumer before the stream is paused (HTTP/2 flow control takes over). */
const HIGH_WATER_MARK = 16;

/**
 * Runs a streaming call (server, client or bidi). Resolves once the response headers arrive;
 * response messages come through `messages`, trailers fill `trailer` when the stream ends.
 * Request messages are pumped concurrently, respecting `drain`.
 */
export function callStream(
  channel: Http2Channel,
  request: StreamRequest,
  limits: CallLimits,
): Promise<StreamResponse> {
  let headers: Record<string, string>;
  try {
    headers = requestHeadersForCall(request.target.headerTemplate, request.timeoutMs, request.attachments);
  } catch (err) {
    return Promise.reject(RpcError.from(err, Code.InvalidArgument));
  }
  return new Promise<StreamResponse>((resolve, reject) => {
    new StreamExchange(channel, request, headers, limits, resolve, reject).start();
  });
}

class StreamExchange {
  private attempt = 0;
  private finished = false;
  private resolved = false;
  private wroteMessage = false;
  private stream: http2.ClientHttp2Stream | undefined;
  private entry: SessionEntryHandle | undefined;
  private decoder: FrameDecoder;
  private responseHeaders: IncomingHeaders | undefined;
  private encoding: string | undefined;
  private failure: RpcError | undefined;
  private trailers: IncomingHeaders | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly trailer: Attachments = {};
  private readonly queue: MessageQueue<unknown>;

  constructor(
    private readonly channel: Http2Channel,
    private readonly request: StreamRequest,
    private readonly headers: Record<string, string>,
    private readonly limits: CallLimits,
    private readonly resolve: (response: StreamResponse) => void,
    private readonly reject: (error: RpcError) => void,
  ) {
    this.decoder = new FrameDecoder({ maxMessageBytes: limits.maxReceiveMessageBytes });
    this.queue = new MessageQueue(HIGH_WATER_MARK, {
      onDemand: () => this.stream?.resume(),
      onReturn: () => this.cancel(new RpcError(Code.Cancelled, 'response stream abandoned by the consumer')),
    });
  }

  start(): void {
    const { signal, timeoutMs } = this.request;
    if (signal) {
      if (signal.aborted) {
        this.fail(new RpcError(Code.Cancelled, 'call cancelled before it started'));
        return;
      }
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
    if (timeoutMs !== undefined) this.timer = setTimeout(this.onDeadline, Math.max(0, timeoutMs));
    this.send();
  }

  private send(): void {
    let entry: SessionEntryHandle;
    try {
      entry = this.channel.acquire();
    } catch (err) {
      this.fail(RpcError.from(err, Code.Unavailable));
      return;
    }
    let stream: http2.ClientHttp2Stream;
    try {
      stream = entry.session.request(this.headers, { endStream: false });
    } catch (err) {
      this.channel.release(entry);
      this.channel.retire(entry);
      this.retryOrFail(markNotSent(RpcError.from(err, Code.Unavailable)));
      return;
    }
    this.entry = entry;
    this.stream = stream;
    this.failure = undefined;
    this.trailers = undefined;
    this.responseHeaders = undefined;
    stream.on('response', this.onResponse);
    stream.on('data', this.onData);
    stream.on('trailers', this.onTrailers);
    stream.on('error', this.onError);
    stream.on('close', this.onClose);
    void this.pump(stream);
  }

  /** Writes request messages as the caller produces them. */
  private async pump(stream: http2.ClientHttp2Stream): Promise<void> {
    try {
      for await (const message of this.request.messages) {
        if (stream.closed || this.finished) return;
        const frame = frameRequestMessage(this.request.target, message);
        this.wroteMessage = true;
        if (!stream.write(frame)) await drained(stream);
      }
      if (!stream.closed) stream.end();
    } catch (err) {
      this.cancel(RpcError.from(err, Code.InvalidArgument));
    }
  }

  private readonly onResponse = (headers: IncomingHeaders): void => {
    this.responseHeaders = headers;
    const error = checkResponseHeaders(headers);
    if (error) {
      this.failure = error;
      return;
    }
    if (headers['grpc-status'] !== undefined) {
      this.trailers = headers;
      return;
    }
    const encoding = headers['grpc-encoding'];
    this.encoding = typeof encoding === 'string' ? encoding : undefined;
    this.resolved = true;
    this.resolve({
      stream: true,
      header: readAttachments(headers),
      messages: this.queue,
      trailer: this.trailer,
    });
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.failure || !this.resolved) return;
    try {
      for (const frame of this.decoder.push(chunk)) {
        const bytes = decodeFrameMessage(frame, this.encoding, this.limits.maxReceiveMessageBytes);
        if (!this.queue.push(this.request.target.method.decode(bytes, 0))) this.stream?.pause();
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
    this.channel.release(this.entry!);
    if (this.finished) return;
    const closeFailure = classifyStreamClose(
      stream,
      this.entry!,
      this.responseHeaders !== undefined,
      this.channel,
    );
    if (closeFailure?.retry && !this.wroteMessage) {
      this.retryOrFail(closeFailure.error);
      return;
    }
    if (closeFailure?.notSent) {
      this.fail(closeFailure.error);
      return;
    }
    if (this.failure) {
      this.fail(this.failure);
      return;
    }
    if (closeFailure) {
      this.fail(closeFailure.error);
      return;
    }
    const trailers = this.trailers;
    if (!trailers) {
      this.fail(new RpcError(Code.Internal, 'stream ended without trailers'));
      return;
    }
    Object.assign(this.trailer, readAttachments(trailers));
    const error = statusToError(statusFromTrailers(trailers), this.trailer);
    if (error) {
      this.fail(error);
      return;
    }
    try {
      this.decoder.finish();
    } catch (err) {
      this.fail(RpcError.from(err, Code.Internal));
      return;
    }
    if (!this.resolved) {
      // Trailers-only success: headers and trailers came in one frame and no message.
      this.resolved = true;
      this.resolve({ stream: true, header: {}, messages: this.queue, trailer: this.trailer });
    }
    this.settle();
    this.queue.end();
  };

  private retryOrFail(error: RpcError): void {
    // Only a request we can replay (a fixed list, as for server streaming) is re-sent.
    if (!this.finished && Array.isArray(this.request.messages) && this.attempt++ < MAX_TRANSPARENT_RETRIES) {
      this.send();
      return;
    }
    this.fail(error);
  }

  /** Ends the call with an error: rejects the pending promise, or ends the message stream with it. */
  private fail(error: RpcError): void {
    if (this.finished) return;
    this.settle();
    if (this.resolved) this.queue.end(error);
    else this.reject(error);
  }

  private settle(): void {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.request.signal?.removeEventListener('abort', this.onAbort);
  }

  private readonly onDeadline = (): void => {
    this.cancel(new RpcError(Code.DeadlineExceeded, `deadline of ${this.request.timeoutMs} ms exceeded`));
  };

  private readonly onAbort = (): void => {
    this.cancel(new RpcError(Code.Cancelled, 'call cancelled', { cause: this.request.signal?.reason }));
  };

  private cancel(error: RpcError): void {
    if (this.finished) return;
    this.fail(error);
    if (this.stream && !this.stream.closed) this.stream.close(NGHTTP2_CANCEL);
  }
}

function drained(stream: http2.ClientHttp2Stream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
