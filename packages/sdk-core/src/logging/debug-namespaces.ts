/**
 * The parts of dubbo-mesh that write debug trace lines, each switched on by name in
 * `DUBBO_MESH_DEBUG` (docs/observability.md "Debug namespaces"):
 * - `channel`: HTTP/2 connections: connect, GOAWAY, reconnect backoff, close;
 * - `router`: rule sets built and reloaded, routes chosen;
 * - `registry`: provider lists received, entries skipped;
 * - `mesh`: Thin ⇄ Fat switches of the mesh client;
 * - `sidecar`: the sidecar's listeners, providers and rule reloads.
 */
export type DebugNamespace = 'channel' | 'router' | 'registry' | 'mesh' | 'sidecar';

/** Which namespaces `DUBBO_MESH_DEBUG` switched on: `*` is all of them. */
export interface DebugSelection {
  readonly all: boolean;
  readonly names: ReadonlySet<string>;
}

/** Nothing switched on. */
export const NO_DEBUG: DebugSelection = { all: false, names: new Set() };

/**
 * Parses `DUBBO_MESH_DEBUG`: a comma- or space-separated list of namespaces, `*` for all, as the
 * `debug` package and `NODE_DEBUG` read theirs. Unknown names are kept (a later version may know
 * them) and harm nothing.
 */
export function parseDebugNamespaces(value: string | undefined): DebugSelection {
  if (value === undefined || value.trim() === '') return NO_DEBUG;
  const names = new Set(
    value
      .split(/[\s,]+/)
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
  );
  return { all: names.has('*'), names };
}

/** True when `namespace` writes debug lines under `selection`. */
export function isDebugEnabled(selection: DebugSelection, namespace: string): boolean {
  return selection.all || selection.names.has(namespace);
}

let processSelection: DebugSelection | undefined;

/**
 * The process's selection, read from the environment on first use and then kept: flipping the
 * variable later changes nothing, so a hot path never reads `process.env` (a slow getter in Node).
 */
export function processDebugSelection(): DebugSelection {
  processSelection ??= parseDebugNamespaces(process.env.DUBBO_MESH_DEBUG);
  return processSelection;
}
