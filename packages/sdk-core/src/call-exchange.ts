import { Code, checkResponseHeaders, type IncomingHeaders, RpcError } from '@dubbo-mesh/codec-triple';
import type { ChannelRequestOptions, ChannelStream } from './channel-session.js';
import { markConnectionLost } from './connection-lost.js';
import type { Http2Channel, SessionEntryHandle, SessionWaiter } from './http2-channel.js';
import { NGHTTP2_CANCEL } from './http2-error-codes.js';
import { markNotSent } from './not-sent.js';
import { classifyStreamClose, MAX_TRANSPARENT_RETRIES } from './stream-failure.js';
import type { StreamRequest, UnaryRequest } from './transport.js';

export interface CallLimits {
  maxReceiveMessageBytes: number;
}

/** One options object for every request (Node copies it): the body follows the headers. */
const REQUEST_OPTIONS: ChannelRequestOptions = Object.freeze({ endStream: false });

const kExchange = Symbol('dubbo-mesh.exchange');
type ExchangeStream = ChannelStream & { [kExchange]?: CallExchange };

// Stream listeners are shared functions that find their call through the stream, instead of
// closures made per call: this is the hot path of every RPC.
function onResponse(this: ExchangeStream, headers: IncomingHeaders): void {
  this[kExchange]?.handleResponse(headers);
}
function onData(this: ExchangeStream, chunk: Buffer): void {
  this[kExchange]?.handleData(chunk);
}
function onTrailers(this: ExchangeStream, trailers: IncomingHeaders): void {
  this[kExchange]?.handleTrailers(trailers);
}
function onError(this: ExchangeStream, error: Error): void {
  this[kExchange]?.handleError(error);
}
function onClose(this: ExchangeStream): void {
  this[kExchange]?.handleClose(this);
}
function onDeadline(exchange: CallExchange): void {
  exchange.handleDeadline();
}

/**
 * One call on a channel across its attempts: the parts unary and streaming calls share. Deadline
 * and AbortSignal cancel with RST_STREAM CANCEL; a stream the peer provably never processed is
 * re-sent on a fresh session when the subclass can replay its request (http2-notes.md).
 */
export abstract class CallExchange implements SessionWaiter {
  protected stream: ChannelStream | undefined;
  protected responseHeaders: IncomingHeaders | undefined;
  /** The response's `grpc-encoding`, for inflating compressed frames. */
  protected encoding: string | undefined;
  /** A failure seen while the stream was open, reported when it closes. */
  protected failure: RpcError | undefined;
  protected trailers: IncomingHeaders | undefined;
  protected finished = false;
  private entry: SessionEntryHandle | undefined;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    protected readonly channel: Http2Channel,
    protected readonly request: UnaryRequest | StreamRequest,
    private readonly headers: Readonly<Record<string, string>>,
    protected readonly limits: CallLimits,
  ) {}

  start(): void {
    const { signal, timeoutMs } = this.request;
    if (signal) {
      if (signal.aborted) {
        this.fail(new RpcError(Code.Cancelled, 'call cancelled before it started'));
        return;
      }
      signal.addEventListener('abort', this, { once: true });
    }
    if (timeoutMs !== undefined) this.timer = setTimeout(onDeadline, Math.max(0, timeoutMs), this);
    this.send();
  }

  /** Writes the request on a fresh stream (unary: the body; streaming: start pumping). */
  protected abstract begin(stream: ChannelStream): void;
  /** Clears what one attempt gathered, before a re-send. */
  protected abstract resetAttempt(): void;
  /** Called when normal (non trailers-only) response headers arrived. */
  protected abstract onHeaders(headers: IncomingHeaders): void;
  abstract handleData(chunk: Buffer): void;
  /** The stream closed cleanly: read the trailers and settle. */
  protected abstract complete(): void;
  /** Ends the call with an error; implementations call `settle()`. */
  protected abstract fail(error: RpcError): void;
  /** Whether the request can be sent again (it was not consumed). */
  protected abstract canResend(): boolean;

  private send(): void {
    let entry: SessionEntryHandle | undefined;
    try {
      entry = this.channel.acquireOrWait(this);
    } catch (err) {
      this.fail(RpcError.from(err, Code.Unavailable));
      return;
    }
    // Undefined: every session is full and the call waits its turn in the channel (sessionReady).
    if (entry) this.sessionReady(entry);
  }

  /** Waiting in the channel's queue until the call ends (SessionWaiter). */
  get waiting(): boolean {
    return !this.finished;
  }

  /** Opens this attempt's stream on a session the channel gave it (SessionWaiter). */
  sessionReady(entry: SessionEntryHandle): void {
    let stream: ExchangeStream;
    try {
      stream = entry.session.request(this.headers, REQUEST_OPTIONS);
    } catch (err) {
      // The session went away between acquire and request (GOAWAY raced us): nothing was sent.
      this.channel.release(entry);
      this.channel.retire(entry);
      this.resendOrFail(markNotSent(RpcError.from(err, Code.Unavailable)));
      return;
    }
    this.entry = entry;
    this.stream = stream;
    this.responseHeaders = undefined;
    this.encoding = undefined;
    this.failure = undefined;
    this.trailers = undefined;
    this.resetAttempt();
    stream[kExchange] = this;
    stream.on('response', onResponse);
    stream.on('data', onData);
    stream.on('trailers', onTrailers);
    stream.on('error', onError);
    stream.on('close', onClose);
    this.begin(stream);
  }

  /** The channel closed or backed off while the call waited: nothing was sent (SessionWaiter). */
  sessionFailed(error: RpcError): void {
    this.fail(error);
  }

  handleResponse(headers: IncomingHeaders): void {
    this.responseHeaders = headers;
    const error = checkResponseHeaders(headers);
    if (error) {
      this.failure = error;
      return;
    }
    if (headers['grpc-status'] !== undefined) {
      // Trailers-only success: headers and trailers in one frame, no message.
      this.trailers = headers;
      return;
    }
    const encoding = headers['grpc-encoding'];
    this.encoding = typeof encoding === 'string' ? encoding : undefined;
    this.onHeaders(headers);
  }

  handleTrailers(trailers: IncomingHeaders): void {
    this.trailers = trailers;
  }

  handleError(error: Error): void {
    // A reset stream is judged by its RST_STREAM code in handleClose (stream-failure.ts): a response
    // Node itself rejected (malformed headers: PROTOCOL_ERROR; over maxHeaderListBytes:
    // ENHANCE_YOUR_CALM) is INTERNAL or RESOURCE_EXHAUSTED, not a lost connection's UNAVAILABLE.
    if ((error as { code?: unknown }).code === 'ERR_HTTP2_STREAM_ERROR') return;
    this.failure ??= markConnectionLost(RpcError.from(error, Code.Unavailable));
  }

  handleClose(stream: ChannelStream): void {
    if (stream !== this.stream) return;
    const entry = this.entry!;
    this.channel.release(entry);
    if (this.finished) return;
    const closeFailure = classifyStreamClose(stream, entry, this.responseHeaders !== undefined, this.channel);
    if (closeFailure?.retry) this.resendOrFail(closeFailure.error);
    else if (closeFailure?.notSent) this.fail(closeFailure.error);
    else if (this.failure) this.fail(this.failure);
    else if (closeFailure) this.fail(markConnectionLost(closeFailure.error));
    else this.complete();
  }

  /** AbortSignal listener (EventTarget calls `handleEvent` on listener objects). */
  handleEvent(): void {
    this.cancel(new RpcError(Code.Cancelled, 'call cancelled', { cause: this.request.signal?.reason }));
  }

  handleDeadline(): void {
    this.cancel(new RpcError(Code.DeadlineExceeded, `deadline of ${this.request.timeoutMs} ms exceeded`));
  }

  /** Fails the call and sends RST_STREAM CANCEL (code 8): servers see a cancellation (http2-notes.md). */
  protected cancel(error: RpcError): void {
    if (this.finished) return;
    this.fail(error);
    if (this.stream && !this.stream.closed) this.stream.close(NGHTTP2_CANCEL);
  }

  /** Stops reading a stream whose data is unusable, keeping `error` as the call's outcome. */
  protected abandon(error: RpcError): void {
    this.failure = error;
    this.stream?.close(NGHTTP2_CANCEL);
  }

  protected settle(): void {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.request.signal?.removeEventListener('abort', this);
  }

  private resendOrFail(error: RpcError): void {
    if (!this.finished && this.canResend() && this.attempt++ < MAX_TRANSPARENT_RETRIES) this.send();
    else this.fail(error);
  }
}
