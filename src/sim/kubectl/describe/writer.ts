// describe's output machinery: Go's text/tabwriter as `tabbedString` configures it
// (minwidth 0, tabwidth 8, padding 2, padchar ' ', no flags) and kubectl's PrefixWriter
// (`LEVEL_n` indents by 2n spaces). Flush() aligns what was written so far on its own, as the
// Events table is aligned apart from the rest.

import { tabwrite } from '../printers/tabwriter';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** Aligns tab-separated text like Go's tabwriter (see printers/tabwriter.ts), keeping an unterminated tail. */
export function goTabwrite(text: string, minWidth = 0, padding = 2): string {
  const lines = text.split('\n');
  const trailing = lines.pop(); // text after the last newline (kept, unterminated)
  return tabwrite(lines.map((l) => l.split('\t')), { minWidth, padding }) + (trailing ?? '');
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
