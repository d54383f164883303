// `diff -u -N` as GNU diffutils prints it, for `kubectl diff` (which runs the system diff on a
// LIVE and a MERGED directory). The comparison follows GNU diff's analyze.c: identical ends are
// set aside (keeping `context` lines of horizon), lines with no match in the other file are
// discarded before the comparison, Myers' O(ND) middle-snake bisection (gnulib diffseq.h) finds
// the changes, and shift_boundaries slides each run of changes as GNU does, so the hunks match
// what kubectl users see.

export const CONTEXT_LINES = 3;

/** Splits text into lines, each without its newline (a final newline does not add a line). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

interface FileData {
  lines: string[];
  equivs: number[];
  /** changed[i] for i in [-1, n]: index shifted by one so [-1] and [n] exist and are 0. */
  changed: Uint8Array;
}

function ch(f: FileData, i: number): number {
  return f.changed[i + 1];
}

function setCh(f: FileData, i: number, v: number): void {
  f.changed[i + 1] = v;
}

/** The changed-line flags of both files (GNU diff's analysis). */
export function analyze(a: readonly string[], b: readonly string[], context = CONTEXT_LINES): [Uint8Array, Uint8Array] {
  // Identical prefix and suffix, minus a horizon of `context` lines, take no part in the analysis.
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const skipStart = Math.max(0, prefix - context);
  const skipEnd = Math.max(0, suffix - context);
  const sub = (x: readonly string[]) => x.slice(skipStart, x.length - skipEnd);
  const classes = new Map<string, number>();
  const mk = (lines: string[]): FileData => ({
    lines,
    equivs: lines.map((l) => {
      let c = classes.get(l);
      if (c === undefined) {
        c = classes.size + 1;
        classes.set(l, c);
      }
      return c;
    }),
    changed: new Uint8Array(lines.length + 2),
  });
  const files: [FileData, FileData] = [mk(sub(a)), mk(sub(b))];
  const { undiscarded, realindexes } = discardConfusingLines(files, classes.size + 1);
  compareseq(files, undiscarded, realindexes);
  shiftBoundaries(files);
  const full = (x: readonly string[], f: FileData) => {
    const out = new Uint8Array(x.length);
    for (let i = 0; i < f.lines.length; i++) out[skipStart + i] = ch(f, i);
    return out;
  };
  return [full(a, files[0]), full(b, files[1])];
}

function discardConfusingLines(files: [FileData, FileData], equivMax: number): { undiscarded: number[][]; realindexes: number[][] } {
  const equivCount = [new Int32Array(equivMax), new Int32Array(equivMax)];
  for (let f = 0; f < 2; f++) for (const e of files[f].equivs) equivCount[f][e]++;
  const discarded = [new Uint8Array(files[0].lines.length), new Uint8Array(files[1].lines.length)];
  for (let f = 0; f < 2; f++) {
    const end = files[f].lines.length;
    const discards = discarded[f];
    const counts = equivCount[1 - f];
    const equivs = files[f].equivs;
    let many = 5;
    let tem = Math.floor(end / 64);
    while ((tem = tem >> 2) > 0) many *= 2;
    for (let i = 0; i < end; i++) {
      const nmatch = counts[equivs[i]];
      if (nmatch === 0) discards[i] = 1;
      else if (nmatch > many) discards[i] = 2;
    }
  }
  for (let f = 0; f < 2; f++) {
    const end = files[f].lines.length;
    const discards = discarded[f];
    for (let i = 0; i < end; i++) {
      if (discards[i] === 2) discards[i] = 0;
      else if (discards[i] !== 0) {
        let j: number;
        let provisional = 0;
        for (j = i; j < end; j++) {
          if (discards[j] === 0) break;
          if (discards[j] === 2) ++provisional;
        }
        while (j > i && discards[j - 1] === 2) {
          discards[--j] = 0;
          --provisional;
        }
        const length = j - i;
        if (provisional * 4 > length) {
          while (j > i) if (discards[--j] === 2) discards[j] = 0;
        } else {
          let minimum = 1;
          let tem = length >> 2;
          while (0 < (tem >>= 2)) minimum <<= 1;
          minimum++;
          let consec = 0;
          for (j = 0, consec = 0; j < length; j++) {
            if (discards[i + j] !== 2) consec = 0;
            else if (minimum === ++consec) j -= consec;
            else if (minimum < consec) discards[i + j] = 0;
          }
          for (j = 0, consec = 0; j < length; j++) {
            if (j >= 8 && discards[i + j] === 1) break;
            if (discards[i + j] === 2) {
              consec = 0;
              discards[i + j] = 0;
            } else if (discards[i + j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
          i += length - 1;
          for (j = 0, consec = 0; j < length; j++) {
            if (j >= 8 && discards[i - j] === 1) break;
            if (discards[i - j] === 2) {
              consec = 0;
              discards[i - j] = 0;
            } else if (discards[i - j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
        }
      }
    }
  }
  const undiscarded: number[][] = [[], []];
  const realindexes: number[][] = [[], []];
  for (let f = 0; f < 2; f++) {
    const file = files[f];
    for (let i = 0; i < file.lines.length; i++) {
      if (discarded[f][i] === 0) {
        undiscarded[f].push(file.equivs[i]);
        realindexes[f].push(i);
      } else setCh(file, i, 1);
    }
  }
  return { undiscarded, realindexes };
}

/** gnulib diffseq.h: compareseq with diag's middle snake (no heuristics: inputs are small). */
function compareseq(files: [FileData, FileData], vec: number[][], realindexes: number[][]): void {
  const xv = vec[0];
  const yv = vec[1];
  const offset = yv.length + 1;
  const size = xv.length + yv.length + 3;
  const fd = new Int32Array(size);
  const bd = new Int32Array(size);
  const noteDelete = (x: number) => setCh(files[0], realindexes[0][x], 1);
  const noteInsert = (y: number) => setCh(files[1], realindexes[1][y], 1);

  const diag = (xoff: number, xlim: number, yoff: number, ylim: number): [number, number] => {
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    fd[offset + fmid] = xoff;
    bd[offset + bmid] = xlim;
    for (;;) {
      if (fmin > dmin) fd[offset + --fmin - 1] = -1;
      else ++fmin;
      if (fmax < dmax) fd[offset + ++fmax + 1] = -1;
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = fd[offset + d - 1];
        const thi = fd[offset + d + 1];
        const x0 = tlo < thi ? thi : tlo + 1;
        let x = x0;
        let y = x0 - d;
        while (x < xlim && y < ylim && xv[x] === yv[y]) {
          x++;
          y++;
        }
        fd[offset + d] = x;
        if (odd && bmin <= d && d <= bmax && bd[offset + d] <= x) return [x, y];
      }
      if (bmin > dmin) bd[offset + --bmin - 1] = 0x7fffffff;
      else ++bmin;
      if (bmax < dmax) bd[offset + ++bmax + 1] = 0x7fffffff;
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        const tlo = bd[offset + d - 1];
        const thi = bd[offset + d + 1];
        const x0 = tlo < thi ? tlo : thi - 1;
        let x = x0;
        let y = x0 - d;
        while (xoff < x && yoff < y && xv[x - 1] === yv[y - 1]) {
          x--;
          y--;
        }
        bd[offset + d] = x;
        if (!odd && fmin <= d && d <= fmax && x <= fd[offset + d]) return [x, y];
      }
    }
  };

  const seq = (xoff: number, xlim: number, yoff: number, ylim: number): void => {
    while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) {
      xoff++;
      yoff++;
    }
    while (xoff < xlim && yoff < ylim && xv[xlim - 1] === yv[ylim - 1]) {
      xlim--;
      ylim--;
    }
    if (xoff === xlim) while (yoff < ylim) noteInsert(yoff++);
    else if (yoff === ylim) while (xoff < xlim) noteDelete(xoff++);
    else {
      const [xmid, ymid] = diag(xoff, xlim, yoff, ylim);
      seq(xoff, xmid, yoff, ymid);
      seq(xmid, xlim, ymid, ylim);
    }
  };
  seq(0, xv.length, 0, yv.length);
}

/** analyze.c shift_boundaries: slide runs of changes to merge them and to end on a match. */
function shiftBoundaries(files: [FileData, FileData]): void {
  for (let f = 0; f < 2; f++) {
    const file = files[f];
    const other = files[1 - f];
    const equivs = file.equivs;
    let i = 0;
    let j = 0;
    const iEnd = file.lines.length;
    for (;;) {
      while (i < iEnd && !ch(file, i)) {
        while (ch(other, j++));
        i++;
      }
      if (i === iEnd) break;
      let start = i;
      while (ch(file, ++i));
      while (ch(other, j)) j++;
      let runlength: number;
      let corresponding: number;
      do {
        runlength = i - start;
        while (start && equivs[start - 1] === equivs[i - 1]) {
          setCh(file, --start, 1);
          setCh(file, --i, 0);
          while (ch(file, start - 1)) start--;
          while (ch(other, --j));
        }
        corresponding = ch(other, j - 1) ? i : iEnd;
        while (i !== iEnd && equivs[start] === equivs[i]) {
          setCh(file, start++, 0);
          setCh(file, i++, 1);
          while (ch(file, i)) i++;
          while (ch(other, ++j)) corresponding = i;
        }
      } while (runlength !== i - start);
      while (corresponding < i) {
        setCh(file, --start, 1);
        setCh(file, --i, 0);
        while (ch(other, --j));
      }
    }
  }
}

interface Change {
  line0: number;
  line1: number;
  deleted: number;
  inserted: number;
}

function buildScript(c0: Uint8Array, c1: Uint8Array): Change[] {
  const out: Change[] = [];
  let i0 = 0;
  let i1 = 0;
  while (i0 < c0.length || i1 < c1.length) {
    if (c0[i0] || c1[i1]) {
      const line0 = i0;
      const line1 = i1;
      while (c0[i0]) i0++;
      while (c1[i1]) i1++;
      out.push({ line0, line1, deleted: i0 - line0, inserted: i1 - line1 });
    }
    i0++;
    i1++;
  }
  return out;
}

/** GNU's `start,count` (count omitted when 1; an empty range names the line before it). */
function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  if (count === 1) return `${start + 1}`;
  return `${start + 1},${count}`;
}

/** The hunks of `diff -u` (without the ---/+++ header); '' when the texts are equal. */
export function unifiedHunks(a: readonly string[], b: readonly string[], context = CONTEXT_LINES): string {
  const [c0, c1] = analyze(a, b, context);
  const script = buildScript(c0, c1);
  let out = '';
  let k = 0;
  while (k < script.length) {
    // Changes closer than 2*context lines of common text share a hunk.
    let end = k;
    while (end + 1 < script.length && script[end + 1].line0 - (script[end].line0 + script[end].deleted) <= 2 * context) end++;
    const first = script[k];
    const last = script[end];
    const start0 = Math.max(0, first.line0 - context);
    const start1 = Math.max(0, first.line1 - context);
    const end0 = Math.min(a.length, last.line0 + last.deleted + context);
    const end1 = Math.min(b.length, last.line1 + last.inserted + context);
    out += `@@ -${range(start0, end0 - start0)} +${range(start1, end1 - start1)} @@\n`;
    let i0 = start0;
    let i1 = start1;
    for (let c = k; c <= end; c++) {
      const change = script[c];
      while (i0 < change.line0) {
        out += ` ${a[i0++]}\n`;
        i1++;
      }
      for (let d = 0; d < change.deleted; d++) out += `-${a[i0++]}\n`;
      for (let n = 0; n < change.inserted; n++) out += `+${b[i1++]}\n`;
    }
    while (i0 < end0) {
      out += ` ${a[i0++]}\n`;
      i1++;
    }
    k = end + 1;
  }
  return out;
}
