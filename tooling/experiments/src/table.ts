/** A table of results: printed as Markdown padded to read as plain text (and pasted as is into notes). */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** Lines printed under the table: what to read in it. */
  notes?: string[];
}

/** A number with 3 significant figures: fixed for 0.001 <= |x| < 10^4, else exponent notation. */
export function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined) return '–';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e4) return x.toPrecision(digits);
  return x.toExponential(digits - 1);
}

/** A fraction as a percentage with one decimal ('–' for null). */
export function pct(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  return `${(100 * x).toFixed(1)}%`;
}

/** The table as Markdown; the first column left-aligned, the others right-aligned. */
export function formatTable(table: Table): string {
  const { columns, rows } = table;
  const widths = columns.map((c, i) =>
    Math.max(3, c.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const cell = (s: string, i: number) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!));
  const line = (cells: readonly string[]) =>
    `| ${columns.map((_, i) => cell(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  const out = [`**${table.title}**`, '', line(columns), rule, ...rows.map(line)];
  if (table.notes && table.notes.length > 0) out.push('', ...table.notes);
  return out.join('\n');
}
