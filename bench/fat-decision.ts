/**
 * Fat routing + balancing decision time at 10, 1,000 and 10,000 providers with 20 rules
 * (sdk-fat issue; performance suite item 5). Caches are built on the first decision for a provider
 * set, as in production after each registry or rule change; what is measured is the per-call cost,
 * which must not grow with the provider count (target: 10,000 ≤ 1.5 × 10).
 *
 * Run: pnpm exec tsx --conditions=source bench/fat-decision.ts
 */
import {
  buildRuleSet,
  type Invocation,
  loadBalancers,
  makeProvider,
  ProviderSet,
  parseRuleDocuments,
} from '@dubbo-mesh/sdk-fat';

const SERVICE = 'org.demo.Greeter';
const SIZES = [10, 1_000, 10_000];
const DECISIONS = 200_000;
const ROUNDS = 3;

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

function measure(size: number): number {
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
  for (let i = 0; i < DECISIONS; i++) decide(i);
  const elapsedNs = Number(process.hrtime.bigint() - started);
  if (picked === 0) throw new Error('no decision picked a provider');
  return elapsedNs / DECISIONS;
}

const results = new Map<number, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const size of SIZES) {
    process.stderr.write(`round ${round + 1}/${ROUNDS}: ${size} providers...\n`);
    results.set(size, [...(results.get(size) ?? []), measure(size)]);
  }
}
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const base = median(results.get(SIZES[0]!)!);
console.log(
  `Fat decision time (route through 20 rules + random balancer), Node ${process.version}, ${DECISIONS} decisions x ${ROUNDS} rounds, medians`,
);
console.log('| providers | ns per decision | ratio to 10 providers |');
console.log('|---:|---:|---:|');
for (const size of SIZES) {
  const ns = median(results.get(size)!);
  console.log(`| ${size} | ${ns.toFixed(0)} | ${(ns / base).toFixed(2)} |`);
}
