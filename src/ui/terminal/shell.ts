// The terminal's shell: a line editor (cursor keys, history, Ctrl+C/U/W/K/L, Tab completion),
// heredocs (`kubectl apply -f - <<EOF`), and the few built-ins a learner needs (clear, history,
// help). Commands run kubectl through the worker; their output is printed as kubectl prints it,
// without colours, streamed while a long-running command (`get -w`, `rollout status`) runs;
// Ctrl+C stops it (`^C`, then the prompt). Independent of xterm: it reads the terminal's input data and writes ANSI text.

import type { CommandResult } from '../../worker/protocol';
import { commonPrefix, complete } from './completion';
import type { ShellDeps } from './shelldeps';
import { columns, HELP_TEXT } from './text';

export { columns, HELP_TEXT };
export type { ShellDeps };

const PROMPT = '\x1b[1;32m$\x1b[0m ';
const PROMPT_WIDTH = 2;
const CONT_PROMPT = '\x1b[2m>\x1b[0m ';
const HEREDOC = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2\s*$/;


interface Heredoc {
  command: string;
  delimiter: string;
  stripTabs: boolean;
  body: string[];
}

export class Shell {
  private line = '';
  private cursor = 0;
  /** Row of the cursor below the prompt's first row, as last drawn. */
  private cursorRow = 0;
  private prompt = PROMPT;
  private historyPos: number | null = null;
  private draft = '';
  private heredoc: Heredoc | null = null;
  private running: { id: number } | null = null;
  /** Input typed while a command runs, replayed when it ends. */
  private typeahead = '';
  /** The context's namespace, from the last kubectl reply. */
  namespace = 'default';

  constructor(private readonly deps: ShellDeps) {}

  start(banner?: string): void {
    if (banner) this.deps.write(`${banner.replace(/\n/g, '\r\n')}\r\n`);
    this.newPrompt();
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** The line being edited (tests). */
  get currentLine(): string {
    return this.line;
  }

  /** Feeds input from the terminal (keys, escape sequences, pastes). */
  input(data: string): void {
    if (this.running) {
      if (data.includes('\x03')) this.interrupt();
      else this.typeahead += data;
      return;
    }
    let i = 0;
    while (i < data.length) {
      if (this.running) {
        this.typeahead += data.slice(i);
        return;
      }
      const rest = data.slice(i);
      const seq = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(rest);
      if (seq) {
        this.escape(seq[0]);
        i += seq[0].length;
        continue;
      }
      const c = data[i];
      i++;
      switch (c) {
        case '\r':
          if (data[i] === '\n') i++;
          this.enter();
          break;
        case '\n':
          this.enter();
          break;
        case '\x7f':
        case '\b':
          if (this.cursor > 0) {
            this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
            this.cursor--;
            this.redraw();
          }
          break;
        case '\x03':
          this.interrupt();
          break;
        case '\x0c':
          this.deps.clear();
          this.cursorRow = 0;
          this.redraw();
          break;
        case '\t':
          this.tab();
          break;
        case '\x01':
          this.moveTo(0);
          break;
        case '\x05':
          this.moveTo(this.line.length);
          break;
        case '\x15':
          this.line = this.line.slice(this.cursor);
          this.cursor = 0;
          this.redraw();
          break;
        case '\x0b':
          this.line = this.line.slice(0, this.cursor);
          this.redraw();
          break;
        case '\x17': {
          const before = this.line.slice(0, this.cursor).replace(/\S+\s*$/, '');
          this.line = before + this.line.slice(this.cursor);
          this.cursor = before.length;
          this.redraw();
          break;
        }
        case '\x04':
          if (this.cursor < this.line.length) this.deleteForward();
          break;
        default:
          if (c >= ' ' || c === '\u00a0') this.insert(c);
      }
    }
  }

  private escape(seq: string): void {
    switch (seq) {
      case '\x1b[A':
      case '\x1bOA':
        return this.recall(-1);
      case '\x1b[B':
      case '\x1bOB':
        return this.recall(1);
      case '\x1b[C':
      case '\x1bOC':
        return this.moveTo(Math.min(this.line.length, this.cursor + 1));
      case '\x1b[D':
      case '\x1bOD':
        return this.moveTo(Math.max(0, this.cursor - 1));
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
        return this.moveTo(0);
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
        return this.moveTo(this.line.length);
      case '\x1b[3~':
        return this.deleteForward();
      case '\x1b[1;5C': {
        const m = /^\s*\S*/.exec(this.line.slice(this.cursor))!;
        return this.moveTo(this.cursor + m[0].length);
      }
      case '\x1b[1;5D': {
        const m = /\S*\s*$/.exec(this.line.slice(0, this.cursor))!;
        return this.moveTo(this.cursor - m[0].length);
      }
      default:
        return; // other keys (function keys, Insert) do nothing
    }
  }

  private insert(text: string): void {
    this.line = this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor);
    this.cursor += text.length;
    this.redraw();
  }

  private deleteForward(): void {
    this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
    this.redraw();
  }

  private moveTo(pos: number): void {
    this.cursor = pos;
    this.redraw();
  }

  private recall(dir: -1 | 1): void {
    if (this.heredoc) return;
    const items = this.deps.history.entries;
    if (items.length === 0) return;
    let pos = this.historyPos ?? items.length;
    if (this.historyPos === null) this.draft = this.line;
    pos = Math.max(0, Math.min(items.length, pos + dir));
    this.historyPos = pos === items.length ? null : pos;
    this.line = pos === items.length ? this.draft : items[pos];
    this.cursor = this.line.length;
    this.redraw();
  }

  /** Ctrl+C: stop the running command, or abandon the line being typed. */
  private interrupt(): void {
    if (this.running) {
      if (this.running.id >= 0) this.deps.cancel(this.running.id); // a control line (id < 0) is not cancellable
      this.running = null;
      this.typeahead = '';
      this.deps.write('^C\r\n');
      this.newPrompt();
      return;
    }
    this.moveTo(this.line.length);
    this.deps.write('^C\r\n');
    this.heredoc = null;
    this.newPrompt();
  }

  private tab(): void {
    if (this.heredoc) return this.insert('\t');
    const r = complete(this.line, this.cursor, this.deps.completion());
    if (r.candidates.length === 0) return;
    const typed = this.line.slice(r.start, r.end);
    if (r.candidates.length === 1) {
      const c = r.candidates[0];
      const tail = c.endsWith('=') || c.endsWith('/') ? '' : ' ';
      const after = this.line.slice(this.cursor);
      this.line = this.line.slice(0, r.start) + c + (after.startsWith(' ') ? '' : tail) + after;
      this.cursor = r.start + c.length + (after.startsWith(' ') ? 1 : tail.length);
      this.redraw();
      return;
    }
    const prefix = commonPrefix(r.candidates);
    if (prefix.length > typed.length) {
      this.line = this.line.slice(0, r.start) + prefix + this.line.slice(this.cursor);
      this.cursor = r.start + prefix.length;
      this.redraw();
      return;
    }
    // Nothing more in common: list the candidates below, then redraw the line.
    this.moveTo(this.line.length);
    this.deps.write(`\r\n${columns(r.candidates, this.deps.cols())}\r\n`);
    this.cursorRow = 0;
    this.redraw();
  }

  private enter(): void {
    this.moveTo(this.line.length);
    this.deps.write('\r\n');
    const line = this.line;
    this.line = '';
    this.cursor = 0;
    this.historyPos = null;
    this.draft = '';
    if (this.heredoc) {
      const h = this.heredoc;
      const l = h.stripTabs ? line.replace(/^\t+/, '') : line;
      if (l === h.delimiter) {
        this.heredoc = null;
        this.execute(h.command, h.body.join('\n') + '\n');
      } else {
        h.body.push(line);
        this.prompt = CONT_PROMPT;
        this.drawPrompt();
      }
      return;
    }
    this.deps.history.add(line);
    const m = HEREDOC.exec(line);
    if (m && /^\s*(kubectl|k)\s/.test(line)) {
      this.heredoc = { command: line.slice(0, m.index).trim(), delimiter: m[3], stripTabs: m[1] === '-', body: [] };
      this.prompt = CONT_PROMPT;
      this.drawPrompt();
      return;
    }
    this.execute(line);
  }

  private execute(line: string, stdin?: string): void {
    const cmd = line.trim();
    const first = cmd.split(/\s+/)[0] ?? '';
    if (cmd === '' || cmd.startsWith('#')) return this.newPrompt();
    if (first === 'clear') {
      this.deps.clear();
      return this.newPrompt();
    }
    if (first === 'help') {
      this.print(HELP_TEXT);
      return this.newPrompt();
    }
    if (first === 'history') {
      const items = this.deps.history.entries;
      this.print(items.map((l, i) => `${String(i + 1).padStart(5)}  ${l}`).join('\n'));
      return this.newPrompt();
    }
    if (first === 'kubeplay' && this.deps.control) {
      const id = -2;
      this.running = { id };
      void this.deps.control(cmd).then((r) => {
        if (this.running?.id !== id) return;
        this.running = null;
        this.print(r.output);
        this.newPrompt();
        const pending = this.typeahead;
        this.typeahead = '';
        if (pending) this.input(pending);
      });
      return;
    }
    if (first !== 'kubectl' && first !== 'k') {
      this.print(`${first}: command not found. This terminal runs kubectl: try \`kubectl get pods -A\`, or \`help\`.`);
      return this.newPrompt();
    }
    const wantsFiles = /\s(--filename|-[A-Za-z]*f)/.test(cmd);
    let id = -1;
    const onOutput = (_stream: 'out' | 'err', text: string) => {
      if (this.running?.id === id) this.deps.write(text.replace(/\r?\n/g, '\r\n'));
    };
    const running = this.deps.run(cmd, { stdin, files: wantsFiles ? this.deps.files() : undefined, onOutput });
    id = running.id;
    this.running = { id };
    void running.result.then((r) => {
      if (this.running?.id !== running.id) return; // interrupted: the output is dropped
      this.running = null;
      this.show(r);
      this.newPrompt();
      const pending = this.typeahead;
      this.typeahead = '';
      if (pending) this.input(pending);
    });
  }

  private show(r: CommandResult): void {
    if (!r.ok) {
      this.print(r.status.message);
      return;
    }
    if (r.op !== 'kubectl') return;
    const v = r.value;
    if (v.namespace) this.namespace = v.namespace;
    if (v.output) this.deps.write(v.output.replace(/\r?\n/g, '\r\n'));
    if (v.openEditor && v.openEditor.length > 0) {
      this.deps.openEditor(v.openEditor);
      const refs = v.openEditor.map((t) => t.ref).join(', ');
      this.deps.write(`\x1b[2mOpened ${refs} in the editor: Save there writes it back.\x1b[0m\r\n`);
    }
  }

  private print(text: string): void {
    if (text) this.deps.write(`${text.replace(/\r?\n/g, '\r\n')}\r\n`);
  }

  private newPrompt(): void {
    this.prompt = this.heredoc ? CONT_PROMPT : PROMPT;
    this.line = '';
    this.cursor = 0;
    this.drawPrompt();
  }

  private drawPrompt(): void {
    this.cursorRow = 0;
    this.deps.write(this.prompt);
  }

  /** Redraws the prompt and line, and places the cursor (the line may wrap over several rows). */
  private redraw(): void {
    const cols = Math.max(1, this.deps.cols());
    let out = this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : '';
    out += `\r\x1b[J${this.prompt}${this.line}`;
    const end = PROMPT_WIDTH + this.line.length;
    const endRow = Math.floor(end / cols);
    // At exactly the row's end the cursor waits at the last column: move it to the next row.
    if (end % cols === 0) out += '\r\n';
    const target = PROMPT_WIDTH + this.cursor;
    const tRow = Math.floor(target / cols);
    const tCol = target % cols;
    if (endRow > tRow) out += `\x1b[${endRow - tRow}A`;
    out += '\r';
    if (tCol > 0) out += `\x1b[${tCol}C`;
    this.cursorRow = tRow;
    this.deps.write(out);
  }
}
