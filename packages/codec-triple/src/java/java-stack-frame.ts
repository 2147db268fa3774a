/** One `java.lang.StackTraceElement`. `lineNumber` is negative when unknown (-2 for native methods). */
export interface JavaStackFrame {
  declaringClass: string;
  methodName: string;
  fileName: string | null;
  lineNumber: number;
}
