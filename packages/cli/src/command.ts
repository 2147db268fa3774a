/** What the command line asked for, once parsed (args.ts) and before anything is read or dialled. */

/** The consumer application when `--app` is not given (`tri-consumer-appname`, rule keys). */
export const DEFAULT_APP = 'dubbo-mesh-cli';

/** Every flag of cli.md that this build parses, by name (without `--`). */
export const OPTIONS = {
  direct: { type: 'string' },
  sidecar: { type: 'string' },
  mesh: { type: 'boolean' },
  registry: { type: 'string' },
  rules: { type: 'string' },
  proto: { type: 'string' },
  types: { type: 'string' },
  version: { type: 'string' },
  group: { type: 'string' },
  app: { type: 'string' },
  timeout: { type: 'string' },
  attachment: { type: 'string', multiple: true },
  idempotent: { type: 'boolean' },
  'max-message-bytes': { type: 'string' },
  repeat: { type: 'string' },
  concurrency: { type: 'string' },
  duration: { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  service: { type: 'string' },
  args: { type: 'string' },
} as const;

/** The values `parseArgs` returns for {@link OPTIONS}. */
export type ParsedFlags = {
  -readonly [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { type: 'boolean' }
    ? boolean
    : (typeof OPTIONS)[K] extends { multiple: true }
      ? string[]
      : string;
};

/** How to reach one endpoint. TLS values are file paths; the command reads them. */
export interface ConnectArgs {
  /** `host:port`, `unix:/abs/path` or `https://host:port`, as given. */
  readonly endpoint: string;
  readonly ca: string | undefined;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  /** Largest message sent or received. */
  readonly maxMessageBytes: number;
}

/** `--repeat N` or `--duration S`, with at most `concurrency` calls in flight. */
export type LoadArgs = { readonly concurrency: number } & (
  | { readonly repeat: number; readonly durationMs?: undefined }
  | { readonly durationMs: number; readonly repeat?: undefined }
);

/** Fat mode (`--registry`): the registry, the rule files, and TLS to every provider (file paths). */
export interface FatArgs {
  /** `zookeeper://host:port[,host:port]` or `file:/path/providers.yaml`, as given. */
  readonly registry: string;
  /** `--rules <file|dir>`. */
  readonly rules: string | undefined;
  readonly ca: string | undefined;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  /** Largest request message sent. */
  readonly maxMessageBytes: number;
}

/** Thin mode (`--sidecar`): the local sidecar's endpoint, or undefined for `DUBBO_MESH_SIDECAR` / the default. */
export interface ThinArgs {
  readonly sidecar: string | undefined;
  /** Largest message sent or received. */
  readonly maxMessageBytes: number;
}

/**
 * Where a call goes: one endpoint, the providers a registry lists (Fat mode), the sidecar (Thin mode),
 * or the mesh client (`--sidecar E --registry R --mesh`: Thin first, Fat on sidecar failure).
 */
export type CallTarget =
  | { readonly kind: 'direct'; readonly connect: ConnectArgs }
  | { readonly kind: 'fat'; readonly fat: FatArgs }
  | { readonly kind: 'thin'; readonly thin: ThinArgs }
  | { readonly kind: 'mesh'; readonly thin: ThinArgs; readonly fat: FatArgs };

export interface CallArgs {
  readonly kind: 'call';
  readonly service: string;
  readonly method: string;
  /** ARGS_JSON as typed; absent means `{}` (IDL) or `[]` (Java, streams). */
  readonly argsJson: string | undefined;
  readonly target: CallTarget;
  readonly payload:
    | { readonly kind: 'proto'; readonly file: string }
    | { readonly kind: 'types'; readonly names: string };
  readonly version: string | undefined;
  readonly group: string | undefined;
  /** The consumer application; {@link DEFAULT_APP} when `--app` is not given. */
  readonly app: string;
  readonly timeoutMs: number | undefined;
  readonly attachments: Readonly<Record<string, string>>;
  readonly idempotent: boolean;
  /** Present in load mode. */
  readonly load: LoadArgs | undefined;
}

export interface HealthArgs {
  readonly kind: 'health';
  readonly connect: ConnectArgs;
  /** `''` asks about the server as a whole. */
  readonly service: string;
  readonly timeoutMs: number | undefined;
}

/** `dubbo-mesh providers <service> --registry <url>`. */
export interface ProvidersArgs {
  readonly kind: 'providers';
  readonly service: string;
  readonly version: string | undefined;
  readonly group: string | undefined;
  readonly registry: string;
  readonly app: string;
}

/** `dubbo-mesh route <service>/<method> --registry <url> --rules <file|dir>`: nothing is called. */
export interface RouteArgs {
  readonly kind: 'route';
  readonly service: string;
  readonly method: string;
  readonly version: string | undefined;
  readonly group: string | undefined;
  readonly registry: string;
  readonly rules: string;
  readonly app: string;
  readonly attachments: Readonly<Record<string, string>>;
  /** The invocation's arguments, for argument conditions; undefined without `--args`. */
  readonly args: readonly unknown[] | undefined;
}

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | CallArgs
  | HealthArgs
  | ProvidersArgs
  | RouteArgs;
