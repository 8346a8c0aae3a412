/**
 * The training view's state: the settings (mirrored into the URL), the latest frame from the
 * trainer, and the loss history for the curves. The trainer sits behind a TrainerPort, so the
 * same session drives a Web Worker in the browser and an in-page trainer in tests.
 */
import { VIEW_KEYS, decodeConfig, encodeConfig, type TrainConfig } from './config.js';
import { generate, split, type Split } from './data.js';
import type { HostFrame, TrainerPort } from './host.js';
import { POINTS } from './trainer.js';

/** Longest loss history kept; beyond it every other point is dropped. */
export const MAX_HISTORY = 2000;

export interface LossHistory {
  steps: number[];
  train: number[];
  test: number[];
}

const emptyHistory = (): LossHistory => ({ steps: [], train: [], test: [] });

export class TrainSession {
  config = $state<TrainConfig>() as TrainConfig;
  frame = $state.raw<HostFrame | null>(null);
  history = $state.raw<LossHistory>(emptyHistory());
  error = $state<string | null>(null);
  /** What the user asked for (a frame already on its way may still show one more step). Errors stop it. */
  playing = $state(false);

  /** The points (train and test) of the current data settings, drawn over the heatmap. */
  readonly data: Split = $derived.by(() => {
    const { dataset, noise, seed, split: ratio } = this.config;
    return split(generate(dataset, { n: POINTS, noise, seed }), ratio, seed);
  });

  constructor(
    private readonly port: TrainerPort,
    config: TrainConfig,
    private readonly onConfig: (params: Record<string, string>) => void,
  ) {
    this.config = config;
    void port.listen(
      (frame) => this.receive(frame),
      (message) => {
        this.error = message;
        this.playing = false;
      },
    );
    void port.configure($state.snapshot(this.config));
  }

  /** Changes settings: writes the URL and rebuilds the model (training goes on if it was running). */
  update(patch: Partial<TrainConfig>): void {
    const retrain = Object.keys(patch).some((k) => !VIEW_KEYS.includes(k as keyof TrainConfig));
    this.config = { ...this.config, ...patch };
    this.onConfig(encodeConfig(this.config));
    if (!retrain) return;
    this.error = null;
    void this.port.configure($state.snapshot(this.config));
  }

  /** Takes settings from the URL (a link edited by hand, back/forward) if they differ from the current ones. */
  follow(params: Readonly<Record<string, string>>): void {
    const { config } = decodeConfig(params);
    const keys = Object.keys(config) as (keyof TrainConfig)[];
    const changed = keys.filter(
      (k) => JSON.stringify(config[k]) !== JSON.stringify(this.config[k]),
    );
    if (changed.length === 0) return;
    this.update(Object.fromEntries(changed.map((k) => [k, config[k]])));
  }

  togglePlay(): void {
    this.playing = !this.playing;
    void (this.playing ? this.port.play() : this.port.pause());
  }

  step(): void {
    this.playing = false;
    void this.port.step();
  }

  reset(): void {
    void this.port.reset();
  }

  private receive(frame: HostFrame): void {
    const previous = this.frame;
    let h =
      previous === null || previous.generation !== frame.generation ? emptyHistory() : this.history;
    if (h.steps.length === 0 || h.steps[h.steps.length - 1]! < frame.step) {
      h = {
        steps: [...h.steps, frame.step],
        train: [...h.train, frame.trainLoss],
        test: [...h.test, frame.testLoss],
      };
      if (h.steps.length > MAX_HISTORY) {
        const keep = (_: number, i: number) => i % 2 === 0 || i === h.steps.length - 1;
        h = { steps: h.steps.filter(keep), train: h.train.filter(keep), test: h.test.filter(keep) };
      }
    }
    this.frame = frame;
    this.history = h;
  }
}
