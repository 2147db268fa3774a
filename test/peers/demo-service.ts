import type { JavaObject } from './hessian-js.js';
import { javaThrowable } from './java-throwable.js';

export const DEMO_SERVICE = 'org.apache.dubbo.demo.DemoService';

/** What a method hands back: a value to serialize, or a business exception (triple.md §5). */
export type MethodOutcome =
  | { kind: 'value'; value: unknown }
  | { kind: 'void' }
  | { kind: 'exception'; throwable: JavaObject; code: number };

export interface MethodContext {
  /** Resolves after `ms`, or rejects once the call's stream closed. */
  sleep(ms: number): Promise<void>;
}

export interface DemoMethod {
  /** `Class.getName()` of each declared parameter; the request must match exactly. */
  argTypes: readonly string[];
  /** Declared return type name; always the reply's `type`, even for an exception. */
  returnType: string;
  invoke(args: unknown[], ctx: MethodContext): Promise<MethodOutcome> | MethodOutcome;
}

function value(v: unknown): MethodOutcome {
  return { kind: 'value', value: v };
}

function expectString(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new TypeError(`${what} must be a java.lang.String, got ${typeof v}`);
  return v;
}

function expectInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${what} must be an int`);
  return v;
}

/** hessian.js decodes a long as a number, or as a decimal string beyond 2^53. */
function expectLong(v: unknown, what: string): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw new TypeError(`${what} must be a long`);
}

function javaLong(v: bigint): JavaObject {
  const wrapped = BigInt.asIntN(64, v);
  const safe = wrapped >= BigInt(Number.MIN_SAFE_INTEGER) && wrapped <= BigInt(Number.MAX_SAFE_INTEGER);
  return { $class: 'long', $: safe ? Number(wrapped) : wrapped.toString() };
}

/** What hessian-lite would give for the POJO `demo.User { String name; int age; }`. */
function expectUser(v: unknown): { name: string; age: number } {
  if (typeof v !== 'object' || v === null) throw new TypeError('user must be a demo.User object');
  const { name, age } = v as Record<string, unknown>;
  return { name: expectString(name, 'User.name'), age: expectInt(age, 'User.age') };
}

/**
 * org.apache.dubbo.demo.DemoService as a Java interface (non-IDL) provider would declare it.
 * Names are method names as in `/org.apache.dubbo.demo.DemoService/<method>`.
 */
export const DEMO_METHODS: ReadonlyMap<string, DemoMethod> = new Map<string, DemoMethod>([
  [
    'sayHello',
    {
      argTypes: ['java.lang.String'],
      returnType: 'java.lang.String',
      invoke: ([name]) => value(`Hello ${expectString(name, 'name')}`),
    },
  ],
  [
    'add',
    {
      argTypes: ['int', 'int'],
      returnType: 'int',
      // Java int arithmetic wraps.
      invoke: ([a, b]) => value((expectInt(a, 'a') + expectInt(b, 'b')) | 0),
    },
  ],
  [
    'addLongs',
    {
      argTypes: ['long', 'long'],
      returnType: 'long',
      invoke: ([a, b]) => value(javaLong(expectLong(a, 'a') + expectLong(b, 'b'))),
    },
  ],
  [
    'greetUser',
    {
      argTypes: ['demo.User'],
      returnType: 'java.lang.String',
      invoke: ([user]) => {
        const { name, age } = expectUser(user);
        return value(`Hi ${name} (${age})`);
      },
    },
  ],
  [
    'echoList',
    {
      argTypes: ['java.util.List'],
      returnType: 'java.util.List',
      invoke: ([list]) => {
        if (!Array.isArray(list)) throw new TypeError('list must be a java.util.List');
        return value(list);
      },
    },
  ],
  [
    'fail',
    {
      argTypes: ['java.lang.String'],
      returnType: 'java.lang.String',
      invoke: ([message]) => ({
        kind: 'exception',
        // UNKNOWN(2) is sent as BIZ_EXCEPTION 3 (triple.md §5).
        code: 3,
        throwable: javaThrowable('java.lang.IllegalStateException', expectString(message, 'message'), [
          {
            declaringClass: 'org.apache.dubbo.demo.provider.DemoServiceImpl',
            methodName: 'fail',
            fileName: 'DemoServiceImpl.java',
            lineNumber: 42,
          },
          {
            declaringClass: 'org.apache.dubbo.common.bytecode.Wrapper1',
            methodName: 'invokeMethod',
            fileName: 'Wrapper1.java',
            lineNumber: -1,
          },
        ]),
      }),
    },
  ],
  [
    'slow',
    {
      argTypes: ['int'],
      returnType: 'java.lang.String',
      invoke: async ([ms], ctx) => {
        await ctx.sleep(expectInt(ms, 'ms'));
        return value('done');
      },
    },
  ],
  ['noArgs', { argTypes: [], returnType: 'java.lang.String', invoke: () => value('ok') }],
  ['voidMethod', { argTypes: [], returnType: 'void', invoke: () => ({ kind: 'void' }) }],
]);
