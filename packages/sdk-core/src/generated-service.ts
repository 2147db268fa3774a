import { Code, lazyModule, protobufSerializer, RpcError, type Serializer } from '@dubbo-mesh/codec-triple';
import type protobuf from 'protobufjs';
import type { MethodDescriptor, MethodKind, MethodMap, ServiceDescriptor } from './service-descriptor.js';

/** protobufjs, loaded on the first call of a generated client: importing the module costs nothing. */
const protobufjs = lazyModule<typeof protobuf>('protobufjs');

/** A JSON value as protobufjs `toJSON` writes it. */
export type ProtoJsonValue =
  | string
  | number
  | boolean
  | null
  | readonly ProtoJsonValue[]
  | { readonly [key: string]: ProtoJsonValue };

/**
 * The reflection of one .proto file as `dubbo-mesh gen` embeds it: the types the file defines (protobufjs
 * `toJSON` form, nested under their package) and the files it imports. A generated client needs no .proto
 * file at run time.
 */
export interface ProtoFileJson {
  /** The file's path as generated (`greeter.proto`, `google/protobuf/timestamp.proto`); identifies it. */
  readonly name: string;
  readonly imports: readonly ProtoFileJson[];
  readonly nested: { readonly [name: string]: ProtoJsonValue };
}

/** One method as `dubbo-mesh gen` describes it; the client name is the key it is listed under. */
export interface GeneratedMethodSpec {
  /** The rpc name as written in the .proto: the last `:path` segment. */
  readonly name: string;
  readonly kind: MethodKind;
  /** Full names of the request and response messages, without the leading dot. */
  readonly requestType: string;
  readonly responseType: string;
  /** `option idempotency_level = NO_SIDE_EFFECTS`: the call may be re-sent after a possible delivery. */
  readonly idempotent: boolean;
}

/** Roots built per file, so every service of a file (and its importers) share one set of types. */
const roots = new WeakMap<ProtoFileJson, protobuf.Root>();

/** Builds (once) the protobufjs Root holding `file` and everything it imports, resolved. */
export function protoRootOf(file: ProtoFileJson): protobuf.Root {
  let root = roots.get(file);
  if (root === undefined) {
    root = new (protobufjs().Root)();
    const seen = new Set<string>();
    const add = (entry: ProtoFileJson): void => {
      if (seen.has(entry.name)) return;
      seen.add(entry.name);
      for (const imported of entry.imports) add(imported);
      // Plain namespaces (packages) merge across files (protobufjs Namespace#add).
      root!.addJSON(entry.nested as Record<string, never>);
    };
    add(file);
    root.resolveAll();
    roots.set(file, root);
  }
  return root;
}

/**
 * The descriptor of a service `dubbo-mesh gen` generated: ready for `createClient`, the Thin, Fat and mesh
 * clients. Serializers (triple.md §4, IDL mode: raw protobuf) are built on a method's first call; messages
 * have the shape of `protobufSerializer` (64-bit integers as decimal strings, enums as names).
 * Override `version`, `group` or `serviceName` by spreading: `{ ...Greeter, version: '1.0.0' }`.
 */
export function generatedService<M extends MethodMap>(
  file: ProtoFileJson,
  serviceName: string,
  methods: { readonly [K in keyof M]: GeneratedMethodSpec },
): ServiceDescriptor<M> {
  const built: Record<string, MethodDescriptor<unknown, unknown>> = {};
  for (const [clientName, spec] of Object.entries(methods as Readonly<Record<string, GeneratedMethodSpec>>)) {
    let request: Serializer<unknown> | undefined;
    let response: Serializer<unknown> | undefined;
    built[clientName] = {
      name: spec.name,
      kind: spec.kind,
      idempotent: spec.idempotent,
      positional: false,
      encode: (message) => {
        request ??= serializerOf(file, spec.requestType);
        return request.encode(message);
      },
      decode: (bytes) => {
        response ??= serializerOf(file, spec.responseType);
        return response.decode(bytes);
      },
    };
  }
  return { kind: 'idl', serviceName, version: undefined, group: undefined, methods: built as unknown as M };
}

function serializerOf(file: ProtoFileJson, typeName: string): Serializer<unknown> {
  let type: protobuf.Type;
  try {
    type = protoRootOf(file).lookupType(typeName);
  } catch (err) {
    // Only a hand-edited generated module gets here: the generator resolved every name.
    throw new RpcError(Code.Internal, `message ${typeName} is missing from the generated ${file.name}`, {
      cause: err,
    });
  }
  return protobufSerializer<unknown>(type);
}
