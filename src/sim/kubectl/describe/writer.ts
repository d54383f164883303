// describe's output machinery: Go's text/tabwriter as `tabbedString` configures it
// (minwidth 0, tabwidth 8, padding 2, padchar ' ', no flags) and kubectl's PrefixWriter
// (`LEVEL_n` indents by 2n spaces). Flush() aligns what was written so far on its own, as the
// Events table is aligned apart from the rest.

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

function runeWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Aligns tab-separated cells like Go's tabwriter: a column spans consecutive lines that have a tab-terminated cell in it. */
export function goTabwrite(text: string, minWidth = 0, padding = 2): string {
  const lines = text.split('\n');
  const trailing = lines.pop(); // text after the last newline (kept, unterminated)
  const rows = lines.map((l) => l.split('\t'));
  const out: string[][] = rows.map(() => []);
  const format = (column: number, line0: number, line1: number): void => {
    let line = line0;
    while (line < line1) {
      if (column >= rows[line].length - 1) {
        if (column < rows[line].length) out[line].push(rows[line][column]);
        line++;
        continue;
      }
      const start = line;
      let width = minWidth;
      while (line < line1 && column < rows[line].length - 1) {
        width = Math.max(width, runeWidth(rows[line][column]) + padding);
        line++;
      }
      for (let i = start; i < line; i++) {
        const c = rows[i][column];
        out[i].push(c + ' '.repeat(width - runeWidth(c)));
      }
      format(column + 1, start, line);
    }
  };
  format(0, 0, rows.length);
  return out.map((cells) => `${cells.join('')}\n`).join('') + (trailing ?? '');
}

/** kubectl's PrefixWriter over a tabwriter: Write(level, text) indents by 2×level spaces. */
export class PrefixWriter {
  private done = '';
  private pending = '';

  write(level: number, text: string): void {
    this.pending += '  '.repeat(level) + text;
  }

  /** Writes a line with no indentation (`WriteLine`). */
  writeLine(...parts: string[]): void {
    this.pending += `${parts.join(' ')}\n`;
  }

  flush(): void {
    this.done += goTabwrite(this.pending);
    this.pending = '';
  }

  toString(): string {
    this.flush();
    return this.done;
  }
}

/** `tabbedString`: runs f against a fresh writer and returns the aligned text. */
export function tabbedString(f: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  f(w);
  return w.toString();
}
