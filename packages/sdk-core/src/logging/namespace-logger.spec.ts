import { describe, expect, it } from 'vitest';
import { type Logger, silentLogger } from '../logger.js';
import { NO_DEBUG, parseDebugNamespaces } from './debug-namespaces.js';
import { namespaceLogger } from './namespace-logger.js';
import { createStderrLogger } from './stderr-logger.js';

interface Entry {
  level: string;
  fields: Readonly<Record<string, unknown>>;
  message: string;
}

function recordingLogger(entries: Entry[]): Logger {
  const at =
    (level: string) =>
    (fields: Readonly<Record<string, unknown>>, message: string): void => {
      entries.push({ level, fields, message });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('namespaceLogger', () => {
  it('is the silent logger with no logger and no debug namespace', () => {
    expect(namespaceLogger('channel', undefined, { debug: NO_DEBUG })).toBe(silentLogger);
  });

  it('tags entries for the application logger with the component', () => {
    const entries: Entry[] = [];
    const log = namespaceLogger('mesh', recordingLogger(entries), { debug: NO_DEBUG });
    log.info({ from: 'thin', to: 'fat' }, 'mode switch');
    expect(entries).toEqual([
      { level: 'info', fields: { component: 'mesh', from: 'thin', to: 'fat' }, message: 'mode switch' },
    ]);
  });

  it('writes stderr lines for a debug namespace even without a logger', () => {
    const lines: string[] = [];
    const log = namespaceLogger('channel', undefined, {
      debug: parseDebugNamespaces('channel'),
      write: (line) => lines.push(line),
    });
    log.debug({ endpoint: '127.0.0.1:1' }, 'connecting');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\S+Z dubbo-mesh:channel debug connecting \{"endpoint":"127.0.0.1:1"\}\n$/);
  });

  it('writes to both when a logger is given and the namespace is on', () => {
    const entries: Entry[] = [];
    const lines: string[] = [];
    const log = namespaceLogger('router', recordingLogger(entries), {
      debug: parseDebugNamespaces('*'),
      write: (line) => lines.push(line),
    });
    log.warn({ file: 'rules.yaml' }, 'rules rejected');
    expect(entries.map((e) => e.level)).toEqual(['warn']);
    expect(lines[0]).toContain('dubbo-mesh:router warn rules rejected');
  });

  it('leaves other namespaces silent', () => {
    const lines: string[] = [];
    const log = namespaceLogger('registry', undefined, {
      debug: parseDebugNamespaces('channel'),
      write: (line) => lines.push(line),
    });
    log.error({}, 'x');
    expect(lines).toEqual([]);
  });
});

describe('createStderrLogger', () => {
  it('prints errors by name and message, and survives unserialisable fields', () => {
    const lines: string[] = [];
    const log = createStderrLogger(
      'mesh',
      (line) => lines.push(line),
      () => new Date(0),
    );
    log.info({ error: new TypeError('boom') }, 'failed');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    log.info(cyclic, 'cyclic');
    expect(lines).toEqual([
      '1970-01-01T00:00:00.000Z dubbo-mesh:mesh info failed {"error":{"name":"TypeError","message":"boom"}}\n',
      '1970-01-01T00:00:00.000Z dubbo-mesh:mesh info cyclic {"fields":"unserialisable"}\n',
    ]);
  });
});
