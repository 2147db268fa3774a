/**
 * The logger dubbo-mesh writes to: the `(fields, message)` call form of pino, bunyan and most
 * structured loggers, so a pino instance (or its `child()`) plugs in as is. Nothing is logged unless
 * a logger is given; secrets (tokens, `authorization`, TLS keys) are never put in fields or messages.
 */
export type LogFn = (fields: Readonly<Record<string, unknown>>, message: string) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

function ignore(): void {}

/** The default: drops everything, costs one call. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
