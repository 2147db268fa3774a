import type { RouteArgs } from './args.js';
import { openFatClient } from './open-fat-client.js';
import { type CliIo, ExitCode, writeJsonLine } from './output.js';

/**
 * `dubbo-mesh route <service>/<method> --registry <url> --rules <file|dir>` (cli.md "route"): which
 * providers the rules keep for that invocation and what each router did, as
 * `{"kept":["host:port",...],"explain":[{"router","before","after","rule"},...]}`. Nothing is called.
 */
export async function runRoute(args: RouteArgs, io: CliIo): Promise<number> {
  const fat = openFatClient({ registry: args.registry, rules: args.rules, app: args.app }, io);
  try {
    const { kept, steps } = await fat.route(
      { serviceName: args.service, version: args.version, group: args.group },
      args.method,
      { attachments: args.attachments, ...(args.args !== undefined ? { args: args.args } : {}) },
    );
    writeJsonLine(io.stdout, {
      kept: kept.providers.map((provider) => provider.address),
      explain: steps.map(({ router, before, after, rule }) => ({ router, before, after, rule })),
    });
    return ExitCode.Ok;
  } finally {
    await fat.close();
  }
}
