/**
 * Type-level tests of Java-interface descriptions (`javaService` with `java.*` builders) and of generic
 * invocation: checked by `tsc`; vitest runs them as no-ops. Each `@ts-expect-error` is an assertion
 * that a wrong call does not compile.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { type Client, createClient } from './create-client.js';
import { type GenericArgType, type GenericClient, genericService } from './generic-service.js';
import { type JavaToTs, java } from './index.js';
import type { JavaResult } from './java-result.js';
import { javaService } from './java-service.js';
import type { Transport } from './transport.js';

const Color = java.enumOf('com.x.Color', ['RED', 'GREEN']);
const Address = java.pojo('com.x.Address', { city: 'java.lang.String', zip: 'java.lang.String' });
const User = java.pojo('com.x.User', {
  name: 'java.lang.String',
  age: 'int',
  id: 'long',
  favourite: Color,
  home: Address,
  tags: java.list('java.lang.String'),
  scores: java.map('java.lang.String', 'java.lang.Integer'),
});

const UserService = javaService({
  interface: 'com.x.UserService',
  version: '1.0.0',
  methods: {
    save: { args: [User], returns: 'long' },
    find: { args: ['long'], returns: User },
    byColor: { args: [Color, 'int'], returns: java.list(User) },
    rename: { args: [java.array('java.lang.String'), 'boolean'], returns: 'void' },
    balance: { args: ['java.lang.String'], returns: 'java.math.BigDecimal' },
  },
} as const);

type Users = Client<typeof UserService>;
type UserValue = JavaToTs<typeof User>;
type UserResult = JavaResult<typeof User>;

describe('POJOs and enums described with java.pojo / java.enumOf', () => {
  it('infer the TS shape of a POJO from its fields (every field may be left out)', () => {
    expectTypeOf<UserValue['name']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<UserValue['age']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<UserValue['id']>().toEqualTypeOf<number | bigint | string | null | undefined>();
    expectTypeOf<UserValue['favourite']>().toEqualTypeOf<'RED' | 'GREEN' | null | undefined>();
    expectTypeOf<NonNullable<UserValue['home']>['city']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<UserValue['tags']>().toEqualTypeOf<string[] | null | undefined>();
    expectTypeOf<NonNullable<UserValue['scores']>>().toEqualTypeOf<
      Record<string, number> | Map<string, number>
    >();
  });

  it('decode as every field present: primitives as values, references possibly null', () => {
    expectTypeOf<UserResult>().toEqualTypeOf<{
      name: string | null;
      age: number;
      id: number | string;
      favourite: 'RED' | 'GREEN' | null;
      home: { city: string | null; zip: string | null } | null;
      tags: string[] | null;
      scores: Record<string, number> | null;
    }>();
    // A decoded value can be sent back as it is.
    expectTypeOf<UserResult>().toExtend<UserValue>();
  });

  it('an enum is the union of its value names', () => {
    expectTypeOf<JavaToTs<typeof Color>>().toEqualTypeOf<'RED' | 'GREEN'>();
    expectTypeOf<JavaToTs<ReturnType<typeof java.enumOf>>>().toEqualTypeOf<string>();
  });
});

describe('a Java interface on the typed client', () => {
  it('takes positional arguments of the declared types and resolves to the return type', () => {
    expectTypeOf<Users['save']>().parameters.toEqualTypeOf<[UserValue]>();
    expectTypeOf<Users['save']>().returns.toEqualTypeOf<Promise<number | string>>();
    expectTypeOf<Users['find']>().returns.toEqualTypeOf<Promise<UserResult>>();
    expectTypeOf<Users['byColor']>().parameters.toEqualTypeOf<['RED' | 'GREEN', number]>();
    expectTypeOf<Users['byColor']>().returns.toEqualTypeOf<Promise<UserResult[]>>();
    expectTypeOf<Users['rename']>().parameters.toEqualTypeOf<[string[], boolean]>();
    expectTypeOf<Users['rename']>().returns.toEqualTypeOf<Promise<null>>();
    expectTypeOf<Users['balance']>().returns.toEqualTypeOf<Promise<string>>();
  });

  it('rejects values that do not fit the Java types', () => {
    function neverCalled(transport: Transport): void {
      const users = createClient(UserService, transport);
      void users.save({ name: 'Ann', age: 30, favourite: 'RED', home: { city: 'Hangzhou' } });
      // @ts-expect-error: age is an int
      void users.save({ age: '30' });
      // @ts-expect-error: BLUE is not a com.x.Color
      void users.save({ favourite: 'BLUE' });
      // @ts-expect-error: no such field
      void users.save({ nickname: 'a' });
      // @ts-expect-error: city is a String
      void users.save({ home: { city: 1 } });
      // @ts-expect-error: tags is a List<String>
      void users.save({ tags: [1] });
      // @ts-expect-error: an enum argument takes a value name
      void users.byColor('red', 1);
      // @ts-expect-error: String[] is an array of strings
      void users.rename(['a', 2], true);
      // @ts-expect-error: find takes one argument
      void users.find();
    }
    expectTypeOf(neverCalled).toBeFunction();
  });
});

describe('generic invocation', () => {
  it('$invoke(method, argTypes, args) resolves to unknown', () => {
    expectTypeOf<GenericClient['$invoke']>().toEqualTypeOf<
      (method: string, argTypes: readonly GenericArgType[], args: readonly unknown[]) => Promise<unknown>
    >();
    expectTypeOf<GenericClient['$invokeAsync']>().toEqualTypeOf<GenericClient['$invoke']>();
    expectTypeOf(createClient(genericService('x'), {} as Transport)).toEqualTypeOf<GenericClient>();
  });

  it('argTypes are class names or Java types', () => {
    function neverCalled(client: GenericClient): void {
      void client.$invoke('save', ['com.x.User', User, 'long', java.list()], [{}, {}, 1, []]);
      // @ts-expect-error: argTypes are names or JavaTypes, not numbers
      void client.$invoke('save', [1], [1]);
      // @ts-expect-error: the method name comes first
      void client.$invoke(['long'], [1]);
    }
    expectTypeOf(neverCalled).toBeFunction();
  });
});
