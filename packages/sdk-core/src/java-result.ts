import type { JavaType } from '@dubbo-mesh/codec-triple';

type JavaNumberName =
  | 'int'
  | 'short'
  | 'byte'
  | 'double'
  | 'float'
  | 'java.lang.Integer'
  | 'java.lang.Short'
  | 'java.lang.Byte'
  | 'java.lang.Double'
  | 'java.lang.Float';

type JavaPrimitive = 'int' | 'short' | 'byte' | 'double' | 'float' | 'long' | 'boolean' | 'char';

/** As `JavaToTs`'s `Of`: `unknown` for an open element type, and for the whole union (no endless recursion). */
type Of<T> = [JavaType] extends [T] ? unknown : T extends JavaType ? JavaResult<T> : unknown;

/** A POJO field: a primitive is always there; a reference may be null, as Java wrote it. */
type FieldOf<T> = T extends JavaPrimitive ? Of<T> : Of<T> | null;

type EnumValue<V> = V extends readonly (infer S extends string)[] ? S : string;

/**
 * The JS value a result of Java type `T` decodes to (`fromHessian`, codec-triple; hessian.md §4): what a
 * typed client's Java method resolves to. It is narrower than `JavaToTs`, the input form: a long is a
 * `number`, or a decimal `string` beyond 2^53 (never a bigint); every POJO field is present (Java writes
 * them all), null where a reference field is null; a map is an object with string keys.
 */
export type JavaResult<T extends JavaType> = T extends JavaNumberName
  ? number
  : T extends 'long' | 'java.lang.Long'
    ? number | string
    : T extends 'java.lang.String' | 'char' | 'java.lang.Character'
      ? string
      : T extends 'boolean' | 'java.lang.Boolean'
        ? boolean
        : T extends 'java.util.Date'
          ? Date
          : T extends 'java.math.BigDecimal'
            ? string
            : T extends 'java.math.BigInteger'
              ? bigint
              : T extends '[B' | { readonly kind: 'array'; readonly element: 'byte' }
                ? Uint8Array
                : T extends 'java.lang.Object'
                  ? unknown
                  : T extends 'void'
                    ? null
                    : T extends { readonly kind: 'enum'; readonly values?: infer V }
                      ? EnumValue<V>
                      : T extends { readonly kind: 'pojo'; readonly fields: infer F }
                        ? { -readonly [K in keyof F]: FieldOf<F[K]> }
                        : T extends { readonly kind: 'list' | 'set' | 'array'; readonly element?: infer E }
                          ? Of<E>[]
                          : T extends { readonly kind: 'map'; readonly value?: infer V }
                            ? Record<string, Of<V>>
                            : never;
