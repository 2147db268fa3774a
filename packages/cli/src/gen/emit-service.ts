import type { MethodKind } from '@dubbo-mesh/sdk-core';
import type protobuf from 'protobufjs';
import { UsageError } from '../usage-error.js';
import { docComment } from './emit-message.js';
import { initName, type TypeRef } from './field-ts-type.js';

/** The methods type of a service: `GreeterMethods` for `Greeter`. */
export function methodsTypeName(service: protobuf.Service): string {
  return `${service.name}Methods`;
}

/** The name a method has on the typed client, as `protoService` names it (`SayHello` → `sayHello`). */
export function clientMethodName(method: protobuf.Method): string {
  return method.name.charAt(0).toLowerCase() + method.name.slice(1);
}

function methodKind(method: protobuf.Method): MethodKind {
  if (method.requestStream) return method.responseStream ? 'bidi_streaming' : 'client_streaming';
  return method.responseStream ? 'server_streaming' : 'unary';
}

/**
 * A service's methods type and its descriptor, exported under the service's name (cli.md "gen"). The
 * descriptor serves under `package.Service`, as the provider registers an IDL service (cli.md "Names").
 */
export function emitService(service: protobuf.Service, ref: TypeRef, fileConst: string): string {
  const fullName = service.fullName.slice(1);
  const methods = [...service.methodsArray].sort((a, b) => compare(clientMethodName(a), clientMethodName(b)));
  const seen = new Map<string, string>();
  for (const method of methods) {
    const clientName = clientMethodName(method);
    const other = seen.get(clientName);
    if (other !== undefined) {
      throw new UsageError(
        `${fullName}: rpcs ${other} and ${method.name} have the same client name ${clientName}`,
      );
    }
    seen.set(clientName, method.name);
  }
  const typeName = methodsTypeName(service);
  const types = methods.map((method) => {
    const request = initName(ref(method.resolvedRequestType!));
    const response = ref(method.resolvedResponseType!);
    const doc = docComment(method.comment, `rpc \`${method.name}\` (${methodKind(method)}).`, '  ');
    return `${doc}  readonly ${clientMethodName(method)}: MethodDescriptor<${request}, ${response}, '${methodKind(method)}'>;\n`;
  });
  const specs = methods.map((method) => {
    const idempotent = method.options?.idempotency_level === 'NO_SIDE_EFFECTS';
    return (
      `  ${clientMethodName(method)}: {\n` +
      `    name: '${method.name}',\n` +
      `    kind: '${methodKind(method)}',\n` +
      `    requestType: '${method.resolvedRequestType!.fullName.slice(1)}',\n` +
      `    responseType: '${method.resolvedResponseType!.fullName.slice(1)}',\n` +
      `    idempotent: ${idempotent},\n` +
      '  },\n'
    );
  });
  const methodsDoc = docComment(null, `The methods of \`${fullName}\`, by their name on a typed client.`);
  const descriptorDoc = docComment(
    service.comment,
    `Service \`${fullName}\`: pass it to \`createClient\` (or the Thin, Fat and mesh clients). Set a ` +
      `version or group by spreading: \`{ ...${service.name}, version: '1.0.0' }\`.`,
  );
  return (
    `${methodsDoc}export type ${typeName} = {\n${types.join('')}};\n\n` +
    `${descriptorDoc}export const ${service.name}: ServiceDescriptor<${typeName}> = generatedService<${typeName}>(\n` +
    `  ${fileConst},\n  '${fullName}',\n  {\n${specs.map((spec) => indent(spec)).join('')}  },\n);\n`
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}

/** Code-point order, independent of the locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
