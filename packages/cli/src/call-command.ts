import type { ModeChange } from '@dubbo-mesh/sdk-fat';
import type { CallArgs, LoadArgs } from './args.js';
import { type CallClient, openCallClient } from './call-client.js';
import { type CallPlan, runPlannedCall } from './call-plan.js';
import { planJavaCall } from './java-call-plan.js';
import { runLoad } from './load-runner.js';
import { meshLoadReport } from './mesh-load-report.js';
import { type CliIo, ExitCode, writeJsonLine } from './output.js';
import { createProgressLine } from './progress-line.js';
import { planProtoCall } from './proto-call-plan.js';

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
  const opened = openCallClient(args, plan.descriptor, io);
  const { client, close } = opened;
  try {
    if (args.load !== undefined) return await runLoadMode(opened, plan, args.load, io);
    await runPlannedCall(client, plan, (message) => writeJsonLine(io.stdout, plan.render(message)));
    return ExitCode.Ok;
  } finally {
    await close();
  }
}

async function runLoadMode(opened: CallClient, plan: CallPlan, load: LoadArgs, io: CliIo): Promise<number> {
  const { client, mode, mesh } = opened;
  const progress = io.isTTY ? createProgressLine(io.stderr, mode) : undefined;
  const discard = (): void => undefined;
  const changes: ModeChange[] = [];
  mesh?.on('modeChange', (change) => changes.push(change));
  const before = mesh?.stats.callsByMode;
  const firstCallAt = Date.now();
  const measured = await runLoad({
    call: () => runPlannedCall(client, plan, discard),
    concurrency: load.concurrency,
    repeat: load.repeat,
    durationMs: load.durationMs,
    mode,
    onProgress: progress?.update,
  });
  progress?.finish();
  const report =
    mesh && before
      ? meshLoadReport(
          measured,
          {
            thin: mesh.stats.callsByMode.thin - before.thin,
            fat: mesh.stats.callsByMode.fat - before.fat,
          },
          changes,
          firstCallAt,
        )
      : measured;
  writeJsonLine(io.stdout, report);
  return report.failed === 0 ? ExitCode.Ok : ExitCode.Rpc;
}
