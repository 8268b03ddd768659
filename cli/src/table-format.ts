// Lists for people: one row per item, columns padded to their widest cell, a header row. Cells
// are flattened to one line so a name with a line break cannot break the alignment.

export type Cell = string | number | boolean | null | undefined;

export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '-';
  return String(value).replace(/\s*[\r\n]+\s*/g, ' ');
}

/** The rows as aligned text, ending with a line break; numbers are right-aligned. */
export function formatTable(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const texts = rows.map((row) => columns.map((_, i) => cellText(row[i])));
  const widths = columns.map((c, i) => Math.max(c.length, ...texts.map((t) => t[i]!.length)));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (cells: string[], header: boolean) =>
    cells
      .map((cell, i) => (numeric[i] && !header ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line([...columns], true), ...texts.map((t) => line(t, false))].join('\n') + '\n';
}
