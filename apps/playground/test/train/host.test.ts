import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/lib/train/config.js';
import { TrainerHost, type HostFrame } from '../../src/lib/train/host.js';
import { ManualScheduler } from './manual-scheduler.js';

function setup() {
  const scheduler = new ManualScheduler();
  const host = new TrainerHost(scheduler, 35);
  const frames: HostFrame[] = [];
  const errors: string[] = [];
  host.listen(
    (f) => frames.push(f),
    (m) => errors.push(m),
  );
  return { scheduler, host, frames, errors };
}

describe('TrainerHost', () => {
  it('configure posts the untrained model; play trains in slices, one frame per slice', () => {
    const { scheduler, host, frames } = setup();
    host.configure(DEFAULT_CONFIG);
    expect(frames.map((f) => [f.step, f.playing])).toEqual([[0, false]]);
    host.play();
    expect(frames.at(-1)!.playing).toBe(true);
    scheduler.flush(3);
    // Each slice runs until 35 ms have passed on a clock that ticks 10 ms per reading.
    expect(frames.slice(-3).map((f) => f.step)).toEqual([4, 8, 12]);
    expect(frames.at(-1)!.trainLoss).toBeLessThan(frames[0]!.trainLoss);
  });

  it('pause stops the loop; step takes exactly one step; reset starts a new generation', () => {
    const { scheduler, host, frames } = setup();
    host.configure(DEFAULT_CONFIG);
    host.play();
    scheduler.flush(1);
    host.pause();
    const paused = frames.at(-1)!;
    expect(paused.playing).toBe(false);
    scheduler.flush(5);
    expect(frames.at(-1)!.step).toBe(paused.step);
    host.step();
    expect(frames.at(-1)!.step).toBe(paused.step + 1);
    host.reset();
    expect(frames.at(-1)!.step).toBe(0);
    expect(frames.at(-1)!.generation).toBe(paused.generation + 1);
  });

  it('new settings while playing rebuild the model and keep training', () => {
    const { scheduler, host, frames } = setup();
    host.configure(DEFAULT_CONFIG);
    host.play();
    scheduler.flush(1);
    host.configure({ ...DEFAULT_CONFIG, dataset: 'xor' });
    expect(frames.at(-1)!.step).toBe(0);
    scheduler.flush(2);
    expect(frames.at(-1)!.step).toBeGreaterThan(0);
    expect(frames.at(-1)!.playing).toBe(true);
    // The earlier run's pending tick was dropped: only one loop is running.
    expect(scheduler.tasks.length).toBe(1);
  });

  it('bad settings report the error and stop', () => {
    const { scheduler, host, frames, errors } = setup();
    host.configure({ ...DEFAULT_CONFIG, initializer: 'nope' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/nope/);
    // With no model, the controls do nothing (and do not throw).
    host.play();
    host.step();
    host.reset();
    expect(scheduler.tasks).toEqual([]);
    expect(frames).toEqual([]);
  });
});
