import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { Code, type IncomingHeaders } from '@dubbo-mesh/codec-triple';
import type { Http2Channel } from '@dubbo-mesh/sdk-core';
import { type Provider, providerToken, TOKEN_KEY } from '@dubbo-mesh/sdk-fat';
import { inboundResponseHeaders, inboundTrailers, outboundRequestHeaders } from './forward-headers.js';
import type { InboundCall } from './inbound-call.js';
import { InboundReply } from './inbound-reply.js';
import { type AttemptEnd, OutboundAttempt } from './outbound-attempt.js';
import { RequestReplay } from './request-replay.js';
import type { SidecarMetrics } from './sidecar-metrics.js';
import type { RoutedCall, SidecarRouter } from './sidecar-router.js';

/** Refused streams re-sent before giving up; each GOAWAY round lets some through (as sdk-core does). */
const MAX_REFUSALS = 32;

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
export class ForwardedCall {
  private readonly reply: InboundReply;
  private readonly replay: RequestReplay;
  private readonly startedAt: number;
  private readonly deadlineAt: number | undefined;
  private readonly tried = new Set<Provider>();
  private timer: NodeJS.Timeout | undefined;
  private routed: RoutedCall | undefined;
  private attempt: OutboundAttempt | undefined;
  private trailers: OutgoingHttpHeaders | undefined;
  private requestEnded = false;
  private requestBytes = 0;
  private refusals = 0;
  private finished = false;

  constructor(
    private readonly inbound: ServerHttp2Stream,
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
    const inbound = this.inbound;
    // Held until a provider is chosen: HTTP/2 flow control keeps the caller waiting meanwhile.
    inbound.pause();
    inbound.on('data', (chunk: Buffer) => this.onRequestData(chunk));
    inbound.on('end', () => this.onRequestEnd());
    inbound.on('drain', () => this.attempt?.resume());
    inbound.on('close', () => this.onInboundClose());
    this.context.metrics.callStarted();
    if (this.call.timeoutMs !== undefined) {
      this.timer = setTimeout(() => this.onDeadline(), Math.max(0, this.call.timeoutMs));
    }
    this.context.router.route(this.call).then(
      (routed) => {
        if (this.finished) return;
        this.routed = routed;
        this.next();
      },
      (err: unknown) => this.fail(Code.Unavailable, err instanceof Error ? err.message : String(err)),
    );
  }

  /** Opens an attempt on the next provider the balancer picks among those not tried yet. */
  private next(reason?: string): void {
    const routed = this.routed!;
    const provider = routed.pick(this.tried);
    if (provider === undefined) {
      this.fail(
        Code.Unavailable,
        this.tried.size === 0
          ? `no provider of ${this.call.service} available after routing (${routed.listed} listed, ` +
              `${routed.providers.size} after routing; code 6 NO_INVOKER_AVAILABLE_AFTER_FILTER)`
          : `no provider of ${this.call.service} reachable (${this.tried.size} tried): ${reason}`,
      );
      return;
    }
    this.tried.add(provider);
    this.open(provider);
  }

  private open(provider: Provider): void {
    const done = this.routed!.begin(provider);
    const attempt = new OutboundAttempt(this.context.channelFor(provider), {
      response: (headers, endStream) => this.onResponse(headers, endStream),
      data: (chunk) => {
        if (!this.reply.write(chunk)) attempt.pause();
      },
      trailers: (trailers) => {
        this.trailers = inboundTrailers(trailers);
      },
      drain: () => this.inbound.resume(),
      end: (outcome) => {
        this.onAttemptEnd(provider, outcome);
        done(outcome.kind === 'done' && this.reply.status === Code.Ok);
      },
    });
    this.attempt = attempt;
    const remainingMs = this.deadlineAt === undefined ? undefined : this.deadlineAt - this.context.now();
    const headers = outboundRequestHeaders(this.headers, remainingMs);
    // A provider that requires a token gets its own (Dubbo's TokenFilter), as the Fat path sends it.
    const token = providerToken(provider);
    if (token !== undefined) headers[TOKEN_KEY] = token;
    const failed = attempt.open(headers);
    if (failed) {
      done(false);
      this.onAttemptEnd(provider, failed);
      return;
    }
    for (const chunk of this.replay.chunks) attempt.write(chunk);
    if (this.requestEnded) attempt.end();
    else this.inbound.resume();
  }

  private onRequestData(chunk: Buffer): void {
    this.requestBytes += chunk.length;
    this.replay.push(chunk);
    if (this.attempt && !this.attempt.write(chunk)) this.inbound.pause();
  }

  private onRequestEnd(): void {
    this.requestEnded = true;
    this.attempt?.end();
  }

  private onResponse(headers: IncomingHeaders, endStream: boolean): void {
    // The provider has the call: from here on it is never sent again.
    this.replay.release();
    this.reply.respond(inboundResponseHeaders(headers), endStream);
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
  private onInboundClose(): void {
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
