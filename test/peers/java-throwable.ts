import type { JavaObject } from './hessian-js.js';

/** A JDK 17 java.lang.StackTraceElement's serialized fields (hessian.md §4). */
export interface StackFrame {
  declaringClass: string;
  methodName: string;
  fileName: string | null;
  lineNumber: number;
  classLoaderName?: string | null;
  moduleName?: string | null;
  moduleVersion?: string | null;
}

/** StackTraceElement.format bit for "loaded by a built-in class loader" (JDK 17). */
const BUILTIN_CLASS_LOADER = 0x1;

function stackTraceElement(frame: StackFrame): JavaObject {
  const classLoaderName = frame.classLoaderName === undefined ? 'app' : frame.classLoaderName;
  // Key order is the class-def field order: hessian-lite on JDK 17 writes primitives first, then the
  // object fields in reverse declaration order. hessian.js freezes it at the first instance, so every
  // element carries every key.
  return {
    $class: 'java.lang.StackTraceElement',
    $: {
      format: classLoaderName === 'app' ? BUILTIN_CLASS_LOADER : 0,
      lineNumber: frame.lineNumber,
      fileName: frame.fileName,
      methodName: frame.methodName,
      declaringClass: frame.declaringClass,
      moduleVersion: frame.moduleVersion ?? null,
      moduleName: frame.moduleName ?? null,
      classLoaderName,
    },
  };
}

/**
 * A Throwable as hessian-lite writes it on JDK 17 (hessian.md §4), ready for
 * `hessian.encode(value, '2.0')`: class def fields `suppressedExceptions, stackTrace, cause,
 * detailMessage`; `cause` is the throwable itself (Java's "no cause"), which hessian.js writes as a
 * `Q` back-reference; `stackTrace` a typed list `[java.lang.StackTraceElement`;
 * `suppressedExceptions` JDK's empty SUPPRESSED_SENTINEL, an unmodifiable list that hessian-lite
 * writes with its class name.
 */
export function javaThrowable(
  className: string,
  detailMessage: string | null,
  frames: StackFrame[],
): JavaObject {
  const fields: Record<string, unknown> = {
    suppressedExceptions: { $class: 'java.util.Collections$UnmodifiableRandomAccessList', $: [] },
    stackTrace: { $class: '[java.lang.StackTraceElement', $: frames.map(stackTraceElement) },
    cause: null,
    detailMessage,
  };
  const throwable: JavaObject = { $class: className, $: fields };
  fields.cause = throwable;
  return throwable;
}
