import { type Message, MethodKind, proto3, ScalarType } from '@bufbuild/protobuf';

/** Same text as proto/greeter.proto (a self-test keeps them equal), for clients using protobufjs. */
export const GREETER_PROTO = `syntax = "proto3";
package org.apache.dubbo.demo;
message GreetRequest { string name = 1; }
message GreetResponse { string greeting = 1; }
service Greeter {
  rpc greet(GreetRequest) returns (GreetResponse);
}
`;

export interface GreetRequest extends Message<GreetRequest> {
  name: string;
}

export interface GreetResponse extends Message<GreetResponse> {
  greeting: string;
}

export const GreetRequest = proto3.makeMessageType<GreetRequest>('org.apache.dubbo.demo.GreetRequest', [
  { no: 1, name: 'name', kind: 'scalar', T: ScalarType.STRING },
]);

export const GreetResponse = proto3.makeMessageType<GreetResponse>('org.apache.dubbo.demo.GreetResponse', [
  { no: 1, name: 'greeting', kind: 'scalar', T: ScalarType.STRING },
]);

/**
 * The service in the shape protoc-gen-apache-dubbo-es (like connect-es v1's generator) emits;
 * the method's `name` is the rpc name as written, so the path is `/org.apache.dubbo.demo.Greeter/greet`.
 */
export const Greeter = {
  typeName: 'org.apache.dubbo.demo.Greeter',
  methods: {
    greet: { name: 'greet', I: GreetRequest, O: GreetResponse, kind: MethodKind.Unary },
  },
} as const;
