import {
  Code,
  type MethodDescriptor,
  type MethodMap,
  RpcError,
  type ServiceDescriptor,
} from '@dubbo-mesh/sdk-core';

/**
 * The sending half of `--max-message-bytes` (the transport checks the receiving half): a request message
 * over the limit fails RESOURCE_EXHAUSTED before it is sent, as grpc-js does with its send limit.
 */
export function limitRequestSize(descriptor: ServiceDescriptor, maxBytes: number): ServiceDescriptor {
  const methods: Record<string, MethodDescriptor<never, unknown>> = {};
  for (const [key, method] of Object.entries(descriptor.methods as MethodMap)) {
    methods[key] = {
      ...method,
      encode(input: never): Uint8Array {
        const bytes = method.encode(input);
        if (bytes.length > maxBytes) {
          throw new RpcError(
            Code.ResourceExhausted,
            `request message of ${bytes.length} bytes exceeds --max-message-bytes ${maxBytes}`,
          );
        }
        return bytes;
      },
    };
  }
  return { ...descriptor, methods };
}
