/**
 * Suite item 5 (issue 5; sdk-fat issue): Fat routing + balancing decision time at 10, 1,000 and
 * 10,000 providers with 20 rules. Caches are built on the first decision for a provider set, as in
 * production after each registry or rule change; what is measured is the per-call cost, which must not
 * grow with the provider count (target: 10,000 ≤ 1.5 × 10). `pnpm bench:fat` (bench/fat-decision.ts)
 * prints the same measurement as a table.
 */
import {
  buildRuleSet,
  type Invocation,
  loadBalancers,
  makeProvider,
  ProviderSet,
  parseRuleDocuments,
} from '@dubbo-mesh/sdk-fat';
import { median } from '../../harness/stats.js';
import { checkTarget, type Scenario, type ScenarioResult } from '../scenario.js';

const SERVICE = 'org.demo.Greeter';
/** Provider counts measured; the first is the base of the ratios. */
export const FAT_PROVIDER_COUNTS = [10, 1_000, 10_000] as const;

/** 20 rules of the kinds a production consumer carries: conditions, tags, a mesh rule. */
function rulesYaml(): string {
  const docs: string[] = [];
  for (let i = 0; i < 16; i++) {
    docs.push(
      [
        'configVersion: v3.0',
        'scope: service',
        `key: "${i === 0 ? SERVICE : `org.demo.Other${i}`}::"`,
        'conditions:',
        `  - "method=greet${i} => region=hz"`,
        `  - "attachments[lane]=l${i} => env=prod"`,
      ].join('\n'),
    );
  }
  docs.push(
    [
      'configVersion: v3.0',
      'key: greeter-provider',
      'tags:',
      '  - name: gray',
      '    match:',
      '      - key: env',
      '        value: { exact: gray }',
    ].join('\n'),
  );
  docs.push(
    'configVersion: v3.0\nscope: application\nkey: shop-web\nconditions:\n  - "method=neverCalled => region=sh"',
  );
  docs.push(
    [
      'apiVersion: service.dubbo.apache.org/v1alpha1',
      'kind: DestinationRule',
      'metadata: { name: greeter-provider }',
      'spec: { host: greeter-provider, subsets: [{ name: hz, labels: { region: hz } }, { name: sh, labels: { region: sh } }] }',
    ].join('\n'),
  );
  docs.push(
    [
      'apiVersion: service.dubbo.apache.org/v1alpha1',
      'kind: VirtualService',
      'metadata: { name: greeter-provider }',
      'spec:',
      '  hosts: [greeter-provider]',
      '  dubbo:',
      `    - services: [{ exact: ${SERVICE} }]`,
      '      routedetail:',
      '        - name: canary',
      '          match: [{ attachments: { dubboContext: { lane: { exact: canary } } } }]',
      '          route: [{ destination: { subset: sh } }]',
      '        - name: default',
      '          route: [{ destination: { subset: hz }, weight: 90 }, { destination: { subset: sh }, weight: 10 }]',
    ].join('\n'),
  );
  return docs.join('\n---\n');
}

function providers(count: number): ProviderSet {
  const list = [];
  for (let i = 0; i < count; i++) {
    const host = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    list.push(
      makeProvider('tri', host, 50051, SERVICE, {
        interface: SERVICE,
        application: 'greeter-provider',
        region: i % 2 === 0 ? 'hz' : 'sh',
        env: i % 10 === 0 ? 'gray' : 'prod',
        weight: String(100 + (i % 3) * 50),
      }),
    );
  }
  return new ProviderSet(list);
}

function invocations(): Invocation[] {
  const consumer = { application: 'shop-web', host: '10.1.0.9', params: { region: 'hz' } };
  const service = { serviceName: SERVICE };
  return [
    { service, method: 'greet0', args: ['x'], attachments: {}, consumer },
    { service, method: 'ping', args: [], attachments: { lane: 'l0' }, consumer },
    { service, method: 'greet', args: [], attachments: { lane: 'canary' }, consumer },
    { service, method: 'greet', args: [], attachments: { 'dubbo.tag': 'gray' }, consumer },
  ];
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ns per decision for `size` providers, over `decisions` decisions after the caches and the JIT warmed up. */
function measure(size: number, decisions: number): number {
  const random = seeded(42);
  const ruleSet = buildRuleSet(parseRuleDocuments(rulesYaml(), 'bench-rules.yaml'), { random });
  const set = providers(size);
  const balancer = loadBalancers.get('random')({ now: () => 0, random });
  const calls = invocations();
  let picked = 0;
  const decide = (i: number): void => {
    const invocation = calls[i % calls.length]!;
    const routed = ruleSet.chain.route(set, invocation);
    if (routed.size > 0) picked += balancer.pick(routed, invocation).port;
  };
  for (let i = 0; i < calls.length * 4; i++) decide(i); // builds the per-set caches, as the first calls do
  for (let i = 0; i < 20_000; i++) decide(i); // JIT warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < decisions; i++) decide(i);
  const elapsedNs = Number(process.hrtime.bigint() - started);
  if (picked === 0) throw new Error('no decision picked a provider');
  return elapsedNs / decisions;
}

export interface FatDecisionOptions {
  /** Timed decisions per provider count and round. */
  readonly decisions: number;
  readonly rounds: number;
  readonly progress?: (line: string) => void;
}

/** ns per decision (median of the rounds) by provider count; rounds interleave the counts. */
export function measureFatDecision(options: FatDecisionOptions): Map<number, number> {
  const runs = new Map<number, number[]>();
  for (let round = 0; round < options.rounds; round++) {
    for (const size of FAT_PROVIDER_COUNTS) {
      options.progress?.(`round ${round + 1}/${options.rounds}: ${size} providers`);
      runs.set(size, [...(runs.get(size) ?? []), measure(size, options.decisions)]);
    }
  }
  return new Map([...runs].map(([size, values]) => [size, median(values)]));
}

const SETTINGS = {
  full: { decisions: 100_000, rounds: 3 },
  quick: { decisions: 5_000, rounds: 1 },
} as const;

export const scenario: Scenario = {
  id: 'fat',
  title: 'Fat routing + balancing decision time vs provider count (20 rules)',
  budgetSeconds: 15,
  async run(context): Promise<ScenarioResult> {
    const started = performance.now();
    const settings = SETTINGS[context.mode];
    const ns = measureFatDecision({ ...settings, progress: context.progress });
    const base = ns.get(FAT_PROVIDER_COUNTS[0])!;
    const largest = FAT_PROVIDER_COUNTS[FAT_PROVIDER_COUNTS.length - 1]!;
    const measurements = FAT_PROVIDER_COUNTS.slice(1).map((size) => ({
      label: `decision at ${size} providers`,
      unit: 'ns',
      value: ns.get(size)!,
      peers: { [`${FAT_PROVIDER_COUNTS[0]} providers`]: base },
    }));
    return {
      id: 'fat',
      title: scenario.title,
      conditions: {
        node: process.version,
        rules: '16 condition rules, a tag rule, an application rule, a mesh VirtualService + DestinationRule',
        balancer: 'random',
        decisionsPerRound: settings.decisions,
        rounds: settings.rounds,
        statistic: 'median of rounds',
      },
      measurements,
      // The "peer" here is our own decision at 10 providers: the ratio says how cost grows with size.
      ratios: measurements.map((m) => ({
        label: m.label,
        peer: `${FAT_PROVIDER_COUNTS[0]} providers`,
        ratio: m.value / base,
        better: 'lower' as const,
      })),
      targets: [
        checkTarget(
          `decision time at ${largest} providers / at ${FAT_PROVIDER_COUNTS[0]} <= 1.5`,
          ns.get(largest)! / base,
          1.5,
          'lower',
        ),
      ],
      elapsedMs: performance.now() - started,
    };
  },
};
