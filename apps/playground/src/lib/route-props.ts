/** What every view receives from the shell: its URL state and a way to write it back. */
export interface RouteProps {
  /** The view's state as read from the URL hash (strings; each view decodes its own). */
  params: Readonly<Record<string, string>>;
  /** Writes the view's whole state into the URL (replaces the history entry). */
  setParams: (params: Readonly<Record<string, string>>) => void;
}
