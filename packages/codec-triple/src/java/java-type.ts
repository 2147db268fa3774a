/**
 * Declared Java types of arguments and return values. They drive two things: the `argTypes` strings the
 * provider matches overloads with (`argTypeName`, hessian.md §6), and how a JS value is shaped so that
 * hessian-lite reads it as that type (`toHessian`, hessian.md §1–2).
 */

/** Java primitive types; `null` is not a valid value for them. */
export type JavaPrimitiveName = 'int' | 'long' | 'short' | 'byte' | 'double' | 'float' | 'boolean' | 'char';

/** The boxed counterparts; these accept `null`. */
export type JavaBoxedName =
  | 'java.lang.Integer'
  | 'java.lang.Long'
  | 'java.lang.Short'
  | 'java.lang.Byte'
  | 'java.lang.Double'
  | 'java.lang.Float'
  | 'java.lang.Boolean'
  | 'java.lang.Character';

/** A Java enum, sent as `{$class, $: {name}}` (hessian.md §2 Enum); `values`, when given, are checked. */
export interface JavaEnumType {
  readonly kind: 'enum';
  readonly className: string;
  readonly values?: readonly string[];
}

/**
 * A serializable class. List every field, superclass fields included (they go flat, hessian.md §2 POJOs):
 * hessian.js freezes a class's field list at its first instance, so each instance is sent with all of them.
 */
export interface JavaPojoType {
  readonly kind: 'pojo';
  readonly className: string;
  readonly fields: Readonly<Record<string, JavaType>>;
}

/** `java.util.List<element>`; without `element` the items are sent as they are. */
export interface JavaListType {
  readonly kind: 'list';
  readonly element?: JavaType;
}

/** `java.util.Set<element>`, sent as a list (a JS `Set` would be written as an empty map, hessian.md §2). */
export interface JavaSetType {
  readonly kind: 'set';
  readonly element?: JavaType;
}

/** `java.util.Map<key, value>`. */
export interface JavaMapType {
  readonly kind: 'map';
  readonly key?: JavaType;
  readonly value?: JavaType;
}

/** A Java array `element[]`. `byte[]` is the same as `'[B'`. */
export interface JavaArrayType {
  readonly kind: 'array';
  readonly element: JavaType;
}

/** Every Java type this codec knows how to send. */
export type JavaType =
  | JavaPrimitiveName
  | JavaBoxedName
  | 'java.lang.String'
  | 'java.lang.Object'
  /** Only as a return type: the provider answers hessian `N` (triple.md §4 Response). */
  | 'void'
  | 'java.util.Date'
  | 'java.math.BigDecimal'
  | 'java.math.BigInteger'
  | '[B'
  | JavaEnumType
  | JavaPojoType
  | JavaListType
  | JavaArrayType
  | JavaMapType
  | JavaSetType;

/**
 * Builders for the structured types. Type parameters are `const`, so `JavaToTs` sees the literal element,
 * field and enum value types: `JavaToTs<typeof t>` for `t = java.list('java.lang.Long')` is
 * `(number | bigint | string)[]`.
 */
export const java = {
  list: <const E extends JavaType | undefined = undefined>(
    element?: E,
  ): { readonly kind: 'list'; readonly element: E } => ({ kind: 'list', element: element as E }),
  set: <const E extends JavaType | undefined = undefined>(
    element?: E,
  ): { readonly kind: 'set'; readonly element: E } => ({ kind: 'set', element: element as E }),
  array: <const E extends JavaType>(element: E): { readonly kind: 'array'; readonly element: E } => ({
    kind: 'array',
    element,
  }),
  map: <const K extends JavaType | undefined = undefined, const V extends JavaType | undefined = undefined>(
    key?: K,
    value?: V,
  ): { readonly kind: 'map'; readonly key: K; readonly value: V } => ({
    kind: 'map',
    key: key as K,
    value: value as V,
  }),
  pojo: <const F extends Readonly<Record<string, JavaType>>>(
    className: string,
    fields: F,
  ): { readonly kind: 'pojo'; readonly className: string; readonly fields: F } => ({
    kind: 'pojo',
    className,
    fields,
  }),
  enumOf: <const V extends readonly string[] | undefined = undefined>(
    className: string,
    values?: V,
  ): { readonly kind: 'enum'; readonly className: string; readonly values: V } => ({
    kind: 'enum',
    className,
    values: values as V,
  }),
} as const;

/** JVM descriptor letters of the primitives, as they appear inside array names (`[I`, `[[J`). */
const DESCRIPTOR: Readonly<Record<JavaPrimitiveName, string>> = {
  int: 'I',
  long: 'J',
  short: 'S',
  byte: 'B',
  double: 'D',
  float: 'F',
  boolean: 'Z',
  char: 'C',
};

/** Whether `type` is a Java primitive (and so cannot be null). */
export function isPrimitive(type: JavaType): type is JavaPrimitiveName {
  return typeof type === 'string' && Object.hasOwn(DESCRIPTOR, type);
}

/**
 * The `Class.getName()` spelling the provider matches `argTypes` against (hessian.md §6, triple.md §4):
 * `int`, `java.lang.Integer`, `[I`, `[Ljava.lang.String;`, `[[Ljava.lang.String;`, `[Lcom.x.User;`,
 * `java.util.List` (generics are erased).
 */
export function argTypeName(type: JavaType): string {
  if (typeof type === 'string') return type;
  switch (type.kind) {
    case 'enum':
    case 'pojo':
      return type.className;
    case 'list':
      return 'java.util.List';
    case 'set':
      return 'java.util.Set';
    case 'map':
      return 'java.util.Map';
    case 'array':
      return `[${descriptor(type.element)}`;
  }
}

function descriptor(type: JavaType): string {
  if (isPrimitive(type)) return DESCRIPTOR[type];
  const name = argTypeName(type);
  return name.startsWith('[') ? name : `L${name};`;
}

export type { JavaToTs } from './java-to-ts.js';
