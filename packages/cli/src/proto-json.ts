import protobuf from 'protobufjs';
import { UsageError } from './usage-error.js';

/** protobufjs's spelling of the proto3 JSON mapping: 64-bit as strings, enums as names, bytes as base64. */
const JSON_FORM = { longs: String, enums: String, bytes: String, json: true } as const;

/**
 * Reads one message of `type` from its proto3 JSON form (ARGS_JSON) into what protobufjs's `fromObject`
 * takes. Field names may be the JSON (lowerCamel) or the .proto (snake_case) spelling; an unknown field
 * is a usage error, as in other proto JSON parsers, rather than silently dropped. `null` means the
 * field's default. Values are checked later, when the request is encoded.
 */
export function fromProtoJson(type: protobuf.Type, value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`ARGS_JSON${path}: expected a JSON object (${shortName(type)})`);
  }
  const message: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const field = type.fields[key] ?? type.fields[protobuf.util.camelCase(key)];
    if (field === undefined)
      throw new UsageError(`ARGS_JSON${path}: ${shortName(type)} has no field "${key}"`);
    if (item === null) continue;
    message[field.name] = fieldFromJson(field, item, `${path}.${field.name}`);
  }
  return message;
}

/** A decoded message (codec-triple's plain-object form) in proto3 JSON form, ready to print. */
export function toProtoJson(type: protobuf.Type, message: unknown): Record<string, unknown> {
  return type.toObject(type.fromObject(message as Record<string, unknown>), JSON_FORM);
}

function fieldFromJson(field: protobuf.Field, value: unknown, path: string): unknown {
  const resolved = field.resolve().resolvedType;
  if (!(resolved instanceof protobuf.Type)) return value;
  if (field.map) {
    if (typeof value !== 'object' || Array.isArray(value))
      throw new UsageError(`ARGS_JSON${path}: expected a JSON object (map)`);
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        key,
        fromProtoJson(resolved, item, `${path}[${JSON.stringify(key)}]`),
      ]),
    );
  }
  if (field.repeated) {
    if (!Array.isArray(value)) throw new UsageError(`ARGS_JSON${path}: expected a JSON array`);
    return value.map((item, i) => fromProtoJson(resolved, item, `${path}[${i}]`));
  }
  return fromProtoJson(resolved, value, path);
}

function shortName(type: protobuf.Type): string {
  return type.fullName.replace(/^\./, '');
}
