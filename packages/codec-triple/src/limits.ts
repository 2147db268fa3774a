/**
 * Default cap on one decoded message, compressed or not. Matches dubbo-go's 4 MiB receive limit,
 * the smallest of the peers (triple.md §3), so whatever we accept a Go provider would too.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Default cap on a header list: Java's HTTP/2 limit (triple.md §2, "Header limits"). */
export const DEFAULT_MAX_HEADER_LIST_BYTES = 32 * 1024;

/** Characters of a peer's `grpc-message` kept in an error, so one cannot balloon logs and memory. */
export const MAX_GRPC_MESSAGE_CHARS = 4096;

/**
 * Every limit applied to what a peer sends, with its default, in one place: the READMEs' "Limits"
 * tables and `pnpm test:reliability`'s report print these (issue 6, "Report").
 */
export const DEFAULT_LIMITS = Object.freeze({
  /** A received message, before and after inflating (triple.md §3). */
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  /** A response's header or trailer list, as SETTINGS_MAX_HEADER_LIST_SIZE (triple.md §2). */
  maxHeaderListBytes: DEFAULT_MAX_HEADER_LIST_BYTES,
  /** `grpc-message` characters kept. */
  maxGrpcMessageChars: MAX_GRPC_MESSAGE_CHARS,
  /** A Hessian 2 payload: Java 3.3's own message limit (triple.md §3; hessian.md §3 Limits). */
  hessianMaxBytes: 8 * 1024 * 1024,
  /** Hessian nesting; hessian.js alone overflows the stack near 2,400 (hessian.md §3). */
  hessianMaxDepth: 256,
  /** Entries in one Hessian list, map or class definition. */
  hessianMaxCollectionLength: 1_000_000,
  /**
   * Maps, lists and objects one Hessian message may create in all: each costs hundreds of heap bytes
   * for as little as two payload bytes, so the byte caps alone let 4 MiB decode to over 500 MiB.
   */
  hessianMaxCollections: 1_000_000,
});

/** One row of the limits table: what is limited, the default, how to change it, what exceeding it gives. */
export interface LimitDescription {
  readonly name: keyof typeof DEFAULT_LIMITS;
  readonly value: number;
  readonly option: string;
  readonly error: string;
}

/** {@link DEFAULT_LIMITS} as table rows, in the order the READMEs list them. */
export const LIMIT_DESCRIPTIONS: readonly LimitDescription[] = Object.freeze([
  {
    name: 'maxMessageBytes',
    value: DEFAULT_LIMITS.maxMessageBytes,
    option: 'maxReceiveMessageBytes (createHttp2Transport); FrameDecoder maxMessageBytes',
    error: 'RESOURCE_EXHAUSTED, checked on the length prefix before buffering and while inflating',
  },
  {
    name: 'maxHeaderListBytes',
    value: DEFAULT_LIMITS.maxHeaderListBytes,
    option: 'maxHeaderListBytes (createHttp2Transport / Http2Channel)',
    error: 'RESOURCE_EXHAUSTED (stream reset ENHANCE_YOUR_CALM); the session and its other calls go on',
  },
  {
    name: 'maxGrpcMessageChars',
    value: DEFAULT_LIMITS.maxGrpcMessageChars,
    option: '(fixed)',
    error: 'the message is cut to the limit',
  },
  {
    name: 'hessianMaxBytes',
    value: DEFAULT_LIMITS.hessianMaxBytes,
    option: 'limits.maxBytes (readHessian, createJavaMethodCodec)',
    error: 'RESOURCE_EXHAUSTED, before decoding',
  },
  {
    name: 'hessianMaxDepth',
    value: DEFAULT_LIMITS.hessianMaxDepth,
    option: 'limits.maxDepth (readHessian, createJavaMethodCodec)',
    error: 'INTERNAL "invalid hessian2 data: nesting deeper than …"',
  },
  {
    name: 'hessianMaxCollectionLength',
    value: DEFAULT_LIMITS.hessianMaxCollectionLength,
    option: 'limits.maxCollectionLength (readHessian, createJavaMethodCodec)',
    error: 'INTERNAL "invalid hessian2 data: … exceeds the limit of …", before allocating',
  },
  {
    name: 'hessianMaxCollections',
    value: DEFAULT_LIMITS.hessianMaxCollections,
    option: 'limits.maxCollections (readHessian, createJavaMethodCodec)',
    error: 'INTERNAL "invalid hessian2 data: more than … maps, lists and objects", as the one past it is met',
  },
]);
