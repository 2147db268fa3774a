import { parseArgs } from 'node:util';
import { DEFAULT_MAX_MESSAGE_BYTES } from '@dubbo-mesh/codec-triple';
import { parseEndpoint, RpcError } from '@dubbo-mesh/sdk-core';
import {
  type CallArgs,
  type CallTarget,
  type Command,
  type ConnectArgs,
  DEFAULT_APP,
  type HealthArgs,
  OPTIONS,
  type ParsedFlags,
} from './command.js';
import { fatArgs, providersArgs, routeArgs } from './fat-args.js';
import { parseAttachments, parseLoad, positiveInteger } from './flag-values.js';
import { parseMethodTarget } from './method-target.js';
import { rejectUnbuilt } from './unbuilt.js';
import { UsageError } from './usage-error.js';

export type {
  CallArgs,
  CallTarget,
  Command,
  ConnectArgs,
  FatArgs,
  HealthArgs,
  LoadArgs,
  ProvidersArgs,
  RouteArgs,
} from './command.js';

type CommandName = 'call' | 'health' | 'providers' | 'route';
const COMMANDS = 'call, providers, route, health, gen or sidecar';

/** The flags each command takes; any other flag is a usage error naming it. */
const ALLOWED: Readonly<Record<CommandName, ReadonlySet<string>>> = {
  call: new Set([
    'direct',
    'sidecar',
    'mesh',
    'registry',
    'rules',
    'proto',
    'types',
    'version',
    'group',
    'app',
    'timeout',
    'attachment',
    'idempotent',
    'max-message-bytes',
    'repeat',
    'concurrency',
    'duration',
    'ca',
    'cert',
    'key',
  ]),
  health: new Set(['service', 'timeout', 'max-message-bytes', 'ca', 'cert', 'key']),
  providers: new Set(['registry', 'version', 'group', 'app']),
  route: new Set(['registry', 'rules', 'version', 'group', 'app', 'attachment', 'args']),
};

/**
 * Parses the command line of cli.md. Throws `UsageError` naming the bad flag or argument; never reads
 * files or opens connections (that is the commands' job, so parsing stays testable).
 */
export function parseCommandLine(argv: readonly string[]): Command {
  if (argv.length === 1 && argv[0] === '--version') return { kind: 'version' };
  const flagArgs = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length);
  if (flagArgs.includes('--help') || flagArgs.includes('-h') || argv[0] === 'help') return { kind: 'help' };
  rejectUnbuilt(argv);
  let parsed: { values: ParsedFlags; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseArgsProblem(error), { cause: error });
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (command === undefined)
    throw new UsageError(`no command given: expected ${COMMANDS} (see dubbo-mesh --help)`);
  if (!Object.hasOwn(ALLOWED, command)) {
    throw new UsageError(`unknown command "${command}": expected ${COMMANDS} (see dubbo-mesh --help)`);
  }
  const name = command as CommandName;
  for (const flag of Object.keys(values)) {
    if (!ALLOWED[name].has(flag)) throw new UsageError(`--${flag} does not apply to ${name}`);
  }
  switch (name) {
    case 'call':
      return callArgs(values, rest);
    case 'health':
      return healthArgs(values, rest);
    case 'providers':
      return providersArgs(values, rest);
    case 'route':
      return routeArgs(values, rest);
  }
}

function callArgs(values: ParsedFlags, positionals: string[]): CallArgs {
  const [target, argsJson, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" after ARGS_JSON`);
  const { service, method } = parseMethodTarget('call', target);
  const callTarget = callTargetOf(values);
  if (values.proto !== undefined && values.types !== undefined) {
    throw new UsageError('--proto and --types are mutually exclusive: give exactly one payload kind');
  }
  const payload =
    values.proto !== undefined
      ? ({ kind: 'proto', file: values.proto } as const)
      : values.types !== undefined
        ? ({ kind: 'types', names: values.types } as const)
        : undefined;
  if (payload === undefined)
    throw new UsageError('call needs a payload kind: --proto <file.proto> or --types <t1,t2,...>');
  return {
    kind: 'call',
    service,
    method,
    argsJson,
    target: callTarget,
    payload,
    version: values.version,
    group: values.group,
    app: values.app ?? DEFAULT_APP,
    timeoutMs: values.timeout === undefined ? undefined : positiveInteger('--timeout', values.timeout),
    attachments: parseAttachments(values.attachment ?? []),
    idempotent: values.idempotent === true,
    load: parseLoad(values),
  };
}

/**
 * `--direct <endpoint>`, `--registry <url>` (Fat mode), `--sidecar <endpoint>` (Thin mode), or
 * `--sidecar E --registry R --mesh` (the mesh client); `--rules` only where a registry is used.
 */
function callTargetOf(values: ParsedFlags): CallTarget {
  const { direct, registry } = values;
  if (values.mesh === true || values.sidecar !== undefined) return sidecarTargetOf(values);
  if (direct !== undefined && registry !== undefined) {
    throw new UsageError('--direct and --registry are mutually exclusive: give one place to send the call');
  }
  if (registry !== undefined) {
    checkKeyPair(values);
    return { kind: 'fat', fat: fatArgs(values, registry, maxMessageBytes(values)) };
  }
  if (direct === undefined) {
    throw new UsageError(
      'call needs where to send it: --direct <endpoint> (host:port, unix:/abs/path or https://host:port), ' +
        '--registry <url> (zookeeper://host:port or file:/path/providers.yaml), --sidecar <endpoint>, ' +
        'or --sidecar <endpoint> --registry <url> --mesh',
    );
  }
  if (values.rules !== undefined) {
    throw new UsageError(
      '--rules applies to Fat mode (--registry <url>); --direct calls one endpoint, unrouted',
    );
  }
  return { kind: 'direct', connect: connectArgs(values, direct, '--direct') };
}

/** `--sidecar E` alone (Thin mode), or with `--registry R --mesh` (the mesh client). */
function sidecarTargetOf(values: ParsedFlags): CallTarget {
  if (values.direct !== undefined) {
    throw new UsageError(
      `${values.mesh ? '--mesh' : '--sidecar'} and --direct are mutually exclusive: give one place to send the call`,
    );
  }
  const thin = { sidecar: sidecarEndpoint(values.sidecar), maxMessageBytes: maxMessageBytes(values) };
  if (values.mesh === true) {
    if (values.registry === undefined) {
      throw new UsageError(
        '--mesh needs --registry <url> for the Fat path (zookeeper://host:port or file:/path/providers.yaml) ' +
          'and --sidecar <endpoint> (default DUBBO_MESH_SIDECAR)',
      );
    }
    checkKeyPair(values);
    return { kind: 'mesh', thin, fat: fatArgs(values, values.registry, thin.maxMessageBytes) };
  }
  if (values.registry !== undefined) {
    throw new UsageError(
      '--sidecar and --registry together need --mesh (the mesh client: Thin first, Fat when the sidecar fails)',
    );
  }
  if (values.rules !== undefined) {
    throw new UsageError(
      '--rules applies to Fat and mesh mode; in Thin mode the sidecar applies its own rules',
    );
  }
  const tlsFlag = (['ca', 'cert', 'key'] as const).find((flag) => values[flag] !== undefined);
  if (tlsFlag !== undefined) {
    throw new UsageError(
      `--${tlsFlag} does not apply to Thin mode: the connection to the local sidecar is a Unix socket or loopback`,
    );
  }
  return { kind: 'thin', thin };
}

/** `--sidecar E`: `unix:/abs/path` or `host:port`; empty means the default (DUBBO_MESH_SIDECAR, then the documented path). */
function sidecarEndpoint(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  let endpoint: ReturnType<typeof parseEndpoint>;
  try {
    endpoint = parseEndpoint(text);
  } catch (error) {
    if (error instanceof RpcError) throw new UsageError(`--sidecar: ${error.rawMessage}`, { cause: error });
    throw error;
  }
  if (endpoint.tls) {
    throw new UsageError(
      `--sidecar "${text}": the sidecar is local, reached over unix:/abs/path or 127.0.0.1:port`,
    );
  }
  return text;
}

function healthArgs(values: ParsedFlags, positionals: string[]): HealthArgs {
  const [endpoint, ...extra] = positionals;
  if (endpoint === undefined)
    throw new UsageError('health needs an <endpoint> (host:port, unix:/abs/path or https://host:port)');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" after the endpoint`);
  return {
    kind: 'health',
    connect: connectArgs(values, endpoint, 'the endpoint'),
    service: values.service ?? '',
    timeoutMs: values.timeout === undefined ? undefined : positiveInteger('--timeout', values.timeout),
  };
}

function connectArgs(values: ParsedFlags, endpoint: string, what: string): ConnectArgs {
  try {
    parseEndpoint(endpoint);
  } catch (error) {
    if (error instanceof RpcError) throw new UsageError(`${what}: ${error.rawMessage}`, { cause: error });
    throw error;
  }
  const tlsFlags = (['ca', 'cert', 'key'] as const).filter((flag) => values[flag] !== undefined);
  if (tlsFlags.length > 0 && !endpoint.startsWith('https://')) {
    throw new UsageError(`--${tlsFlags[0]} needs an https:// endpoint, but ${what} is "${endpoint}"`);
  }
  checkKeyPair(values);
  return {
    endpoint,
    ca: values.ca,
    cert: values.cert,
    key: values.key,
    maxMessageBytes: maxMessageBytes(values),
  };
}

function checkKeyPair(values: ParsedFlags): void {
  if ((values.cert === undefined) !== (values.key === undefined)) {
    throw new UsageError('--cert and --key go together (mTLS needs both the certificate and its key)');
  }
}

function maxMessageBytes(values: ParsedFlags): number {
  const text = values['max-message-bytes'];
  return text === undefined ? DEFAULT_MAX_MESSAGE_BYTES : positiveInteger('--max-message-bytes', text);
}

/** parseArgs explains at length; the user needs the flag and what was wrong with it. */
function parseArgsProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const flag = /'([^']+)'/.exec(message)?.[1]?.split(' ')[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag)
    return `unknown option ${flag} (see dubbo-mesh --help)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    if (message.includes('does not take an argument')) return `${flag} takes no value`;
    return `${flag} needs a value`;
  }
  return message.split('\n')[0] ?? message;
}
