import { runSidecarMain } from '@dubbo-mesh/sidecar';
import type { CliIo } from './output.js';

/**
 * `dubbo-mesh sidecar ...` (cli.md "sidecar"): the sidecar package parses its own flags and
 * `mesh.yaml`, runs until SIGTERM and resolves to the exit code; this is only the glue.
 */
export function runSidecarCommand(argv: readonly string[], io: CliIo): Promise<number> {
  return runSidecarMain(argv, io);
}
