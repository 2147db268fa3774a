import type { createPromiseClient } from '@apachedubbo/dubbo';
import { type Message, MethodKind, proto3, ScalarType } from '@bufbuild/protobuf';

/** dubbomesh.test.EchoRequest (test/peers/proto/test.proto) as @bufbuild/protobuf 1.x declares messages. */
export interface EchoRequest extends Message<EchoRequest> {
  message: string;
  failCode: number;
  failMessage: string;
  delayMs: number;
  payload: Uint8Array;
  count: number;
}

/** dubbomesh.test.EchoResponse, every field, so dubbo-js decodes as much as the other clients. */
export interface EchoResponse extends Message<EchoResponse> {
  message: string;
  metadata: { [key: string]: string };
  payload: Uint8Array;
  index: number;
  server: string;
}

export const EchoRequest = proto3.makeMessageType<EchoRequest>('dubbomesh.test.EchoRequest', [
  { no: 1, name: 'message', kind: 'scalar', T: ScalarType.STRING },
  { no: 2, name: 'fail_code', kind: 'scalar', T: ScalarType.INT32 },
  { no: 3, name: 'fail_message', kind: 'scalar', T: ScalarType.STRING },
  { no: 4, name: 'delay_ms', kind: 'scalar', T: ScalarType.INT32 },
  { no: 5, name: 'payload', kind: 'scalar', T: ScalarType.BYTES },
  { no: 6, name: 'count', kind: 'scalar', T: ScalarType.INT32 },
]);

export const EchoResponse = proto3.makeMessageType<EchoResponse>('dubbomesh.test.EchoResponse', [
  { no: 1, name: 'message', kind: 'scalar', T: ScalarType.STRING },
  { no: 2, name: 'metadata', kind: 'map', K: ScalarType.STRING, V: { kind: 'scalar', T: ScalarType.STRING } },
  { no: 3, name: 'payload', kind: 'scalar', T: ScalarType.BYTES },
  { no: 4, name: 'index', kind: 'scalar', T: ScalarType.INT32 },
  { no: 5, name: 'server', kind: 'scalar', T: ScalarType.STRING },
]);

/**
 * TestService in the shape protoc-gen-apache-dubbo-es emits (method `name` as written in the
 * proto, so the paths are `/dubbomesh.test.TestService/Unary` like every other client's).
 */
const TestServiceSchema = {
  typeName: 'dubbomesh.test.TestService',
  methods: {
    unary: { name: 'Unary', I: EchoRequest, O: EchoResponse, kind: MethodKind.Unary },
    serverStream: { name: 'ServerStream', I: EchoRequest, O: EchoResponse, kind: MethodKind.ServerStreaming },
  },
} as const;

/**
 * @apachedubbo/dubbo has no `"type": "module"`, so its .d.ts files see @bufbuild/protobuf's cjs
 * declarations while this ESM file sees the esm ones: the same shapes, nominally distinct to tsc
 * (test/peers/dubbo-node-server.ts casts for the same reason). At run time there is one copy.
 */
export const TestServiceEs = TestServiceSchema as unknown as Parameters<typeof createPromiseClient>[0];
