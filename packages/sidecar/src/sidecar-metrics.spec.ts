import { Code } from '@dubbo-mesh/codec-triple';
import { describe, expect, it } from 'vitest';
import { SidecarMetrics } from './sidecar-metrics.js';

describe('SidecarMetrics', () => {
  it('counts calls by status, errors, latency and bytes per service and method', async () => {
    const metrics = new SidecarMetrics({ processMetrics: false });
    metrics.callStarted();
    metrics.callStarted();
    metrics.callEnded({
      service: 'a.B',
      method: 'm',
      code: Code.Ok,
      seconds: 0.002,
      requestBytes: 10,
      responseBytes: 20,
    });
    metrics.resent('a.B', 'm', 'unreachable');
    const { text, contentType } = await metrics.exposition();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('dubbo_mesh_sidecar_calls_total{service="a.B",method="m",grpc_code="OK"} 1');
    expect(text).toContain(
      'dubbo_mesh_sidecar_call_duration_seconds_bucket{le="0.0025",service="a.B",method="m"} 1',
    );
    expect(text).toContain('dubbo_mesh_sidecar_request_bytes_total{service="a.B",method="m"} 10');
    expect(text).toContain('dubbo_mesh_sidecar_response_bytes_total{service="a.B",method="m"} 20');
    expect(text).toContain(
      'dubbo_mesh_sidecar_resends_total{service="a.B",method="m",reason="unreachable"} 1',
    );
    expect(text).toContain('dubbo_mesh_sidecar_calls_in_flight 1');
    expect(text).not.toContain('dubbo_mesh_sidecar_call_errors_total{');
    metrics.callEnded({
      service: 'a.B',
      method: 'm',
      code: Code.Unavailable,
      seconds: 1,
      requestBytes: 0,
      responseBytes: 0,
    });
    expect((await metrics.exposition()).text).toContain(
      'dubbo_mesh_sidecar_call_errors_total{service="a.B",method="m",grpc_code="UNAVAILABLE"} 1',
    );
  });

  it('reports the same totals on every scrape, and counts on between scrapes', async () => {
    const metrics = new SidecarMetrics({ processMetrics: false });
    const record = {
      service: 'a.B',
      method: 'm',
      code: Code.Ok,
      seconds: 0,
      requestBytes: 5,
      responseBytes: 0,
    };
    metrics.callEnded(record);
    await metrics.exposition();
    expect((await metrics.exposition()).text).toContain(
      'dubbo_mesh_sidecar_calls_total{service="a.B",method="m",grpc_code="OK"} 1',
    );
    metrics.callEnded(record);
    const { text } = await metrics.exposition();
    expect(text).toContain('dubbo_mesh_sidecar_calls_total{service="a.B",method="m",grpc_code="OK"} 2');
    expect(text).toContain('dubbo_mesh_sidecar_request_bytes_total{service="a.B",method="m"} 10');
    expect(text).not.toContain('dubbo_mesh_sidecar_response_bytes_total{');
  });

  it('folds methods past the label limit into "other"', async () => {
    const metrics = new SidecarMetrics({ processMetrics: false });
    for (let i = 0; i < 1001; i++) {
      metrics.callStarted();
      metrics.callEnded({
        service: 's',
        method: `m${i}`,
        code: Code.Ok,
        seconds: 0,
        requestBytes: 0,
        responseBytes: 0,
      });
    }
    const { text } = await metrics.exposition();
    expect(text).toContain('dubbo_mesh_sidecar_calls_total{service="other",method="other",grpc_code="OK"} 1');
    expect(text).toContain('dubbo_mesh_sidecar_calls_total{service="s",method="m999",grpc_code="OK"} 1');
  });

  it('exposes the registry count of skipped malformed entries, read at each scrape', async () => {
    const metrics = new SidecarMetrics({ processMetrics: false });
    let skipped = 0;
    metrics.countInvalidRegistryEntries(() => skipped);
    expect((await metrics.exposition()).text).toContain(
      'dubbo_mesh_sidecar_registry_invalid_entries_total 0',
    );
    skipped = 3;
    expect((await metrics.exposition()).text).toContain(
      'dubbo_mesh_sidecar_registry_invalid_entries_total 3',
    );
  });
});
