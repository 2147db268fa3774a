/** Numbers for tables: three significant digits, thousands grouped, `n/a` for NaN or missing. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** A ratio as `1.23x`. */
export function formatRatio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(2)}x`;
}

/**
 * How far a missed target is from its bound, relative to the bound: `-12%` means 12 % short of a
 * "higher is better" bound, `+30%` that much over a "lower is better" one.
 */
export function formatMiss(measured: number, bound: number): string {
  if (!Number.isFinite(measured)) return 'not measured';
  const relative = ((measured - bound) / bound) * 100;
  return `${relative >= 0 ? '+' : ''}${relative.toFixed(0)}%`;
}

/** Escapes `|` so free text stays inside one Markdown table cell. */
export function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** A Markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
