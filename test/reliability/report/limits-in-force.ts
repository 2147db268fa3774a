import { LIMIT_DESCRIPTIONS, type LimitDescription } from '@dubbo-mesh/codec-triple';
import { DEFAULT_KEEPALIVE } from '@dubbo-mesh/sdk-core';

/** One limit as the report prints it. */
export interface LimitRow {
  readonly name: string;
  readonly value: string;
  readonly where: string;
}

/** Human names for codec-triple's DEFAULT_LIMITS keys. */
const NAMES: Readonly<Record<LimitDescription['name'], string>> = {
  maxMessageBytes: 'max message size (received, after inflation)',
  maxHeaderListBytes: 'max header list (SETTINGS_MAX_HEADER_LIST_SIZE)',
  maxGrpcMessageChars: 'grpc-message kept (characters)',
  hessianMaxBytes: 'hessian message size',
  hessianMaxDepth: 'hessian nesting depth',
  hessianMaxCollectionLength: 'hessian collection length',
  hessianMaxCollections: 'hessian maps, lists and objects per message',
};

function bytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} B`;
}

function shown(limit: LimitDescription): string {
  return limit.name.endsWith('Bytes') ? bytes(limit.value) : limit.value.toLocaleString('en-US');
}

/**
 * The defaults the SDK runs with, imported from the packages themselves (codec-triple's
 * LIMIT_DESCRIPTIONS, sdk-core's DEFAULT_KEEPALIVE), never copied, so the report cannot drift from
 * the code.
 */
export function limitsInForce(): LimitRow[] {
  return [
    ...LIMIT_DESCRIPTIONS.map((limit) => ({
      name: NAMES[limit.name],
      value: shown(limit),
      where: `codec-triple DEFAULT_LIMITS.${limit.name}; ${limit.option}`,
    })),
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
