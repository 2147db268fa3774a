/**
 * The Java-interface calls the hessian scenario measures: one method signature per shape, the
 * argument a user passes, and the response bytes a provider sends back (triple.md §4: a
 * `TripleResponseWrapper` whose data is one bare Hessian 2 value, hessian.md §0), built as
 * test/peers/hessian-provider.ts builds them.
 */
import {
  createJavaMethodCodec,
  decodeRequestWrapper,
  encodeResponseWrapper,
  type JavaMethodCodec,
  type JavaType,
  java,
  toHessian,
} from '@dubbo-mesh/codec-triple';
import hessian from 'hessian.js';

/** One call shape, ready to be encoded and decoded again and again. */
export interface JavaCallShape {
  /** `String arg`, `POJO 10 fields`, `List of 100 POJOs`. */
  readonly label: string;
  /** Our codec for the method: what a `javaService` proxy runs per call. */
  readonly codec: JavaMethodCodec;
  /** The argument as the user passes it (plain JS). */
  readonly arg: unknown;
  /** The argument already in hessian.js's `{$class, $}` form: what a hessian.js-only caller hands it. */
  readonly shapedArg: unknown;
  /** The provider's `TripleResponseWrapper` bytes (no gRPC frame prefix). */
  readonly responseWrapper: Uint8Array;
  /** The bare Hessian 2 result inside it: what hessian.js alone decodes. */
  readonly resultData: Buffer;
}

/** A POJO of ten fields of the kinds business objects carry (hessian.md §2 POJOs). */
const ORDER = java.pojo('org.demo.Order', {
  id: 'long',
  customer: 'java.lang.String',
  email: 'java.lang.String',
  quantity: 'int',
  price: 'double',
  paid: 'boolean',
  city: 'java.lang.String',
  zip: 'java.lang.String',
  discount: 'java.lang.Integer',
  note: 'java.lang.String',
});

function order(i: number): Record<string, unknown> {
  return {
    id: 1_000_000 + i,
    customer: `customer-${i}`,
    email: `customer${i}@example.org`,
    quantity: (i % 7) + 1,
    price: 19.99 + i,
    paid: i % 2 === 0,
    city: i % 3 === 0 ? 'Hangzhou' : 'Shanghai',
    zip: String(310_000 + i),
    discount: i % 5 === 0 ? null : i % 20,
    note: 'deliver between 9:00 and 18:00',
  };
}

function shape(label: string, type: JavaType, arg: unknown, result: unknown): JavaCallShape {
  const codec = createJavaMethodCodec({ argTypes: [type], returnType: type });
  const shapedArg = toHessian(arg, type, 'argument 0');
  // The two callers must send the same bytes, or the comparison compares different work.
  const ours = decodeRequestWrapper(codec.encodeRequest([arg])).args[0]!;
  const alone = hessian.encode(shapedArg, '2.0');
  if (!Buffer.from(ours).equals(alone))
    throw new Error(`${label}: our argument bytes differ from hessian.js's`);
  const resultData = hessian.encode(toHessian(result, type, 'result'), '2.0');
  const responseWrapper = encodeResponseWrapper({
    serializeType: 'hessian2',
    data: resultData,
    type: codec.argTypeNames[0]!,
  });
  return { label, codec, arg, shapedArg, responseWrapper, resultData };
}

/** String arg, POJO with 10 fields, List of 100 POJOs; each method returns a value of its argument's type. */
export function javaCallShapes(): JavaCallShape[] {
  const list = Array.from({ length: 100 }, (_, i) => order(i));
  return [
    shape('String arg', 'java.lang.String', 'hello, dubbo-mesh', 'hello, dubbo-mesh: welcome'),
    shape('POJO 10 fields', ORDER, order(1), order(2)),
    shape('List of 100 POJOs', java.list(ORDER), list, list),
  ];
}

/** Our per-call work: encode the request wrapper, decode the response wrapper into a value. */
export function oursEncodeDecode(call: JavaCallShape): unknown {
  call.codec.encodeRequest([call.arg]);
  return call.codec.decodeResponse(call.responseWrapper, 0);
}

/** hessian.js alone: encode the pre-shaped argument, decode the bare result (the cost of the bytes only). */
export function hessianJsEncodeDecode(call: JavaCallShape): unknown {
  hessian.encode(call.shapedArg, '2.0');
  return hessian.decode(call.resultData, '2.0');
}
