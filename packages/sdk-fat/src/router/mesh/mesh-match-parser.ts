import { parseDoubleMatch } from './double-match.js';
import type { DubboMatchRequest, DubboMethodArg, DubboMethodMatch } from './mesh-rule-model.js';
import { childPath, indexPath, type RuleReader } from './rule-reader.js';
import { parseStringMatch, type StringMatch } from './string-match.js';

/** Reads one `routedetail[].match[]` entry (governance.md §3.6 DubboMatchRequest). */
export function parseDubboMatchRequest(reader: RuleReader, value: unknown, path: string): DubboMatchRequest {
  const record = reader.record(value, path);
  reader.onlyKeys(record, path, ['name', 'method', 'sourceLabels', 'attachments', 'headers'], {
    threshold: 'threshold is not evaluated by Dubbo 3 and is not supported; remove it',
  });
  const attachmentsPath = childPath(path, 'attachments');
  const attachments = reader.optionalRecord(record.attachments, attachmentsPath) ?? {};
  reader.onlyKeys(attachments, attachmentsPath, ['dubboContext', 'tracingContext'], {
    // The docs' spellings; the code reads camel case (governance.md §10.2, §11.1).
    dubbocontext: 'write dubboContext (the key Dubbo 3 reads)',
    eagleeyecontext: 'write tracingContext (the key Dubbo 3 reads)',
    eagleeyeContext: 'write tracingContext (the key Dubbo 3 reads)',
  });
  const methodPath = childPath(path, 'method');
  return {
    name: reader.optionalString(record.name, childPath(path, 'name')),
    method:
      record.method === undefined || record.method === null
        ? undefined
        : parseMethodMatch(reader, record.method, methodPath),
    sourceLabels: reader.stringMap(record.sourceLabels, childPath(path, 'sourceLabels')),
    dubboContext: parseStringMatchMap(
      reader,
      attachments.dubboContext,
      childPath(attachmentsPath, 'dubboContext'),
      false,
    ),
    tracingContext: parseStringMatchMap(
      reader,
      attachments.tracingContext,
      childPath(attachmentsPath, 'tracingContext'),
      false,
    ),
    headers: parseStringMatchMap(reader, record.headers, childPath(path, 'headers'), true),
  };
}

/**
 * A mapping of names to StringMatches. Attachment keys arrive lower-cased over Triple (invocation.ts),
 * so header names are lower-cased; `dubboContext` keys are kept as written, like Java's lookup.
 */
export function parseStringMatchMap(
  reader: RuleReader,
  value: unknown,
  path: string,
  lowerCaseKeys: boolean,
): ReadonlyMap<string, StringMatch> {
  const record = reader.optionalRecord(value, path) ?? {};
  const result = new Map<string, StringMatch>();
  for (const [key, match] of Object.entries(record)) {
    result.set(
      lowerCaseKeys ? key.toLowerCase() : key,
      parseStringMatch(reader, match, childPath(path, key), 'dubbo'),
    );
  }
  return result;
}

function parseMethodMatch(reader: RuleReader, value: unknown, path: string): DubboMethodMatch {
  const record = reader.record(value, path);
  reader.onlyKeys(record, path, ['name_match', 'argc', 'args', 'argp', 'headers']);
  const nameMatch = record.name_match;
  const argsPath = childPath(path, 'args');
  const argpPath = childPath(path, 'argp');
  return {
    nameMatch:
      nameMatch === undefined || nameMatch === null
        ? undefined
        : parseStringMatch(reader, nameMatch, childPath(path, 'name_match'), 'dubbo'),
    argc: reader.optionalCount(record.argc, childPath(path, 'argc')),
    args: reader
      .list(record.args, argsPath)
      .map((arg, i) => parseMethodArg(reader, arg, indexPath(argsPath, i))),
    argp: reader
      .list(record.argp, argpPath)
      .map((m, i) => parseStringMatch(reader, m, indexPath(argpPath, i), 'dubbo')),
    headers: parseStringMatchMap(reader, record.headers, childPath(path, 'headers'), true),
  };
}

function parseMethodArg(reader: RuleReader, value: unknown, path: string): DubboMethodArg {
  const record = reader.record(value, path);
  reader.onlyKeys(record, path, ['index', 'type', 'str_value', 'num_value', 'bool_value']);
  // Java's `int index` defaults to 0 and is 0-based (governance.md §10.2, §11.1).
  const index = reader.optionalCount(record.index, childPath(path, 'index')) ?? 0;
  const given = (['str_value', 'num_value', 'bool_value'] as const).filter(
    (k) => record[k] !== undefined && record[k] !== null,
  );
  if (given.length !== 1) throw reader.error(path, 'give exactly one of str_value, num_value, bool_value');
  const kind = given[0]!;
  const at = childPath(path, kind);
  const inner = reader.record(record[kind], at);
  if (kind === 'bool_value') {
    reader.onlyKeys(inner, at, ['exact']);
    const exact = reader.optionalBoolean(inner.exact, childPath(at, 'exact'));
    if (exact === undefined) throw reader.error(at, 'give exact: true or false');
    return { index, value: { kind: 'boolean', exact } };
  }
  reader.onlyKeys(inner, at, ['oneof']);
  const oneofPath = childPath(at, 'oneof');
  const oneof = reader.list(inner.oneof, oneofPath);
  if (oneof.length === 0) throw reader.error(oneofPath, 'give at least one match');
  if (kind === 'str_value') {
    return {
      index,
      value: {
        kind: 'string',
        oneof: oneof.map((m, i) => parseStringMatch(reader, m, indexPath(oneofPath, i), 'dubbo')),
      },
    };
  }
  return {
    index,
    value: {
      kind: 'number',
      oneof: oneof.map((m, i) => parseDoubleMatch(reader, m, indexPath(oneofPath, i))),
    },
  };
}
