import type { LogFn, Logger } from '../logger.js';

/** Where the stderr logger writes one finished line; injected in tests. */
export type LineWriter = (line: string) => void;

const writeToStderr: LineWriter = (line) => {
  process.stderr.write(line);
};

/**
 * A tiny logger for `DUBBO_MESH_DEBUG` when the application gave none: one line per entry on
 * stderr, `<ISO time> dubbo-mesh:<namespace> <level> <message> <fields as JSON>`, readable by
 * people and by `grep`. Fields are the same ones a pino logger receives, so they hold no secrets.
 */
export function createStderrLogger(
  namespace: string,
  write: LineWriter = writeToStderr,
  now: () => Date = () => new Date(),
): Logger {
  const line =
    (level: string): LogFn =>
    (fields, message) => {
      const json = Object.keys(fields).length === 0 ? '' : ` ${safeJson(fields)}`;
      write(`${now().toISOString()} dubbo-mesh:${namespace} ${level} ${message}${json}\n`);
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

/** Errors become their message, and a field that cannot be serialised never breaks the caller. */
function safeJson(fields: Readonly<Record<string, unknown>>): string {
  try {
    return JSON.stringify(fields, (_key, value: unknown) =>
      value instanceof Error ? { name: value.name, message: value.message } : value,
    );
  } catch {
    return '{"fields":"unserialisable"}';
  }
}
