import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../worker/protocol';
import { BUILTIN_KINDS } from '../../sim/api/kinds';
import { CommandHistory } from './history';
import { Shell, type ShellDeps } from './shell';
import { TestScreen } from './screen.testutil';

interface Run {
  line: string;
  stdin?: string;
  files?: Record<string, string>;
  onOutput?: (stream: 'out' | 'err', text: string) => void;
  resolve(r: CommandResult): void;
}

function harness(files: Record<string, string> = { 'web.yaml': 'kind: Pod' }, control?: ShellDeps['control']) {
  const runs: Run[] = [];
  const cancelled: number[] = [];
  const screen = new TestScreen(80);
  let cleared = 0;
  const opened: string[] = [];
  const deps: ShellDeps = {
    write: (t) => screen.write(t),
    cols: () => 80,
    run: (line, opts) => {
      let resolve!: (r: CommandResult) => void;
      const result = new Promise<CommandResult>((r) => (resolve = r));
      runs.push({ line, ...opts, resolve });
      return { id: runs.length, result };
    },
    cancel: (id) => void cancelled.push(id),
    files: () => files,
    completion: () => ({ kinds: BUILTIN_KINDS, names: () => ['web-1'], namespaces: ['default'], namespace: 'default', files: Object.keys(files) }),
    openEditor: (targets) => void opened.push(...targets.map((t) => t.ref)),
    clear: () => void cleared++,
    history: new CommandHistory(undefined),
    control,
  };
  const shell = new Shell(deps);
  shell.start();
  const plain = () => screen.text;
  const reply = async (i: number, output: string, extra: object = {}) => {
    runs[i].resolve({ ok: true, op: 'kubectl', value: { stdout: output, stderr: '', output, exitCode: 0, ...extra } });
    await Promise.resolve();
    await Promise.resolve();
  };
  return { shell, runs, cancelled, plain, reply, opened, cleared: () => cleared, history: deps.history, screen };
}

describe('Shell', () => {
  it('runs kubectl lines and prints their output with terminal line ends', async () => {
    const h = harness();
    h.shell.input('kubectl get pods\r');
    expect(h.runs.map((r) => r.line)).toEqual(['kubectl get pods']);
    expect(h.runs[0].files).toBeUndefined();
    await h.reply(0, 'NAME   READY\nweb    1/1\n');
    expect(h.plain()).toBe('$ kubectl get pods\nNAME   READY\nweb    1/1\n$');
  });

  it('edits the line: cursor keys, backspace, delete, Ctrl+U/W/K, Home/End', () => {
    const h = harness();
    h.shell.input('kubectl get pds');
    h.shell.input('\x1b[D\x1b[D');
    h.shell.input('o');
    expect(h.shell.currentLine).toBe('kubectl get pods');
    h.shell.input('\x1b[H\x1b[3~\x1b[3~');
    expect(h.shell.currentLine).toBe('bectl get pods');
    h.shell.input('\x1b[F\x17');
    expect(h.shell.currentLine).toBe('bectl get ');
    h.shell.input('\x01\x0b');
    expect(h.shell.currentLine).toBe('');
    h.shell.input('abc\x7f\x15');
    expect(h.shell.currentLine).toBe('');
  });

  it('recalls history with ↑/↓ and restores the draft', async () => {
    const h = harness();
    h.shell.input('kubectl get ns\r');
    await h.reply(0, '');
    h.shell.input('kubectl version\r');
    await h.reply(1, '');
    h.shell.input('draft');
    h.shell.input('\x1b[A');
    expect(h.shell.currentLine).toBe('kubectl version');
    h.shell.input('\x1b[A\x1b[A');
    expect(h.shell.currentLine).toBe('kubectl get ns');
    h.shell.input('\x1b[B\x1b[B');
    expect(h.shell.currentLine).toBe('draft');
    expect(h.history.entries).toEqual(['kubectl get ns', 'kubectl version']);
  });

  it('redraws long lines that wrap, with the cursor where it belongs', () => {
    const h = harness();
    const long = `kubectl get pods ${'x'.repeat(70)}`;
    h.shell.input(long);
    expect(h.plain()).toBe(`$ ${long.slice(0, 78)}\n${long.slice(78)}`);
    h.shell.input('\x01');
    expect([h.screen.row, h.screen.col]).toEqual([0, 2]);
    h.shell.input('# ');
    expect(h.plain()).toBe(`$ # ${long.slice(0, 76)}\n${long.slice(76)}`);
    expect([h.screen.row, h.screen.col]).toEqual([0, 4]);
    h.shell.input('\x05');
    expect([h.screen.row, h.screen.col]).toEqual([1, long.length + 4 - 80]);
  });

  it('completes with Tab: one candidate inserted, several listed', () => {
    const h = harness();
    h.shell.input('kubectl get deploy\t');
    expect(h.shell.currentLine).toBe('kubectl get deployments ');
    h.shell.input('\x15kubectl get po\t');
    expect(h.shell.currentLine).toBe('kubectl get pod');
    h.shell.input('\t');
    expect(h.plain()).toContain('poddisruptionbudgets  pods                  podtemplates');
    expect(h.shell.currentLine).toBe('kubectl get pod');
  });

  it('collects a heredoc as standard input', () => {
    const h = harness();
    h.shell.input('kubectl apply -f - <<EOF\r');
    expect(h.runs).toHaveLength(0);
    h.shell.input('kind: Pod\r');
    h.shell.input('metadata:\r  name: x\rEOF\r');
    expect(h.runs).toEqual([expect.objectContaining({ line: 'kubectl apply -f -', stdin: 'kind: Pod\nmetadata:\n  name: x\n' })]);
    expect(h.plain()).toContain('> kind: Pod');
  });

  it('takes a pasted multi-line heredoc, and sends editor buffers for -f', () => {
    const h = harness();
    h.shell.input('kubectl apply -f -<<\'END\'\r\napiVersion: v1\r\nEND\r\n');
    expect(h.runs[0]).toMatchObject({ line: 'kubectl apply -f -', stdin: 'apiVersion: v1\n' });
    const h2 = harness();
    h2.shell.input('kubectl apply -f web.yaml\r');
    expect(h2.runs[0].files).toEqual({ 'web.yaml': 'kind: Pod' });
  });

  it('Ctrl+C abandons a line, and interrupts a running command (its output is dropped)', async () => {
    const h = harness();
    h.shell.input('kubectl get pods -w');
    h.shell.input('\x03');
    expect(h.runs).toHaveLength(0);
    expect(h.plain()).toBe('$ kubectl get pods -w^C\n$');
    h.shell.input('kubectl rollout status deploy/web\r');
    expect(h.shell.busy).toBe(true);
    h.shell.input('\x03');
    expect(h.cancelled).toEqual([1]);
    expect(h.shell.busy).toBe(false);
    await h.reply(0, 'deployment "web" successfully rolled out\n');
    expect(h.plain()).not.toContain('successfully rolled out');
  });

  it('prints a streaming command\'s output as it comes, then the rest with the reply; Ctrl+C drops what follows', async () => {
    const h = harness();
    h.shell.input('kubectl rollout status deploy/web\r');
    h.runs[0].onOutput!('out', 'Waiting for deployment spec update to be observed...\n');
    expect(h.plain()).toBe('$ kubectl rollout status deploy/web\nWaiting for deployment spec update to be observed...\n');
    expect(h.shell.busy).toBe(true);
    await h.reply(0, 'deployment "web" successfully rolled out\n', { streamed: true });
    expect(h.plain()).toBe(
      '$ kubectl rollout status deploy/web\nWaiting for deployment spec update to be observed...\ndeployment "web" successfully rolled out\n$',
    );
    h.shell.input('kubectl get pods -w\r');
    h.runs[1].onOutput!('out', 'NAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          0s\n');
    h.shell.input('\x03');
    expect(h.cancelled).toEqual([2]);
    h.runs[1].onOutput!('out', 'web    1/1     Running   0          3s\n');
    await h.reply(1, '', { exitCode: 130, streamed: true });
    expect(h.plain()).toMatch(/\nweb    0\/1     Pending   0          0s\n\^C\n\$$/);
  });

  it('keeps input typed while a command runs and replays it after', async () => {
    const h = harness();
    h.shell.input('kubectl get pods\r');
    h.shell.input('kubectl get nodes\r');
    expect(h.runs).toHaveLength(1);
    await h.reply(0, '');
    expect(h.runs.map((r) => r.line)).toEqual(['kubectl get pods', 'kubectl get nodes']);
  });

  it('runs `kubeplay ...` simulator controls and prints their output', async () => {
    const lines: string[] = [];
    let finish!: (r: { ok: boolean; output: string }) => void;
    const h = harness(undefined, (line) => {
      lines.push(line);
      return new Promise((r) => (finish = r));
    });
    h.shell.input('kubeplay node crash kubeplay-worker2\r');
    h.shell.input('kubectl get nodes'); // typed while the control runs
    expect(lines).toEqual(['kubeplay node crash kubeplay-worker2']);
    finish({ ok: true, output: 'node/kubeplay-worker2 crashed: powered off, its kubelet and containers stopped' });
    await Promise.resolve();
    await Promise.resolve();
    expect(h.plain()).toContain('node/kubeplay-worker2 crashed: powered off');
    h.shell.input('\r');
    expect(h.runs.map((r) => r.line)).toEqual(['kubectl get nodes']);
  });

  it('has clear, history and help built in; other commands get a short help line', async () => {
    const h = harness();
    h.shell.input('clear\r');
    expect(h.cleared()).toBe(1);
    h.shell.input('\x0c');
    expect(h.cleared()).toBe(2);
    h.shell.input('ls -la\r');
    expect(h.plain().replace(/\n/g, '')).toContain('ls: command not found. This terminal runs kubectl: try `kubectl get pods -A`, or `help`.');
    h.shell.input('history\r');
    expect(h.plain()).toContain('    1  clear\n    2  ls -la\n    3  history');
    h.shell.input('help\r');
    expect(h.plain()).toContain('This terminal runs kubectl');
    expect(h.runs).toHaveLength(0);
  });

  it('opens `kubectl edit` targets in the editor and follows the context namespace', async () => {
    const h = harness();
    h.shell.input('kubectl edit deploy web\r');
    await h.reply(0, '', { openEditor: [{ kindKey: 'apps/Deployment', namespace: 'default', name: 'web', ref: 'deployment.apps/web' }], namespace: 'kube-system' });
    expect(h.opened).toEqual(['deployment.apps/web']);
    expect(h.shell.namespace).toBe('kube-system');
  });
});
