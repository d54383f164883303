// Go's text/tabwriter. kubectl's get printers configure it (cli-runtime GetNewTabWriter) with
// minwidth 6, tabwidth 4, padding 3, padchar ' '; describe uses minwidth 0, padding 2. Every cell
// but the last of a line is padded to its column width = max(minwidth, widest cell + padding);
// the last cell is written as is.

export interface TabwriterOptions {
  minWidth: number;
  padding: number;
}

/** kubectl get's settings. */
const GET_OPTIONS: TabwriterOptions = { minWidth: 6, padding: 3 };

/** Display width as tabwriter counts it: UTF-8 runes. */
export function runeWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Aligns rows of cells. All rows are one block (kubectl writes one table per flush). Rows may
 * have different lengths: a column only spans the consecutive lines that have a cell in it
 * followed by another cell, as in Go's tabwriter.
 */
export function tabwrite(rows: readonly (readonly string[])[], opts: TabwriterOptions = GET_OPTIONS): string {
  const out: string[][] = rows.map(() => []);
  formatColumns(rows, out, opts, 0, 0, rows.length);
  return out.map((cells) => cells.join('') + '\n').join('');
}

function formatColumns(
  rows: readonly (readonly string[])[],
  out: string[][],
  opts: TabwriterOptions,
  column: number,
  line0: number,
  line1: number,
): void {
  let line = line0;
  while (line < line1) {
    // Lines whose cell at `column` is their last cell: written as is.
    if (column >= rows[line].length - 1) {
      if (column < rows[line].length) out[line].push(rows[line][column]);
      line++;
      continue;
    }
    // A column block: consecutive lines with a tab-terminated cell in this column.
    const start = line;
    let width = opts.minWidth;
    while (line < line1 && column < rows[line].length - 1) {
      width = Math.max(width, runeWidth(rows[line][column]) + opts.padding);
      line++;
    }
    for (let i = start; i < line; i++) {
      const c = rows[i][column];
      out[i].push(c + ' '.repeat(width - runeWidth(c)));
    }
    formatColumns(rows, out, opts, column + 1, start, line);
  }
}
