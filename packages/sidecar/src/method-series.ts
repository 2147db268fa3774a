import { type Code, codeName } from '@dubbo-mesh/codec-triple';

/** The labels of one series by grpc-status, and how many calls ended with it. */
export interface CodeCount {
  readonly labels: { readonly service: string; readonly method: string; readonly grpc_code: string };
  calls: number;
}

/**
 * What the sidecar counts for one service/method between scrapes: calls by grpc-status and body
 * bytes as plain numbers, handed to prom-client only when `/metrics` is read. prom-client hashes
 * and validates the labels on every `inc`, which cost more per call than the rest of the metrics
 * (issue 5: sidecar CPU per call); the label objects are made once here too.
 */
export class MethodSeries {
  /** The service/method labels, for the histogram and the byte counters. */
  readonly labels: { readonly service: string; readonly method: string };
  readonly byCode = new Map<Code, CodeCount>();
  requestBytes = 0;
  responseBytes = 0;

  constructor(service: string, method: string) {
    this.labels = { service, method };
  }

  /** Counts one call that ended with `code`. */
  count(code: Code): void {
    const counted = this.byCode.get(code);
    if (counted) {
      counted.calls++;
      return;
    }
    const { service, method } = this.labels;
    this.byCode.set(code, { labels: { service, method, grpc_code: codeName(code) }, calls: 1 });
  }
}
