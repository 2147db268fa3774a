import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import {
  decodeJavaException,
  encodeJavaException,
  JavaException,
  type JavaExceptionInit,
  type JavaStackFrame,
} from './java-exception.js';

const frames: JavaStackFrame[] = [
  {
    declaringClass: 'com.x.AccountService',
    methodName: 'debit',
    fileName: 'AccountService.java',
    lineNumber: 42,
  },
  {
    declaringClass: 'jdk.internal.reflect.NativeMethodAccessorImpl',
    methodName: 'invoke0',
    fileName: null,
    lineNumber: -2,
  },
];

describe('encodeJavaException', () => {
  it('writes the JDK 17 hessian-lite shape: field order, typed stack trace, self-referencing cause', () => {
    const bytes = Buffer.from(encodeJavaException('java.lang.IllegalStateException', 'boom'));
    const hex = bytes.toString('hex');
    const text = bytes.toString('latin1');
    // C, class name, 4 fields in JDK 17 order.
    expect(
      hex.startsWith(`43${Buffer.from('\u001fjava.lang.IllegalStateException', 'latin1').toString('hex')}94`),
    ).toBe(true);
    expect(text.indexOf('suppressedExceptions')).toBeLessThan(text.indexOf('stackTrace'));
    expect(text.indexOf('stackTrace')).toBeLessThan(text.indexOf('cause'));
    expect(text.indexOf('cause')).toBeLessThan(text.indexOf('detailMessage'));
    // instance 60: empty list 78, typed empty list 70 '[java.lang.StackTraceElement', Q 0 (itself), 'boom'.
    expect(
      hex.endsWith(
        `6078701c${Buffer.from('[java.lang.StackTraceElement').toString('hex')}5190${Buffer.from('\u0004boom').toString('hex')}`,
      ),
    ).toBe(true);
  });

  it('writes JDK 17 StackTraceElement fields', () => {
    const raw = hessian.decode(Buffer.from(encodeJavaException('x.E', null, { frames })), '2.0', true) as {
      $: { stackTrace: { $class: string; $: Array<{ $class: string; $: Record<string, unknown> }> } };
    };
    expect(raw.$.stackTrace.$class).toBe('[java.lang.StackTraceElement');
    expect(Object.keys(raw.$.stackTrace.$[0]?.$ ?? {})).toEqual([
      'format',
      'lineNumber',
      'fileName',
      'methodName',
      'declaringClass',
      'moduleVersion',
      'moduleName',
      'classLoaderName',
    ]);
  });

  it('rejects a custom field that clashes with a Throwable field', () => {
    expect(() => encodeJavaException('x.E', 'm', { fields: { cause: 1 } })).toThrowError(RpcError);
  });
});

describe('decodeJavaException', () => {
  it('round-trips class, message, frames, custom fields and a real cause', () => {
    const bytes = encodeJavaException('com.x.InsufficientFundsException', 'not enough money', {
      frames,
      fields: { code: 4001, account: 'A-1' },
      cause: {
        className: 'java.sql.SQLException',
        message: 'deadlock',
        frames: frames.slice(0, 1),
        fields: { SQLState: '40001', vendorCode: 1213 },
      },
    });
    const error = decodeJavaException(bytes);
    expect(error).toBeInstanceOf(JavaException);
    expect(error).toBeInstanceOf(RpcError);
    expect(error.code).toBe(Code.Unknown);
    expect(error.className).toBe('com.x.InsufficientFundsException');
    expect(error.javaMessage).toBe('not enough money');
    expect(error.rawMessage).toBe('not enough money');
    expect(error.frames).toEqual(frames);
    expect(error.fields).toEqual({ code: 4001, account: 'A-1' });
    const cause = error.javaCause;
    expect(cause?.className).toBe('java.sql.SQLException');
    expect(cause?.javaMessage).toBe('deadlock');
    expect(cause?.fields).toEqual({ SQLState: '40001', vendorCode: 1213 });
    expect(cause?.javaCause).toBeUndefined();
    expect(error.cause).toBe(cause);
    expect(error.stack).toContain('remote com.x.InsufficientFundsException: not enough money');
    expect(error.stack).toContain('at com.x.AccountService.debit(AccountService.java:42)');
  });

  it('re-encodes a decoded exception to the same bytes', () => {
    const bytes = encodeJavaException('com.x.E', 'm', {
      frames,
      fields: { code: 1 },
      cause: { className: 'java.io.IOException', message: 'io', fields: {} },
    });
    const again = encodeJavaException('com.x.E', 'm', {
      frames,
      fields: { code: 1 },
      cause: decodeJavaException(bytes).javaCause,
    });
    expect(Buffer.from(again).toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
  });

  it('keeps the outer class when the message is null and a cause exists (unlike hessian.js)', () => {
    const error = decodeJavaException(
      encodeJavaException('java.lang.reflect.UndeclaredThrowableException', null, {
        cause: { className: 'com.x.Checked', message: 'inner' },
      }),
    );
    expect(error.className).toBe('java.lang.reflect.UndeclaredThrowableException');
    expect(error.javaMessage).toBeNull();
    expect(error.rawMessage).toBe('java.lang.reflect.UndeclaredThrowableException');
    expect(error.javaCause?.className).toBe('com.x.Checked');
  });

  it('works for classes that do not end in Exception', () => {
    const error = decodeJavaException(encodeJavaException('java.lang.AssertionError', 'expected 1'));
    expect(error.className).toBe('java.lang.AssertionError');
    expect(error.javaMessage).toBe('expected 1');
  });

  it('stops at a cause cycle', () => {
    const a: JavaExceptionInit = { className: 'x.A', message: 'a' };
    const b: JavaExceptionInit = { className: 'x.B', message: 'b', cause: a };
    a.cause = b;
    const error = decodeJavaException(encodeJavaException('x.A', 'a', { cause: b }));
    expect(error.javaCause?.className).toBe('x.B');
    expect(error.javaCause?.javaCause?.className).toBe('x.A');
    expect(error.javaCause?.javaCause?.javaCause).toBeUndefined();
  });

  it('rejects data that is not an object with Internal', () => {
    for (const bytes of [
      Buffer.from('4e', 'hex'),
      Buffer.from('0161', 'hex'),
      Buffer.from('485a', 'hex'),
      Buffer.from('43', 'hex'),
    ]) {
      let error: unknown;
      try {
        decodeJavaException(bytes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).code).toBe(Code.Internal);
    }
  });

  it('applies the Hessian limits', () => {
    expect(() => decodeJavaException(encodeJavaException('x.E', 'm'), { maxBytes: 10 })).toThrowError(
      /exceeds the limit of 10/,
    );
  });
});
