/**
 * One valid document of each rule format a rules file may hold (cli.md "Rules files";
 * governance.md §3–§11), in block style so that line-level mutations hit keys, values and nesting.
 */
export const RULE_SAMPLES: Readonly<Record<string, string>> = {
  condition: `configVersion: v3.0
scope: service
force: false
runtime: true
enabled: true
key: org.demo.Greeter
conditions:
  - method=sayHello => region=hz
  - host=10.0.0.1 => region!=sh
  - => version=2.0.0
`,
  tag: `configVersion: v3.0
force: false
enabled: true
key: greeter-provider
tags:
  - name: gray
    match:
      - key: env
        value:
          exact: gray
  - name: blue
    addresses:
      - "10.0.0.2:50051"
`,
  'application configurator': `configVersion: v3.0
scope: application
key: shop-web
enabled: true
configs:
  - side: consumer
    addresses:
      - 0.0.0.0
    parameters:
      timeout: 3000
      retries: 2
`,
  'service configurator': `configVersion: v3.0
scope: service
key: org.demo.Greeter
enabled: true
configs:
  - side: provider
    addresses:
      - "10.0.0.1:50051"
    parameters:
      weight: 200
  - side: consumer
    match:
      app:
        oneof:
          - exact: shop-web
    parameters:
      timeout: 1000
`,
  'istio VirtualService + DestinationRule': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: greeter
spec:
  host: greeter-provider
  trafficPolicy:
    loadBalancer:
      simple: ROUND_ROBIN
    outlierDetection:
      consecutive5xxErrors: 3
      interval: 500ms
      baseEjectionTime: 30s
  subsets:
    - name: v1
      labels:
        region: hz
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: greeter
spec:
  hosts:
    - org.demo.Greeter
  http:
    - match:
        - headers:
            x-lane:
              exact: dev
      route:
        - destination:
            host: greeter-provider
            subset: v1
          weight: 100
`,
  'dubbo mesh VirtualService + DestinationRule': `apiVersion: service.dubbo.apache.org/v1alpha1
kind: DestinationRule
metadata:
  name: greeter-provider
spec:
  host: greeter-provider
  subsets:
    - name: v1
      labels:
        region: hz
    - name: v2
      labels:
        region: sh
---
apiVersion: service.dubbo.apache.org/v1alpha1
kind: VirtualService
metadata:
  name: greeter-provider
spec:
  hosts:
    - greeter-provider
  dubbo:
    - services:
        - prefix: org.demo.
      routedetail:
        - name: default
          route:
            - destination:
                subset: v1
              weight: 90
            - destination:
                subset: v2
              weight: 10
`,
  TrafficLabel: `apiVersion: istio.alibabacloud.com/v1
kind: TrafficLabel
metadata:
  name: lanes
  namespace: default
spec:
  rules:
    - labels:
        - name: x-asm-prefer-tag
          valueFrom:
            - $getInboundRequestHeader(x-asm-prefer-tag)
            - $getLabel(ASM_TRAFFIC_TAG)
`,
};
