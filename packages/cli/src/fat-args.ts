import type { FatArgs, ParsedFlags, ProvidersArgs, RouteArgs } from './command.js';
import { DEFAULT_APP } from './command.js';
import { parseAttachments } from './flag-values.js';
import { parseMethodTarget } from './method-target.js';
import { UsageError } from './usage-error.js';

const REGISTRY_URL = /^(zookeeper:\/\/[^/?#\s]+([/?]\S*)?|file:.+)$/i;

/**
 * `--registry <url>` checked for shape only (cli.md "call"): `zookeeper://host:port[,host:port]` or
 * `file:/abs/path/providers.yaml` (or relative to the working directory). Whether it answers is the
 * command's business.
 */
export function registryUrl(url: string | undefined, command: string): string {
  if (url === undefined) {
    throw new UsageError(
      `${command} needs --registry <url> (zookeeper://host:port[,host:port] or file:/path/providers.yaml)`,
    );
  }
  if (!REGISTRY_URL.test(url)) {
    throw new UsageError(
      `--registry "${url}" is not a registry URL: expected zookeeper://host:port[,host:port] or file:/path/providers.yaml`,
    );
  }
  return url;
}

/** `call --registry`: Fat mode. TLS flags, if any, apply to every provider. */
export function fatArgs(values: ParsedFlags, registry: string, maxMessageBytes: number): FatArgs {
  return {
    registry: registryUrl(registry, 'call'),
    rules: values.rules,
    ca: values.ca,
    cert: values.cert,
    key: values.key,
    maxMessageBytes,
  };
}

/** `providers <service> --registry <url> [--version V] [--group G] [--app NAME]`. */
export function providersArgs(values: ParsedFlags, positionals: readonly string[]): ProvidersArgs {
  const [service, ...extra] = positionals;
  if (service === undefined) throw new UsageError('providers needs a <service> (e.g. org.demo.Greeter)');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" after the service`);
  return {
    kind: 'providers',
    service,
    version: values.version,
    group: values.group,
    registry: registryUrl(values.registry, 'providers'),
    app: values.app ?? DEFAULT_APP,
  };
}

/** `route <service>/<method> --registry <url> --rules <file|dir> [--app] [--attachment k=v]... [--args JSON]`. */
export function routeArgs(values: ParsedFlags, positionals: readonly string[]): RouteArgs {
  const [target, ...extra] = positionals;
  const { service, method } = parseMethodTarget('route', target);
  if (extra.length > 0) {
    throw new UsageError(`unexpected argument "${extra[0]}": route takes the arguments as --args JSON`);
  }
  const registry = registryUrl(values.registry, 'route');
  if (values.rules === undefined)
    throw new UsageError('route needs --rules <file|dir>: the rules to explain');
  return {
    kind: 'route',
    service,
    method,
    version: values.version,
    group: values.group,
    registry,
    rules: values.rules,
    app: values.app ?? DEFAULT_APP,
    attachments: parseAttachments(values.attachment ?? []),
    args: values.args === undefined ? undefined : routeArguments(values.args),
  };
}

/**
 * `--args JSON`: a JSON array is the argument list (a Java method's arguments); any other JSON value is
 * the one request message of an IDL method, as the Fat client sees it (`[request]`).
 */
function routeArguments(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--args is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return Array.isArray(value) ? value : [value];
}
