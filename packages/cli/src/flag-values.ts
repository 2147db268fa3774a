import type { LoadArgs, ParsedFlags } from './command.js';
import { UsageError } from './usage-error.js';

/** A whole number ≥ 1, or a usage error naming the flag. */
export function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${flag} expects a whole number of at least 1, got "${text}"`);
  }
  return value;
}

/** `--attachment k=v` (repeatable); the value may be empty and may contain `=`. */
export function parseAttachments(pairs: readonly string[]): Record<string, string> {
  const attachments: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--attachment expects key=value, got "${pair}"`);
    attachments[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return attachments;
}

/** Load mode: `--repeat N [--concurrency C]` or `--duration S [--concurrency C]`; undefined without either. */
export function parseLoad(values: ParsedFlags): LoadArgs | undefined {
  const { repeat, duration, concurrency: concurrencyText } = values;
  if (repeat !== undefined && duration !== undefined) {
    throw new UsageError('--repeat and --duration are mutually exclusive: give a number of calls or a time');
  }
  if (repeat === undefined && duration === undefined) {
    if (concurrencyText !== undefined) throw new UsageError('--concurrency needs --repeat N or --duration S');
    return undefined;
  }
  const concurrency = concurrencyText === undefined ? 1 : positiveInteger('--concurrency', concurrencyText);
  if (repeat !== undefined) return { repeat: positiveInteger('--repeat', repeat), concurrency };
  const seconds = Number(duration);
  if (!/^\d+(\.\d+)?$/.test(duration ?? '') || !(seconds > 0)) {
    throw new UsageError(`--duration expects a number of seconds above 0, got "${duration}"`);
  }
  return { durationMs: seconds * 1000, concurrency };
}
