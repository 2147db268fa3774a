import type { CancelTask, Scheduler } from './scheduler.js';

interface Task {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

/**
 * A {@link Scheduler} whose clock moves only when told to: tests call `advance(ms)` and every task due
 * by then runs, in time order. Promises settled by those tasks still need `await` (a microtask turn)
 * before their continuations run; `advanceAsync` does that between tasks.
 */
export class ManualScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private tasks: Task[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(task: () => void, delayMs: number): CancelTask {
    const entry: Task = { at: this.time + Math.max(0, delayMs), seq: this.seq++, run: task };
    this.tasks.push(entry);
    return () => {
      this.tasks = this.tasks.filter((t) => t !== entry);
    };
  }

  /** How many tasks are waiting. */
  get pending(): number {
    return this.tasks.length;
  }

  /** When the next task is due, or undefined when none is scheduled. */
  get nextAt(): number | undefined {
    return this.sorted()[0]?.at;
  }

  /** Moves the clock forward by `ms`, running each task that comes due, and settling promises between them. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.sorted()[0];
      if (next === undefined || next.at > until) break;
      this.tasks = this.tasks.filter((t) => t !== next);
      this.time = next.at;
      next.run();
    }
    this.time = until;
    await flushMicrotasks();
  }

  private sorted(): Task[] {
    return [...this.tasks].sort((a, b) => a.at - b.at || a.seq - b.seq);
  }
}

/** Lets pending promise continuations (several hops deep) run. */
async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
