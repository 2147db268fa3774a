import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { hessianModule } from './hessian-module.js';
import type { JavaStackFrame } from './java-stack-frame.js';
import type { HessianTyped } from './to-hessian-scalar.js';

/** The parts of a decoded `JavaException` needed to write it again (structural, to avoid an import cycle). */
export interface DecodedJavaException {
  readonly className: string;
  readonly javaMessage: string | null;
  readonly frames: readonly JavaStackFrame[];
  readonly javaCause: DecodedJavaException | undefined;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** An exception to encode; a decoded `JavaException` can also serve as a cause. */
export interface JavaExceptionInit {
  className: string;
  message: string | null;
  frames?: readonly JavaStackFrame[];
  cause?: JavaExceptionInit | DecodedJavaException;
  /** The exception's own fields, passed to hessian.js as they are (shape them with `toHessian`). */
  fields?: Readonly<Record<string, unknown>>;
}

/**
 * Writes a Throwable the way hessian-lite does on JDK 17 (hessian.md §4 Exceptions), for test providers:
 * class fields `suppressedExceptions, stackTrace, cause, detailMessage`, then the custom `fields`; `cause`
 * is a `Q` back-reference to the exception itself when there is none; `stackTrace` is a
 * `[java.lang.StackTraceElement` typed list of JDK 17 `StackTraceElement`s. hessian.js fixes a class's
 * field list at its first instance, so causes of the same class should carry the same custom fields.
 */
export function encodeJavaException(
  className: string,
  message: string | null,
  options: {
    frames?: readonly JavaStackFrame[];
    cause?: JavaExceptionInit | DecodedJavaException;
    fields?: Readonly<Record<string, unknown>>;
  } = {},
): Uint8Array {
  const value = throwableValue({ className, message, ...options }, new Map());
  try {
    return hessianModule().encode(value, '2.0');
  } catch (error) {
    throw new RpcError(
      Code.InvalidArgument,
      `cannot encode ${className}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

function throwableValue(
  exception: JavaExceptionInit | DecodedJavaException,
  written: Map<object, HessianTyped>,
): HessianTyped {
  const known = written.get(exception);
  if (known !== undefined) return known; // a cause cycle becomes a back-reference
  const init = 'javaMessage' in exception ? fromDecoded(exception) : exception;
  const fields = Object.create(null) as Record<string, unknown>;
  const value: HessianTyped = { $class: init.className, $: fields };
  written.set(exception, value);
  fields.suppressedExceptions = [];
  fields.stackTrace = { $class: '[java.lang.StackTraceElement', $: (init.frames ?? []).map(frameValue) };
  fields.cause = init.cause === undefined ? value : throwableValue(init.cause, written);
  fields.detailMessage = init.message;
  for (const [name, field] of Object.entries(init.fields ?? {})) {
    if (Object.hasOwn(fields, name))
      throw new RpcError(
        Code.InvalidArgument,
        `custom field ${name} of ${init.className} clashes with a Throwable field`,
      );
    fields[name] = field;
  }
  return value;
}

function fromDecoded(exception: DecodedJavaException): JavaExceptionInit {
  return {
    className: exception.className,
    message: exception.javaMessage,
    frames: exception.frames,
    cause: exception.javaCause,
    fields: exception.fields,
  };
}

/** JDK 17 `StackTraceElement` fields, in the order hessian-lite writes them (hessian.md §4). */
function frameValue(frame: JavaStackFrame): HessianTyped {
  if (!Number.isInteger(frame.lineNumber) || Math.abs(frame.lineNumber) > 2 ** 31 - 1) {
    throw new RpcError(
      Code.InvalidArgument,
      `stack frame ${frame.declaringClass}.${frame.methodName}: lineNumber must be an int32`,
    );
  }
  return {
    $class: 'java.lang.StackTraceElement',
    $: {
      format: 0,
      lineNumber: frame.lineNumber,
      fileName: frame.fileName,
      methodName: frame.methodName,
      declaringClass: frame.declaringClass,
      moduleVersion: null,
      moduleName: null,
      classLoaderName: null,
    },
  };
}
