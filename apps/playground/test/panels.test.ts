import { describe, expect, it } from 'vitest';
import { PANELS, PanelNav, isPanelId } from '../src/lib/panels.svelte.js';

describe('PanelNav', () => {
  it('starts on the first panel', () => {
    const nav = new PanelNav();
    expect(nav.currentId).toBe(PANELS[0].id);
    expect(nav.current).toBe(PANELS[0]);
  });

  it('derives the current panel from the selected id', () => {
    const nav = new PanelNav();
    nav.select('gradient-flow');
    expect(nav.currentId).toBe('gradient-flow');
    expect(nav.current.title).toBe('Gradient-flow lab');
  });

  it('rejects an unknown panel id and names the known ones', () => {
    const nav = new PanelNav();
    expect(() => nav.select('nope')).toThrow(/unknown panel 'nope' \(known: graph, activations/);
    expect(nav.currentId).toBe('graph');
  });

  it('has unique panel ids', () => {
    const ids = PANELS.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isPanelId)).toBe(true);
  });
});
