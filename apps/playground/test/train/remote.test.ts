import type { Endpoint } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/lib/train/config.js';
import type { HostFrame } from '../../src/lib/train/host.js';
import { exposeTrainer, remotePort } from '../../src/lib/train/remote.js';
import { GRID } from '../../src/lib/train/trainer.js';

const open: MessagePort[] = [];
afterEach(() => open.splice(0).forEach((p) => p.close()));

/** A trainer served on one end of a message channel, reached from the other (as the page reaches the worker). */
function connect() {
  const channel = new MessageChannel();
  open.push(channel.port1, channel.port2);
  exposeTrainer(channel.port1 as unknown as Endpoint);
  return remotePort(channel.port2 as unknown as Endpoint);
}

/** Resolves once `ready()` holds (messages cross the channel asynchronously). */
function until(ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const wait = () => (ready() ? resolve() : setTimeout(wait, 5));
    wait();
  });
}

async function nextFrame(frames: HostFrame[], count: number): Promise<HostFrame> {
  await until(() => frames.length >= count);
  return frames[count - 1]!;
}

describe('the trainer through comlink', () => {
  it('posts frames with the grid as a Float32Array, steps and resets on request', async () => {
    const { port, release } = connect();
    const frames: HostFrame[] = [];
    const errors: string[] = [];
    await port.listen(
      (f) => frames.push(f),
      (m) => errors.push(m),
    );
    await port.configure(DEFAULT_CONFIG);
    const first = await nextFrame(frames, 1);
    expect(first.step).toBe(0);
    expect(first.grid).toBeInstanceOf(Float32Array);
    expect(first.grid.length).toBe(GRID * GRID);
    await port.step();
    expect((await nextFrame(frames, 2)).step).toBe(1);
    await port.reset();
    const reset = await nextFrame(frames, 3);
    expect(reset.step).toBe(0);
    expect(reset.trainLoss).toBe(first.trainLoss);
    expect(reset.generation).toBe(first.generation + 1);
    await port.configure({ ...DEFAULT_CONFIG, initializer: 'nope' });
    await until(() => errors.length > 0);
    expect(errors.join()).toMatch(/nope/);
    release();
  });
});
