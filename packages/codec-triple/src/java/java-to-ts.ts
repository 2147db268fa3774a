import type { JavaEnumType, JavaPojoType, JavaType } from './java-type.js';

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

/**
 * The TS value of a possibly-absent element type: `unknown` when the Java type leaves it open, and also
 * when it is the whole `JavaType` union, which would otherwise recurse without end through POJO fields.
 */
type Of<T> = [JavaType] extends [T] ? unknown : T extends JavaType ? JavaToTs<T> : unknown;

type EnumValue<V> = V extends readonly (infer S extends string)[] ? S : string;

/**
 * The JS value `toHessian` accepts for a Java type (its non-null form; `null` is also accepted for every
 * non-primitive). Longs take `number | bigint | string` because only a bigint or a decimal string is exact
 * beyond 2^53 (hessian.md §1); BigDecimal takes its decimal string; POJO fields may be left out (they are
 * sent as null). Build types with `java.*` so the literal element, field and value types are kept.
 */
export type JavaToTs<T extends JavaType> = T extends JavaNumberName
  ? number
  : T extends 'long' | 'java.lang.Long'
    ? number | bigint | string
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
                    : T extends JavaEnumType
                      ? EnumValue<T['values']>
                      : T extends JavaPojoType
                        ? { -readonly [K in keyof T['fields']]?: Of<T['fields'][K]> | null }
                        : T extends { readonly kind: 'list' | 'set' | 'array'; readonly element?: infer E }
                          ? Of<E>[]
                          : T extends {
                                readonly kind: 'map';
                                readonly key?: infer K;
                                readonly value?: infer V;
                              }
                            ? Record<string, Of<V>> | Map<Of<K>, Of<V>>
                            : never;
