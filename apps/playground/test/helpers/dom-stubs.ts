/*
 * The little of a browser that jsdom lacks and uPlot touches: matchMedia and a 2-D canvas
 * context. The context records nothing and draws nothing; tests check the wrapper's DOM and the
 * pure option builders, not pixels (the end-to-end tests look at real Chromium).
 */
const noop = () => undefined;

function fakeContext(): CanvasRenderingContext2D {
  const props: Record<string | symbol, unknown> = {};
  return new Proxy(props, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'measureText') return (text: string) => ({ width: text.length * 6 });
      if (key === 'createImageData')
        return (w: number, h: number) => ({
          width: w,
          height: h,
          data: new Uint8ClampedArray(4 * w * h),
        });
      return noop;
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

export function installDomStubs(): void {
  if (!window.matchMedia) {
    window.matchMedia = ((query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: noop,
      removeListener: noop,
      addEventListener: noop,
      removeEventListener: noop,
      dispatchEvent: () => false,
    })) as typeof window.matchMedia;
  }
  HTMLCanvasElement.prototype.getContext = function getContext() {
    return fakeContext();
  } as unknown as typeof HTMLCanvasElement.prototype.getContext;
}

installDomStubs();

/** jsdom has no layout, so bind:clientWidth's ResizeObserver never fires; it only has to exist. */
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe = noop;
    unobserve = noop;
    disconnect = noop;
  };
}

/** uPlot builds its lines as Path2D objects; a recorder-free stand-in is enough here. */
if (!('Path2D' in window)) {
  const path = class {
    moveTo = noop;
    lineTo = noop;
    rect = noop;
    arc = noop;
    bezierCurveTo = noop;
    quadraticCurveTo = noop;
    closePath = noop;
    addPath = noop;
  };
  (window as unknown as { Path2D: unknown }).Path2D = path;
  (globalThis as unknown as { Path2D: unknown }).Path2D = path;
}
