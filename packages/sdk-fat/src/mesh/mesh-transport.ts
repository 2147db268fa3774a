import {
  type CallRequest,
  Code,
  RpcError,
  type StreamRequest,
  type StreamResponse,
  type Transport,
  type UnaryRequest,
  type UnaryResponse,
} from '@dubbo-mesh/sdk-core';
import { classifyThinFailure, type ThinFailure } from '@dubbo-mesh/sdk-thin';
import { refusedFallback } from './fat-security.js';
import type { MeshMode, ModeChangeReason } from './mode-change.js';
import { reasonOfCallFailure } from './switch-reason.js';

/** Counters of the mesh client (ARCHITECTURE.md: every switch has a metric). */
export interface MeshStats {
  /** Mode switches, both ways. */
  readonly switches: number;
  /** Calls by the path that carried them; a call re-sent via Fat counts as Fat. */
  readonly callsByMode: { thin: number; fat: number };
  /** Thin calls re-sent via Fat: not sent, or sent but idempotent. */
  readonly resentViaFat: number;
  /** Thin calls that may have reached the sidecar, were not idempotent, and failed UNAVAILABLE. */
  readonly failedAfterSend: number;
}

const sendUnary = (transport: Transport, request: UnaryRequest): Promise<UnaryResponse> =>
  transport.unary(request);
const sendStream = (transport: Transport, request: StreamRequest): Promise<StreamResponse> =>
  transport.stream(request);

export interface MeshTransportOptions {
  thin: Transport;
  /** The Fat engine's transport, made on first use when the client is lazy. */
  fat: () => Transport;
  /** Set when the Fat path may not be used (mTLS required, no certificates): why. */
  fatRefusal: string | undefined;
  controller: {
    readonly mode: MeshMode;
    /** What the last switch said, for the refusal message of calls made in Fat mode. */
    readonly lastDetail: string | undefined;
    sidecarFailed(reason: Exclude<ModeChangeReason, 'recovered'>, detail: string): void;
  };
  /** True when the method may be re-sent after a failure that may have reached a provider. */
  isIdempotent: (request: CallRequest) => boolean;
  /** Milliseconds, for the deadline left after a failed Thin attempt. */
  now: () => number;
}

/**
 * The mesh client's Transport: each call goes Thin or Fat by the current mode, and a Thin call that
 * failed because of the sidecar follows the re-send rules of ARCHITECTURE.md:
 * - not sent (no byte reached the sidecar): re-sent via Fat at once, whatever the method;
 * - may have been sent: re-sent via Fat only if the method is idempotent; otherwise it fails
 *   UNAVAILABLE, so nothing executes twice;
 * either way the next calls go Fat. Answers from the sidecar (any status) are returned as they are.
 */
export class MeshTransport implements Transport {
  private readonly counters = { thin: 0, fat: 0, resentViaFat: 0, failedAfterSend: 0 };

  constructor(private readonly options: MeshTransportOptions) {}

  /** A snapshot of the counters; `switches` is filled in by the client. */
  counts(): Omit<MeshStats, 'switches'> {
    const { thin, fat, resentViaFat, failedAfterSend } = this.counters;
    return { callsByMode: { thin, fat }, resentViaFat, failedAfterSend };
  }

  unary(request: UnaryRequest): Promise<UnaryResponse> {
    return this.thinThenFat(request, sendUnary, true);
  }

  stream(request: StreamRequest): Promise<StreamResponse> {
    // Only an array of request messages can be sent again; an async source may be half consumed.
    return this.thinThenFat(request, sendStream, Array.isArray(request.messages));
  }

  /**
   * One call of either kind: Thin unless in Fat mode; after a sidecar failure, re-sent via Fat when
   * it provably was not sent or the method is idempotent (and its requests can be replayed).
   */
  private async thinThenFat<Req extends UnaryRequest | StreamRequest, Res>(
    request: Req,
    send: (transport: Transport, request: Req) => Promise<Res>,
    replayable: boolean,
  ): Promise<Res> {
    if (this.options.controller.mode === 'fat')
      return this.viaFat(request, send, request.timeoutMs, this.fatModeWhy());
    const started = this.options.now();
    try {
      const response = await send(this.options.thin, request);
      this.counters.thin++;
      return response;
    } catch (error) {
      const failure = this.sidecarFailure(error, request);
      if (failure === undefined) {
        this.counters.thin++;
        throw error;
      }
      if (!replayable) {
        throw this.notResent(
          request,
          failure,
          error,
          'streams its requests from a source that cannot be replayed',
        );
      }
      if (failure.kind === 'not-sent' || this.options.isIdempotent(request)) {
        this.counters.resentViaFat++;
        return this.viaFat(request, send, this.timeLeft(request, started, error), failure.message);
      }
      throw this.notResent(request, failure, error, 'is not idempotent');
    }
  }

  /** The mesh client closes the Thin and Fat clients; this holds nothing of its own. */
  async close(): Promise<void> {}

  /** The failure if it is the sidecar's (and switches to Fat), or undefined for an answer. */
  private sidecarFailure(
    error: unknown,
    request: CallRequest,
  ): Exclude<ThinFailure, { kind: 'answered' }> | undefined {
    const failure = classifyThinFailure(error, request.signal);
    if (failure.kind === 'answered') return undefined;
    this.options.controller.sidecarFailed(reasonOfCallFailure(failure), failure.message);
    return failure;
  }

  private viaFat<Req extends UnaryRequest | StreamRequest, Res>(
    request: Req,
    send: (transport: Transport, request: Req) => Promise<Res>,
    timeoutMs: number | undefined,
    why: string,
  ): Promise<Res> {
    const fat = this.fatPath(why);
    return send(fat, timeoutMs === request.timeoutMs ? request : { ...request, timeoutMs });
  }

  private fatModeWhy(): string {
    return this.options.controller.lastDetail ?? 'Fat mode';
  }

  /** The Fat transport for one call, counted; throws the refusal when Fat may not be used. */
  private fatPath(why: string): Transport {
    this.counters.fat++;
    if (this.options.fatRefusal !== undefined) throw refusedFallback(this.options.fatRefusal, why);
    return this.options.fat();
  }

  /** The caller's deadline minus the failed Thin attempt; throws when nothing is left. */
  private timeLeft(request: CallRequest, started: number, error: unknown): number | undefined {
    if (request.signal?.aborted) throw error;
    if (request.timeoutMs === undefined) return undefined;
    const left = Math.floor(request.timeoutMs - (this.options.now() - started));
    if (left <= 0) {
      throw new RpcError(
        Code.DeadlineExceeded,
        `deadline of ${request.timeoutMs} ms used up by the failed sidecar attempt; not re-sent via Fat`,
        { cause: error },
      );
    }
    return left;
  }

  private notResent(
    request: CallRequest,
    failure: Exclude<ThinFailure, { kind: 'answered' }>,
    error: unknown,
    because: string,
  ): RpcError {
    this.counters.thin++;
    this.counters.failedAfterSend++;
    const { service, method } = request.target;
    return new RpcError(
      Code.Unavailable,
      `the sidecar failed after ${service.serviceName}/${method.name} may have reached it (${failure.message}); ` +
        `it was not re-sent because it ${because} (mark it idempotent to allow that)`,
      { cause: error },
    );
  }
}
