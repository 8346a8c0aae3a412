import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, encodeConfig } from '../../src/lib/train/config.js';
import type { HostFrame, TrainerPort } from '../../src/lib/train/host.js';
import { MAX_HISTORY, TrainSession } from '../../src/lib/train/session.svelte.js';

/** A port that records calls and lets the test push frames. */
function fakePort() {
  let push: (f: HostFrame) => void = () => {};
  const calls: string[] = [];
  const port: TrainerPort = {
    listen: (onFrame) => void (push = onFrame),
    configure: () => void calls.push('configure'),
    play: () => void calls.push('play'),
    pause: () => void calls.push('pause'),
    step: () => void calls.push('step'),
    reset: () => void calls.push('reset'),
  };
  const frame = (generation: number, step: number, loss = 1 / (step + 1)): HostFrame => ({
    generation,
    step,
    epoch: 0,
    trainLoss: loss,
    testLoss: loss * 2,
    grid: new Float32Array(4),
    gradNorms: new Float64Array(3),
    playing: true,
  });
  return { port, calls, send: (f: HostFrame) => push(f), frame };
}

describe('TrainSession', () => {
  it('keeps one history point per new step and starts over with a new generation', () => {
    const { port, send, frame } = fakePort();
    const s = new TrainSession(port, DEFAULT_CONFIG, () => {});
    send(frame(1, 0));
    send(frame(1, 5));
    send(frame(1, 5));
    send(frame(1, 9));
    expect(s.history.steps).toEqual([0, 5, 9]);
    expect(s.history.test).toEqual([2, 2 / 6, 2 / 10]);
    // Frames do not flip the play button (one may be under way when the user pauses).
    expect(s.playing).toBe(false);
    send(frame(2, 0));
    expect(s.history.steps).toEqual([0]);
  });

  it(`thins the history beyond ${MAX_HISTORY} points, keeping the first and the last`, () => {
    const { port, send, frame } = fakePort();
    const s = new TrainSession(port, DEFAULT_CONFIG, () => {});
    for (let i = 0; i <= MAX_HISTORY; i++) send(frame(1, i));
    expect(s.history.steps.length).toBeLessThanOrEqual(MAX_HISTORY / 2 + 1);
    expect(s.history.steps[0]).toBe(0);
    expect(s.history.steps.at(-1)).toBe(MAX_HISTORY);
  });

  it('view-only settings write the URL without retraining; others retrain', () => {
    const { port, calls } = fakePort();
    const onConfig = vi.fn();
    const s = new TrainSession(port, DEFAULT_CONFIG, onConfig);
    expect(calls).toEqual(['configure']);
    s.update({ showTest: true });
    expect(calls).toEqual(['configure']);
    expect(onConfig).toHaveBeenLastCalledWith(encodeConfig({ ...DEFAULT_CONFIG, showTest: true }));
    s.update({ learningRate: 0.1 });
    expect(calls).toEqual(['configure', 'configure']);
  });

  it('follows a URL only when it differs from the current settings', () => {
    const { port, calls } = fakePort();
    const s = new TrainSession(port, DEFAULT_CONFIG, () => {});
    s.follow(encodeConfig(DEFAULT_CONFIG));
    expect(calls).toEqual(['configure']);
    s.follow({ ...encodeConfig(DEFAULT_CONFIG), data: 'spiral' });
    expect(s.config.dataset).toBe('spiral');
    expect(calls).toEqual(['configure', 'configure']);
  });

  it('play toggles, step pauses', () => {
    const { port, calls } = fakePort();
    const s = new TrainSession(port, DEFAULT_CONFIG, () => {});
    s.togglePlay();
    expect(s.playing).toBe(true);
    s.step();
    expect(s.playing).toBe(false);
    s.togglePlay();
    s.togglePlay();
    s.reset();
    expect(calls.slice(1)).toEqual(['play', 'step', 'play', 'pause', 'reset']);
  });
});
