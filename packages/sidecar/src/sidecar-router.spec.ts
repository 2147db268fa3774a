import { buildRuleSet, type ConsumerInfo, ProviderSource, parseRuleDocuments } from '@dubbo-mesh/sdk-fat';
import { describe, expect, it } from 'vitest';
import { FakeRegistry } from './fake-registry.fixture.js';
import { describeInboundCall, type InboundCall } from './inbound-call.js';
import { SidecarRouter } from './sidecar-router.js';

const SERVICE = 'org.demo.Greeter';
const consumer: ConsumerInfo = {
  application: 'sidecar-app',
  host: '10.0.0.9',
  params: { application: 'sidecar-app' },
};

function routerFor(urls: string[], rules = '', random = () => 0): SidecarRouter {
  const source = new ProviderSource(new FakeRegistry({ [SERVICE]: urls }), { consumer });
  const ruleSet = buildRuleSet(rules ? parseRuleDocuments(rules, 'rules.yaml') : [], { random });
  return new SidecarRouter({
    source,
    routers: () => ruleSet.chain,
    consumer,
    defaultLoadBalance: 'random',
    now: () => 0,
    random,
  });
}

function call(headers: Record<string, string> = {}): InboundCall {
  const described = describeInboundCall({ ':path': `/${SERVICE}/sayHello`, ...headers });
  if (typeof described === 'string') throw new Error(described);
  return described;
}

const hz = `tri://10.0.0.1:50051/${SERVICE}?region=hz`;
const sh = `tri://10.0.0.2:50051/${SERVICE}?region=sh`;
const gray = `tri://10.0.0.3:50051/${SERVICE}?region=sh&dubbo.tag=gray`;

describe('SidecarRouter', () => {
  const rule = [
    'configVersion: v3.0',
    'scope: service',
    `key: "${SERVICE}::"`,
    'conditions:',
    '  - "application=shop => region=hz"',
    '',
  ].join('\n');

  it('matches condition rules against the calling application from tri-consumer-appname', async () => {
    const router = routerFor([hz, sh], rule);
    const shop = await router.route(call({ 'tri-consumer-appname': 'shop' }));
    expect(shop.providers.providers.map((p) => p.address)).toEqual(['10.0.0.1:50051']);
    expect(shop.invocation.consumer).toMatchObject({ application: 'shop', host: '10.0.0.9' });
    expect(shop.invocation.args).toBeUndefined();
    const other = await router.route(call({ 'tri-consumer-appname': 'billing' }));
    expect(other.providers.size).toBe(2);
    // With no application named, the sidecar's own is the consumer.
    expect((await router.route(call())).invocation.consumer.application).toBe('sidecar-app');
  });

  it('routes on the dubbo.tag attachment', async () => {
    const router = routerFor([hz, sh, gray]);
    const tagged = await router.route(call({ 'dubbo.tag': 'gray' }));
    expect(tagged.providers.providers.map((p) => p.address)).toEqual(['10.0.0.3:50051']);
    const untagged = await router.route(call());
    expect(untagged.providers.providers.map((p) => p.address).sort()).toEqual([
      '10.0.0.1:50051',
      '10.0.0.2:50051',
    ]);
  });

  it('picks providers not tried yet, and none once all were tried', async () => {
    const routed = await routerFor([hz, sh]).route(call());
    const first = routed.pick(new Set())!;
    const second = routed.pick(new Set([first]))!;
    expect(second).not.toBe(first);
    expect(routed.pick(new Set([first, second]))).toBeUndefined();
    expect(routed.listed).toBe(2);
  });

  it('reports no provider when the registry lists none', async () => {
    const routed = await routerFor([]).route(call());
    expect(routed.pick(new Set())).toBeUndefined();
    expect(routed.listed).toBe(0);
  });

  it('uses the loadbalance a provider sets, falling back to the default for an unknown one', async () => {
    const rr = (name: string) => [
      `tri://10.0.0.1:1/${SERVICE}?loadbalance=${name}`,
      `tri://10.0.0.2:1/${SERVICE}?loadbalance=${name}`,
    ];
    const roundRobin = routerFor(rr('roundrobin'));
    const picks: string[] = [];
    for (let i = 0; i < 4; i++) picks.push((await roundRobin.route(call())).pick(new Set())!.address);
    expect(new Set(picks.slice(0, 2)).size).toBe(2);
    expect(picks.slice(2)).toEqual(picks.slice(0, 2));
    const unknown = await routerFor(rr('no-such-balancer')).route(call());
    expect(unknown.pick(new Set())).toBeDefined();
  });

  it('routes at once, without a promise, once the registry listed the service', async () => {
    const router = routerFor([hz, sh]);
    await router.route(call());
    const routed = router.route(call());
    expect(routed).not.toBeInstanceOf(Promise);
    expect((routed as Awaited<typeof routed>).providers.size).toBe(2);
  });

  it('keeps one balancer per service method across calls, and tells it when attempts begin and end', async () => {
    const roundRobin = routerFor([hz, sh].map((url) => `${url}&loadbalance=roundrobin`));
    const first = await roundRobin.route(call());
    const second = await roundRobin.route(call());
    const a = first.pick(new Set())!;
    const b = second.pick(new Set())!;
    expect(a.address).not.toBe(b.address);
    const startedAt = first.begin(a);
    expect(() => first.end(a, startedAt, true)).not.toThrow();
  });
});
