import { describe, expect, it } from 'vitest';
import { documents } from '../mesh/providers.fixture.js';
import { LANES } from './lanes.fixture.js';
import { parseTrafficLabels } from './traffic-label-set.js';

describe('parseTrafficLabels (traffic-label.md)', () => {
  it('reads the workload selector and the label sources in order', () => {
    const [lanes] = parseTrafficLabels(documents(LANES)).trafficLabels;
    expect(lanes?.name).toBe('lanes');
    expect(lanes?.workloadSelector).toEqual({ app: 'shop-web' });
    expect(lanes?.labels).toEqual([
      {
        header: 'x-asm-prefer-tag',
        sources: [
          { kind: 'inbound-header', header: 'x-asm-prefer-tag' },
          { kind: 'external-inbound-header', contextHeader: 'x-request-id', header: 'x-asm-prefer-tag' },
          { kind: 'label', label: 'ASM_TRAFFIC_TAG' },
        ],
      },
    ]);
  });

  it('accepts the older v1beta1 spelling and an empty selector', () => {
    const yaml = LANES.replace('istio.alibabacloud.com/v1', 'istio.alibabacloud.com/v1beta1').replace(
      '  workloadSelector: { labels: { app: shop-web } }\n',
      '',
    );
    expect(parseTrafficLabels(documents(yaml)).trafficLabels[0]?.workloadSelector).toEqual({});
  });

  it('rejects a bad source naming the valueFrom entry and its line', () => {
    const yaml = LANES.replace('$getLabel(ASM_TRAFFIC_TAG)', '$getLabels(ASM_TRAFFIC_TAG)');
    expect(() => parseTrafficLabels(documents(yaml, 'lanes.yaml'))).toThrow(
      'lanes.yaml, document 0, line 9, key spec.rules[0].labels[0].valueFrom[2]: unknown source $getLabels',
    );
  });

  it('rejects other mistakes naming the key', () => {
    const cases: [string, RegExp][] = [
      [
        LANES.replace('name: x-asm-prefer-tag', 'name: "x asm"'),
        /key spec\.rules\[0\]\.labels\[0\]\.name: "x asm" is not a valid header name/,
      ],
      [
        LANES.replace('$getInboundRequestHeader(x-asm-prefer-tag)', '$getInboundRequestHeader()'),
        /key spec\.rules\[0\]\.labels\[0\]\.valueFrom\[0\]: \$getInboundRequestHeader: "" is not a valid header name/,
      ],
      [
        LANES.replace('istio.alibabacloud.com/v1', 'istio.alibabacloud.com/v2'),
        /key apiVersion: expected istio\.alibabacloud\.com\/v1 or/,
      ],
      [LANES.split('  rules:')[0]!, /key spec\.rules: give at least one rule with labels/],
    ];
    for (const [yaml, error] of cases) expect(() => parseTrafficLabels(documents(yaml))).toThrow(error);
  });
});
