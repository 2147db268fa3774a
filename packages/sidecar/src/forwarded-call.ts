import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';
import { Code, type IncomingHeaders } from '@dubbo-mesh/codec-triple';
import type { Http2Channel, InboundStream } from '@dubbo-mesh/sdk-core';
import { type Provider, providerToken, TOKEN_KEY } from '@dubbo-mesh/sdk-fat';
import {
  inboundResponseHeaders,
  inboundTrailers,
  outboundRequestHeaders,
  withoutTokenInMessage,
} from './forward-headers.js';
import type { InboundCall } from './inbound-call.js';
import { InboundReply } from './inbound-reply.js';
import { type AttemptEnd, type AttemptEvents, OutboundAttempt } from './outbound-attempt.js';
import { RequestReplay } from './request-replay.js';
import type { SidecarMetrics } from './sidecar-metrics.js';
import type { RoutedCall, SidecarRouter } from './sidecar-router.js';

/** Refused streams re-sent before giving up; each GOAWAY round lets some through (as sdk-core does). */
const MAX_REFUSALS = 32;

/** The call an inbound stream carries, so the stream's listeners can be shared functions. */
const CALL = Symbol('dubbo-mesh.forwarded-call');

type CallStream = InboundStream & { [CALL]?: ForwardedCall };

// Listeners shared by every inbound stream (called with the stream as `this`): no closures
// per call (issue 5: the sidecar's CPU per call is mostly allocation and Node's stream machinery).
function onInboundData(this: CallStream, chunk: Buffer): void {
  this[CALL]?.requestData(chunk);
}
function onInboundEnd(this: CallStream): void {
  this[CALL]?.requestEnd();
}
function onInboundDrain(this: CallStream): void {
  this[CALL]?.attemptResume();
}
function onInboundClose(this: CallStream): void {
  this[CALL]?.inboundClosed();
}

/** An empty exclusion set for the first pick, shared: most calls pick once. */
const NONE_TRIED: ReadonlySet<Provider> = new Set();

/** What every forwarded call shares. */
export interface ForwardContext {
  readonly router: SidecarRouter;
  /** The HTTP/2 channel of a provider (one per address, kept: sdk-fat's EndpointPool). */
  channelFor(provider: Provider): Http2Channel;
  readonly metrics: SidecarMetrics;
  readonly maxReplayBytes: number;
  now(): number;
}

/**
 * One inbound Triple stream piped to a provider and back, bytes untouched (the seed's passthrough:
 * no frame is parsed, whatever the serialization). Headers route it; DATA flows both ways with
 * backpressure; trailers, resets and cancellation cross in both directions; the caller's
 * `grpc-timeout` is forwarded, less the time spent here, and enforced. An attempt that provably never
 * reached its provider (connection refused, stream refused) is sent again, to another provider when
 * the connection failed, as long as the request bytes so far fit in the replay copy; nothing is
 * re-sent once it may have been processed.
 */
export class ForwardedCall implements AttemptEvents {
  private readonly reply: InboundReply;
  private readonly replay: RequestReplay;
  private readonly startedAt: number;
  private readonly deadlineAt: number | undefined;
  /** Providers tried so far; allocated at the second attempt (most calls make one). */
  private tried: Set<Provider> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private routed: RoutedCall | undefined;
  private attempt: OutboundAttempt | undefined;
  /** The provider of the current attempt and when the balancer was told it began. */
  private provider: Provider | undefined;
  /** The token this attempt's provider requires (from its URL), kept out of what the caller sees. */
  private token: string | undefined;
  private attemptStartedAt = 0;
  /** The caller's 'drain' is listened to only once a response write was refused. */
  private drainListened = false;
  private trailers: OutgoingHttpHeaders | undefined;
  private requestEnded = false;
  private requestBytes = 0;
  private refusals = 0;
  private finished = false;

  constructor(
    private readonly inbound: InboundStream,
    private readonly headers: IncomingHttpHeaders,
    private readonly call: InboundCall,
    private readonly context: ForwardContext,
  ) {
    this.reply = new InboundReply(inbound);
    this.replay = new RequestReplay(context.maxReplayBytes);
    this.startedAt = context.now();
    this.deadlineAt = call.timeoutMs === undefined ? undefined : this.startedAt + call.timeoutMs;
  }

  start(): void {
    const inbound = this.inbound as CallStream;
    inbound[CALL] = this;
    inbound.on('close', onInboundClose);
    this.context.metrics.callStarted();
    if (this.call.timeoutMs !== undefined) {
      this.timer = setTimeout(() => this.onDeadline(), Math.max(0, this.call.timeoutMs));
    }
    let routed: RoutedCall | Promise<RoutedCall>;
    try {
      routed = this.context.router.route(this.call);
    } catch (err) {
      this.listenToRequest(inbound);
      this.fail(Code.Unavailable, err instanceof Error ? err.message : String(err));
      return;
    }
    if (!(routed instanceof Promise)) {
      // Routed at once (the provider list is known): the attempt opens before any DATA is read,
      // so the request flows straight through without pausing the caller.
      this.listenToRequest(inbound);
      this.routed = routed;
      this.next();
      return;
    }
    // Held until a provider is chosen: HTTP/2 flow control keeps the caller waiting meanwhile.
    inbound.pause();
    this.listenToRequest(inbound);
    routed.then(
      (result) => {
        if (this.finished) return;
        this.routed = result;
        this.next();
      },
      (err: unknown) => this.fail(Code.Unavailable, err instanceof Error ? err.message : String(err)),
    );
  }

  private listenToRequest(inbound: CallStream): void {
    inbound.on('data', onInboundData);
    inbound.on('end', onInboundEnd);
  }

  /** Opens an attempt on the next provider the balancer picks among those not tried yet. */
  private next(reason?: string): void {
    const routed = this.routed!;
    const tried = this.tried;
    const provider = routed.pick(tried ?? NONE_TRIED);
    if (provider === undefined) {
      this.fail(
        Code.Unavailable,
        tried === undefined
          ? `no provider of ${this.call.service} available after routing (${routed.listed} listed, ` +
              `${routed.providers.size} after routing; code 6 NO_INVOKER_AVAILABLE_AFTER_FILTER)`
          : `no provider of ${this.call.service} reachable (${tried.size} tried): ${reason}`,
      );
      return;
    }
    if (tried === undefined) this.tried = new Set([provider]);
    else tried.add(provider);
    this.open(provider);
  }

  private open(provider: Provider): void {
    this.provider = provider;
    this.attemptStartedAt = this.routed!.begin(provider);
    const attempt = new OutboundAttempt(this.context.channelFor(provider), this);
    this.attempt = attempt;
    const remainingMs = this.deadlineAt === undefined ? undefined : this.deadlineAt - this.context.now();
    const headers = outboundRequestHeaders(this.headers, remainingMs);
    // A provider that requires a token gets its own (Dubbo's TokenFilter), as the Fat path sends it.
    const token = providerToken(provider);
    this.token = token;
    if (token !== undefined) headers[TOKEN_KEY] = token;
    const failed = attempt.open(headers);
    if (failed) {
      this.routed!.end(provider, this.attemptStartedAt, false);
      this.onAttemptEnd(provider, failed);
      return;
    }
    for (const chunk of this.replay.chunks) attempt.write(chunk);
    if (this.requestEnded) attempt.end();
    else this.inbound.resume();
  }

  /** @internal The provider's response headers (AttemptEvents). */
  attemptResponse(headers: IncomingHeaders, endStream: boolean): void {
    this.onResponse(headers, endStream);
  }

  /** @internal Response bytes from the provider (AttemptEvents). */
  attemptData(chunk: Buffer): void {
    if (this.reply.write(chunk)) return;
    this.attempt?.pause();
    if (!this.drainListened) {
      this.drainListened = true;
      this.inbound.on('drain', onInboundDrain);
    }
  }

  /** @internal The provider's trailers (AttemptEvents). */
  attemptTrailers(trailers: IncomingHttpHeaders): void {
    this.trailers = withoutTokenInMessage(inboundTrailers(trailers), this.token);
  }

  /** @internal The provider can take request bytes again (AttemptEvents). */
  attemptDrain(): void {
    this.inbound.resume();
  }

  /** @internal The attempt ended (AttemptEvents). */
  attemptEnd(outcome: AttemptEnd): void {
    // Read first: a re-send from onAttemptEnd starts the next attempt (and its clock) at once.
    const provider = this.provider!;
    const startedAt = this.attemptStartedAt;
    this.onAttemptEnd(provider, outcome);
    this.routed!.end(provider, startedAt, outcome.kind === 'done' && this.reply.status === Code.Ok);
  }

  /** @internal The caller can take response bytes again. */
  attemptResume(): void {
    this.attempt?.resume();
  }

  /** @internal Request bytes from the caller. */
  requestData(chunk: Buffer): void {
    this.requestBytes += chunk.length;
    this.replay.push(chunk);
    if (this.attempt && !this.attempt.write(chunk)) this.inbound.pause();
  }

  /** @internal The caller ended its request. */
  requestEnd(): void {
    this.requestEnded = true;
    this.attempt?.end();
  }

  private onResponse(headers: IncomingHeaders, endStream: boolean): void {
    // The provider has the call: from here on it is never sent again.
    this.replay.release();
    this.reply.respond(withoutTokenInMessage(inboundResponseHeaders(headers), this.token), endStream);
  }

  private onAttemptEnd(provider: Provider, outcome: AttemptEnd): void {
    if (this.finished) return;
    switch (outcome.kind) {
      case 'done':
        this.reply.finish(
          this.trailers ?? {
            'grpc-status': String(Code.Internal),
            'grpc-message': 'the provider ended the stream without trailers',
          },
        );
        this.end();
        return;
      case 'refused':
      case 'unreachable': {
        this.inbound.pause();
        if (!this.replay.complete) {
          this.fail(
            Code.Unavailable,
            `${provider.address} did not take the call (${outcome.reason}) and the request was too ` +
              'large to send again',
          );
        } else if (outcome.kind === 'refused' && this.refusals++ < MAX_REFUSALS) {
          this.context.metrics.resent(this.call.service, this.call.method, 'refused');
          this.open(provider);
        } else {
          this.context.metrics.resent(this.call.service, this.call.method, 'unreachable');
          this.next(`${provider.address}: ${outcome.reason}`);
        }
        return;
      }
      case 'lost':
        this.fail(Code.Unavailable, `${provider.address}: ${outcome.reason}`);
        return;
      case 'reset':
        this.reply.reset(outcome.code);
        this.end();
        return;
      case 'cancelled':
        return;
    }
  }

  private onDeadline(): void {
    this.fail(Code.DeadlineExceeded, `deadline of ${this.call.timeoutMs} ms exceeded (sidecar)`);
  }

  /** The caller reset the stream or went away: the provider gets RST_STREAM CANCEL. */
  /** @internal The caller's stream closed. */
  inboundClosed(): void {
    if (this.finished) return;
    this.attempt?.cancel();
    this.reply.abandon(Code.Cancelled);
    this.end();
  }

  private fail(code: Code, message: string): void {
    if (this.finished) return;
    this.attempt?.cancel();
    this.reply.fail(code, message);
    this.end();
  }

  private end(): void {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.context.metrics.callEnded({
      service: this.call.service,
      method: this.call.method,
      code: this.reply.status ?? Code.Unknown,
      seconds: (this.context.now() - this.startedAt) / 1000,
      requestBytes: this.requestBytes,
      responseBytes: this.reply.bytes,
    });
  }
}
