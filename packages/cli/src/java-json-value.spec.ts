import { java } from '@dubbo-mesh/codec-triple';
import { describe, expect, it } from 'vitest';
import { fromJsonForJava } from './java-json-value.js';

describe('fromJsonForJava', () => {
  it('reads java.util.Date from ISO-8601 or epoch milliseconds', () => {
    expect(fromJsonForJava('2024-05-01T10:00:00Z', 'java.util.Date', 'argument 0')).toEqual(
      new Date(Date.UTC(2024, 4, 1, 10)),
    );
    expect(fromJsonForJava(0, 'java.util.Date', 'argument 0')).toEqual(new Date(0));
    expect(() => fromJsonForJava('yesterday', 'java.util.Date', 'argument 0')).toThrow(
      /argument 0 \(java.util.Date\)/,
    );
  });

  it('reads byte[] from base64 or byte values', () => {
    expect(fromJsonForJava('AQID', '[B', 'argument 1')).toEqual(Buffer.from([1, 2, 3]));
    expect(fromJsonForJava([1, -1, 255], '[B', 'argument 1')).toEqual(Buffer.from([1, 255, 255]));
    expect(() => fromJsonForJava([256], '[B', 'argument 1')).toThrow(/argument 1 \(byte\[\]\)/);
    expect(() => fromJsonForJava('not base64!', '[B', 'argument 1')).toThrow(/base64/);
  });

  it('converts inside arrays, lists and maps with element types', () => {
    expect(fromJsonForJava([0, 1000], java.array('java.util.Date'), 'a')).toEqual([
      new Date(0),
      new Date(1000),
    ]);
    expect(fromJsonForJava({ k: 'AQ==' }, java.map('java.lang.String', '[B'), 'a')).toEqual({
      k: Buffer.from([1]),
    });
    expect(fromJsonForJava([[1]], java.list(java.array('byte')), 'a')).toEqual([Buffer.from([1])]);
  });

  it('passes everything else on untouched, null included', () => {
    const value = { name: 'x' };
    expect(fromJsonForJava(value, java.pojo('demo.User', { name: 'java.lang.Object' }), 'a')).toEqual(value);
    expect(fromJsonForJava('12.5', 'java.math.BigDecimal', 'a')).toBe('12.5');
    expect(fromJsonForJava(null, 'java.util.Date', 'a')).toBeNull();
  });
});
