/** The playground's panels, in the order they appear in the navigation. */
export const PANELS = [
  {
    id: 'graph',
    title: 'Graph explorer',
    summary: 'Type an expression or pick an activation; see its forward and backward graphs.',
  },
  {
    id: 'activations',
    title: 'Activation gallery',
    summary: "Each activation f with the derived f' plotted and the analytic f' overlaid.",
  },
  {
    id: 'gradient-flow',
    title: 'Gradient-flow lab',
    summary: 'Depth, width, activation and initializer in; per-layer statistics out.',
  },
  {
    id: 'training',
    title: 'Training demo',
    summary: 'A small network learning a 2-D data set.',
  },
] as const;

export type PanelId = (typeof PANELS)[number]['id'];
export type Panel = (typeof PANELS)[number];

export function isPanelId(id: string): id is PanelId {
  return PANELS.some((panel) => panel.id === id);
}

/** Which panel is selected. Components read `current` and call `select`. */
export class PanelNav {
  currentId = $state<PanelId>(PANELS[0].id);

  current: Panel = $derived(PANELS.find((panel) => panel.id === this.currentId) ?? PANELS[0]);

  select(id: string): void {
    if (!isPanelId(id)) {
      const known = PANELS.map((panel) => panel.id).join(', ');
      throw new Error(`PanelNav.select: unknown panel '${id}' (known: ${known})`);
    }
    this.currentId = id;
  }
}
