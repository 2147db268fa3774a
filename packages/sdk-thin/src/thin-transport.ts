import type {
  CallTarget,
  Http2Transport,
  StreamRequest,
  StreamResponse,
  Transport,
  UnaryRequest,
  UnaryResponse,
} from '@dubbo-mesh/sdk-core';

/**
 * Carries calls to the sidecar over one HTTP/2 channel, with the metadata the sidecar routes on
 * (ARCHITECTURE.md "Thin"): `:path` (service and method), `tri-service-version`, `tri-service-group`,
 * attachments (lane headers among them) from the header template sdk-core builds, and
 * `tri-consumer-appname`, added here to templates made without an application, and a logical
 * `:authority`. No registry, no
 * routing, no balancing: the sidecar does those.
 */
export class ThinTransport implements Transport {
  private readonly targets = new WeakMap<CallTarget, CallTarget>();

  constructor(
    /** The connection to the sidecar. */
    readonly http2: Http2Transport,
    private readonly application: string,
    /** Sent as is: node:http2 would otherwise add `:80` to a host without a port. */
    private readonly authority: string,
  ) {}

  unary(request: UnaryRequest): Promise<UnaryResponse> {
    return this.http2.unary({ ...request, target: this.targetOf(request.target) });
  }

  stream(request: StreamRequest): Promise<StreamResponse> {
    return this.http2.stream({ ...request, target: this.targetOf(request.target) });
  }

  close(): Promise<void> {
    return this.http2.close();
  }

  /**
   * The target as sent, made once per target: the logical `:authority`, and `tri-consumer-appname` when
   * the client was made without an application, so the sidecar can apply the app's rules.
   */
  private targetOf(target: CallTarget): CallTarget {
    let patched = this.targets.get(target);
    if (patched === undefined) {
      const application = target.headerTemplate['tri-consumer-appname'] ?? this.application;
      patched = {
        ...target,
        application,
        headerTemplate: Object.freeze({
          // The direct engine sends the channel's authority as is; node:http2 needs it per request.
          ...(this.http2.channel.engine === 'node' ? { ':authority': this.authority } : {}),
          ...target.headerTemplate,
          'tri-consumer-appname': application,
        }),
      };
      this.targets.set(target, patched);
    }
    return patched;
  }
}
