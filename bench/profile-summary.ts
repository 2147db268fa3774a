/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof` or bench/unary-uds.ts --profile): time by
 * category, the top functions by self time with file:line (mapped back to .ts through the dist's
 * source maps), and our packages' functions by self and by total time.
 *
 * pnpm exec tsx bench/profile-summary.ts file.cpuprofile [--top 25] [--calls N] [--callers NAME]
 *   --calls N        also print microseconds per call (N = calls made while the profile ran)
 *   --callers NAME   the heaviest call chains into functions named NAME (e.g. deprecate)
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

type Category =
  | 'our packages'
  | 'bench'
  | 'protobufjs'
  | 'grpc-js'
  | 'node'
  | 'gc'
  | 'idle'
  | 'program'
  | 'v8/native';

interface FunctionStats {
  name: string;
  location: string;
  category: Category;
  selfUs: number;
  totalUs: number;
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

function parseProfile(text: string): CpuProfile {
  const value: unknown = JSON.parse(text);
  if (
    typeof value !== 'object' ||
    value === null ||
    !Array.isArray(Reflect.get(value, 'nodes')) ||
    !Array.isArray(Reflect.get(value, 'samples')) ||
    !Array.isArray(Reflect.get(value, 'timeDeltas'))
  ) {
    throw new TypeError('not a .cpuprofile (nodes, samples and timeDeltas expected)');
  }
  return value as CpuProfile;
}

/** Maps positions in built .js files back to their .ts sources, one source map per file. */
class SourceLocator {
  private readonly maps = new Map<string, { map: SourceMap; dir: string } | null>();

  locate(frame: CallFrame): string {
    if (!frame.url.startsWith('file://')) return frame.url ? `${frame.url}:${frame.lineNumber + 1}` : '';
    const path = fileURLToPath(frame.url);
    const mapped = this.mapOf(path);
    if (mapped) {
      const entry: unknown = mapped.map.findEntry(frame.lineNumber, frame.columnNumber);
      const source: unknown = entry && Reflect.get(entry, 'originalSource');
      const line: unknown = entry && Reflect.get(entry, 'originalLine');
      if (typeof source === 'string' && typeof line === 'number') {
        const original = source.startsWith('file://') ? fileURLToPath(source) : resolve(mapped.dir, source);
        return `${shorten(original)}:${line + 1}`;
      }
    }
    return `${shorten(path)}:${frame.lineNumber + 1}`;
  }

  private mapOf(path: string): { map: SourceMap; dir: string } | null {
    let cached = this.maps.get(path);
    if (cached !== undefined) return cached;
    cached = null;
    if (path.endsWith('.js') && existsSync(`${path}.map`)) {
      try {
        cached = { map: new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))), dir: dirname(path) };
      } catch {
        cached = null; // An unreadable map only costs the .ts line numbers.
      }
    }
    this.maps.set(path, cached);
    return cached;
  }
}

function shorten(path: string): string {
  const pnpm = path.lastIndexOf('/node_modules/');
  if (pnpm >= 0) return path.slice(pnpm + '/node_modules/'.length);
  return relative(REPO_ROOT, path);
}

function categoryOf(frame: CallFrame): Category {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)' || functionName === '(root)') return 'program';
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/node_modules/')) {
    if (url.includes('/protobufjs/') || url.includes('/@protobufjs/')) return 'protobufjs';
    if (url.includes('/@grpc/')) return 'grpc-js';
    return 'v8/native';
  }
  if (url.includes('/packages/')) return 'our packages';
  if (url.includes('/bench/')) return 'bench';
  return 'v8/native';
}

export interface ProfileSummaryOptions {
  top?: number;
  /** Calls made while the profile ran: adds microseconds per call. */
  calls?: number;
  /** Also print the heaviest call chains (callers first) leading to functions of this name. */
  callersOf?: string;
}

export function summarizeProfile(file: string, options: ProfileSummaryOptions = {}): string {
  const profile = parseProfile(readFileSync(file, 'utf8'));
  const top = options.top ?? 25;
  const calls = options.calls;
  const locator = new SourceLocator();

  const byId = new Map<number, ProfileNode>();
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const keyOf = (f: CallFrame): string => `${f.functionName}|${f.url}|${f.lineNumber}|${f.columnNumber}`;
  const stats = new Map<string, FunctionStats>();
  const statsOf = (frame: CallFrame): FunctionStats => {
    const key = keyOf(frame);
    let s = stats.get(key);
    if (!s) {
      s = {
        name: frame.functionName || '(anonymous)',
        location: locator.locate(frame),
        category: categoryOf(frame),
        selfUs: 0,
        totalUs: 0,
      };
      stats.set(key, s);
    }
    return s;
  };
  // The functions on a node's stack, each once (recursion counts once toward total time).
  const stackCache = new Map<number, FunctionStats[]>();
  const stackOf = (id: number): FunctionStats[] => {
    let stack = stackCache.get(id);
    if (!stack) {
      const seen = new Set<FunctionStats>();
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        const node = byId.get(at);
        if (node && node.callFrame.functionName !== '(root)') seen.add(statsOf(node.callFrame));
      }
      stack = [...seen];
      stackCache.set(id, stack);
    }
    return stack;
  };

  // timeDeltas[i] is the time from sample i-1 to sample i: charge it to sample i-1, which ran then.
  const { samples, timeDeltas } = profile;
  let totalUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const us = i + 1 < timeDeltas.length ? timeDeltas[i + 1]! : 0;
    if (us <= 0) continue;
    const node = byId.get(samples[i]!);
    if (!node) continue;
    totalUs += us;
    statsOf(node.callFrame).selfUs += us;
    for (const s of stackOf(node.id)) s.totalUs += us;
  }

  const pct = (us: number): string => `${((100 * us) / totalUs).toFixed(1)}%`;
  const perCall = (us: number): string => (calls ? (us / calls).toFixed(2) : '');
  const lines: string[] = [];
  const busyUs =
    totalUs - [...stats.values()].filter((s) => s.category === 'idle').reduce((a, s) => a + s.selfUs, 0);
  lines.push(
    `${relative(process.cwd(), file)}: ${(totalUs / 1e6).toFixed(2)} s sampled, ${samples.length} samples, ` +
      `busy ${(busyUs / 1e6).toFixed(2)} s${calls ? `, ${calls} calls: ${(busyUs / calls).toFixed(1)} us busy per call` : ''}`,
  );

  const categories = new Map<Category, number>();
  for (const s of stats.values()) categories.set(s.category, (categories.get(s.category) ?? 0) + s.selfUs);
  lines.push('', `self time by category${calls ? ' (us/call)' : ''}:`);
  for (const [category, us] of [...categories].sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${category.padEnd(14)} ${pct(us).padStart(6)}  ${perCall(us).padStart(7)}`);
  }

  const row = (s: FunctionStats, by: 'selfUs' | 'totalUs'): string =>
    `  ${pct(s[by]).padStart(6)}  ${perCall(s[by]).padStart(7)}  ${s.name.slice(0, 44).padEnd(44)}  ${s.location}`;
  const all = [...stats.values()];
  const head = `     %  ${calls ? 'us/call' : '       '}  function${' '.repeat(36)}  location`;
  lines.push('', `top ${top} functions by self time:`, head);
  for (const s of all.sort((a, b) => b.selfUs - a.selfUs).slice(0, top)) lines.push(row(s, 'selfUs'));

  const ours = all.filter((s) => s.category === 'our packages');
  if (ours.length > 0) {
    lines.push('', `our packages, top ${top} by self time:`, head);
    for (const s of ours.sort((a, b) => b.selfUs - a.selfUs).slice(0, top)) lines.push(row(s, 'selfUs'));
    lines.push('', `our packages, top ${top} by total time (self + callees):`, head);
    for (const s of ours.sort((a, b) => b.totalUs - a.totalUs).slice(0, top)) lines.push(row(s, 'totalUs'));
  }

  if (options.callersOf !== undefined) {
    const chains = new Map<string, number>();
    for (let i = 0; i < samples.length; i++) {
      const us = i + 1 < timeDeltas.length ? timeDeltas[i + 1]! : 0;
      const node = byId.get(samples[i]!);
      if (!node || node.callFrame.functionName !== options.callersOf) continue;
      const chain: string[] = [];
      for (let at = parentOf.get(node.id); at !== undefined && chain.length < 6; at = parentOf.get(at)) {
        const frame = byId.get(at)!.callFrame;
        chain.push(`${frame.functionName || '(anonymous)'} ${statsOf(frame).location}`);
      }
      const key = chain.join('\n      < ');
      chains.set(key, (chains.get(key) ?? 0) + us);
    }
    lines.push('', `callers of ${options.callersOf} (self time, innermost caller first):`);
    for (const [chain, us] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 5)) {
      lines.push(`  ${pct(us).padStart(6)}  ${perCall(us).padStart(7)}  < ${chain}`);
    }
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '25' },
      calls: { type: 'string' },
      callers: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (file === undefined) {
    process.stderr.write('usage: profile-summary.ts file.cpuprofile [--top 25] [--calls N]\n');
    process.exit(2);
  }
  const calls = values.calls === undefined ? undefined : Number(values.calls);
  const summary = summarizeProfile(file, { top: Number(values.top), calls, callersOf: values.callers });
  process.stdout.write(`${summary}\n`);
}
