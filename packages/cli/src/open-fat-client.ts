import type { TlsOptions } from '@dubbo-mesh/sdk-core';
import {
  createFatClient,
  type FatClient,
  type RuleDocument,
  RuleError,
  readRuleFiles,
} from '@dubbo-mesh/sdk-fat';
import { readFlagFile } from './open-transport.js';
import type { CliIo } from './output.js';
import { UsageError } from './usage-error.js';

export interface FatClientArgs {
  /** `zookeeper://...` or `file:...`, shape already checked by the parser. */
  readonly registry: string;
  readonly rules: string | undefined;
  readonly app: string;
  readonly ca?: string | undefined;
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
}

/**
 * The Fat client behind `call --registry`, `providers` and `route`. Everything that can be wrong before
 * a call is reported here as a usage or configuration error (exit 1): a rules file or provider file that
 * does not parse (the RuleError names file, document, line and key), a registry URL the client refuses,
 * an unreadable TLS file. The caller closes the client: its registry session would keep the process alive.
 */
export function openFatClient(args: FatClientArgs, io: CliIo): FatClient {
  const rules = args.rules === undefined ? undefined : readRules(args.rules);
  const tls = tlsOptions(args);
  try {
    return createFatClient({
      application: args.app,
      registry: args.registry,
      ...(rules !== undefined ? { rules } : {}),
      ...(tls !== undefined ? { tls } : {}),
      onRuleError: warnRuleRejected(io),
    });
  } catch (error) {
    throw configurationError(error, rules, args.registry);
  }
}

/**
 * A rule from the config center that fails validation is ignored and the previous rules stay; say so
 * on stderr, where nothing parses lines but the final RPC error.
 */
export function warnRuleRejected(io: CliIo): (error: Error) => void {
  return (error) =>
    io.stderr.write(`dubbo-mesh: warning: rule rejected, previous rules stay in force: ${error.message}\n`);
}

/** What creating a Fat or mesh client threw, as the usage error (exit 1) naming the flag at fault. */
export function configurationError(
  error: unknown,
  rules: readonly RuleDocument[] | undefined,
  registry: string,
): unknown {
  if (error instanceof RuleError) {
    // A rule that parsed but does not validate, or the provider file of a `file:` registry.
    const flag = rules?.some((document) => document.file === error.file) ? '--rules' : '--registry';
    return new UsageError(`${flag} ${error.message}`, { cause: error });
  }
  if (error instanceof UsageError) return error;
  // Synchronous failures are all configuration: an unknown scheme, a malformed host list.
  if (error instanceof Error)
    return new UsageError(`--registry ${registry}: ${error.message}`, { cause: error });
  return error;
}

/** `--rules <file|dir>`, parsed and classified; a bad document is a usage error naming where it is. */
export function readRules(path: string): readonly RuleDocument[] {
  try {
    return readRuleFiles(path);
  } catch (error) {
    if (error instanceof RuleError) throw new UsageError(`--rules ${error.message}`, { cause: error });
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') {
      throw new UsageError(`--rules ${path}: cannot read the rules (${code})`, { cause: error });
    }
    throw error;
  }
}

/** `--ca`, `--cert`, `--key`: TLS to every provider; undefined when none is given. */
export function tlsOptions(args: FatClientArgs): TlsOptions | undefined {
  if (args.ca === undefined && args.cert === undefined && args.key === undefined) return undefined;
  const tls: TlsOptions = {};
  if (args.ca !== undefined) tls.ca = readFlagFile('--ca', args.ca);
  if (args.cert !== undefined) tls.cert = readFlagFile('--cert', args.cert);
  if (args.key !== undefined) tls.key = readFlagFile('--key', args.key);
  return tls;
}
