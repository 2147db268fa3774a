/**
 * The parts of hessian.js 2.11.0 (CommonJS, no bundled types) the peers and their self-tests use.
 * A plain module, not `declare module 'hessian.js'`: an ambient declaration here would also type the
 * SDK's own hessian.js imports whenever a test pulls SDK sources into `tsc -p test`.
 * Loaded by ../hessian-js.ts.
 */

/** A typed Java value: `{ $class: 'long', $: 5 }`, `{ $class: 'demo.User', $: { name, age } }`. */
export interface JavaObject {
  $class: string;
  $: unknown;
}

export interface HessianDecoderV2 {
  /** One value; `withType` wraps objects, typed lists and maps as `{ $class, $ }`. */
  read(withType?: boolean): unknown;
  readonly byteBuffer: { position(): number };
}

export interface HessianJs {
  /** Hessian 2.0 only when `version` is '2.0' (anything else is Hessian 1.0, hessian.md §0). */
  encode(value: unknown, version: '2.0'): Buffer;
  decode(
    buf: Buffer,
    version: '2.0',
    options?: boolean | { withType?: boolean; classCache?: Map<string, unknown> },
  ): unknown;
  DecoderV2: new (buf: Buffer) => HessianDecoderV2;
}
