import { Code } from '../code.js';
import { type ErrorMetadata, RpcError } from '../rpc-error.js';
import { decodeHessian, type HessianLimits } from './hessian-reader.js';
import type { JavaStackFrame } from './java-stack-frame.js';

export type { JavaStackFrame } from './java-stack-frame.js';
export interface JavaExceptionOptions {
  frames?: JavaStackFrame[];
  cause?: JavaException;
  fields?: Record<string, unknown>;
  metadata?: ErrorMetadata;
}

/** The Throwable fields that have their own properties; everything else lands in `fields`. */
const THROWABLE_FIELDS: ReadonlySet<string> = new Set([
  'suppressedExceptions',
  'stackTrace',
  'cause',
  'detailMessage',
]);

/**
 * An exception thrown by a Java provider and sent back as data (`tri-exception-code` ≠ 0, triple.md §5
 * "Business exceptions in wrapper mode"). `code` is always `Code.Unknown`; `message` is the Java message,
 * or the class name when it has none. `fields` holds the exception's own fields (a business `code`,
 * say), not the four Throwable ones. The Java frames are appended to `stack` for logs.
 */
export class JavaException extends RpcError {
  readonly className: string;
  readonly javaMessage: string | null;
  readonly frames: JavaStackFrame[];
  readonly javaCause: JavaException | undefined;
  readonly fields: Record<string, unknown>;

  constructor(className: string, javaMessage: string | null, options: JavaExceptionOptions = {}) {
    super(Code.Unknown, javaMessage ?? className, { cause: options.cause, metadata: options.metadata });
    this.name = 'JavaException';
    this.className = className;
    this.javaMessage = javaMessage;
    this.frames = options.frames ?? [];
    this.javaCause = options.cause;
    this.fields = options.fields ?? {};
    const remote = this.frames.map(
      (f) =>
        `\n    at ${f.declaringClass}.${f.methodName}(${f.fileName ?? 'Unknown Source'}:${f.lineNumber})`,
    );
    this.stack = `${this.stack ?? ''}\n  remote ${className}: ${javaMessage ?? ''}${remote.join('')}`;
  }
}

/**
 * Decodes a Hessian 2 Throwable, as hessian-lite writes it into a `TripleResponseWrapper`, with the raw
 * decoder of hessian.md §4: it works for any class name (not only `…Exception`), keeps custom fields and
 * the outer class when the message is null, treats a `cause` that refers to the exception itself as no
 * cause, and stops at cause cycles. Malformed data throws `RpcError(Code.Internal)`.
 */
export function decodeJavaException(bytes: Uint8Array, limits?: Partial<HessianLimits>): JavaException {
  const { value, classNames } = decodeHessian(bytes, limits);
  return toJavaException(value, classNames, new Set());
}

function toJavaException(
  value: unknown,
  classNames: WeakMap<object, string>,
  seen: Set<object>,
): JavaException {
  const className = typeof value === 'object' && value !== null ? classNames.get(value) : undefined;
  if (className === undefined)
    throw new RpcError(Code.Internal, 'invalid Java exception: the data is not a Java object');
  const raw = value as Record<string, unknown>;
  seen.add(raw);
  const cause = raw.cause;
  const hasCause = typeof cause === 'object' && cause !== null && !seen.has(cause) && classNames.has(cause);
  const fields: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(raw)) if (!THROWABLE_FIELDS.has(name)) fields[name] = field;
  return new JavaException(className, typeof raw.detailMessage === 'string' ? raw.detailMessage : null, {
    frames: Array.isArray(raw.stackTrace) ? raw.stackTrace.map(toFrame) : [],
    cause: hasCause ? toJavaException(cause, classNames, seen) : undefined,
    fields,
  });
}

function toFrame(element: unknown): JavaStackFrame {
  const e = typeof element === 'object' && element !== null ? (element as Record<string, unknown>) : {};
  return {
    declaringClass: typeof e.declaringClass === 'string' ? e.declaringClass : '',
    methodName: typeof e.methodName === 'string' ? e.methodName : '',
    fileName: typeof e.fileName === 'string' ? e.fileName : null,
    lineNumber: typeof e.lineNumber === 'number' ? e.lineNumber : -1,
  };
}

export { encodeJavaException, type JavaExceptionInit } from './java-exception-writer.js';
