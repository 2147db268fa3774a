import { protoService } from '@dubbo-mesh/sdk-core';
import protobuf from 'protobufjs';
import type { CallArgs } from './args.js';
import { type CallPlan, checkEncodes, parseArgsJson } from './call-plan.js';
import { fromProtoJson, toProtoJson } from './proto-json.js';
import { UsageError } from './usage-error.js';

/**
 * `call --proto <file>`: `<service>` is `package.Service` in the file (or its imports), `<method>` the rpc
 * name (`SayHello`, or `sayHello` as on a typed client). ARGS_JSON is the request in proto3 JSON form, or
 * a JSON array of requests for client and bidi streaming; replies print in proto3 JSON form.
 */
export function planProtoCall(args: CallArgs, file: string): CallPlan {
  const root = loadRoot(file);
  const service = findService(root, args.service, file);
  const method =
    service.methodsArray.find((m) => m.name === args.method) ??
    service.methodsArray.find((m) => lowerFirst(m.name) === args.method);
  if (method === undefined) {
    const names = service.methodsArray.map((m) => m.name).join(', ');
    throw new UsageError(`method "${args.method}" not found in ${args.service} (${file}); it has: ${names}`);
  }
  const descriptor = protoService(root, service.fullName, {
    version: args.version,
    group: args.group,
    idempotent: args.idempotent ? [method.name] : [],
  });
  const [methodKey, methodDescriptor] = Object.entries(descriptor.methods).find(
    ([, m]) => m.name === method.name,
  )!;
  const requestType = method.resolvedRequestType!;
  const responseType = method.resolvedResponseType!;
  const sendsMany = method.requestStream === true;
  const json = parseArgsJson(args.argsJson, sendsMany ? [] : {});
  let requests: Record<string, unknown>[];
  if (sendsMany) {
    if (!Array.isArray(json))
      throw new UsageError(
        `ARGS_JSON for ${method.name} (client or bidi streaming) must be a JSON array of messages`,
      );
    requests = json.map((item: unknown, i) => fromProtoJson(requestType, item, `[${i}]`));
  } else {
    requests = [fromProtoJson(requestType, json, '')];
  }
  checkEncodes(methodDescriptor, requests);
  return {
    descriptor,
    methodKey,
    kind: methodDescriptor.kind,
    positional: false,
    input: sendsMany ? requests : requests[0],
    render: (message) => toProtoJson(responseType, message),
  };
}

function loadRoot(file: string): protobuf.Root {
  const root = new protobuf.Root();
  try {
    root.loadSync(file, { keepCase: false });
    root.resolveAll();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      throw new UsageError(`--proto ${file}: cannot read the file (${code})`, { cause: error });
    }
    // protobufjs names the file and line itself: "illegal token 'x' (test.proto, line 3)".
    throw new UsageError(`--proto ${file}: ${reason}`, { cause: error });
  }
  return root;
}

function findService(root: protobuf.Root, name: string, file: string): protobuf.Service {
  const found = root.lookup(name.replace(/^\.?/, '.'));
  if (found instanceof protobuf.Service) return found;
  const services = allServices(root).join(', ') || 'none';
  throw new UsageError(`service "${name}" not found in ${file}; services there: ${services}`);
}

function allServices(namespace: protobuf.NamespaceBase): string[] {
  const names: string[] = [];
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Service) names.push(nested.fullName.slice(1));
    else if (nested instanceof protobuf.Namespace) names.push(...allServices(nested));
  }
  return names;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
