import { redactUrl } from '@dubbo-mesh/sdk-core';
import type { ProvidersArgs } from './args.js';
import { openFatClient } from './open-fat-client.js';
import { type CliIo, ExitCode, writeJsonLine } from './output.js';

/**
 * `dubbo-mesh providers <service> --registry <url>` (cli.md "providers"): one JSON array, on one line, of
 * the provider URLs the registry holds for the service, decoded, as registered. Providers the Fat client
 * would not call (disabled, another protocol) are listed too: the registry holds them. A registry that
 * gives no list in time fails UNAVAILABLE (exit 2).
 */
export async function runProviders(args: ProvidersArgs, io: CliIo): Promise<number> {
  const fat = openFatClient({ registry: args.registry, rules: undefined, app: args.app }, io);
  try {
    const listed = await fat.providers({
      serviceName: args.service,
      version: args.version,
      group: args.group,
    });
    writeJsonLine(
      io.stdout,
      // A provider's `token=` is its TokenFilter credential: printed as ***.
      listed.map(({ provider }) => redactUrl(provider.url)),
    );
    return ExitCode.Ok;
  } finally {
    await fat.close();
  }
}
