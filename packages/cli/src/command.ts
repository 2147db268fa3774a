/** What the command line asked for, once parsed (args.ts) and before anything is read or dialled. */

/** Every flag of cli.md that this build parses, by name (without `--`). */
export const OPTIONS = {
  direct: { type: 'string' },
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

export interface CallArgs {
  readonly kind: 'call';
  readonly service: string;
  readonly method: string;
  /** ARGS_JSON as typed; absent means `{}` (IDL) or `[]` (Java, streams). */
  readonly argsJson: string | undefined;
  readonly connect: ConnectArgs;
  readonly payload:
    | { readonly kind: 'proto'; readonly file: string }
    | { readonly kind: 'types'; readonly names: string };
  readonly version: string | undefined;
  readonly group: string | undefined;
  readonly app: string | undefined;
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

export type Command = { readonly kind: 'help' } | { readonly kind: 'version' } | CallArgs | HealthArgs;
