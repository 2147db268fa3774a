import { JavaException } from '@dubbo-mesh/codec-triple';
import { RpcError } from '@dubbo-mesh/sdk-core';
import { toJsonValue } from './json-value.js';

/** Where the command writes; `main` defaults to the process's own streams. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Whether stderr is a terminal: load mode draws its progress line only then (cli.md "Load mode"). */
  readonly isTTY: boolean;
}

/** The exit codes of cli.md: 0 success, 1 usage or configuration error, 2 the RPC failed. */
export const ExitCode = { Ok: 0, Usage: 1, Rpc: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Writes `value` as one line of JSON. */
export function writeJsonLine(stream: CliIo['stdout'], value: unknown): void {
  stream.write(`${JSON.stringify(toJsonValue(value))}\n`);
}

/**
 * The stderr line of a failed call: `{"code","codeName","message"}` with the peer's own message, plus
 * `exception: {class, message}` for a Java business exception (cli.md "Output and exit codes").
 */
export function rpcErrorJson(error: RpcError): Record<string, unknown> {
  const json: Record<string, unknown> = {
    code: error.code,
    codeName: error.codeName,
    message: error.rawMessage,
  };
  if (error instanceof JavaException) json.exception = { class: error.className, message: error.javaMessage };
  return json;
}

/** Reports an RPC failure on stderr and returns exit code 2. */
export function reportRpcError(io: CliIo, error: unknown): ExitCode {
  writeJsonLine(io.stderr, rpcErrorJson(RpcError.from(error)));
  return ExitCode.Rpc;
}
