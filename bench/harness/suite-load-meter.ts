import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in ticks of 1/100 s. */
const TICK_US = 10_000;

function machineBusyUs(): number | undefined {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return (user + nice + system + irq + softirq + steal) * TICK_US;
  } catch {
    return undefined;
  }
}

/**
 * This process's CPU plus that of its children that have exited and been waited for (utime, stime,
 * cutime, cstime of /proc/self/stat): every scenario's servers and clients, once they ended.
 */
function ownTreeUs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * TICK_US;
  } catch {
    return undefined;
  }
}

/**
 * CPU that processes outside the suite took while it ran, in cores: machine busy time minus the
 * suite's own process tree. Read after every child has exited (each scenario stops its own).
 */
export class SuiteLoadMeter {
  private readonly startedAt = performance.now();
  private readonly machine0 = machineBusyUs();
  private readonly own0 = ownTreeUs();

  /** Average cores busy elsewhere so far, or null off Linux. */
  otherLoadCores(): number | null {
    const machine1 = machineBusyUs();
    const own1 = ownTreeUs();
    if (
      this.machine0 === undefined ||
      machine1 === undefined ||
      this.own0 === undefined ||
      own1 === undefined
    ) {
      return null;
    }
    const wallUs = (performance.now() - this.startedAt) * 1000;
    return Math.max(0, (machine1 - this.machine0 - (own1 - this.own0)) / wallUs);
  }
}
