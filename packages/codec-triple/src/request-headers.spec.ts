import { describe, expect, it } from 'vitest';
import { readAttachments } from './attachments.js';
import { Code } from './code.js';
import { createRequestHeaderTemplate, requestHeadersForCall } from './request-headers.js';
import { RpcError } from './rpc-error.js';

const PATH = '/org.apache.dubbo.demo.DemoService/sayHello';

function thrown(fn: () => unknown): RpcError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    return error as RpcError;
  }
  throw new Error('expected a throw');
}

describe('createRequestHeaderTemplate', () => {
  it('builds the non-IDL unary headers of triple.md §4 (§10.1), without :authority and :scheme', () => {
    expect(createRequestHeaderTemplate({ path: PATH, application: 'demo-consumer' })).toEqual({
      ':method': 'POST',
      ':path': PATH,
      'content-type': 'application/grpc+proto',
      te: 'trailers',
      'grpc-accept-encoding': 'gzip',
      'tri-consumer-appname': 'demo-consumer',
    });
  });

  it('adds version, group and grpc-encoding only when configured', () => {
    const template = createRequestHeaderTemplate({
      path: PATH,
      version: '1.0.0',
      group: 'blue',
      contentType: 'application/grpc+json',
      acceptEncoding: 'identity',
      messageEncoding: 'gzip',
    });
    expect(template).toMatchObject({
      'tri-service-version': '1.0.0',
      'tri-service-group': 'blue',
      'content-type': 'application/grpc+json',
      'grpc-accept-encoding': 'identity',
      'grpc-encoding': 'gzip',
    });
    expect(template['tri-consumer-appname']).toBeUndefined();
    const bare = createRequestHeaderTemplate({ path: PATH, version: '', group: '' });
    expect(Object.keys(bare).sort()).toEqual([
      ':method',
      ':path',
      'content-type',
      'grpc-accept-encoding',
      'te',
    ]);
  });

  it('returns a frozen template', () => {
    expect(Object.isFrozen(createRequestHeaderTemplate({ path: PATH }))).toBe(true);
  });

  it('rejects a path without a leading / or with whitespace, controls or non-ASCII', () => {
    for (const path of ['', 'svc/m', '/svc/m x', '/svc/m\r\nx: y', '/svc/\tm', '/svc/\x7f', '/svc/é']) {
      expect(thrown(() => createRequestHeaderTemplate({ path })).code).toBe(Code.InvalidArgument);
    }
  });

  it('rejects option values that cannot travel in a header', () => {
    expect(thrown(() => createRequestHeaderTemplate({ path: PATH, group: 'a\nb' })).code).toBe(
      Code.InvalidArgument,
    );
    expect(thrown(() => createRequestHeaderTemplate({ path: PATH, version: '中' })).code).toBe(
      Code.InvalidArgument,
    );
  });
});

describe('requestHeadersForCall', () => {
  const template = createRequestHeaderTemplate({ path: PATH, version: '1.0.0' });

  it('returns a fresh object with grpc-timeout and the attachments', () => {
    const headers = requestHeadersForCall(template, 3000, { userId: '42', timeout: 3000 });
    expect(headers).not.toBe(template);
    expect(headers).toEqual({
      ...template,
      'grpc-timeout': '3000m',
      userid: '42',
      timeout: '3000',
      'tri-header-convert': '%7B%22userid%22%3A%22userId%22%7D',
    });
    (headers as Record<string, string>).extra = 'x';
    expect(template.extra).toBeUndefined();
  });

  it('omits grpc-timeout without a timeout, and shares the frozen template when nothing is added', () => {
    expect(requestHeadersForCall(template, undefined, undefined)).toBe(template);
    expect(requestHeadersForCall(template, undefined, {})).toBe(template);
    expect(Object.isFrozen(template)).toBe(true);
    expect(requestHeadersForCall(template, undefined, { a: 'b' })).toEqual({ ...template, a: 'b' });
  });

  it('never lets an attachment replace a template or reserved header', () => {
    const attachments: Record<string, string> = {};
    for (const name of Object.keys(template)) attachments[name] = 'evil';
    Object.assign(attachments, {
      'Content-Type': 'text/plain',
      'TRI-SERVICE-VERSION': '6.6.6',
      'grpc-timeout': '1n',
    });
    const headers = requestHeadersForCall(template, 100, attachments);
    expect(headers).toEqual({ ...template, 'grpc-timeout': '100m' });
  });

  it('produces headers from which the receiver reads the same attachments back', () => {
    const attachments = { token: 's3cret', traceId: 'abc', sig: Uint8Array.of(9, 8) };
    expect(readAttachments(requestHeadersForCall(template, 50, attachments))).toEqual(attachments);
  });
});
