/** Cancels a task scheduled with {@link Scheduler.setTimeout}; a no-op once it has run. */
export type CancelTask = () => void;

/**
 * Time as health checks and the mesh client's probes see it: injected, so unit tests drive them with a
 * {@link ManualScheduler} instead of sleeping (STYLE.md "Time and randomness are injected").
 */
export interface Scheduler {
  /** Milliseconds on a clock that never goes back (epoch milliseconds for the system scheduler). */
  now(): number;
  /** Runs `task` once after `delayMs`. Scheduled tasks never keep the process alive. */
  setTimeout(task: () => void, delayMs: number): CancelTask;
}

/** The real clock and timers; timers are unref'd, so a client alone never holds a process open. */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout(task, delayMs) {
    const timer = setTimeout(task, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
