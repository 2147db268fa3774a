/**
 * Peer processes run in their own process group (spawned `detached`), so a whole tree (nginx's
 * workers, ZooKeeper's JVM) is signalled at once, and groups still alive when the test process
 * exits without close() are killed rather than left behind.
 */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Signals a process group; a group already gone is the goal, not an error. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Kills `pid`'s group with SIGKILL if the test process exits before `untrackGroup(pid)`. */
export function trackGroup(pid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const group of liveGroups) killGroup(group, 'SIGKILL');
    });
  }
  liveGroups.add(pid);
}

export function untrackGroup(pid: number): void {
  liveGroups.delete(pid);
}
