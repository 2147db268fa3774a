import { DEFAULT_MAX_MESSAGE_BYTES } from '@dubbo-mesh/codec-triple';
import { type Endpoint, parseEndpoint } from './endpoint.js';
import { Http2Channel, type Http2ChannelOptions } from './http2-channel.js';
import { callStream } from './stream-call.js';
import type { StreamRequest, StreamResponse, Transport, UnaryRequest, UnaryResponse } from './transport.js';
import { type CallLimits, callUnary } from './unary-call.js';

export interface Http2TransportOptions extends Http2ChannelOptions {
  /** Largest response message accepted, checked before allocating. Default 4 MiB. */
  maxReceiveMessageBytes?: number;
}

/**
 * A Transport that sends every call to one endpoint over HTTP/2 (h2c, TLS or a Unix socket): what
 * `--direct` uses, and what Thin and Fat use per sidecar or provider. Keep one per endpoint for the
 * life of the process: it holds the connection.
 */
export class Http2Transport implements Transport {
  readonly channel: Http2Channel;
  private readonly limits: CallLimits;

  constructor(endpoint: string | Endpoint, options: Http2TransportOptions = {}) {
    this.channel = new Http2Channel(
      typeof endpoint === 'string' ? parseEndpoint(endpoint) : endpoint,
      options,
    );
    this.limits = { maxReceiveMessageBytes: options.maxReceiveMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES };
  }

  unary(request: UnaryRequest): Promise<UnaryResponse> {
    return callUnary(this.channel, request, this.limits);
  }

  stream(request: StreamRequest): Promise<StreamResponse> {
    return callStream(this.channel, request, this.limits);
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}

/** Creates an HTTP/2 transport to `endpoint` (`host:port`, `https://host:port`, `unix:/path`). */
export function createHttp2Transport(
  endpoint: string | Endpoint,
  options?: Http2TransportOptions,
): Http2Transport {
  return new Http2Transport(endpoint, options);
}
