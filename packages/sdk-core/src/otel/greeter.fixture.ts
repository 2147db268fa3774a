import type { MethodDescriptor, ServiceDescriptor } from '../service-descriptor.js';
import type { StreamRequest, StreamResponse, Transport, UnaryRequest, UnaryResponse } from '../transport.js';

const method = (name: string, kind: 'unary' | 'server_streaming'): MethodDescriptor<unknown, unknown> => ({
  name,
  kind,
  positional: false,
  idempotent: false,
  encode: (message: unknown) => new TextEncoder().encode(JSON.stringify(message)),
  decode: (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown,
});

/** A two-method service with JSON messages, for tracing and metrics specs. */
export const Greeter = {
  serviceName: 'demo.Greeter',
  methods: {
    sayHello: method('SayHello', 'unary'),
    lotsOfReplies: method('LotsOfReplies', 'server_streaming'),
  },
} as unknown as ServiceDescriptor<{
  sayHello: MethodDescriptor<{ name: string }, { message: string }, 'unary'>;
  lotsOfReplies: MethodDescriptor<{ name: string }, { message: string }, 'server_streaming'>;
}>;

/** Answers unary calls with `hi` and streams `a`, `b`; fails as told. */
export class ScriptedTransport implements Transport {
  readonly seen: Array<UnaryRequest | StreamRequest> = [];
  failure: unknown;
  streamFailure: unknown;
  async unary(request: UnaryRequest): Promise<UnaryResponse> {
    this.seen.push(request);
    if (this.failure !== undefined) throw this.failure;
    return { stream: false, message: { message: 'hi' }, header: {}, trailer: {} };
  }
  async stream(request: StreamRequest): Promise<StreamResponse> {
    this.seen.push(request);
    const failure = this.streamFailure;
    async function* messages(): AsyncGenerator<unknown> {
      yield { message: 'a' };
      yield { message: 'b' };
      if (failure !== undefined) throw failure;
    }
    return { stream: true, header: {}, messages: messages(), trailer: {} };
  }
  async close(): Promise<void> {}
}
