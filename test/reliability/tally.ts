import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `pnpm test:reliability` counts. Tests call `tally(kind, n)`; when the report runner sets
 * `DUBBO_MESH_RELIABILITY_DIR`, each count is appended as a JSON line to a file per process there,
 * and the runner sums them into one table. In the default suite the variable is unset and this is a no-op.
 */
export type TallyKind =
  /** A malformed frame, header, hessian value, YAML document or registry entry fed to a parser. */
  | 'badInput'
  /** A fault injected: process killed, frozen, GOAWAY, session expiry, half-open connection. */
  | 'fault'
  /** An RPC call made by a reliability test. */
  | 'call'
  /** A call that neither succeeded nor failed with an error its caller saw: must stay 0. */
  | 'lost';

/** Environment variable naming the folder the report runner reads. */
export const RELIABILITY_DIR_ENV = 'DUBBO_MESH_RELIABILITY_DIR';

/** Records `count` events of `kind` under `area` (e.g. `frames`, `hessian`, `zookeeper`). */
export function tally(kind: TallyKind, count: number, area: string): void {
  const dir = process.env[RELIABILITY_DIR_ENV];
  if (dir === undefined || dir === '' || count === 0) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify({ kind, count, area })}\n`);
}
