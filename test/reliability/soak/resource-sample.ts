/** Heap and handles at one moment of the soak run. */
export interface ResourceSample {
  /** Bytes of JS heap in use, after a full GC when `--expose-gc` is on. */
  readonly heapUsed: number;
  /** `process.getActiveResourcesInfo()`: sockets, timers, file handles the event loop holds. */
  readonly activeResources: number;
  /** The same, counted by kind (`TCPSocketWrap`, `Timeout`, `PipeWrap`...), to name what grew. */
  readonly byKind: Readonly<Record<string, number>>;
}

type GcFunction = () => void;

/** Takes a sample; collects garbage first when the process runs with `--expose-gc`. */
export function sampleResources(): ResourceSample {
  const gc = (globalThis as { gc?: GcFunction }).gc;
  if (gc) {
    gc();
    gc();
  }
  const resources = process.getActiveResourcesInfo();
  const byKind: Record<string, number> = {};
  for (const kind of resources) byKind[kind] = (byKind[kind] ?? 0) + 1;
  return { heapUsed: process.memoryUsage().heapUsed, activeResources: resources.length, byKind };
}

/** True when `--expose-gc` is on, so heap samples are comparable. */
export function gcExposed(): boolean {
  return typeof (globalThis as { gc?: GcFunction }).gc === 'function';
}

export function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
