import { javaService } from '@dubbo-mesh/sdk-core';
import type { CallArgs } from './args.js';
import { type CallPlan, checkEncodes, parseArgsJson } from './call-plan.js';
import { fromJsonForJava } from './java-json-value.js';
import { javaTypesFor, parseTypeList } from './java-type-name.js';
import { UsageError } from './usage-error.js';

const JAVA_IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * `call --types t1,t2`: a Java interface method called with the hessian2 wrapper (triple.md §4).
 * ARGS_JSON is the JSON array of arguments, as many as `--types` lists. The declared return type is not
 * known here, so the reply is read as `java.lang.Object`: whatever the provider wrote comes back.
 */
export function planJavaCall(args: CallArgs, typeList: string): CallPlan {
  if (!JAVA_IDENTIFIER.test(args.method)) throw new UsageError(`"${args.method}" is not a Java method name`);
  const names = parseTypeList(typeList);
  const json = parseArgsJson(args.argsJson, []);
  if (!Array.isArray(json)) {
    throw new UsageError('ARGS_JSON must be a JSON array of the arguments with --types, e.g. \'["world"]\'');
  }
  if (json.length !== names.length) {
    const listed = names.length === 0 ? "none (--types '')" : `${names.length} (${names.join(', ')})`;
    throw new UsageError(
      `ARGS_JSON has ${json.length} argument${json.length === 1 ? '' : 's'} but --types lists ${listed}`,
    );
  }
  const types = javaTypesFor(names, json);
  const input = json.map((value: unknown, i) => fromJsonForJava(value, types[i]!, `argument ${i}`));
  const descriptor = javaService({
    interface: args.service,
    version: args.version,
    group: args.group,
    methods: { [args.method]: { args: types, returns: 'java.lang.Object', idempotent: args.idempotent } },
  });
  const method = descriptor.methods[args.method]!;
  checkEncodes(method, [input]);
  return {
    descriptor,
    methodKey: args.method,
    kind: 'unary',
    positional: true,
    input,
    render: (value) => value,
  };
}
