import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The environment variable naming the sidecar endpoint (cli.md "call": `--sidecar` defaults to it). */
export const SIDECAR_ENV = 'DUBBO_MESH_SIDECAR';

/**
 * The `:authority` of calls to the sidecar. Over a UDS it must be a logical host, never the socket
 * path (http2-notes.md); sidecars route on the Triple headers, not on it.
 */
export const DEFAULT_SIDECAR_AUTHORITY = 'dubbo-mesh-sidecar';

/** Where the sidecar listens when nothing says otherwise: `unix:<os.tmpdir()>/dubbo-mesh/sidecar.sock`. */
export function defaultSidecarEndpoint(): string {
  return `unix:${join(tmpdir(), 'dubbo-mesh', 'sidecar.sock')}`;
}

/**
 * The sidecar endpoint to use: the one given, else `DUBBO_MESH_SIDECAR`, else the default path.
 * `unix:/abs/path` or loopback `127.0.0.1:port`; the format is checked when the channel is made.
 */
export function resolveSidecarEndpoint(
  given?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  if (given !== undefined && given !== '') return given;
  const fromEnv = env[SIDECAR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return defaultSidecarEndpoint();
}
