import { JavaException } from '@dubbo-mesh/codec-triple';
import { Code, markNotSent, RpcError } from '@dubbo-mesh/sdk-core';
import { describe, expect, it } from 'vitest';
import { outlierOutcome } from './outlier-outcome.js';

describe('outlierOutcome', () => {
  it('counts UNAVAILABLE, DEADLINE_EXCEEDED and connect failures as gateway errors', () => {
    expect(outlierOutcome(new RpcError(Code.Unavailable, 'down'))).toBe('gateway-error');
    expect(outlierOutcome(new RpcError(Code.DeadlineExceeded, 'slow'))).toBe('gateway-error');
    expect(outlierOutcome(markNotSent(new RpcError(Code.Internal, 'refused stream')))).toBe('gateway-error');
    expect(outlierOutcome(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      'gateway-error',
    );
  });

  it('counts other server failures as other errors', () => {
    for (const code of [Code.Unknown, Code.Internal, Code.DataLoss, Code.Unimplemented]) {
      expect(outlierOutcome(new RpcError(code, 'x'))).toBe('other-error');
    }
    expect(outlierOutcome(new Error('decoder blew up'))).toBe('other-error');
  });

  it('counts successes, business exceptions and client-side statuses as success', () => {
    expect(outlierOutcome(undefined)).toBe('success');
    expect(outlierOutcome(new JavaException('org.demo.Invalid', 'bad'))).toBe('success');
    for (const code of [
      Code.InvalidArgument,
      Code.NotFound,
      Code.PermissionDenied,
      Code.ResourceExhausted,
      Code.Cancelled,
    ]) {
      expect(outlierOutcome(new RpcError(code, 'x'))).toBe('success');
    }
  });
});
