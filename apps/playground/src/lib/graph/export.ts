/** Downloads text as a file through a Blob URL (revoked once the click has been handled). */
export function download(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const STYLED = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'font-family',
  'font-size',
  'font-weight',
];

/**
 * A drawn <svg> as a standalone SVG file: the computed styles are written onto each element
 * (the app's CSS is not in the file), and the current pan/zoom is replaced by the whole graph.
 */
export function standaloneSvg(svg: SVGSVGElement, width: number, height: number): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const source = svg.querySelectorAll<SVGElement>('*');
  clone.querySelectorAll<SVGElement>('*').forEach((el, i) => {
    const computed = getComputedStyle(source[i]!);
    el.setAttribute('style', STYLED.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';'));
    for (const attr of ['tabindex', 'role', 'aria-pressed', 'data-key']) el.removeAttribute(attr);
  });
  clone.querySelector(':scope > g')?.setAttribute('transform', 'translate(8,8)');
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.ceil(width + 16)));
  clone.setAttribute('height', String(Math.ceil(height + 16)));
  clone.setAttribute('viewBox', `0 0 ${Math.ceil(width + 16)} ${Math.ceil(height + 16)}`);
  clone.removeAttribute('class');
  return new XMLSerializer().serializeToString(clone);
}
