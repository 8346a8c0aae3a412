import { expose } from 'comlink';

/**
 * A stand-in for a module Worker: comlink talks to it over a MessageChannel, and its "thread"
 * answers each exposed method with `FakeWorker.methods[name]` (looked up at call time, so a test
 * can swap an answer, or leave one pending to play a long computation).
 */
export class FakeWorker {
  static created: FakeWorker[] = [];
  static methods: Record<string, (request: never) => unknown> = {};
  terminated = false;
  private readonly port: MessagePort;

  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const api = Object.fromEntries(
      Object.keys(FakeWorker.methods).map((k) => [k, (r: never) => FakeWorker.methods[k]!(r)]),
    );
    expose(api, port2);
    FakeWorker.created.push(this);
  }
  postMessage(message: unknown, transfer: Transferable[] = []) {
    this.port.postMessage(message, transfer);
  }
  addEventListener(type: string, listener: EventListener) {
    this.port.addEventListener(type, listener);
    this.port.start();
  }
  removeEventListener(type: string, listener: EventListener) {
    this.port.removeEventListener(type, listener);
  }
  terminate() {
    this.terminated = true;
    this.port.close();
  }
}
