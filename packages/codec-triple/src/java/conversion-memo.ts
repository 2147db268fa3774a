import type { JavaType } from './java-type.js';

/**
 * Remembers what each JS object became for each declared type during one `toHessian` (or
 * `fromHessian`) call. Returning the
 * same output object for the same input keeps shared references shared and makes cycles terminate:
 * hessian.js writes a repeated JS object as a `Q` back-reference, and Java rebuilds the sharing
 * (hessian.md §3 References).
 */
export class ConversionMemo {
  private readonly seen = new Map<object, Map<JavaType, unknown>>();

  get(value: object, type: JavaType): unknown {
    return this.seen.get(value)?.get(type);
  }

  /** Registers `output` before its contents are converted, so a cycle back to `value` finds it. */
  set<T>(value: object, type: JavaType, output: T): T {
    let byType = this.seen.get(value);
    if (byType === undefined) {
      byType = new Map();
      this.seen.set(value, byType);
    }
    byType.set(type, output);
    return output;
  }
}
