/** The resource of traffic-label.md. */
export const LANES = `apiVersion: istio.alibabacloud.com/v1
kind: TrafficLabel
metadata: { name: lanes, namespace: default }
spec:
  workloadSelector: { labels: { app: shop-web } }
  rules:
    - labels:
        - name: x-asm-prefer-tag
          valueFrom:
            - $getInboundRequestHeader(x-asm-prefer-tag)
            - $getExternalInboundRequestHeader(x-request-id, x-asm-prefer-tag)
            - $getLabel(ASM_TRAFFIC_TAG)
`;
