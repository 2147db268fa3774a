// The local sidecar: a Triple server on a Unix socket that routes with the sdk-fat engine and
// forwards frames untouched (ARCHITECTURE.md "sidecar").

export { HEALTH_CHECK_PATH } from './health-endpoint.js';
export { readMeshConfig } from './mesh-config.js';
export { DEFAULT_MAX_REPLAY_BYTES } from './request-replay.js';
export { parseServedProvider, type ServedProvider, servedProviderUrl } from './served-provider.js';
export { SidecarConfigError } from './sidecar-config-error.js';
export { parseSidecarFlags, SIDECAR_USAGE } from './sidecar-flags.js';
export { runSidecarMain, type SidecarMainIo, type SignalSource } from './sidecar-main.js';
export {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_SIDECAR_APP,
  type Sidecar,
  type SidecarOptions,
} from './sidecar-options.js';
export type { SidecarSettings } from './sidecar-settings.js';
export { SOCKET_MODE, SocketInUseError } from './socket-file.js';
export { startSidecar } from './start-sidecar.js';
