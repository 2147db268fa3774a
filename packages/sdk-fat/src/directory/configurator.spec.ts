import { describe, expect, it } from 'vitest';
import {
  applyConfigurator,
  type Configurator,
  configuratorFromUrl,
  serviceKeyOf,
  sortConfigurators,
} from './configurator.js';
import { mergeProviderParams } from './merge-provider-params.js';
import { GREETER, P1, P2, provider, SHOP_WEB } from './providers.fixture.js';

const merged = (raw = P1) =>
  mergeProviderParams(raw.params, { application: SHOP_WEB.application, params: {} });

function legacy(url: string): Configurator {
  const configurator = configuratorFromUrl(provider(url));
  if (!configurator) throw new Error('sets nothing');
  return configurator;
}

function apply(configurator: Configurator, raw = P1, localHost = SHOP_WEB.host) {
  return applyConfigurator(raw, merged(raw), configurator, localHost);
}

describe('legacy override:// URLs (Java AbstractConfigurator, no configVersion)', () => {
  it('0.0.0.0 applies to consumers; the consumer IP only to that consumer', () => {
    expect(apply(legacy(`override://0.0.0.0/${GREETER}?timeout=5000`)).timeout).toBe('5000');
    expect(apply(legacy(`override://10.1.0.9/${GREETER}?timeout=5000`)).timeout).toBe('5000');
    expect(apply(legacy(`override://10.1.0.8/${GREETER}?timeout=5000`)).timeout).toBeUndefined();
  });

  it('a port names one provider address', () => {
    const onP1 = legacy(`override://10.0.0.1:50051/${GREETER}?weight=5`);
    expect(apply(onP1, P1).weight).toBe('5');
    expect(apply(onP1, P2).weight).toBeUndefined();
  });

  it('checks service key, application, side and ~key conditions; drops condition keys', () => {
    expect(apply(legacy('override://0.0.0.0/org.demo.Other?timeout=1')).timeout).toBeUndefined();
    expect(
      apply(legacy(`override://0.0.0.0/${GREETER}?application=other&timeout=1`)).timeout,
    ).toBeUndefined();
    expect(apply(legacy(`override://0.0.0.0/${GREETER}?side=provider&timeout=1`)).timeout).toBeUndefined();
    expect(apply(legacy(`override://0.0.0.0/${GREETER}?~region=sh&timeout=1`)).timeout).toBeUndefined();
    const applied = apply(
      legacy(
        `override://0.0.0.0/${GREETER}?~region=hz&category=configurators&dynamic=false&application=shop-web&timeout=1`,
      ),
    );
    expect(applied.timeout).toBe('1');
    expect(applied['~region']).toBeUndefined();
    expect(applied.category).toBeUndefined();
    expect(applied.application).toBe('shop-web');
  });

  it('enabled=false disables it, and absent:// only fills missing keys', () => {
    expect(apply(legacy(`override://0.0.0.0/${GREETER}?enabled=false&timeout=1`)).timeout).toBeUndefined();
    const absent = apply(legacy(`absent://0.0.0.0/${GREETER}?region=xx&timeout=7`));
    expect([absent.region, absent.timeout]).toEqual(['hz', '7']);
  });

  it('a URL that sets nothing but anyhost is no configurator', () => {
    expect(configuratorFromUrl(provider(`override://0.0.0.0/${GREETER}?anyhost=true`))).toBeUndefined();
  });
});

describe('sortConfigurators', () => {
  it('orders by host text, then priority, so specific hosts win', () => {
    const list = [
      legacy(`override://10.1.0.9/${GREETER}?timeout=2`),
      legacy(`override://0.0.0.0/${GREETER}?timeout=1&priority=5`),
      legacy(`override://0.0.0.0/${GREETER}?timeout=0`),
    ];
    const sorted = sortConfigurators(list);
    expect(sorted.map((c) => c.params.timeout)).toEqual(['0', '1', '2']);
    const params = sorted.reduce((p, c) => applyConfigurator(P1, p, c, SHOP_WEB.host), merged());
    expect(params.timeout).toBe('2');
  });
});

describe('serviceKeyOf', () => {
  it('is group/interface:version', () => {
    expect(serviceKeyOf(provider('tri://h:1/path?interface=I&group=g&version=1'))).toBe('g/I:1');
    expect(serviceKeyOf(provider('tri://h:1/path'))).toBe('path');
  });
});
