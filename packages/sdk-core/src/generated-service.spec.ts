import { Code, RpcError } from '@dubbo-mesh/codec-triple';
import { describe, expect, it } from 'vitest';
import { generatedService, type ProtoFileJson, protoRootOf } from './generated-service.js';
import type { MethodDescriptor } from './service-descriptor.js';

/** Two files of one package, the second importing the first, as `dubbo-mesh gen` embeds them. */
const money: ProtoFileJson = {
  name: 'money.proto',
  imports: [],
  nested: {
    shop: {
      nested: { Money: { fields: { units: { type: 'int64', id: 1 }, currency: { type: 'string', id: 2 } } } },
    },
  },
};
const order: ProtoFileJson = {
  name: 'order.proto',
  imports: [money],
  nested: {
    shop: {
      nested: {
        Order: { fields: { id: { type: 'uint64', id: 1 }, total: { type: 'Money', id: 2 } } },
        Shop: {
          methods: { Get: { requestType: 'Order', responseType: 'Order' } },
        },
      },
    },
  },
};

interface Order {
  id: string;
  total: { units: string; currency: string } | null;
}
type OrderInit = { id?: bigint | number | string; total?: { units?: bigint | number | string } | null };

const Shop = generatedService<{ readonly get: MethodDescriptor<OrderInit, Order, 'unary'> }>(
  order,
  'shop.Shop',
  {
    get: {
      name: 'Get',
      kind: 'unary',
      requestType: 'shop.Order',
      responseType: 'shop.Order',
      idempotent: true,
    },
  },
);

describe('generatedService', () => {
  it('describes the service as given: name, kind, idempotency, plain IDL descriptor', () => {
    expect(Shop).toMatchObject({
      kind: 'idl',
      serviceName: 'shop.Shop',
      version: undefined,
      group: undefined,
    });
    expect(Shop.methods.get).toMatchObject({
      name: 'Get',
      kind: 'unary',
      idempotent: true,
      positional: false,
    });
  });

  it('builds one Root from a file and its imports, packages merged', () => {
    const root = protoRootOf(order);
    expect(root.lookupType('shop.Order').fields.total?.resolvedType?.fullName).toBe('.shop.Money');
    expect(protoRootOf(order)).toBe(root);
  });

  it('encodes and decodes with the protobufSerializer shapes: 64-bit as decimal strings', () => {
    const bytes = Shop.methods.get.encode({ id: 2n ** 63n + 1n, total: { units: '9007199254740993' } });
    const decoded = Shop.methods.get.decode(bytes, 0);
    expect(decoded).toEqual({
      id: '9223372036854775809',
      total: { units: '9007199254740993', currency: '' },
    });
  });

  it('refuses input that does not fit the message, naming the field', () => {
    expect(() => Shop.methods.get.encode({ id: 'abc' })).toThrow(/shop\.Order\.id/);
  });

  it('a message missing from the embedded reflection is an internal error, not a crash later', () => {
    const broken = generatedService<{ readonly get: MethodDescriptor<OrderInit, Order, 'unary'> }>(
      order,
      'shop.Shop',
      {
        get: {
          name: 'Get',
          kind: 'unary',
          requestType: 'shop.Nope',
          responseType: 'shop.Order',
          idempotent: false,
        },
      },
    );
    const failure = (() => {
      try {
        broken.methods.get.encode({});
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(RpcError);
    expect(failure).toMatchObject({ code: Code.Internal });
  });
});
