import type { Invocation } from '../../invocation.js';

/** Request tag and force flag keys (governance.md §3.5; Java CommonConstants.TAG_KEY, Constants.FORCE_USE_TAG). */
export const REQUEST_TAG_KEY = 'dubbo.tag';
export const FORCE_TAG_KEY = 'dubbo.force.tag';

/** The tag a call asks for: attachment `dubbo.tag`, else the consumer's `dubbo.tag`; undefined if neither is set. */
export function requestedTag(invocation: Invocation): string | undefined {
  const attached = own(invocation.attachments, REQUEST_TAG_KEY);
  if (attached !== undefined && attached !== '') return attached;
  const configured = own(invocation.consumer.params, REQUEST_TAG_KEY);
  return configured === undefined || configured === '' ? undefined : configured;
}

/**
 * Whether the call refuses untagged fallback: attachment `dubbo.force.tag` when present, else the
 * consumer's; true only for `true` in any case (Java Boolean.parseBoolean).
 */
export function isTagForced(invocation: Invocation): boolean {
  const value = own(invocation.attachments, FORCE_TAG_KEY) ?? own(invocation.consumer.params, FORCE_TAG_KEY);
  return value !== undefined && value.toLowerCase() === 'true';
}

function own(record: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
