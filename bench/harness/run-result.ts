import type { ClientKind } from '../clients/unary-caller.js';
import { isClientKind } from '../clients/unary-caller.js';
import type { ClosedLoopResult } from './closed-loop.js';

/** What one client child reports on its last stdout line. */
export interface ClientRunResult extends ClosedLoopResult {
  kind: ClientKind;
  payloadBytes: number;
  concurrency: number;
  connections: number;
  /** The child's whole CPU time (start-up included), for ForeignLoadMeter. */
  processCpuUs: number;
}

const NUMBER_FIELDS = [
  'payloadBytes',
  'concurrency',
  'connections',
  'processCpuUs',
  'calls',
  'errors',
  'windowMs',
  'rps',
  'p50Ms',
  'p99Ms',
  'meanMs',
  'maxMs',
  'cpuUserUs',
  'cpuSystemUs',
  'cpuUsPerCall',
  'eventLoopUtilization',
] as const;

/** Parses and checks a child's report; throws naming what is wrong. */
export function parseClientRunResult(text: string): ClientRunResult {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) throw new TypeError('client report is not an object');
  const record = value as Record<string, unknown>;
  const kind = record.kind;
  if (typeof kind !== 'string' || !isClientKind(kind)) throw new TypeError(`bad client kind ${String(kind)}`);
  for (const field of NUMBER_FIELDS) {
    // JSON turns NaN into null: accept it back as NaN (e.g. CPU per call of a run with no calls).
    if (record[field] === null) record[field] = Number.NaN;
    if (typeof record[field] !== 'number') throw new TypeError(`client report: ${field} is not a number`);
  }
  const firstError = record.firstError;
  if (firstError !== undefined && typeof firstError !== 'string') {
    throw new TypeError('client report: firstError is not a string');
  }
  return record as unknown as ClientRunResult;
}
