import { parseHash, formatHash, type Location, type RouteId } from './routes.js';

/** The current location, kept in step with `window.location.hash`. */
export class Router {
  location = $state<Location>(parseHash(''));

  constructor(private readonly win: Window | undefined = globalThis.window) {
    if (this.win) this.location = parseHash(this.win.location.hash);
  }

  /** Starts listening to hash changes (back/forward, edited URLs); returns the unsubscribe. */
  listen(): () => void {
    const win = this.win;
    if (!win) return () => {};
    const onHash = () => (this.location = parseHash(win.location.hash));
    win.addEventListener('hashchange', onHash);
    return () => win.removeEventListener('hashchange', onHash);
  }

  /** Goes to a view, with its state (a new history entry). */
  navigate(route: RouteId, params: Readonly<Record<string, string>> = {}): void {
    this.location = { route, params: { ...params } };
    if (this.win) this.win.location.hash = formatHash(route, params);
  }

  /** Replaces the current view's state in the URL without a new history entry. */
  replaceParams(params: Readonly<Record<string, string>>): void {
    const { route } = this.location;
    this.location = { route, params: { ...params } };
    if (this.win) this.win.history.replaceState(null, '', formatHash(route, params));
  }
}
