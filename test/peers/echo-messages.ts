/**
 * dubbomesh.test.EchoRequest / EchoResponse as @grpc/proto-loader hands them over with its default
 * `keepCase: false`: field names are lowerCamelCase (`fail_code` → `failCode`, `delay_ms` →
 * `delayMs`, `fail_message` → `failMessage`), bytes are Buffers, and `defaults: true` fills in
 * absent scalars, so a request always has every field.
 */
export interface EchoRequest {
  message: string;
  failCode: number;
  failMessage: string;
  delayMs: number;
  payload: Buffer;
  count: number;
}

export interface EchoResponse {
  message: string;
  metadata: Record<string, string>;
  payload: Buffer;
  index: number;
  server: string;
}

function field(value: object, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

function stringField(value: object, key: string): string {
  const v = field(value, key);
  return typeof v === 'string' ? v : '';
}

function intField(value: object, key: string): number {
  const v = field(value, key);
  return typeof v === 'number' && Number.isInteger(v) ? v : 0;
}

/** Narrows what grpc-js deserialized (typed `any` by grpc-js) to an EchoRequest. */
export function toEchoRequest(value: unknown): EchoRequest {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`expected an EchoRequest object, got ${typeof value}`);
  }
  const payload = field(value, 'payload');
  return {
    message: stringField(value, 'message'),
    failCode: intField(value, 'failCode'),
    failMessage: stringField(value, 'failMessage'),
    delayMs: intField(value, 'delayMs'),
    payload: Buffer.isBuffer(payload) ? payload : Buffer.alloc(0),
    count: intField(value, 'count'),
  };
}
