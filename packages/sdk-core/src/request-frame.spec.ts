import { gunzipSync } from 'node:zlib';
import { createRequestHeaderTemplate } from '@dubbo-mesh/codec-triple';
import { describe, expect, it } from 'vitest';
import { COMPRESS_MIN_BYTES, frameRequestMessage } from './request-frame.js';
import type { CallTarget } from './transport.js';

function target(compression: 'gzip' | undefined): CallTarget {
  return {
    service: { serviceName: 'x.Svc' },
    method: {
      name: 'M',
      kind: 'unary',
      idempotent: false,
      positional: false,
      encode: (bytes: never) => bytes as Uint8Array,
      decode: (bytes) => bytes,
    },
    application: undefined,
    headerTemplate: createRequestHeaderTemplate({ path: '/x.Svc/M', messageEncoding: compression }),
    compression,
  };
}

describe('frameRequestMessage', () => {
  it('sends uncompressed frames (flag 0) when compression is off', () => {
    const frame = frameRequestMessage(target(undefined), Buffer.alloc(4096, 1));
    expect(frame[0]).toBe(0);
    expect(frame.readUInt32BE(1)).toBe(4096);
  });

  it('gzips messages from 1 KiB and sets the compressed flag', () => {
    const message = Buffer.alloc(COMPRESS_MIN_BYTES * 4, 'a');
    const frame = frameRequestMessage(target('gzip'), message);
    expect(frame[0]).toBe(1);
    const length = frame.readUInt32BE(1);
    expect(length).toBe(frame.length - 5);
    expect(length).toBeLessThan(message.length);
    expect(gunzipSync(frame.subarray(5)).equals(message)).toBe(true);
  });

  it('leaves small messages uncompressed even when the call announced gzip', () => {
    const frame = frameRequestMessage(target('gzip'), Buffer.from('tiny'));
    expect(frame[0]).toBe(0);
    expect(frame.subarray(5).toString()).toBe('tiny');
  });
});
