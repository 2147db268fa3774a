import { createJavaMethodCodec, type JavaToTs, type JavaType } from '@dubbo-mesh/codec-triple';
import type { JavaResult } from './java-result.js';
import type { MethodDescriptor, ServiceDescriptor } from './service-descriptor.js';

/** One method of a Java interface: its declared parameter types and return type. */
export interface JavaMethodSpec {
  readonly args: readonly JavaType[];
  readonly returns: JavaType;
  /** May be re-sent after a failure that may have reached the provider. */
  readonly idempotent?: boolean;
}

export interface JavaServiceSpec<M extends Record<string, JavaMethodSpec>> {
  /** The interface's full name, e.g. `org.apache.dubbo.demo.DemoService`. */
  readonly interface: string;
  readonly version?: string;
  readonly group?: string;
  /** `hessian4` is what Java consumers send; `hessian2` what Go sends. Both are accepted by providers. */
  readonly serializeType?: 'hessian4' | 'hessian2';
  readonly methods: M;
}

/** The TypeScript argument tuple of a Java parameter list. */
export type JavaArgs<A extends readonly JavaType[]> = { -readonly [I in keyof A]: JavaToTs<A[I]> };

/**
 * A Java-interface method on the wire: positional arguments in (`JavaToTs`, what may be sent), the
 * return value out (`JavaResult`, what decoding gives).
 */
export type JavaMethodDescriptor<M extends JavaMethodSpec> = MethodDescriptor<
  JavaArgs<M['args']>,
  JavaResult<M['returns']>,
  'unary'
> & { readonly positional: true };

/**
 * Describes a Java interface, called with the hessian2 wrapper (triple.md §4). Declare it with
 * `as const` so argument and return types flow to the typed client.
 *
 * @example
 * const DemoService = javaService({
 *   interface: 'org.apache.dubbo.demo.DemoService',
 *   methods: { sayHello: { args: ['java.lang.String'], returns: 'java.lang.String' } },
 * } as const);
 * const reply: string = await createClient(DemoService, transport).sayHello('world');
 */
export function javaService<const M extends Record<string, JavaMethodSpec>>(
  spec: JavaServiceSpec<M>,
): ServiceDescriptor<{ readonly [K in keyof M]: JavaMethodDescriptor<M[K]> }> {
  const methods: Record<
    string,
    MethodDescriptor<readonly unknown[], unknown, 'unary'> & { positional: true }
  > = {};
  for (const [name, method] of Object.entries(spec.methods)) {
    const codec = createJavaMethodCodec(
      { argTypes: method.args, returnType: method.returns },
      { serializeType: spec.serializeType ?? 'hessian4' },
    );
    methods[name] = {
      name,
      kind: 'unary',
      idempotent: method.idempotent ?? false,
      positional: true,
      encode: (args) => codec.encodeRequest(args),
      decode: (bytes, exceptionCode) => codec.decodeResponse(bytes, exceptionCode),
    };
  }
  return {
    kind: 'java',
    serviceName: spec.interface,
    version: spec.version,
    group: spec.group,
    methods: methods as unknown as { readonly [K in keyof M]: JavaMethodDescriptor<M[K]> },
  };
}
