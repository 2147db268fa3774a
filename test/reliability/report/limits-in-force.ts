import { DEFAULT_MAX_HEADER_LIST_BYTES, DEFAULT_MAX_MESSAGE_BYTES } from '@dubbo-mesh/codec-triple';
import { DEFAULT_KEEPALIVE } from '@dubbo-mesh/sdk-core';
// Not exported by the package (yet): read from its source, so the report shows what the code uses.
import { DEFAULT_HESSIAN_LIMITS } from '../../../packages/codec-triple/src/java/hessian-reader.js';

/** One limit as the report prints it. */
export interface LimitRow {
  readonly name: string;
  readonly value: string;
  readonly where: string;
}

function bytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} B`;
}

/**
 * The defaults the SDK runs with, imported from the packages themselves (never copied), so the
 * report cannot drift from the code.
 */
export function limitsInForce(): LimitRow[] {
  return [
    {
      name: 'max message size (received, after inflation)',
      value: bytes(DEFAULT_MAX_MESSAGE_BYTES),
      where: 'codec-triple DEFAULT_MAX_MESSAGE_BYTES',
    },
    {
      name: 'max header list (SETTINGS_MAX_HEADER_LIST_SIZE)',
      value: bytes(DEFAULT_MAX_HEADER_LIST_BYTES),
      where: 'codec-triple DEFAULT_MAX_HEADER_LIST_BYTES',
    },
    {
      name: 'hessian nesting depth',
      value: String(DEFAULT_HESSIAN_LIMITS.maxDepth),
      where: 'codec-triple DEFAULT_HESSIAN_LIMITS.maxDepth',
    },
    {
      name: 'hessian message size',
      value: bytes(DEFAULT_HESSIAN_LIMITS.maxBytes),
      where: 'codec-triple DEFAULT_HESSIAN_LIMITS.maxBytes',
    },
    {
      name: 'hessian collection length',
      value: DEFAULT_HESSIAN_LIMITS.maxCollectionLength.toLocaleString('en-US'),
      where: 'codec-triple DEFAULT_HESSIAN_LIMITS.maxCollectionLength',
    },
    {
      name: 'keepalive PING interval / ACK timeout',
      value: `${DEFAULT_KEEPALIVE.intervalMs / 1000} s / ${DEFAULT_KEEPALIVE.timeoutMs / 1000} s${
        DEFAULT_KEEPALIVE.withoutCalls ? '' : ' (only with calls in flight)'
      }`,
      where: 'sdk-core DEFAULT_KEEPALIVE',
    },
    {
      name: 'deadline',
      value:
        "the call's timeoutMs; Fat: then `timeout` attachment, provider URL `timeout`, else 1000 ms per attempt",
      where: 'sdk-core call options; sdk-fat FatTransport (governance.md §7)',
    },
  ];
}
