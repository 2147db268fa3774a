/**
 * An integer URL parameter, the way Java's `URL.getParameter(key, int)` reads it; absent or not an
 * integer gives `fallback` (Java would throw on garbage; a bad parameter must not break every call).
 */
export function integerParam(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const trimmed = value.trim();
  return /^[-+]?\d+$/.test(trimmed) ? Number.parseInt(trimmed, 10) : fallback;
}
