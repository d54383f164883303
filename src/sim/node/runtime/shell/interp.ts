// Runs a parsed script in virtual time: each command takes no time except `sleep` (and network
// tools, a few ms); output lines are stamped with the script's clock. Evaluation stops at a
// horizon; an endless `while true` loop whose iterations repeat exactly is fast-forwarded, so a
// loop that has run for a week costs a few iterations, and the lines it keeps are the last ones.
import { parseScript, ShellSyntaxError, type Node, type Redir, type Word } from './parse';
import { runCommand } from './commands';
import { evalArith } from './arith';
import { expandWord } from './expand';
import { ScriptFiles } from './files';
import type { Line, RunOptions, RunResult, ShellHost } from './types';
import { isConstantTrue, normPath, splitLines } from './util';

export type { FsOp, FsView, HttpResult, Line, RunOptions, RunResult, ShellHost } from './types';
export { normPath, splitLines } from './util';

export class ExitSignal {
  constructor(readonly code: number) {}
}
class HorizonSignal {}
class BudgetSignal {}
class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}

const BUDGET = 400_000;

export class Interp {
  clock = 0;
  status = 0;
  vars: Record<string, string>;
  args: string[];
  lines: Line[] = [];
  private readonly files: ScriptFiles;
  /** Commands run so far (the CPU budget; also seeds $RANDOM). */
  steps = 0;
  private readonly maxLines: number;
  forever = false;
  shellName: string;
  private captureDepth = 0;

  constructor(readonly host: ShellHost, readonly opts: RunOptions) {
    this.vars = { ...opts.vars };
    this.args = opts.args ?? ['sh'];
    this.maxLines = opts.maxLines ?? 2000;
    this.shellName = opts.shell ?? 'sh';
    this.files = new ScriptFiles(host.fs);
  }

  /** Absolute virtual time now. */
  get nowMs(): number {
    return this.host.startMs + this.clock;
  }

  emit(text: string, err = false): void {
    // Lines after the time logs are wanted are of no use, unless a pipe or redirection takes them.
    if (this.captureDepth === 0 && this.clock > this.opts.logsBeforeMs) return;
    this.lines.push({ at: this.clock, text, err });
    if (this.lines.length > this.maxLines * 2) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  advance(ms: number): void {
    if (this.clock + ms > this.opts.horizonMs) {
      this.clock = this.opts.horizonMs;
      throw new HorizonSignal();
    }
    this.clock += ms;
  }

  // --- files, as this script sees them: its own writes over the container's view -------------

  readFile(path: string): string | undefined {
    return this.files.read(normPath(path, this.vars.PWD), this.nowMs);
  }

  isDir(path: string): boolean {
    return this.files.isDir(normPath(path, this.vars.PWD), this.nowMs);
  }

  listDir(path: string): string[] | undefined {
    return this.files.list(normPath(path, this.vars.PWD), this.nowMs);
  }

  writeFile(path: string, content: string | null): void {
    this.files.write(normPath(path, this.vars.PWD), content, this.clock);
  }

  // --- running -------------------------------------------------------------------------------

  run(node: Node): RunResult {
    let exit: RunResult['exit'];
    let busy = false;
    try {
      this.status = this.exec(node, this.opts.stdin);
      exit = { at: this.clock, code: this.status };
    } catch (e) {
      if (e instanceof ExitSignal) exit = { at: this.clock, code: e.code };
      else if (e instanceof BudgetSignal) busy = true;
      else if (!(e instanceof HorizonSignal)) throw e;
    }
    const lines = this.lines.length > this.maxLines ? this.lines.slice(-this.maxLines) : this.lines;
    return { lines, fsOps: this.files.ops, exit, clock: this.clock, busy, forever: this.forever };
  }

  tick(): void {
    if (++this.steps > BUDGET) throw new BudgetSignal();
  }

  /** Runs a node with `stdin` lines; returns its exit status. */
  exec(node: Node, stdin?: string[]): number {
    this.tick();
    switch (node.t) {
      case 'list': {
        let s = 0;
        for (const it of node.items) {
          if (it.bg) {
            const saved = this.clock;
            try {
              this.exec(it.node, stdin);
            } catch (e) {
              if (!(e instanceof HorizonSignal)) throw e;
            }
            this.clock = saved;
            s = 0;
          } else s = this.exec(it.node, stdin);
          this.status = s;
        }
        return s;
      }
      case 'and': {
        const l = this.exec(node.left, stdin);
        this.status = l;
        return l === 0 ? this.exec(node.right, stdin) : l;
      }
      case 'or': {
        const l = this.exec(node.left, stdin);
        this.status = l;
        return l !== 0 ? this.exec(node.right, stdin) : l;
      }
      case 'pipe': {
        let input = stdin;
        let s = 0;
        for (let i = 0; i < node.cmds.length; i++) {
          const last = i === node.cmds.length - 1;
          if (last) s = this.exec(node.cmds[i], input);
          else input = this.capture(() => this.exec(node.cmds[i], input)).out;
        }
        return node.negate ? (s === 0 ? 1 : 0) : s;
      }
      case 'cmd':
        return this.withRedirs(node.redirs, (inp) => this.simple(node, inp), stdin);
      case 'group':
        if (node.subshell) {
          const saved = { ...this.vars };
          try {
            return this.withRedirs(node.redirs, (inp) => this.exec(node.body, inp), stdin);
          } catch (e) {
            if (e instanceof ExitSignal) return e.code;
            throw e;
          } finally {
            this.vars = saved;
          }
        }
        return this.withRedirs(node.redirs, (inp) => this.exec(node.body, inp), stdin);
      case 'if':
        return this.withRedirs(node.redirs, (inp) => {
          for (const b of node.branches) if (this.exec(b.cond, inp) === 0) return this.exec(b.body, inp);
          return node.otherwise ? this.exec(node.otherwise, inp) : 0;
        }, stdin);
      case 'for':
        return this.withRedirs(node.redirs, (inp) => {
          const items = node.items ? node.items.flatMap((w) => this.expandWord(w, true)) : this.args.slice(1);
          let s = 0;
          for (const item of items) {
            this.vars[node.name] = item;
            try {
              s = this.exec(node.body, inp);
            } catch (e) {
              if (!(e instanceof LoopSignal)) throw e;
              if (e.kind === 'break') break;
            }
          }
          return s;
        }, stdin);
      case 'while':
        return this.withRedirs(node.redirs, (inp) => this.loop(node, inp), stdin);
    }
  }

  private loop(node: Extract<Node, { t: 'while' }>, stdin?: string[]): number {
    const constant = isConstantTrue(node.cond) && !node.until;
    let prev: { clock: number; vars: string; lines: number } | undefined;
    let period = -1;
    let s = 0;
    for (;;) {
      if (constant) {
        const snap = { clock: this.clock, vars: JSON.stringify(this.vars), lines: this.lines.length };
        if (prev && snap.vars === prev.vars && snap.clock > prev.clock) {
          const d = snap.clock - prev.clock;
          const perIter = Math.max(1, snap.lines - prev.lines);
          if (d === period) this.skipPeriods(d, perIter);
          period = d;
        }
        prev = { clock: this.clock, vars: JSON.stringify(this.vars), lines: this.lines.length };
      }
      const c = this.exec(node.cond, stdin);
      if ((c === 0) === node.until) break;
      try {
        s = this.exec(node.body, stdin);
      } catch (e) {
        if (!(e instanceof LoopSignal)) throw e;
        if (e.kind === 'break') break;
      }
    }
    return s;
  }

  /** Fast-forwards whole iterations of a periodic endless loop. */
  private skipPeriods(d: number, linesPerIter: number): void {
    const before = this.opts.logsBeforeMs;
    if (this.clock > before) {
      // Past the time logs are wanted: the loop repeats until the horizon, it never ends.
      this.forever = true;
      const n = Math.floor((this.opts.horizonMs - this.clock) / d);
      if (n > 1) this.clock += (n - 1) * d;
      if (this.clock + d > this.opts.horizonMs) throw new HorizonSignal();
      return;
    }
    const keep = Math.ceil(this.maxLines / linesPerIter) + 1;
    const n = Math.floor((before - this.clock) / d) - keep;
    if (n > 1) this.clock += n * d;
  }

  /** Runs fn with stdout captured (command substitution, pipes). */
  capture(fn: () => number): { out: string[]; status: number } {
    const savedLines = this.lines;
    this.lines = [];
    let status = 0;
    this.captureDepth++;
    try {
      status = fn();
    } catch (e) {
      if (e instanceof ExitSignal) status = e.code;
      else {
        this.lines = savedLines.concat(this.lines);
        throw e;
      }
    } finally {
      this.captureDepth--;
    }
    const got = this.lines;
    this.lines = savedLines.concat(got.filter((l) => l.err));
    return { out: got.filter((l) => !l.err).map((l) => l.text), status };
  }

  private withRedirs(redirs: Redir[], fn: (stdin?: string[]) => number, stdin?: string[]): number {
    if (redirs.length === 0) return fn(stdin);
    let input = stdin;
    let outFile: { path: string; append: boolean } | null | undefined;
    let errFile: { path: string; append: boolean } | null | undefined;
    let errToOut = false;
    let outToErr = false;
    for (const r of redirs) {
      const target = this.expandWord(r.target, false).join(' ');
      if (r.op === '<') {
        const c = this.readFile(target);
        if (c === undefined) {
          this.emit(`${this.shellName}: can't open ${target}: no such file`, true);
          return 1;
        }
        input = splitLines(c);
      } else if (r.op === '>&') {
        if (r.fd === 2 && target === '1') errToOut = true;
        if (r.fd === 1 && target === '2') outToErr = true;
      } else {
        const f = target === '/dev/null' ? null : { path: target, append: r.op === '>>' };
        if (r.fd === 2) errFile = f;
        else outFile = f;
      }
    }
    const start = this.lines.length;
    this.captureDepth++;
    let status: number;
    try {
      status = fn(input);
    } finally {
      this.captureDepth--;
    }
    const produced = this.lines.splice(start);
    const toFile: string[] = [];
    const toErrFile: string[] = [];
    for (const l of produced) {
      const isErr = (l.err && !errToOut) || (!l.err && outToErr);
      const dest = isErr ? errFile : outFile;
      if (dest === undefined) {
        if (this.captureDepth > 0 || l.at <= this.opts.logsBeforeMs) this.lines.push({ ...l, err: isErr });
      }
      else if (dest !== null) (isErr ? toErrFile : toFile).push(l.text);
    }
    for (const [f, content] of [[outFile, toFile], [errFile, toErrFile]] as const) {
      if (!f) continue;
      const prev = f.append ? (this.readFile(f.path) ?? '') : '';
      this.writeFile(f.path, prev + content.map((t) => `${t}\n`).join(''));
    }
    return status;
  }

  private simple(node: Extract<Node, { t: 'cmd' }>, stdin?: string[]): number {
    const argv = node.words.flatMap((w) => this.expandWord(w, true));
    if (argv.length === 0) {
      for (const [k, w] of node.assigns) this.vars[k] = this.expandWord(w, false).join(' ');
      return this.status;
    }
    const saved: Record<string, string | undefined> = {};
    for (const [k, w] of node.assigns) {
      saved[k] = this.vars[k];
      this.vars[k] = this.expandWord(w, false).join(' ');
    }
    try {
      const name = argv[0];
      if (name === 'break' || name === 'continue') throw new LoopSignal(name);
      if (name === 'exit') throw new ExitSignal(argv[1] !== undefined ? (Number(argv[1]) & 255) : this.status);
      this.status = runCommand(this, argv, stdin ?? []);
      return this.status;
    } finally {
      for (const [k] of node.assigns) {
        if (saved[k] === undefined) delete this.vars[k];
        else this.vars[k] = saved[k]!;
      }
    }
  }

  /** Runs a script text (`sh -c`, `$(…)`), inheriting variables. */
  runText(src: string, stdin?: string[]): number {
    let node: Node;
    try {
      node = parseScript(src);
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        this.emit(syntaxErrorLine(this.shellName, e), true);
        return 2;
      }
      throw e;
    }
    return this.exec(node, stdin);
  }

  // --- expansion -----------------------------------------------------------------------------

  expandWord(w: Word, split: boolean): string[] {
    return expandWord(this, w, split);
  }

  arith(src: string): number {
    return evalArith(src, (name) => Number(this.vars[name] ?? 0) || 0);
  }
}

/** How sh (busybox / dash) and bash report a syntax error in a `-c` script. */
function syntaxErrorLine(shell: string, e: ShellSyntaxError): string {
  return shell === 'bash' ? `bash: -c: line 1: ${e.message}` : `${shell}: ${e.message}`;
}

/** Runs a script (or argv of one command) on a host; see RunOptions. */
export function runShell(host: ShellHost, script: string, opts: RunOptions): RunResult {
  const it = new Interp(host, opts);
  let node: Node;
  try {
    node = parseScript(script);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    it.emit(syntaxErrorLine(opts.shell ?? 'sh', e), true);
    return { lines: it.lines, fsOps: [], exit: { at: 0, code: 2 }, clock: 0, busy: false, forever: false };
  }
  return it.run(node);
}

/** Runs one command's argv (no shell). */
export function runArgv(host: ShellHost, argv: string[], opts: RunOptions): RunResult {
  const it = new Interp(host, opts);
  const node: Node = { t: 'cmd', assigns: [], words: argv.map((a) => [{ k: 'lit', s: a, q: true }]), redirs: [] };
  return it.run(node);
}
