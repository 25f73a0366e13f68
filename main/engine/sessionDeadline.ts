import { performance } from 'node:perf_hooks';

/**
 * The session's overall deadline, as a budget of time spent waiting for the server. It runs
 * while a step runs and stops between steps, so a user reading the transcript between two
 * Steps loses nothing, while a server that answers every stage just in time still cannot hold
 * a Run for longer than the budget. When it runs out, `signal` aborts whatever is waiting.
 */
export class SessionDeadline {
  private readonly controller = new AbortController();
  private remainingMs: number;
  private timer: NodeJS.Timeout | null = null;
  private runningSince = 0;

  constructor(readonly budgetMs: number) {
    this.remainingMs = budgetMs;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  /** A step begins: the budget counts down. */
  start(): void {
    if (this.timer || this.expired) return;
    if (this.remainingMs <= 0) return this.controller.abort();
    this.runningSince = performance.now();
    this.timer = setTimeout(() => this.controller.abort(), this.remainingMs);
  }

  /** The step is over: the budget keeps what is left. */
  stop(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.remainingMs -= performance.now() - this.runningSince;
  }
}
