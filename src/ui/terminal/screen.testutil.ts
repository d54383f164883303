// A tiny terminal screen for tests: enough of VT100 to replay what the shell writes (text with
// wrapping, \r, \n, cursor up/right, erase to end of screen, SGR colours ignored).

export class TestScreen {
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  private pendingWrap = false;

  constructor(readonly cols = 80) {}

  write(data: string): void {
    for (let i = 0; i < data.length; i++) {
      const c = data[i];
      if (c === '\x1b') {
        const m = /^\x1b\[([0-9;]*)([A-Za-z])/.exec(data.slice(i));
        if (!m) continue;
        i += m[0].length - 1;
        const n = Number(m[1] || '1');
        if (m[2] === 'A') this.row = Math.max(0, this.row - n);
        else if (m[2] === 'C') this.col = Math.min(this.cols - 1, this.col + n);
        else if (m[2] === 'D') this.col = Math.max(0, this.col - n);
        else if (m[2] === 'J') {
          this.line().length = Math.min(this.line().length, this.col);
          this.rows.length = this.row + 1;
        } else if (m[2] === 'K') this.line().length = Math.min(this.line().length, this.col);
        this.pendingWrap = false;
        continue;
      }
      if (c === '\r') {
        this.col = 0;
        this.pendingWrap = false;
      } else if (c === '\n') {
        this.row++;
        this.pendingWrap = false;
        while (this.rows.length <= this.row) this.rows.push([]);
      } else {
        if (this.pendingWrap) {
          this.row++;
          this.col = 0;
          this.pendingWrap = false;
          while (this.rows.length <= this.row) this.rows.push([]);
        }
        const line = this.line();
        while (line.length < this.col) line.push(' ');
        line[this.col] = c;
        if (this.col === this.cols - 1) this.pendingWrap = true;
        else this.col++;
      }
    }
  }

  private line(): string[] {
    while (this.rows.length <= this.row) this.rows.push([]);
    return this.rows[this.row];
  }

  get text(): string {
    return this.rows.map((r) => r.join('').trimEnd()).join('\n');
  }
}
