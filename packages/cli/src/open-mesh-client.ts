import { createMeshClient, type MeshClient } from '@dubbo-mesh/sdk-fat';
import type { FatClientArgs } from './open-fat-client.js';
import { configurationError, readRules, tlsOptions, warnRuleRejected } from './open-fat-client.js';
import type { CliIo } from './output.js';

/**
 * The mesh client behind `call --sidecar E --registry R --mesh`: Thin through the sidecar, Fat (the
 * registry, `--rules`, TLS from `--ca`/`--cert`/`--key`) when it fails. Configuration problems are usage
 * errors (exit 1), as for `--registry` alone. The caller closes it.
 */
export function openMeshClient(
  args: FatClientArgs & { readonly sidecar: string | undefined; readonly maxMessageBytes: number },
  io: CliIo,
): MeshClient {
  const rules = args.rules === undefined ? undefined : readRules(args.rules);
  const tls = tlsOptions(args);
  try {
    return createMeshClient({
      application: args.app,
      registry: args.registry,
      ...(args.sidecar !== undefined ? { sidecar: args.sidecar } : {}),
      ...(rules !== undefined ? { rules } : {}),
      ...(tls !== undefined ? { tls } : {}),
      maxReceiveMessageBytes: args.maxMessageBytes,
      thin: { maxReceiveMessageBytes: args.maxMessageBytes },
      onRuleError: warnRuleRejected(io),
    });
  } catch (error) {
    throw configurationError(error, rules, args.registry);
  }
}
