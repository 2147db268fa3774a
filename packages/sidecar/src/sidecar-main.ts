import { readMeshConfig } from './mesh-config.js';
import { SidecarConfigError } from './sidecar-config-error.js';
import { parseSidecarFlags, SIDECAR_USAGE } from './sidecar-flags.js';
import type { SidecarOptions } from './sidecar-options.js';
import { mergeSettings, type SidecarSettings } from './sidecar-settings.js';
import { startSidecar } from './start-sidecar.js';

/** Where the command writes. */
export interface SidecarMainIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Where the stop signals come from (the process, or a test's emitter). */
export interface SignalSource {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  off(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/** Exit codes, as the rest of the CLI uses them (cli.md "Output and exit codes"). */
const EXIT_OK = 0;
const EXIT_USAGE = 1;

function toOptions(settings: SidecarSettings, io: SidecarMainIo, env: NodeJS.ProcessEnv): SidecarOptions {
  const listen = settings.listen ?? env.DUBBO_MESH_SIDECAR;
  if (listen === undefined) {
    throw new SidecarConfigError(
      'sidecar',
      'needs --listen unix:/path (or listen: in --config, or DUBBO_MESH_SIDECAR)',
    );
  }
  if (settings.registry === undefined) {
    throw new SidecarConfigError('sidecar', 'needs --registry <url> (or registry: in --config)');
  }
  return {
    listen,
    registry: settings.registry,
    ...(settings['listen-tcp'] ? { listenTcp: settings['listen-tcp'] } : {}),
    ...(settings.rules ? { rules: settings.rules } : {}),
    ...(settings.serve ? { serve: settings.serve } : {}),
    ...(settings.app ? { application: settings.app } : {}),
    ...(settings.metrics ? { metrics: settings.metrics } : {}),
    log: (line) => io.stderr.write(`dubbo-mesh sidecar: ${line}\n`),
  };
}

/**
 * Runs `dubbo-mesh sidecar` (cli.md "sidecar") until SIGTERM or SIGINT, and resolves to the exit
 * code: 0 after a drain, 1 for a bad flag, config file or start failure (the message names it). Prints
 * ONE line containing `ready` on stdout once calls are accepted. A second signal during the drain
 * stops at once. It never calls `process.exit`, so the CLI and tests run it in-process.
 */
export async function runSidecarMain(
  argv: readonly string[],
  io: SidecarMainIo,
  signals: SignalSource = process,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let options: SidecarOptions;
  try {
    const flags = parseSidecarFlags(argv);
    if (flags.kind === 'help') {
      io.stdout.write(SIDECAR_USAGE);
      return EXIT_OK;
    }
    const file = flags.config === undefined ? {} : readMeshConfig(flags.config);
    options = toOptions(mergeSettings(file, flags.settings), io, env);
  } catch (err) {
    io.stderr.write(`dubbo-mesh: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_USAGE;
  }
  let sidecar: Awaited<ReturnType<typeof startSidecar>>;
  try {
    sidecar = await startSidecar(options);
  } catch (err) {
    io.stderr.write(
      `dubbo-mesh: sidecar did not start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return EXIT_USAGE;
  }
  const parts = [`listen=unix:${sidecar.socketPath}`];
  if (sidecar.tcpAddress) parts.push(`tcp=${sidecar.tcpAddress}`);
  if (sidecar.metricsUrl) parts.push(`metrics=${sidecar.metricsUrl}`);
  parts.push(`registered=${sidecar.registered.length}`);
  io.stdout.write(`dubbo-mesh sidecar ready ${parts.join(' ')}\n`);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      signals.off('SIGTERM', stop);
      signals.off('SIGINT', stop);
      io.stderr.write('dubbo-mesh sidecar: draining\n');
      const now = (): void => {
        io.stderr.write('dubbo-mesh sidecar: second signal, stopping now\n');
        void sidecar.close();
      };
      signals.once('SIGTERM', now);
      signals.once('SIGINT', now);
      sidecar.drain().then(
        (clean) => {
          signals.off('SIGTERM', now);
          signals.off('SIGINT', now);
          io.stderr.write(`dubbo-mesh sidecar: stopped${clean ? '' : ' (some calls were cut)'}\n`);
          resolve();
        },
        (err: unknown) => {
          io.stderr.write(`dubbo-mesh sidecar: drain failed: ${String(err)}\n`);
          resolve();
        },
      );
    };
    signals.once('SIGTERM', stop);
    signals.once('SIGINT', stop);
  });
  return EXIT_OK;
}
