import type { ModeChange } from '@dubbo-mesh/sdk-fat';
import type { LoadReport } from './load-report.js';

/**
 * The load report of a mesh run (cli.md "Load mode"): `modes` counts calls by the path that carried
 * them, `switches` lists the mode changes with `at_ms` measured from the first call.
 */
export function meshLoadReport(
  report: LoadReport,
  callsByMode: { readonly thin: number; readonly fat: number },
  changes: readonly ModeChange[],
  firstCallAt: number,
): LoadReport {
  return {
    ...report,
    modes: { thin: callsByMode.thin, fat: callsByMode.fat },
    switches: changes.map((change) => ({
      at_ms: Math.max(0, change.at - firstCallAt),
      from: change.from,
      to: change.to,
      reason: change.reason,
    })),
  };
}
