import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { protobufSerializer } from './protobuf-serializer.js';

const root = protobuf.parse(`
  syntax = "proto3";
  package demo;
  enum Status { UNKNOWN = 0; ACTIVE = 1; DISABLED = 2; }
  message Address { string city = 1; }
  message User {
    int32 age = 1;
    int64 id = 2;
    string name = 3;
    Status status = 4;
    bytes avatar = 5;
    repeated string tags = 6;
    map<string, int64> scores = 7;
    Address address = 8;
    oneof contact { string email = 9; string phone = 10; }
    uint32 flags = 11;
  }
`).root;
const User = root.lookupType('demo.User');

interface User {
  age: number;
  id: string;
  name: string;
  status: string;
  avatar: Uint8Array;
  tags: string[];
  scores: Record<string, string>;
  address: { city: string } | null;
  email?: string;
  flags: number;
}

const serializer = protobufSerializer<Partial<User> | Record<string, unknown>>(User);

function rejection(run: () => unknown): RpcError {
  try {
    run();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('expected an RpcError');
}

describe('protobufSerializer', () => {
  it('decodes to a plain object with string longs, enum names and defaults', () => {
    const bytes = serializer.encode({ id: '9007199254740993', status: 'ACTIVE', name: 'ann' });
    const decoded = serializer.decode(bytes);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(decoded).toEqual({
      age: 0,
      id: '9007199254740993',
      name: 'ann',
      status: 'ACTIVE',
      avatar: expect.any(Uint8Array),
      tags: [],
      scores: {},
      address: null,
      flags: 0,
    });
  });

  it('re-encodes what it decoded, byte for byte', () => {
    const original = {
      age: 30,
      id: '-9223372036854775808',
      status: 'DISABLED',
      avatar: Uint8Array.of(1, 2, 3),
      tags: ['a', 'b'],
      scores: { math: '12345678901234567' },
      address: { city: 'Hangzhou' },
      email: 'a@b.c',
      flags: 4294967295,
    };
    const bytes = serializer.encode(original);
    const again = serializer.encode(serializer.decode(bytes));
    expect(Buffer.from(again).toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
    expect(serializer.decode(bytes)).toMatchObject({ ...original, avatar: Buffer.from([1, 2, 3]) });
  });

  it('accepts numbers, bigints, enum numbers and message instances too', () => {
    const fromNumbers = serializer.encode({ id: 42, status: 1 });
    expect(serializer.encode({ id: 42n, status: 'ACTIVE' })).toEqual(fromNumbers);
    expect(serializer.encode(User.fromObject({ id: '42', status: 'ACTIVE' }))).toEqual(fromNumbers);
    expect(serializer.encode({ id: 2n ** 63n - 1n }).length).toBeGreaterThan(9);
  });

  it.each([
    ['demo.User.age: int32 expected', { age: 1.5 }],
    ['demo.User.age: int32 expected', { age: 2 ** 31 }],
    ['demo.User.age: int32 expected', { age: '12' }],
    ['demo.User.id: int64', { id: 'abc' }],
    ['demo.User.id: int64', { id: 2n ** 63n }],
    ['demo.User.id: int64', { id: 2 ** 60 }],
    ['demo.User.flags: uint32 expected', { flags: -1 }],
    ["demo.User.status: one of Status's names expected", { status: 'GONE' }],
    ['demo.User.name: string expected', { name: 5 }],
    ['demo.User.tags: array expected', { tags: 'a' }],
    ['demo.User.tags[1]: string expected', { tags: ['a', 1] }],
    ['demo.User.address: object expected', { address: 'x' }],
    ['demo.User.address.city: string expected', { address: { city: 1 } }],
    ['demo.User.contact: only one of email, phone may be set', { email: 'a', phone: 'b' }],
    ['demo.User.avatar: Uint8Array or base64 string expected', { avatar: [1, 2] }],
    ['demo.User.scores["a"]: int64', { scores: { a: 'x' } }],
  ])('rejects a bad value: %s', (message, value) => {
    const error = rejection(() => serializer.encode(value));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toContain(message);
  });

  it('rejects a non-object', () => {
    expect(rejection(() => serializer.encode('nope' as unknown as Partial<User>)).code).toBe(
      Code.InvalidArgument,
    );
  });

  it('throws Internal for bytes that are not a User', () => {
    for (const hex of ['0a', 'ff', '12ff01', '0f']) {
      const error = rejection(() => serializer.decode(Buffer.from(hex, 'hex')));
      expect(error.code).toBe(Code.Internal);
      expect(error.rawMessage).toMatch(/^invalid demo\.User message: /);
    }
  });

  it('is named protobuf', () => {
    expect(serializer.name).toBe('protobuf');
  });
});
