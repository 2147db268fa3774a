import { createMeshClient, type MeshClient, RuleError } from '@dubbo-mesh/sdk-fat';
import type { FatClientArgs } from './open-fat-client.js';
import { readRules, tlsOptions } from './open-fat-client.js';
import type { CliIo } from './output.js';
import { UsageError } from './usage-error.js';

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
      onRuleError: (error) =>
        io.stderr.write(
          `dubbo-mesh: warning: rule rejected, previous rules stay in force: ${error.message}\n`,
        ),
    });
  } catch (error) {
    if (error instanceof RuleError) {
      const flag = rules?.some((document) => document.file === error.file) ? '--rules' : '--registry';
      throw new UsageError(`${flag} ${error.message}`, { cause: error });
    }
    if (error instanceof UsageError) throw error;
    if (error instanceof Error) {
      throw new UsageError(`--registry ${args.registry}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
