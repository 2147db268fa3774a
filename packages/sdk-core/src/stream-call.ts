import {
  type Attachments,
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
import { MessageQueue } from './message-queue.js';
import { frameRequestMessage } from './request-frame.js';
import type { StreamRequest, StreamResponse } from './transport.js';

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
  let headers: Readonly<Record<string, string>>;
  try {
    headers = requestHeadersForCall(request.target.headerTemplate, request.timeoutMs, request.attachments);
  } catch (err) {
    return Promise.reject(RpcError.from(err, Code.InvalidArgument));
  }
  return new Promise<StreamResponse>((resolve, reject) => {
    new StreamExchange(channel, request, headers, limits, resolve, reject).start();
  });
}

class StreamExchange extends CallExchange {
  private resolved = false;
  private decoder: FrameDecoder;
  private readonly trailer: Attachments = {};
  private readonly queue: MessageQueue<unknown>;
  private readonly streamRequest: StreamRequest;

  constructor(
    channel: Http2Channel,
    request: StreamRequest,
    headers: Readonly<Record<string, string>>,
    limits: CallLimits,
    private readonly resolve: (response: StreamResponse) => void,
    private readonly reject: (error: RpcError) => void,
  ) {
    super(channel, request, headers, limits);
    this.streamRequest = request;
    this.decoder = new FrameDecoder({ maxMessageBytes: limits.maxReceiveMessageBytes });
    this.queue = new MessageQueue(HIGH_WATER_MARK, {
      onDemand: () => this.stream?.resume(),
      onReturn: () => this.cancel(new RpcError(Code.Cancelled, 'response stream abandoned by the consumer')),
    });
  }

  protected begin(stream: ChannelStream): void {
    void this.pump(stream);
  }

  protected resetAttempt(): void {
    this.decoder = new FrameDecoder({ maxMessageBytes: this.limits.maxReceiveMessageBytes });
  }

  /**
   * A request given as a fixed list (server streaming) is replayed from its start, even after its
   * message was written: a refused stream was not processed (http2-notes.md), so under a GOAWAY storm
   * it is re-sent like a unary call. A live iterable cannot be replayed.
   */
  protected canResend(): boolean {
    return Array.isArray(this.streamRequest.messages);
  }

  /** Writes request messages as the caller produces them. */
  private async pump(stream: ChannelStream): Promise<void> {
    try {
      for await (const message of this.streamRequest.messages) {
        if (stream.closed || this.finished) return;
        const frame = frameRequestMessage(this.request.target, message);
        if (!stream.write(frame)) await drained(stream);
      }
      if (!stream.closed) stream.end();
    } catch (err) {
      this.cancel(RpcError.from(err, Code.InvalidArgument));
    }
  }

  protected onHeaders(headers: IncomingHeaders): void {
    this.resolved = true;
    this.resolve({
      stream: true,
      header: readAttachments(headers),
      messages: this.queue,
      trailer: this.trailer,
    });
  }

  handleData(chunk: Buffer): void {
    if (this.failure || !this.resolved) return;
    try {
      for (const frame of this.decoder.push(chunk)) {
        const bytes = decodeFrameMessage(frame, this.encoding, this.limits.maxReceiveMessageBytes);
        if (!this.queue.push(this.request.target.method.decode(bytes, 0))) this.stream?.pause();
      }
    } catch (err) {
      this.abandon(RpcError.from(err, Code.Internal));
    }
  }

  protected complete(): void {
    const trailers = this.trailers;
    if (!trailers) {
      this.fail(markConnectionLost(new RpcError(Code.Internal, 'stream ended without trailers')));
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
  }

  /** Rejects the pending promise, or ends the message stream with the error. */
  protected fail(error: RpcError): void {
    if (this.finished) return;
    this.settle();
    if (this.resolved) this.queue.end(error);
    else this.reject(error);
  }
}

function drained(stream: ChannelStream): Promise<void> {
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
