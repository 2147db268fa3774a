import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in ticks of 1/100 s on every architecture Node runs on. */
const TICK_US = 10_000;

/** Busy CPU time of the whole machine so far (all cores, idle and iowait excluded), or undefined off Linux. */
function machineBusyUs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return (user + nice + system + irq + softirq + steal) * TICK_US;
  } catch {
    return undefined;
  }
}

/** User + system CPU time of a live process so far, or undefined if it cannot be read. */
export function processCpuUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return undefined;
  }
}

/**
 * How much CPU other work on the machine took while a run went on: machine-wide busy time minus
 * what this benchmark's own processes used, in cores (0.5 = half a core busy elsewhere on average).
 * A run with a large value measured a shared machine, not the clients.
 */
export class ForeignLoadMeter {
  private readonly startedAt = performance.now();
  private readonly machine0 = machineBusyUs();
  private readonly server0: number | undefined;
  private readonly self0 = process.cpuUsage();

  constructor(private readonly serverPid: number | undefined) {
    this.server0 = processCpuUs(serverPid);
  }

  /** @param childCpuUs - the finished child's own total CPU time, as it reported it. */
  stop(childCpuUs: number): number | undefined {
    const machine1 = machineBusyUs();
    const server1 = processCpuUs(this.serverPid);
    if (this.machine0 === undefined || machine1 === undefined) return undefined;
    if (this.server0 === undefined || server1 === undefined) return undefined;
    const self = process.cpuUsage(this.self0);
    const ours = childCpuUs + (server1 - this.server0) + self.user + self.system;
    const wallUs = (performance.now() - this.startedAt) * 1000;
    return Math.max(0, (machine1 - this.machine0 - ours) / wallUs);
  }
}
