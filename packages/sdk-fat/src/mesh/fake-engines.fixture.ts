import {
  Code,
  type MethodDescriptor,
  markConnectionLost,
  markNotSent,
  RpcError,
  type ServiceDescriptor,
  type StreamRequest,
  type StreamResponse,
  type Transport,
  type UnaryRequest,
  type UnaryResponse,
} from '@dubbo-mesh/sdk-core';
import { EventFeed, type HealthEvent, type ProbeOutcome, type SidecarHealth } from '@dubbo-mesh/sdk-thin';
import type { FatEngine, ThinEngine } from './mesh-client.js';

/** An error shaped like sdk-core's for a socket that is not there (not sent, ENOENT). */
export function socketMissing(): RpcError {
  const cause = Object.assign(new Error('connect ENOENT /run/sidecar.sock'), { code: 'ENOENT' });
  return markNotSent(
    new RpcError(Code.Unavailable, 'unix:/run/sidecar.sock unreachable: connect ENOENT', { cause }),
  );
}

/** An error shaped like sdk-core's for a refused connection (not sent, ECONNREFUSED). */
export function connectRefused(): RpcError {
  const cause = Object.assign(new Error('connect ECONNREFUSED /run/sidecar.sock'), { code: 'ECONNREFUSED' });
  return markNotSent(
    new RpcError(Code.Unavailable, 'unix:/run/sidecar.sock unreachable: connect ECONNREFUSED', { cause }),
  );
}

/** sdk-core's error for a stream closed by the session going away (the sidecar was killed mid-call). */
export function connectionLost(): RpcError {
  return markConnectionLost(new RpcError(Code.Cancelled, 'stream reset (HTTP/2 error 8, CANCEL)'));
}

/** An answer from the sidecar: a status. */
export function answered(code = Code.InvalidArgument): RpcError {
  return new RpcError(code, 'bad request');
}

type Outcome = string | RpcError | (() => Promise<string>);

/** A transport answering unary calls from a script; each call records its request. */
export class ScriptedTransport implements Transport {
  readonly requests: (UnaryRequest | StreamRequest)[] = [];
  /** Outcomes of the next calls, in order; when empty, `fallback`. */
  readonly script: Outcome[] = [];

  constructor(
    readonly name: string,
    private readonly fallback: Outcome = 'ok',
  ) {}

  async unary(request: UnaryRequest): Promise<UnaryResponse> {
    this.requests.push(request);
    const outcome = this.script.shift() ?? this.fallback;
    if (outcome instanceof RpcError) throw outcome;
    const message = typeof outcome === 'function' ? await outcome() : `${this.name}:${outcome}`;
    return { stream: false, message, header: {}, trailer: {} };
  }

  async stream(request: StreamRequest): Promise<StreamResponse> {
    this.requests.push(request);
    const outcome = this.script.shift() ?? this.fallback;
    if (outcome instanceof RpcError) throw outcome;
    const name = this.name;
    return {
      stream: true,
      header: {},
      trailer: {},
      messages: (async function* () {
        yield `${name}:stream`;
      })(),
    };
  }

  async close(): Promise<void> {}
}

/** A sidecar health whose probe answers come from a script and whose changes the test emits. */
export class ScriptedHealth implements SidecarHealth {
  state: SidecarHealth['state'] = 'unknown';
  reason = '';
  paused = false;
  checks = 0;
  /** Outcomes of the next probes; when empty, `fallback`. */
  readonly script: ProbeOutcome[] = [];
  fallback: ProbeOutcome = { ok: true, judgedBy: 'health-service', message: 'SERVING' };
  private readonly feed = new EventFeed<HealthEvent>();

  on(_event: 'change', listener: (event: HealthEvent) => void): () => void {
    return this.feed.on(listener);
  }
  events(): AsyncIterable<HealthEvent> {
    return this.feed.events();
  }
  async check(): Promise<ProbeOutcome> {
    this.checks++;
    return this.script.shift() ?? this.fallback;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  close(): void {
    this.feed.close();
  }
  /** Simulates the monitor's change to `to`. */
  emit(event: HealthEvent): void {
    this.state = event.to;
    this.feed.emit(event);
  }
}

export const PROBE_OK: ProbeOutcome = { ok: true, judgedBy: 'health-service', message: 'SERVING' };
export const PROBE_DOWN: ProbeOutcome = {
  ok: false,
  severity: 'unreachable',
  message: 'connect ECONNREFUSED',
  error: connectRefused(),
};

export function fakeThin(): ThinEngine & { transport: ScriptedTransport; health: ScriptedHealth } {
  return {
    transport: new ScriptedTransport('thin'),
    health: new ScriptedHealth(),
    close: async () => undefined,
  };
}

export function fakeFat(): FatEngine & {
  transport: ScriptedTransport;
  subscribed: string[];
  closed: boolean;
} {
  const engine = {
    transport: new ScriptedTransport('fat'),
    subscribed: [] as string[],
    closed: false,
    client(descriptor: ServiceDescriptor) {
      engine.subscribed.push(descriptor.serviceName);
      return {};
    },
    async close() {
      engine.closed = true;
    },
  };
  return engine;
}

function method(
  name: string,
  idempotent: boolean,
  kind: 'unary' | 'bidi_streaming' = 'unary',
): MethodDescriptor<string, string> {
  return {
    name,
    kind,
    idempotent,
    positional: false,
    encode: (text) => Buffer.from(text),
    decode: (bytes) => Buffer.from(bytes).toString(),
  };
}

/** `demo.Orders`: `get` is marked idempotent, `place` is not, `placeMany` streams. */
export const Orders = {
  kind: 'idl',
  serviceName: 'demo.Orders',
  methods: {
    get: method('Get', true) as MethodDescriptor<string, string, 'unary'>,
    place: method('Place', false) as MethodDescriptor<string, string, 'unary'>,
    placeMany: method('PlaceMany', false, 'bidi_streaming') as MethodDescriptor<
      string,
      string,
      'bidi_streaming'
    >,
  },
} satisfies ServiceDescriptor;
