import protobuf from 'protobufjs';

/**
 * How a generated module names a message or enum: its own declarations by their local name, others'
 * through the namespace import of the module that declares them.
 */
export type TypeRef = (type: protobuf.Type | protobuf.Enum) => string;

/** The two shapes of a message (see the header comment of every generated module). */
export type Shape = 'decoded' | 'init';

/** `Outer_Inner` for `.pkg.Outer.Inner`: the names of the enclosing messages, outermost first. */
export function localTypeName(type: protobuf.ReflectionObject): string {
  const names = [type.name];
  for (let at = type.parent; at instanceof protobuf.Type; at = at.parent) names.unshift(at.name);
  return names.join('_');
}

/** The name of a message's input shape. */
export function initName(name: string): string {
  return `${name}Init`;
}

const NUMBERS = new Set(['double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const LONGS = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/**
 * The TS type of one value of `field` (not counting `repeated` or `map`). The decoded shape follows
 * `protobufSerializer` (codec-triple: `toObject` with `longs: String, enums: String, defaults: true`),
 * and the input shape what its `encode` check accepts (`protobuf-check.ts`).
 */
export function valueType(field: protobuf.Field, shape: Shape, ref: TypeRef): string {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return `${ref(resolved)} | number`;
  if (resolved instanceof protobuf.Type) return shape === 'init' ? initName(ref(resolved)) : ref(resolved);
  if (NUMBERS.has(field.type)) return 'number';
  if (LONGS.has(field.type)) return shape === 'init' ? 'bigint | number | string' : 'string';
  switch (field.type) {
    case 'bool':
      return 'boolean';
    case 'string':
      return 'string';
    case 'bytes':
      return shape === 'init' ? 'Uint8Array | string' : 'Uint8Array';
  }
  throw new Error(`field ${field.fullName} has unsupported type ${field.type}`);
}

/** Whether a value type is a union that needs parentheses inside `T[]`. */
function parenthesize(type: string): string {
  return type.includes('|') ? `(${type})` : type;
}

/**
 * The declared type of `field` in a message interface, and whether it is optional. Members of a oneof
 * (proto3 `optional` too) are absent when unset; singular messages decode as `null` when unset.
 */
export function fieldType(
  field: protobuf.Field,
  shape: Shape,
  ref: TypeRef,
): { type: string; optional: boolean } {
  const value = valueType(field, shape, ref);
  const readonly = shape === 'init' ? 'readonly ' : '';
  if (field.map) return { type: `{ ${readonly}[key: string]: ${value} }`, optional: shape === 'init' };
  if (field.repeated) return { type: `${readonly}${parenthesize(value)}[]`, optional: shape === 'init' };
  const isMessage = field.resolvedType instanceof protobuf.Type;
  // proto2 `required` must be given; everything else may be left out and is sent as its default.
  if (shape === 'init') return { type: `${value} | null`, optional: !field.required };
  if (field.partOf !== null) return { type: value, optional: true };
  return { type: isMessage ? `${value} | null` : value, optional: false };
}
