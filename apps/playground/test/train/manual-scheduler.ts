import type { Scheduler } from '../../src/lib/train/host.js';

/**
 * A TrainerHost scheduler for tests: the clock advances 10 ms per reading (so a 35 ms slice is
 * four steps), and scheduled tasks run only when `flush` says.
 */
export class ManualScheduler implements Scheduler {
  private t = 0;
  tasks: (() => void)[] = [];
  now() {
    return (this.t += 10);
  }
  later(fn: () => void) {
    this.tasks.push(fn);
  }
  flush(rounds: number) {
    for (let i = 0; i < rounds && this.tasks.length > 0; i++) this.tasks.shift()!();
  }
}
