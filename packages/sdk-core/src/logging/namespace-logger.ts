import { type Logger, silentLogger } from '../logger.js';
import {
  type DebugNamespace,
  type DebugSelection,
  isDebugEnabled,
  processDebugSelection,
} from './debug-namespaces.js';
import { createStderrLogger, type LineWriter } from './stderr-logger.js';

/** Overrides for tests: the debug selection and where stderr lines go. */
export interface NamespaceLoggerEnvironment {
  readonly debug?: DebugSelection;
  readonly write?: LineWriter;
}

/**
 * The logger one part of dubbo-mesh writes to: the application's `logger` (each entry tagged with
 * `component: <namespace>`, which pino keeps as a field), plus stderr lines when `DUBBO_MESH_DEBUG`
 * names the namespace. With neither it is {@link silentLogger}, so logging costs one empty call.
 *
 * @example
 * this.log = namespaceLogger('channel', options.logger);
 * this.log.info({ endpoint }, 'connected');
 */
export function namespaceLogger(
  namespace: DebugNamespace,
  logger: Logger | undefined,
  environment: NamespaceLoggerEnvironment = {},
): Logger {
  const debugOn = isDebugEnabled(environment.debug ?? processDebugSelection(), namespace);
  const stderr = debugOn ? createStderrLogger(namespace, environment.write) : undefined;
  if (logger === undefined) return stderr ?? silentLogger;
  const tagged = taggedLogger(logger, namespace);
  return stderr === undefined ? tagged : teeLogger(tagged, stderr);
}

function taggedLogger(logger: Logger, component: string): Logger {
  return {
    debug: (fields, message) => logger.debug({ component, ...fields }, message),
    info: (fields, message) => logger.info({ component, ...fields }, message),
    warn: (fields, message) => logger.warn({ component, ...fields }, message),
    error: (fields, message) => logger.error({ component, ...fields }, message),
  };
}

function teeLogger(first: Logger, second: Logger): Logger {
  return {
    debug: (fields, message) => {
      first.debug(fields, message);
      second.debug(fields, message);
    },
    info: (fields, message) => {
      first.info(fields, message);
      second.info(fields, message);
    },
    warn: (fields, message) => {
      first.warn(fields, message);
      second.warn(fields, message);
    },
    error: (fields, message) => {
      first.error(fields, message);
      second.error(fields, message);
    },
  };
}
