/**
 * A bad sidecar setting: a flag, or a key of `mesh.yaml`. The message names where the value came
 * from (`--listen`, or `mesh.yaml:3: serve[1]`) so the user can fix it; the command exits 1.
 */
export class SidecarConfigError extends Error {
  constructor(
    /** `--flag`, or `file:line: key`. */
    readonly where: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${where}: ${problem}`, options);
    this.name = 'SidecarConfigError';
  }
}
