import diagnostics from 'node:diagnostics_channel';
import type { CallRequest } from './transport.js';

/**
 * `node:diagnostics_channel` channels, so tracers and metrics subscribe without monkey-patching
 * (undici's way). Messages are published only while someone subscribes.
 */
export const callStartChannel = diagnostics.channel('dubbo-mesh:call:start');
export const callEndChannel = diagnostics.channel('dubbo-mesh:call:end');

export interface CallStartMessage {
  request: CallRequest;
}

export interface CallEndMessage {
  request: CallRequest;
  /** The error the call failed with, if it failed (for a stream: failed to start). */
  error: unknown;
  durationMs: number;
}
