import { RpcError } from '@dubbo-mesh/sdk-core';
import { parseCommandLine } from './args.js';
import { runCall } from './call-command.js';
import { runGen } from './gen/gen-command.js';
import { runHealth } from './health-command.js';
import { HELP_TEXT } from './help-text.js';
import { type CliIo, ExitCode, reportRpcError } from './output.js';
import { runProviders } from './providers-command.js';
import { runRoute } from './route-command.js';
import { runSidecarCommand } from './sidecar-command.js';
import { TOOL_VERSION } from './tool-version.js';
import { UsageError } from './usage-error.js';

/**
 * Runs the `dubbo-mesh` command line (cli.md) and resolves to its exit code. It never calls
 * `process.exit`, so tests can run it in-process with their own `io`; the bin script sets
 * `process.exitCode` from the result and lets output drain.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    // The sidecar is a long-running server with flags of its own (cli.md "sidecar").
    if (argv[0] === 'sidecar') return await runSidecarCommand(argv.slice(1), io);
    // gen takes only .proto files and --out (cli.md "gen"), unlike the calling commands.
    if (argv[0] === 'gen' && !argv.includes('--help') && !argv.includes('-h'))
      return await runGen(argv.slice(1), io);
    const command = parseCommandLine(argv);
    switch (command.kind) {
      case 'version':
        io.stdout.write(`${TOOL_VERSION}\n`);
        return ExitCode.Ok;
      case 'help':
        io.stdout.write(HELP_TEXT);
        return ExitCode.Ok;
      case 'call':
        return await runCall(command, io);
      case 'health':
        return await runHealth(command, io);
      case 'providers':
        return await runProviders(command, io);
      case 'route':
        return await runRoute(command, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`dubbo-mesh: ${error.message}\n`);
      return ExitCode.Usage;
    }
    if (error instanceof RpcError) return reportRpcError(io, error);
    // A defect, not the user's doing: say so, with the stack, rather than dress it up as an RPC error.
    io.stderr.write(
      `dubbo-mesh: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return ExitCode.Usage;
  }
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: process.stderr.isTTY === true };
}
