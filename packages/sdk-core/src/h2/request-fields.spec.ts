import { describe, expect, it } from 'vitest';
import { orderRequestFields } from './request-fields.js';

const LEADING = Object.freeze({ ':scheme': 'http', ':authority': 'sidecar' });

describe('orderRequestFields', () => {
  it('passes a request whose pseudo fields come first untouched', () => {
    expect(
      orderRequestFields({ ':method': 'POST', ':path': '/a/b', te: 'trailers' }, LEADING),
    ).toBeUndefined();
  });

  it('moves a pseudo field that follows a regular one to the front', () => {
    const fields = orderRequestFields({ ':method': 'POST', te: 'trailers', ':path': '/a/b' }, LEADING);
    expect(Object.keys(fields!.leading)).toEqual([':scheme', ':authority', ':method', ':path']);
    expect(fields!.headers).toEqual({ te: 'trailers' });
  });

  it("lets the request's own :authority replace the session's, sent once", () => {
    const fields = orderRequestFields(
      Object.freeze({ ':method': 'POST', ':path': '/a/b', te: 'trailers', ':authority': 'logical' }),
      LEADING,
    );
    expect(fields!.leading).toEqual({
      ':scheme': 'http',
      ':authority': 'logical',
      ':method': 'POST',
      ':path': '/a/b',
    });
    expect(fields!.headers).toEqual({ te: 'trailers' });
  });

  it('rewrites a frozen request once per session', () => {
    const template = Object.freeze({ te: 'trailers', ':path': '/a/b' });
    const first = orderRequestFields(template, LEADING);
    expect(orderRequestFields(template, LEADING)).toBe(first);
    const other = Object.freeze({ ':scheme': 'https', ':authority': 'b' });
    const second = orderRequestFields(template, other);
    expect(second).not.toBe(first);
    expect(second!.leading[':authority']).toBe('b');
  });
});
