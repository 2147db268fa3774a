import { DEMO_METHODS, DEMO_SERVICE, type DemoMethod } from './demo-service.js';

/** `GenericService.$invoke(String method, String[] parameterTypes, Object[] args)` (triple.md §4 Generic calls). */
export const GENERIC_ARG_TYPES = ['java.lang.String', '[Ljava.lang.String;', '[Ljava.lang.Object;'] as const;

/** The method names a Java provider's GenericFilter answers for any interface. */
export const GENERIC_METHODS: ReadonlySet<string> = new Set(['$invoke', '$invokeAsync']);

function stringArray(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new TypeError(`${what} must be a String[]`);
  }
  return value as string[];
}

/**
 * What Java's `GenericFilter` does for a call of `$invoke` on a provider of DEMO_SERVICE
 * (`dubbo-rpc-api/.../filter/GenericFilter.java`): find the method by name and exact parameter types,
 * realize the arguments (this peer's methods already accept maps for POJOs and ints for longs, as
 * `PojoUtils.realize` would make them), invoke it, and return the result, declared `java.lang.Object`.
 * No such method is an error, as Java's `NoSuchMethodException` is.
 */
export const GENERIC_INVOKE: DemoMethod = {
  argTypes: GENERIC_ARG_TYPES,
  returnType: 'java.lang.Object',
  invoke: ([name, types, args], ctx) => {
    if (typeof name !== 'string') throw new TypeError('method name must be a java.lang.String');
    const parameterTypes = stringArray(types, 'parameterTypes');
    if (!Array.isArray(args)) throw new TypeError('args must be an Object[]');
    const declared = DEMO_METHODS.get(name);
    const matches =
      declared !== undefined &&
      declared.argTypes.length === parameterTypes.length &&
      declared.argTypes.every((type, i) => type === parameterTypes[i]);
    if (declared === undefined || !matches) {
      throw new Error(`NoSuchMethodException: ${DEMO_SERVICE}.${name}(${parameterTypes.join(',')})`);
    }
    if (args.length !== parameterTypes.length) {
      throw new TypeError(`${name} takes ${parameterTypes.length} args, got ${args.length}`);
    }
    return declared.invoke(args, ctx);
  },
};
