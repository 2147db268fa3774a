import {
  argTypeName,
  Code,
  createJavaMethodCodec,
  type JavaType,
  java,
  RpcError,
  toHessian,
} from '@dubbo-mesh/codec-triple';
import { mergeCallOptions } from './call-options.js';
import { type Client, type ClientOptions, createClient } from './create-client.js';
import type { MethodDescriptor, ServiceDescriptor } from './service-descriptor.js';
import type { Transport } from './transport.js';

/**
 * A parameter type of a generic call: its `Class.getName()` (`'int'`, `'com.x.User'`, hessian.md §6), or a
 * `JavaType` (`java.pojo(...)`, `'long'`, ...), which also shapes the argument as that type (exact longs,
 * BigDecimal, enums, POJOs with every field). An argument whose type is a bare class name is sent as it is:
 * a POJO as a map of its fields, which the provider's GenericFilter realizes (triple.md §4 Generic calls).
 */
export type GenericArgType = string | JavaType;

/** The arguments of `$invoke`, as Java's `GenericService.$invoke(String, String[], Object[])` takes them. */
export type GenericInvokeArgs = [
  method: string,
  argTypes: readonly GenericArgType[],
  args: readonly unknown[],
];

/** `$invoke` and `$invokeAsync` on the wire. */
export type GenericMethods = {
  readonly [K in '$invoke' | '$invokeAsync']: MethodDescriptor<GenericInvokeArgs, unknown, 'unary'> & {
    readonly positional: true;
  };
};

export interface GenericServiceOptions {
  readonly version?: string;
  readonly group?: string;
  /** `hessian4` is what Java consumers send; `hessian2` what Go sends (triple.md §2). */
  readonly serializeType?: 'hessian4' | 'hessian2';
}

/** The attachment Java's GenericImplFilter sends with a generic call (`generic=true`). */
export const GENERIC_ATTACHMENTS: Readonly<Record<string, string>> = Object.freeze({ generic: 'true' });

/** `$invoke`'s own parameters, declared as GenericService declares them (triple.md §4 Generic calls). */
const INVOKE_SIGNATURE = {
  argTypes: ['java.lang.String', java.array('java.lang.String'), java.array('java.lang.Object')],
  returnType: 'java.lang.Object',
} as const;

/** The `JavaType` spellings that are plain names: an argument typed by one of these is shaped as that type. */
const NAMED_TYPES: ReadonlySet<string> = new Set([
  ...['int', 'long', 'short', 'byte', 'double', 'float', 'boolean', 'char'],
  ...['Integer', 'Long', 'Short', 'Byte', 'Double', 'Float', 'Boolean', 'Character', 'String', 'Object'].map(
    (name) => `java.lang.${name}`,
  ),
  ...['java.util.Date', 'java.math.BigDecimal', 'java.math.BigInteger', '[B'],
]);

function shapeArgument(value: unknown, type: GenericArgType, index: number): unknown {
  if (typeof type === 'string' && !NAMED_TYPES.has(type)) return value;
  return toHessian(value, type as JavaType, `argument ${index}`);
}

/**
 * A service called the way Java's `GenericService` calls one: no interface description, only
 * `$invoke(methodName, argTypes, args)`. It goes to `/<serviceName>/$invoke` with the hessian2 wrapper,
 * `argTypes` `[java.lang.String, [Ljava.lang.String;, [Ljava.lang.Object;]` and the three values as its
 * args (triple.md §4 Generic calls); the provider's GenericFilter finds the method by name and exact
 * parameter types. The result is the provider's value, POJOs generalized to maps with a `class` key.
 * Use {@link createGenericClient}, which also sends the `generic=true` attachment as Java does.
 */
export function genericService(
  serviceName: string,
  options: GenericServiceOptions = {},
): ServiceDescriptor<GenericMethods> {
  const codec = createJavaMethodCodec(INVOKE_SIGNATURE, {
    serializeType: options.serializeType ?? 'hessian4',
  });
  const method = (name: '$invoke' | '$invokeAsync') =>
    ({
      name,
      kind: 'unary',
      idempotent: false,
      positional: true,
      encode: ([methodName, argTypes, args]: GenericInvokeArgs) => {
        if (argTypes.length !== args.length) {
          throw new RpcError(
            Code.InvalidArgument,
            `${methodName}: ${argTypes.length} argTypes but ${args.length} args`,
          );
        }
        const names = argTypes.map((type) => (typeof type === 'string' ? type : argTypeName(type)));
        const shaped = args.map((arg, i) => shapeArgument(arg, argTypes[i]!, i));
        return codec.encodeRequest([methodName, names, shaped]);
      },
      decode: (bytes: Uint8Array, exceptionCode: number) => codec.decodeResponse(bytes, exceptionCode),
    }) as const;
  return {
    kind: 'java',
    serviceName,
    version: options.version,
    group: options.group,
    methods: { $invoke: method('$invoke'), $invokeAsync: method('$invokeAsync') },
  };
}

/** `client.$invoke('sayHello', ['java.lang.String'], ['world'])`. */
export type GenericClient = Client<ServiceDescriptor<GenericMethods>>;

/**
 * A client for generic calls to `serviceName` over `transport` (any Transport: direct, Thin, Fat), sending
 * `generic=true` with every call as Java's GenericImplFilter does.
 *
 * @example
 * const demo = createGenericClient(transport, 'org.apache.dubbo.demo.DemoService');
 * const reply = await demo.$invoke('greetUser', ['demo.User'], [{ name: 'Ann', age: 30 }]);
 */
export function createGenericClient(
  transport: Transport,
  serviceName: string,
  options: GenericServiceOptions & ClientOptions = {},
): GenericClient {
  return createClient(genericService(serviceName, options), transport, {
    ...options,
    defaults: mergeCallOptions({ attachments: GENERIC_ATTACHMENTS }, options.defaults),
  });
}
