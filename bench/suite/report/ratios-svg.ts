import type { ScenarioResult, TargetCheck } from '../scenario.js';

/** The chart's layout, in SVG user units (pixels). */
const LAYOUT = {
  labelWidth: 360,
  plotWidth: 420,
  valueWidth: 70,
  rowHeight: 18,
  barHeight: 11,
  headingHeight: 26,
  top: 64,
  bottom: 30,
  /** Ratios are drawn on a log scale between these, clamped (clamped bars end in an arrow). */
  min: 0.1,
  max: 10,
} as const;

const TICKS = [0.1, 0.2, 0.5, 1, 2, 5, 10];

const COLORS = {
  met: '#2e7d32',
  missed: '#c62828',
  good: '#5c8fd6',
  bad: '#b0b0b0',
  axis: '#444',
  grid: '#ddd',
  target: '#111',
} as const;

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function xOf(ratio: number): number {
  const clamped = Math.min(LAYOUT.max, Math.max(LAYOUT.min, ratio));
  const span = Math.log10(LAYOUT.max) - Math.log10(LAYOUT.min);
  return LAYOUT.labelWidth + ((Math.log10(clamped) - Math.log10(LAYOUT.min)) / span) * LAYOUT.plotWidth;
}

/**
 * The target a ratio is checked against, by the convention the scenarios spell targets in:
 * `<measurement label> ours/<peer> <op> <bound>`.
 */
function targetFor(targets: readonly TargetCheck[], label: string, peer: string): TargetCheck | undefined {
  return targets.find((t) => t.target.startsWith(`${label} ours/${peer} `));
}

/**
 * bench/ratios.svg: one horizontal bar per ratio (ours / peer) on a log scale, growing from the line
 * at 1.0; a black tick marks the target where the issue sets one, and the bar is green when the target
 * is met, red when missed, blue or grey (on the better or worse side of 1.0) when it has none.
 * Hand-written SVG, no chart library.
 */
export function renderRatiosSvg(scenarios: readonly ScenarioResult[], caption: string): string {
  const parts: string[] = [];
  let y = LAYOUT.top;
  for (const scenario of scenarios) {
    if (scenario.ratios.length === 0) continue;
    y += LAYOUT.headingHeight;
    parts.push(
      `<text x="4" y="${y - 8}" font-weight="bold" font-size="13">${escapeXml(`${scenario.id}: ${scenario.title}`)}</text>`,
    );
    for (const { label, peer, ratio, better } of scenario.ratios) {
      const target = targetFor(scenario.targets, label, peer);
      const goodSide = better === 'higher' ? ratio >= 1 : ratio <= 1;
      const color = target ? (target.met ? COLORS.met : COLORS.missed) : goodSide ? COLORS.good : COLORS.bad;
      const mid = y + LAYOUT.rowHeight / 2;
      parts.push(
        `<text x="${LAYOUT.labelWidth - 6}" y="${mid + 4}" text-anchor="end" font-size="11">${escapeXml(
          `${label} ours/${peer} (${better === 'higher' ? 'higher' : 'lower'} is better)`,
        )}</text>`,
      );
      if (Number.isFinite(ratio) && ratio > 0) {
        const x0 = xOf(1);
        const x1 = xOf(ratio);
        const clamped = ratio > LAYOUT.max || ratio < LAYOUT.min;
        parts.push(
          `<rect x="${Math.min(x0, x1).toFixed(1)}" y="${(mid - LAYOUT.barHeight / 2).toFixed(1)}" width="${Math.max(
            1,
            Math.abs(x1 - x0),
          ).toFixed(
            1,
          )}" height="${LAYOUT.barHeight}" fill="${color}"${clamped ? ' stroke="#000" stroke-dasharray="2,2"' : ''}/>`,
        );
      }
      if (target && Number.isFinite(target.bound) && target.bound > 0) {
        const tx = xOf(target.bound).toFixed(1);
        parts.push(
          `<line x1="${tx}" x2="${tx}" y1="${y + 1}" y2="${y + LAYOUT.rowHeight - 1}" stroke="${COLORS.target}" stroke-width="2.5"/>`,
        );
      }
      parts.push(
        `<text x="${LAYOUT.labelWidth + LAYOUT.plotWidth + 6}" y="${mid + 4}" font-size="11">${
          Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a'
        }</text>`,
      );
      y += LAYOUT.rowHeight;
    }
  }
  const height = y + LAYOUT.bottom;
  const width = LAYOUT.labelWidth + LAYOUT.plotWidth + LAYOUT.valueWidth;
  const grid = TICKS.map((tick) => {
    const x = xOf(tick).toFixed(1);
    const one = tick === 1;
    return (
      `<line x1="${x}" x2="${x}" y1="${LAYOUT.top}" y2="${y}" stroke="${one ? COLORS.axis : COLORS.grid}" stroke-width="${one ? 1.5 : 1}"/>` +
      `<text x="${x}" y="${LAYOUT.top - 4}" text-anchor="middle" font-size="10">${tick}</text>` +
      `<text x="${x}" y="${y + 14}" text-anchor="middle" font-size="10">${tick}</text>`
    );
  });
  const legend = [
    [COLORS.met, 'target met'],
    [COLORS.missed, 'target missed'],
    [COLORS.good, 'no target, better than the peer'],
    [COLORS.bad, 'no target, worse than the peer'],
  ]
    .map(
      ([color, text], i) =>
        `<rect x="${4 + i * 200}" y="28" width="10" height="10" fill="${color}"/><text x="${18 + i * 200}" y="37" font-size="11">${text}</text>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" role="img">`,
    // A title makes the chart readable by screen readers (and biome's a11y lint asks for it).
    `<title>${escapeXml(caption)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="4" y="16" font-size="13">${escapeXml(caption)}</text>`,
    legend,
    `<text x="${width - 4}" y="52" text-anchor="end" font-size="10">ratio ours / peer, log scale; black tick = target</text>`,
    ...grid,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
