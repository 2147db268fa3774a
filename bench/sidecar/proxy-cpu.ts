/**
 * CPU time of a proxy from /proc, to report its cost per call: our sidecar is one process; nginx and
 * HAProxy run detached as process-group leaders whose workers (which carry the traffic) are in the
 * same group. Linux only; undefined where /proc cannot be read.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in ticks of 1/100 s on every architecture Node runs on. */
const TICK_US = 10_000;

interface ProcStat {
  readonly pgrp: number;
  readonly cpuUs: number;
}

function readStat(pid: string | number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, pgrp 5, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pgrp: Number(fields[2]), cpuUs: (Number(fields[11]) + Number(fields[12])) * TICK_US };
  } catch {
    return undefined;
  }
}

/** User + system CPU of one process so far, µs. */
export function processCpuUs(pid: number): number | undefined {
  return readStat(pid)?.cpuUs;
}

/** User + system CPU of every live process of group `pgid` so far, µs (exited workers are not counted). */
export function groupCpuUs(pgid: number): number | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return undefined;
  }
  let total = 0;
  let found = false;
  for (const name of names) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    const stat = readStat(name);
    if (stat?.pgrp === pgid) {
      total += stat.cpuUs;
      found = true;
    }
  }
  return found ? total : undefined;
}
