/** One client kind, connected to the echo server, ready to send the same request again and again. */
export interface UnaryCaller {
  /** Sends one Unary call with the fixed payload; resolves with the echoed payload. */
  call(): Promise<Uint8Array>;
  /** HTTP/2 connections this client opened so far (the benchmark wants exactly one). */
  connections(): number;
  close(): Promise<void>;
}

/** `ours` is sdk-core's `createClient`, `thin` the Thin client on it (what the suite reports as ours). */
export const CLIENT_KINDS = ['ours', 'thin', 'grpc-js', 'h2', 'h2-direct', 'dubbo-js', 'undici'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export function isClientKind(value: string): value is ClientKind {
  return (CLIENT_KINDS as readonly string[]).includes(value);
}

export const CLIENT_LABELS: Readonly<Record<ClientKind, string>> = {
  ours: 'ours (@dubbo-mesh/sdk-core)',
  thin: 'ours (@dubbo-mesh/sdk-thin createThinClient)',
  'grpc-js': '@grpc/grpc-js client',
  h2: 'hand-written node:http2',
  'h2-direct': 'the same hand-written caller on sdk-core DirectSession',
  'dubbo-js': '@apachedubbo/dubbo client',
  undici: 'undici H2CClient, minimal gRPC',
};

/** Narrows a decoded message's `payload` field, which every client returns as bytes. */
export function payloadOf(message: unknown): Uint8Array {
  const payload: unknown =
    typeof message === 'object' && message !== null ? Reflect.get(message, 'payload') : undefined;
  if (!(payload instanceof Uint8Array)) throw new TypeError('response has no payload bytes');
  return payload;
}
