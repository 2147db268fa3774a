import { createClient } from '@dubbo-mesh/sdk-core';
import type { CallArgs, LoadArgs } from './args.js';
import { type CallPlan, runPlannedCall } from './call-plan.js';
import { planJavaCall } from './java-call-plan.js';
import { runLoad } from './load-runner.js';
import { openTransport } from './open-transport.js';
import { type CliIo, ExitCode, writeJsonLine } from './output.js';
import { createProgressLine } from './progress-line.js';
import { planProtoCall } from './proto-call-plan.js';
import { limitRequestSize } from './request-size-limit.js';

/** The only path this build has; `modes` in the load report counts calls by it. */
const MODE = 'direct';

/**
 * `dubbo-mesh call`: one call printing each reply as a JSON line on stdout, or load mode printing one
 * report line. Usage errors are thrown before anything is dialled; an RPC failure of a single call is
 * thrown as the RpcError for `main` to report (exit 2).
 */
export async function runCall(args: CallArgs, io: CliIo): Promise<number> {
  const plan =
    args.payload.kind === 'proto'
      ? planProtoCall(args, args.payload.file)
      : planJavaCall(args, args.payload.names);
  const transport = openTransport(args.connect);
  try {
    const client = createClient(limitRequestSize(plan.descriptor, args.connect.maxMessageBytes), transport, {
      application: args.app,
      defaults: { timeoutMs: args.timeoutMs, attachments: args.attachments },
    });
    if (args.load !== undefined) return await runLoadMode(client, plan, args.load, io);
    await runPlannedCall(client, plan, (message) => writeJsonLine(io.stdout, plan.render(message)));
    return ExitCode.Ok;
  } finally {
    await transport.close();
  }
}

async function runLoadMode(client: object, plan: CallPlan, load: LoadArgs, io: CliIo): Promise<number> {
  const progress = io.isTTY ? createProgressLine(io.stderr, MODE) : undefined;
  const discard = (): void => undefined;
  const report = await runLoad({
    call: () => runPlannedCall(client, plan, discard),
    concurrency: load.concurrency,
    repeat: load.repeat,
    durationMs: load.durationMs,
    mode: MODE,
    onProgress: progress?.update,
  });
  progress?.finish();
  writeJsonLine(io.stdout, report);
  return report.failed === 0 ? ExitCode.Ok : ExitCode.Rpc;
}
