import { fileURLToPath } from 'node:url';
import {
  Client,
  credentials,
  Metadata,
  type MethodDefinition,
  type ServiceError,
  type StatusObject,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** An independent grpc-js client for dubbomesh.test.TestService (fields lowerCamelCase). */
const definition = loadSync(fileURLToPath(new URL('../peers/proto/test.proto', import.meta.url)), {
  keepCase: false,
  defaults: true,
});
const service = definition['dubbomesh.test.TestService'] as Record<string, MethodDefinition<object, object>>;

function method(name: string): MethodDefinition<object, object> {
  const m = service[name];
  if (m === undefined) throw new Error(`no method ${name}`);
  return m;
}

export interface Echo {
  message: string;
  metadata: Record<string, string>;
  payload: Buffer;
  index: number;
  server: string;
}

export type EchoInput = Partial<{
  message: string;
  failCode: number;
  failMessage: string;
  delayMs: number;
  payload: Buffer;
  count: number;
}>;

function toEcho(value: object): Echo {
  return value as Echo;
}

function metadataOf(entries: Record<string, string>): Metadata {
  const md = new Metadata();
  for (const [k, v] of Object.entries(entries)) md.set(k, v);
  return md;
}

export interface CallOptions {
  metadata?: Record<string, string>;
  deadlineMs?: number;
  /** Called with a cancel function once the call started. */
  onStart?: (cancel: () => void) => void;
}

export interface UnaryOutcome {
  response?: Echo;
  error?: ServiceError;
  headers: Metadata;
  status: StatusObject;
}

export interface StreamOutcome {
  responses: Echo[];
  error?: ServiceError;
  headers?: Metadata;
  status: StatusObject;
}

export class TestServiceClient {
  readonly client: Client;

  constructor(target: string) {
    this.client = new Client(target, credentials.createInsecure());
  }

  private options(opts: CallOptions): { deadline?: number } {
    return opts.deadlineMs === undefined ? {} : { deadline: Date.now() + opts.deadlineMs };
  }

  unary(req: EchoInput, opts: CallOptions = {}): Promise<UnaryOutcome> {
    const m = method('Unary');
    return new Promise((resolve) => {
      let headers = new Metadata();
      let result: { response?: Echo; error?: ServiceError } | undefined;
      let status: StatusObject | undefined;
      const finish = (): void => {
        if (result && status) resolve({ ...result, headers, status });
      };
      const call = this.client.makeUnaryRequest(
        m.path,
        m.requestSerialize,
        m.responseDeserialize,
        req,
        metadataOf(opts.metadata ?? {}),
        this.options(opts),
        (error, value) => {
          result = error ? { error } : value ? { response: toEcho(value) } : {};
          finish();
        },
      );
      call.on('metadata', (md: Metadata) => {
        headers = md;
      });
      call.on('status', (s: StatusObject) => {
        status = s;
        finish();
      });
      opts.onStart?.(() => call.cancel());
    });
  }

  serverStream(req: EchoInput, opts: CallOptions = {}): Promise<StreamOutcome> {
    const m = method('ServerStream');
    const call = this.client.makeServerStreamRequest(
      m.path,
      m.requestSerialize,
      m.responseDeserialize,
      req,
      metadataOf(opts.metadata ?? {}),
      this.options(opts),
    );
    opts.onStart?.(() => call.cancel());
    return collect(call);
  }

  clientStream(reqs: EchoInput[], opts: CallOptions = {}): Promise<Echo> {
    const m = method('ClientStream');
    return new Promise((resolve, reject) => {
      const call = this.client.makeClientStreamRequest(
        m.path,
        m.requestSerialize,
        m.responseDeserialize,
        metadataOf(opts.metadata ?? {}),
        this.options(opts),
        (error, value) =>
          error ? reject(error) : value ? resolve(toEcho(value)) : reject(new Error('empty')),
      );
      for (const r of reqs) call.write(r);
      call.end();
    });
  }

  bidi(reqs: EchoInput[], opts: CallOptions = {}): Promise<StreamOutcome> {
    const m = method('Bidi');
    const call = this.client.makeBidiStreamRequest(
      m.path,
      m.requestSerialize,
      m.responseDeserialize,
      metadataOf(opts.metadata ?? {}),
      this.options(opts),
    );
    const done = collect(call);
    for (const r of reqs) call.write(r);
    call.end();
    return done;
  }

  close(): void {
    this.client.close();
  }
}

interface ReadableCall {
  on(event: 'data', listener: (value: object) => void): unknown;
  on(event: 'metadata', listener: (md: Metadata) => void): unknown;
  on(event: 'error', listener: (err: ServiceError) => void): unknown;
  on(event: 'status', listener: (status: StatusObject) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

/** Resolves once grpc-js reported the status and the stream ended (by 'end' or 'error'). */
function collect(call: ReadableCall): Promise<StreamOutcome> {
  return new Promise((resolve) => {
    const responses: Echo[] = [];
    let headers: Metadata | undefined;
    let error: ServiceError | undefined;
    let status: StatusObject | undefined;
    let ended = false;
    const finish = (): void => {
      if (status && ended) {
        resolve({ responses, status, ...(error ? { error } : {}), ...(headers ? { headers } : {}) });
      }
    };
    call.on('data', (value) => responses.push(toEcho(value)));
    call.on('metadata', (md) => {
      headers = md;
    });
    call.on('error', (err) => {
      error = err;
      ended = true;
      finish();
    });
    call.on('end', () => {
      ended = true;
      finish();
    });
    call.on('status', (s) => {
      status = s;
      finish();
    });
  });
}
