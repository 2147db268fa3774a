import { Code, lazyModule, protobufSerializer, RpcError } from '@dubbo-mesh/codec-triple';
import type protobuf from 'protobufjs';

/** protobufjs with its .proto parser, loaded when a .proto is first loaded: a Thin client may never need it. */
const protobufjs = lazyModule<typeof protobuf>('protobufjs');

import type { MethodDescriptor, MethodKind, ServiceDescriptor } from './service-descriptor.js';

/** A protobuf message as a plain object (protobufjs `toObject` with longs as strings). */
export type ProtoMessage = Record<string, unknown>;

/**
 * The methods of a service loaded at run time. Their kinds are not known to the compiler, so every
 * method is typed unary unless `Kinds` names them: `loadProtoService<{ list: 'server_streaming' }>`
 * types exactly the methods listed. Generated descriptors (`dubbo-mesh gen`) need neither.
 */
export type ProtoMethods<Kinds extends Record<string, MethodKind> | undefined> =
  Kinds extends Record<string, MethodKind>
    ? { readonly [K in keyof Kinds]: MethodDescriptor<ProtoMessage, ProtoMessage, Kinds[K]> }
    : Readonly<Record<string, MethodDescriptor<ProtoMessage, ProtoMessage, 'unary'>>>;

export interface ProtoServiceOptions {
  /** The provider's version (`tri-service-version`); a provider registered with one is called only with it. */
  version?: string;
  /** The provider's group (`tri-service-group`). */
  group?: string;
  /**
   * The name the provider serves the service under. Defaults to the proto's `package.Service`;
   * Java's generated stubs also register the Java interface name (cli.md "Names").
   */
  serviceName?: string;
  /** Methods (by rpc name) that may be re-sent after a failure that may have reached the provider. */
  idempotent?: readonly string[];
}

/**
 * Describes a protobuf service from a loaded protobufjs Root. Methods appear on the client under
 * their lowerCamel name (`SayHello` → `sayHello`), and are sent under the name in the .proto.
 */
export function protoService<Kinds extends Record<string, MethodKind> | undefined = undefined>(
  root: protobuf.Root,
  fullName: string,
  options: ProtoServiceOptions = {},
): ServiceDescriptor<ProtoMethods<Kinds>> {
  let service: protobuf.Service;
  try {
    service = root.lookupService(fullName);
  } catch (err) {
    throw new RpcError(Code.InvalidArgument, `service ${fullName} not found in the loaded .proto files`, {
      cause: err,
    });
  }
  service.resolveAll();
  const idempotent = new Set(options.idempotent ?? []);
  const methods: Record<string, MethodDescriptor<ProtoMessage, ProtoMessage>> = {};
  for (const method of service.methodsArray) {
    const requestType = method.resolvedRequestType!;
    const responseType = method.resolvedResponseType!;
    const requestSerializer = protobufSerializer<ProtoMessage>(requestType);
    const responseSerializer = protobufSerializer<ProtoMessage>(responseType);
    methods[lowerCamel(method.name)] = {
      name: method.name,
      kind: methodKind(method),
      idempotent: idempotent.has(method.name) || method.options?.idempotency_level === 'NO_SIDE_EFFECTS',
      positional: false,
      encode: (message) => requestSerializer.encode(message),
      decode: (bytes) => responseSerializer.decode(bytes),
    };
  }
  return {
    kind: 'idl',
    serviceName: options.serviceName ?? fullName.replace(/^\./, ''),
    version: options.version,
    group: options.group,
    methods: methods as ProtoMethods<Kinds>,
  };
}

/** Loads .proto files (with their imports) and describes one service: what `--proto` does. */
export function loadProtoService<Kinds extends Record<string, MethodKind> | undefined = undefined>(
  files: string | readonly string[],
  fullName: string,
  options?: ProtoServiceOptions,
): ServiceDescriptor<ProtoMethods<Kinds>> {
  const root = new (protobufjs().Root)();
  try {
    root.loadSync(typeof files === 'string' ? files : [...files], { keepCase: false });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new RpcError(Code.InvalidArgument, `cannot load ${String(files)}: ${message}`, { cause: err });
  }
  return protoService<Kinds>(root, fullName, options);
}

function methodKind(method: protobuf.Method): MethodKind {
  if (method.requestStream) return method.responseStream ? 'bidi_streaming' : 'client_streaming';
  return method.responseStream ? 'server_streaming' : 'unary';
}

function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
