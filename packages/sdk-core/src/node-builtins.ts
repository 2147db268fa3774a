import type http2 from 'node:http2';
import type net from 'node:net';
import type tls from 'node:tls';
import { lazyBuiltin } from '@dubbo-mesh/codec-triple';

// node:http2, node:tls and node:net load on the first connect, not on import: with node:zlib they
// were most of the Thin client's import time (bench/README.md, "Hot path"). Types come from the
// `import type`s above, which emit nothing.

/** `node:http2`, loaded on first use. */
export const nodeHttp2 = lazyBuiltin<typeof http2>('node:http2');

/** `node:net`, loaded on first use. */
export const nodeNet = lazyBuiltin<typeof net>('node:net');

/** `node:tls`, loaded on first use (only `https://` endpoints need it). */
export const nodeTls = lazyBuiltin<typeof tls>('node:tls');
