/*
 * Lazy KaTeX: the library, its stylesheet and its fonts (bundled by Vite, never from a CDN) load
 * on the first formula, so views without formulas do not pay for them.
 */
type Katex = typeof import('katex').default;

let loading: Promise<Katex> | null = null;

/** Loads KaTeX and its CSS once; later calls share the same promise. */
export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(
    ([m]) => m.default,
  );
  return loading;
}

export interface TexOptions {
  /** Display (block) style instead of inline. */
  display?: boolean;
}

/**
 * Renders TeX to HTML (with MathML for screen readers). A malformed formula never throws: KaTeX
 * shows the offending source in red instead.
 */
export async function renderTex(tex: string, options: TexOptions = {}): Promise<string> {
  const katex = await loadKatex();
  return katex.renderToString(tex, {
    throwOnError: false,
    output: 'htmlAndMathml',
    displayMode: options.display ?? false,
    trust: false,
  });
}
