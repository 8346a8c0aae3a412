import { SETTLE_MS, latest, type Latest } from './latest.js';
import type { Runner } from './worker-runner.js';

/**
 * The answer to the latest request sent to a runner (a worker), as reactive state for a view:
 * requests are coalesced by `latest` (`delay` ms of quiet unless immediate), older answers are
 * dropped, and `busy` says that a newer answer is on its way.
 */
export class LatestResult<A, R> {
  /** The last answer and the request it answers (null until the first one). */
  current = $state.raw<{ request: A; result: R } | null>(null);
  failure = $state<string | null>(null);
  busy = $state(false);
  readonly #latest: Latest<A>;
  readonly #runner: Runner<A, R>;

  constructor(runner: Runner<A, R>, delay = SETTLE_MS) {
    this.#runner = runner;
    this.#latest = latest<A, R>({
      delay,
      run: (a) => runner.run(a),
      deliver: (result, request) => {
        this.current = { request, result };
        this.failure = null;
      },
      fail: (e) => (this.failure = e instanceof Error ? e.message : String(e)),
      busy: (b) => (this.busy = b),
    });
  }

  request(request: A, immediate = false): void {
    this.#latest.request(request, immediate);
  }

  dispose(): void {
    this.#latest.dispose();
    this.#runner.dispose();
  }
}
