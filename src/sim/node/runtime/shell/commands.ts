// The commands scripts call: shell builtins and the BusyBox / coreutils tools an image ships,
// with their wording (BusyBox `cat: can't open 'x'` vs GNU `cat: x: No such file or directory`).
import { unixDate } from '../../images/timefmt';
import type { Interp } from './interp';
import { ExitSignal, splitLines } from './interp';
import { curl, wget } from './net';
import { TEXT_TOOLS } from './textools';

type Cmd = (it: Interp, argv: string[], stdin: string[]) => number;

const gnu = (it: Interp) => it.host.os === 'debian' || it.host.os === 'ubuntu';

/** Builtins of the shell itself: always there when a shell runs. */
const BUILTINS: Record<string, Cmd> = {
  echo: (it, a) => {
    let args = a.slice(1);
    let newline = true;
    let escapes = false;
    while (args[0] && /^-[neE]+$/.test(args[0])) {
      if (args[0].includes('n')) newline = false;
      if (args[0].includes('e')) escapes = true;
      args = args.slice(1);
    }
    let s = args.join(' ');
    if (escapes) s = s.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
    void newline;
    for (const l of s.split('\n')) it.emit(l);
    return 0;
  },
  printf: (it, a) => {
    const fmt = a[1] ?? '';
    let i = 2;
    const s = fmt.replace(/%([-\d.]*)([sdif%])/g, (_m, _w, c: string) => (c === '%' ? '%' : c === 's' ? (a[i++] ?? '') : String(Math.trunc(Number(a[i++] ?? 0)) || 0)))
      .replace(/\\n/g, '\n').replace(/\\t/g, '\t');
    const lines = s.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const l of lines) it.emit(l);
    return 0;
  },
  cd: (it, a) => {
    const dir = a[1] ?? '/root';
    if (!it.isDir(dir)) {
      it.emit(gnu(it) ? `bash: line 1: cd: ${dir}: No such file or directory` : `${it.shellName}: cd: can't cd to ${dir}: No such file or directory`, true);
      return 1;
    }
    it.vars.PWD = dir.startsWith('/') ? dir : `${it.vars.PWD ?? '/'}/${dir}`.replace(/\/+/g, '/');
    return 0;
  },
  pwd: (it) => (it.emit(it.vars.PWD ?? '/'), 0),
  export: (it, a) => {
    for (const x of a.slice(1)) {
      const eq = x.indexOf('=');
      if (eq > 0) it.vars[x.slice(0, eq)] = x.slice(eq + 1);
    }
    return 0;
  },
  unset: (it, a) => {
    for (const x of a.slice(1)) delete it.vars[x];
    return 0;
  },
  set: () => 0,
  trap: () => 0,
  wait: () => 0,
  kill: () => 0,
  ulimit: () => 0,
  shift: (it, a) => {
    const n = Number(a[1] ?? 1) || 1;
    it.args = [it.args[0], ...it.args.slice(1 + n)];
    return 0;
  },
  true: () => 0,
  false: () => 1,
  ':': () => 0,
  test: (it, a) => test(it, a.slice(1)),
  '[': (it, a) => test(it, a.slice(1, a[a.length - 1] === ']' ? -1 : undefined)),
  '[[': (it, a) => test(it, a.slice(1, a[a.length - 1] === ']]' ? -1 : undefined)),
  read: (it, a, stdin) => {
    const line = stdin.shift();
    if (line === undefined) return 1;
    if (a[1]) it.vars[a[1]] = line;
    return 0;
  },
  eval: (it, a, stdin) => it.runText(a.slice(1).join(' '), stdin),
  exec: (it, a, stdin) => (a.length > 1 ? runCommand(it, a.slice(1), stdin) : 0),
  source: (it, a, stdin) => {
    const c = it.readFile(a[1] ?? '');
    return c === undefined ? 1 : it.runText(c, stdin);
  },
};
BUILTINS['.'] = BUILTINS.source;

function test(it: Interp, a: string[]): number {
  const ok = (b: boolean) => (b ? 0 : 1);
  if (a[0] === '!') return test(it, a.slice(1)) === 0 ? 1 : 0;
  if (a.length === 0) return 1;
  if (a.length === 1) return ok(a[0] !== '');
  if (a.length === 2) {
    const [op, x] = a;
    if (op === '-z') return ok(x === '');
    if (op === '-n') return ok(x !== '');
    if (op === '-f') return ok(it.readFile(x) !== undefined && !it.isDir(x));
    if (op === '-d') return ok(it.isDir(x));
    if (op === '-e' || op === '-r' || op === '-x') return ok(it.readFile(x) !== undefined || it.isDir(x));
    if (op === '-s') return ok((it.readFile(x) ?? '') !== '');
    return 1;
  }
  const [l, op, r] = a;
  const n = (s: string) => Number(s) || 0;
  switch (op) {
    case '=': case '==': return ok(l === r);
    case '!=': return ok(l !== r);
    case '-eq': return ok(n(l) === n(r));
    case '-ne': return ok(n(l) !== n(r));
    case '-lt': return ok(n(l) < n(r));
    case '-le': return ok(n(l) <= n(r));
    case '-gt': return ok(n(l) > n(r));
    case '-ge': return ok(n(l) >= n(r));
  }
  return 2;
}

/** Seconds from `sleep` arguments (`5`, `0.5`, `1m`, `infinity`); undefined when invalid. */
export function sleepSeconds(args: string[]): number | undefined {
  let total = 0;
  for (const x of args) {
    if (x === 'infinity' || x === 'inf') return Infinity;
    const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(x);
    if (!m) return undefined;
    total += Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]] ?? 1);
  }
  return total;
}

const TOOLS: Record<string, Cmd> = {
  sleep: (it, a) => {
    const s = sleepSeconds(a.slice(1));
    if (s === undefined || a.length < 2) {
      if (a.length < 2) it.emit(gnu(it) ? "sleep: missing operand\nTry 'sleep --help' for more information." : 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: sleep [N]...', true);
      else it.emit(gnu(it) ? `sleep: invalid time interval '${a[1]}'\nTry 'sleep --help' for more information.` : `sleep: invalid number '${a.find((x) => sleepSeconds([x]) === undefined)}'`, true);
      return 1;
    }
    it.advance(s === Infinity ? Number.MAX_SAFE_INTEGER / 4 : Math.round(s * 1000));
    return 0;
  },
  date: (it, a) => {
    const fmt = a.find((x) => x.startsWith('+'));
    const t = it.nowMs;
    if (!fmt) return (it.emit(unixDate(t)), 0);
    const d = new Date(t);
    const p2 = (n: number) => String(n).padStart(2, '0');
    const out = fmt.slice(1).replace(/%([a-zA-Z%])/g, (_m, c: string) => {
      switch (c) {
        case 'Y': return String(d.getUTCFullYear());
        case 'm': return p2(d.getUTCMonth() + 1);
        case 'd': return p2(d.getUTCDate());
        case 'H': return p2(d.getUTCHours());
        case 'M': return p2(d.getUTCMinutes());
        case 'S': return p2(d.getUTCSeconds());
        case 's': return String(Math.floor(t / 1000));
        case 'T': return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
        case 'F': return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
        case 'Z': return 'UTC';
        case '%': return '%';
        default: return `%${c}`;
      }
    });
    it.emit(out);
    return 0;
  },
  hostname: (it) => (it.emit(it.host.hostname), 0),
  env: (it, a, stdin) => {
    if (a.length > 1) return runCommand(it, a.slice(1), stdin);
    for (const [k, v] of Object.entries(it.vars)) if (k !== 'PWD' || gnu(it)) it.emit(`${k}=${v}`);
    return 0;
  },
  printenv: (it, a) => {
    if (a.length > 1) {
      const v = it.vars[a[1]];
      if (v === undefined) return 1;
      it.emit(v);
      return 0;
    }
    for (const [k, v] of Object.entries(it.vars)) it.emit(`${k}=${v}`);
    return 0;
  },
  cat: (it, a, stdin) => {
    const files = a.slice(1).filter((x) => !x.startsWith('-') || x === '-');
    if (files.length === 0) return (stdin.forEach((l) => it.emit(l)), 0);
    let s = 0;
    for (const f of files) {
      if (f === '-') { stdin.forEach((l) => it.emit(l)); continue; }
      if (it.isDir(f)) { it.emit(gnu(it) ? `cat: ${f}: Is a directory` : `cat: read error: Is a directory`, true); s = 1; continue; }
      const c = it.readFile(f);
      if (c === undefined) {
        it.emit(gnu(it) ? `cat: ${f}: No such file or directory` : `cat: can't open '${f}': No such file or directory`, true);
        s = 1;
        continue;
      }
      for (const l of splitLines(c)) it.emit(l);
    }
    return s;
  },
  ls: (it, a) => {
    const long = a.some((x) => /^-\w*l/.test(x));
    const all = a.some((x) => /^-\w*a/.test(x));
    const paths = a.slice(1).filter((x) => !x.startsWith('-'));
    let s = 0;
    const targets = paths.length ? paths : [it.vars.PWD ?? '/'];
    for (const p of targets) {
      const entries = it.listDir(p);
      if (!entries) {
        if (it.readFile(p) !== undefined) { it.emit(p); continue; }
        it.emit(gnu(it) ? `ls: cannot access '${p}': No such file or directory` : `ls: ${p}: No such file or directory`, true);
        s = gnu(it) ? 2 : 1;
        continue;
      }
      if (targets.length > 1) it.emit(`${p}:`);
      const names = (all ? ['.', '..', ...entries] : entries.filter((e) => !e.startsWith('.')));
      if (long) it.emit(`total ${names.length * 4}`);
      for (const e of names) {
        if (!long) { it.emit(e); continue; }
        const full = `${p.replace(/\/$/, '')}/${e}`;
        const dir = e === '.' || e === '..' || it.isDir(full);
        const size = dir ? 4096 : (it.readFile(full) ?? '').length;
        const when = unixDate(it.host.startMs).slice(4, 16);
        it.emit(`${dir ? 'drwxr-xr-x' : '-rw-r--r--'}    ${dir ? 2 : 1} root     root     ${String(size).padStart(9)} ${when} ${e}`);
      }
    }
    return s;
  },
  touch: (it, a) => {
    for (const f of a.slice(1).filter((x) => !x.startsWith('-'))) if (it.readFile(f) === undefined) it.writeFile(f, '');
    return 0;
  },
  rm: (it, a) => {
    const force = a.some((x) => /^-\w*f/.test(x));
    let s = 0;
    for (const f of a.slice(1).filter((x) => !x.startsWith('-'))) {
      if (it.readFile(f) === undefined && !it.isDir(f)) {
        if (!force) { it.emit(gnu(it) ? `rm: cannot remove '${f}': No such file or directory` : `rm: can't remove '${f}': No such file or directory`, true); s = 1; }
        continue;
      }
      it.writeFile(f, null);
    }
    return s;
  },
  mkdir: (it, a) => {
    const parents = a.some((x) => /^-\w*p/.test(x));
    let s = 0;
    for (const d of a.slice(1).filter((x) => !x.startsWith('-'))) {
      if (it.isDir(d)) {
        if (!parents) { it.emit(gnu(it) ? `mkdir: cannot create directory '${d}': File exists` : `mkdir: can't create directory '${d}': File exists`, true); s = 1; }
        continue;
      }
      it.writeFile(d, '\0dir');
    }
    return s;
  },
  whoami: (it) => (it.emit('root'), 0),
  id: (it) => (it.emit(gnu(it) ? 'uid=0(root) gid=0(root) groups=0(root)' : 'uid=0(root) gid=0(root) groups=0(root),10(wheel)'), 0),
  uname: (it, a) => {
    it.emit(a.includes('-a') ? `Linux ${it.host.hostname} 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64${gnu(it) ? ' GNU/Linux' : ' Linux'}` : a.includes('-r') ? '6.1.0-28-amd64' : 'Linux');
    return 0;
  },
  nproc: (it) => (it.emit('4'), 0),
  ps: (it) => {
    const procs = [...it.host.procs(), 'ps'];
    if (gnu(it)) {
      it.emit('    PID TTY          TIME CMD');
      procs.forEach((p, i) => it.emit(`${String(i === 0 ? 1 : 7 + i).padStart(7)} ?        00:00:00 ${p.split(' ')[0].split('/').pop()}`));
    } else {
      it.emit('PID   USER     TIME  COMMAND');
      procs.forEach((p, i) => it.emit(`${String(i === 0 ? 1 : 7 + i).padStart(5)} root      0:00 ${p}`));
    }
    return 0;
  },
  ...TEXT_TOOLS,
  basename: (it, a) => (it.emit((a[1] ?? '').replace(/\/+$/, '').split('/').pop() ?? ''), 0),
  dirname: (it, a) => (it.emit((a[1] ?? '').replace(/\/[^/]*\/?$/, '') || '/'), 0),
  which: (it, a) => {
    const name = a[1] ?? '';
    if (!it.host.has(name)) return 1;
    it.emit(`/usr/bin/${name}`);
    return 0;
  },
  fortune: (it) => (splitLines(it.host.fortune(it.nowMs)).forEach((l) => it.emit(l)), 0),
  sh: (it, a, stdin) => subshell(it, a, stdin),
  bash: (it, a, stdin) => subshell(it, a, stdin),
  ash: (it, a, stdin) => subshell(it, a, stdin),
  zsh: (it, a, stdin) => subshell(it, a, stdin),
  wget,
  curl,
};

function subshell(it: Interp, a: string[], stdin: string[]): number {
  const ci = a.indexOf('-c');
  const saved = { vars: { ...it.vars }, args: it.args, shell: it.shellName };
  it.shellName = baseName(a[0]) === 'bash' ? 'bash' : 'sh';
  try {
    if (ci >= 0) {
      it.args = [a[ci + 2] ?? a[0], ...a.slice(ci + 3)];
      return it.runText(a[ci + 1] ?? '', stdin);
    }
    if (a[1] && !a[1].startsWith('-')) {
      const script = it.readFile(a[1]);
      if (script === undefined) {
        it.emit(`${a[0]}: can't open '${a[1]}': No such file or directory`, true);
        return 2;
      }
      it.args = a.slice(1);
      return it.runText(script, stdin);
    }
    return stdin.length ? it.runText(stdin.join('\n'), []) : 0;
  } catch (e) {
    if (e instanceof ExitSignal) return e.code;
    throw e;
  } finally {
    it.vars = saved.vars;
    it.args = saved.args;
    it.shellName = saved.shell;
  }
}

export function baseName(cmd: string): string {
  return cmd.split('/').pop() ?? cmd;
}

/** Whether `name` runs in this shell (a builtin, or a tool the image has). */
export function commandExists(it: Interp, name: string): boolean {
  return name in BUILTINS || (baseName(name) in TOOLS && it.host.has(baseName(name)));
}

/** Runs argv[0] as a builtin, a tool, a script file or the image's own program. */
export function runCommand(it: Interp, argv: string[], stdin: string[]): number {
  it.tick();
  const name = argv[0];
  const b = BUILTINS[name];
  if (b) return b(it, argv, stdin);
  const tool = TOOLS[baseName(name)];
  if (tool && it.host.has(baseName(name))) return tool(it, argv, stdin);
  const script = name.includes('/') ? it.readFile(name) : undefined;
  if (script !== undefined && script.startsWith('#!')) {
    const saved = it.args;
    it.args = argv;
    try {
      return it.runText(script, stdin);
    } finally {
      it.args = saved;
    }
  }
  const ext = it.host.exec?.(argv, it.nowMs);
  if (ext) {
    ext.out.forEach((l) => it.emit(l, !!ext.stderr));
    return ext.code;
  }
  if (it.shellName === 'bash') {
    it.emit(name.includes('/') ? `bash: line 1: ${name}: No such file or directory` : `bash: line 1: ${name}: command not found`, true);
  } else if (gnu(it)) {
    it.emit(`sh: 1: ${name}: not found`, true); // dash
  } else {
    it.emit(`${it.shellName}: ${name}: not found`, true);
  }
  return 127;
}
