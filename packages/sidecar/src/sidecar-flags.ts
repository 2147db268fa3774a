import { parseArgs } from 'node:util';
import { SidecarConfigError } from './sidecar-config-error.js';
import { checkSetting, type SidecarSettings } from './sidecar-settings.js';

/** `dubbo-mesh sidecar --help`. */
export const SIDECAR_USAGE = `Usage:
  dubbo-mesh sidecar --config mesh.yaml [flags]
  dubbo-mesh sidecar --listen unix:/path --registry <url> [--listen-tcp 127.0.0.1:PORT] [--rules <file|dir>]
                     [--serve <service>=<host:port>[?k=v&...] ...] [--app NAME] [--metrics 127.0.0.1:PORT]

  --listen unix:/path        the Unix socket to serve on (default: $DUBBO_MESH_SIDECAR); its directory is
                             created with mode 0700, the socket gets mode 0660
  --listen-tcp host:port     also serve on this loopback address (port 0 picks one)
  --registry <url>           zookeeper://host:port[,host:port] or file:/path/providers.yaml
  --rules <file|dir>         routing rules (YAML); argument conditions never match in the sidecar
  --serve svc=host:port      register a provider of the local application (repeatable; zookeeper only)
  --app NAME                 the local application (default dubbo-mesh-sidecar)
  --metrics host:port        serve Prometheus metrics at http://host:port/metrics
  --config mesh.yaml         the same keys in YAML (listen, listen-tcp, registry, rules, serve, app,
                             metrics); flags override it, serve entries add up

Prints one line containing "ready" on stdout when it accepts calls. SIGTERM (or SIGINT): stop accepting,
GOAWAY to every caller, let calls in flight finish (at most 10 s), deregister, exit 0.
`;

export type SidecarFlags =
  | { kind: 'help' }
  | { kind: 'run'; config: string | undefined; settings: SidecarSettings };

/** Parses the flags of `dubbo-mesh sidecar` (after the command word). Throws SidecarConfigError naming the flag. */
export function parseSidecarFlags(argv: readonly string[]): SidecarFlags {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        config: { type: 'string' },
        listen: { type: 'string' },
        'listen-tcp': { type: 'string' },
        registry: { type: 'string' },
        rules: { type: 'string' },
        serve: { type: 'string', multiple: true },
        app: { type: 'string' },
        metrics: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new SidecarConfigError('sidecar', message, { cause: err });
  }
  if (values.help === true) return { kind: 'help' };
  const settings: SidecarSettings = {};
  for (const key of ['listen', 'listen-tcp', 'registry', 'rules', 'app', 'metrics'] as const) {
    const value = values[key];
    if (typeof value !== 'string') continue;
    checkSetting(key, value, `--${key}`);
    settings[key] = value;
  }
  const serve = values.serve;
  if (Array.isArray(serve)) {
    for (const entry of serve) checkSetting('serve', entry, '--serve');
    settings.serve = serve;
  }
  return { kind: 'run', config: typeof values.config === 'string' ? values.config : undefined, settings };
}
