import { RpcError } from '@dubbo-mesh/codec-triple';
import type { MethodDescriptor, MethodKind, ServiceDescriptor } from '@dubbo-mesh/sdk-core';
import { UsageError } from './usage-error.js';

/**
 * One `call` worked out from the command line, before any connection: the descriptor to make a client
 * from, the method, the request, and how a reply prints. Built by proto-call-plan.ts (`--proto`) and
 * java-call-plan.ts (`--types`); run once, or many times in load mode.
 */
export interface CallPlan {
  readonly descriptor: ServiceDescriptor;
  /** The method's key on the typed client. */
  readonly methodKey: string;
  readonly kind: MethodKind;
  /** Java-interface methods take their arguments positionally. */
  readonly positional: boolean;
  /** The request message, the messages to send (client and bidi streaming), or the Java arguments. */
  readonly input: unknown;
  /** What one response message prints as. */
  render(message: unknown): unknown;
}

type UnaryFn = (input: unknown) => Promise<unknown>;
type PositionalFn = (...args: unknown[]) => Promise<unknown>;
type StreamingFn = (input: unknown) => AsyncIterable<unknown>;

/** Makes the planned call on a client made from `plan.descriptor`; each response message goes to `onMessage`. */
export async function runPlannedCall(
  client: object,
  plan: CallPlan,
  onMessage: (message: unknown) => void,
): Promise<void> {
  const method: unknown = Reflect.get(client, plan.methodKey);
  if (typeof method !== 'function') throw new Error(`the client has no method ${plan.methodKey}`);
  // The casts are what createClient promises for each kind (ClientMethod in sdk-core's create-client.ts).
  if (plan.positional) {
    onMessage(await (method as PositionalFn)(...(plan.input as unknown[])));
    return;
  }
  switch (plan.kind) {
    case 'unary':
    case 'client_streaming':
      onMessage(await (method as UnaryFn)(plan.input));
      return;
    case 'server_streaming':
    case 'bidi_streaming':
      for await (const message of (method as StreamingFn)(plan.input)) onMessage(message);
      return;
  }
}

/** ARGS_JSON parsed, or `fallback` when it was not given. */
export function parseArgsJson(text: string | undefined, fallback: unknown): unknown {
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `ARGS_JSON is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Encodes each request once before anything is sent, so a value that does not fit its type is a usage
 * error (exit 1) naming the field or argument, not a failed call.
 */
export function checkEncodes(method: MethodDescriptor<never, unknown>, requests: readonly unknown[]): void {
  for (const request of requests) {
    try {
      method.encode(request as never);
    } catch (error) {
      if (error instanceof RpcError) throw new UsageError(`ARGS_JSON: ${error.rawMessage}`, { cause: error });
      throw error;
    }
  }
}
