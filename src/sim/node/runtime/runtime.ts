// The container runtime (what containerd is to the kubelet): running containers as plain
// records, their HTTP answers, `exec` into them, their logs, stop behaviour and resource use.
import { NGINX_VERSION } from '../images/servers';
import type { HttpRequest } from '../images/types';
import { Evaluator, type ContainerRecord, type RuntimeEnv } from './container';
import { baseName, imageHas } from './program';
import { Interp, type HttpResult, type Line } from './shell/interp';
import { commandExists } from './shell/commands';

export type { ContainerRecord, Mount, RuntimeEnv, VolumeContent } from './container';

export interface ExecResult {
  lines: Line[];
  code: number;
  durationMs: number;
  /** The runtime could not start the command (kubectl shows it as an error). */
  error?: string;
}

const MAX_EXTRA_LOGS = 200;

export class ContainerRuntime {
  readonly records = new Map<string, ContainerRecord>();
  readonly eval: Evaluator;

  constructor(env: RuntimeEnv) {
    this.eval = new Evaluator(env);
  }

  add(c: ContainerRecord): void {
    this.records.set(c.id, c);
  }

  get(id: string | undefined): ContainerRecord | undefined {
    return id ? this.records.get(id) : undefined;
  }

  remove(id: string): void {
    this.records.delete(id);
    this.eval.forget(id);
  }

  /** Marks a container exited (its process ended, was killed, or the machine stopped). */
  exited(c: ContainerRecord, atMs: number, code: number, reason: string, message?: string): void {
    if (c.state === 'exited') return;
    c.state = 'exited';
    c.finishedAtMs = atMs;
    c.exitCode = code;
    c.reason = reason;
    if (message) c.message = message;
  }

  log(c: ContainerRecord, at: number, text: string, err = false): void {
    c.extraLogs.push({ at, text, err });
    if (c.extraLogs.length > MAX_EXTRA_LOGS) c.extraLogs.splice(0, c.extraLogs.length - MAX_EXTRA_LOGS);
  }

  /** How the process reacts to its stop signal: exits after `afterMs` (code 0), or ignores it. */
  stopBehaviour(c: ContainerRecord): { ignores: boolean; afterMs: number; signal: string } {
    const plan = this.eval.plan(c);
    return { ignores: plan.ignoresStopSignal, afterMs: plan.stopMs, signal: plan.app?.stopSignal ?? 'SIGTERM' };
  }

  /** Writes the process's shutdown lines (nginx's "signal 3 (SIGQUIT) received"). */
  logStop(c: ContainerRecord, atMs: number): void {
    const plan = this.eval.plan(c);
    for (const l of plan.app?.stopLogs?.(this.eval.appContext(c, atMs)) ?? []) this.log(c, atMs, l);
  }

  /** Serves one HTTP request on a port of a container. */
  http(c: ContainerRecord, port: number, req: HttpRequest, atMs: number, clientIp: string): HttpResult {
    if (!this.eval.listens(c, port, atMs)) return { reason: 'refused', ip: c.spec.podIP };
    const plan = this.eval.plan(c);
    c.requests++;
    const ctx = this.eval.appContext(c, atMs);
    let res: { status: number; body: string } | undefined;
    if (plan.readyAfterMs > 0 && atMs < c.startedAtMs + plan.readyAfterMs) res = { status: 503, body: 'not ready\n' };
    else if (plan.failHealthAfter !== undefined && c.requests > plan.failHealthAfter) res = { status: 500, body: 'unhealthy\n' };
    else if (plan.kind === 'app') res = plan.app?.http?.(req, ctx);
    else res = { status: 200, body: 'ok\n' };
    if (!res) return { reason: 'empty', ip: c.spec.podIP };
    const line = plan.app?.accessLog?.(req, res, ctx, clientIp);
    if (line !== undefined) this.log(c, atMs, line);
    return { status: res.status, body: res.body, ip: c.spec.podIP };
  }

  /** Whether a command exists in the container (for exec's "executable file not found"). */
  private execable(c: ContainerRecord, it: Interp, argv: string[]): boolean {
    const bin = baseName(argv[0]);
    const plan = this.eval.plan(c);
    return commandExists(it, argv[0]) || !!appCommand(c, plan.app?.binaries ?? [], argv) || (argv[0].includes('/') && it.readFile(argv[0])?.startsWith('#!') === true) || imageHas(plan, bin);
  }

  /** `kubectl exec`: runs argv in the container at `atMs`; its file writes persist. */
  exec(c: ContainerRecord, argv: string[], atMs: number, stdin: string[] | undefined, maxMs: number): ExecResult {
    const host = { ...this.eval.shellHost(c), startMs: atMs, procs: () => [c.spec.argv.join(' '), argv.join(' ')] };
    const plan = this.eval.plan(c);
    host.exec = (a) => appCommand(c, plan.app?.binaries ?? [], a);
    const it = new Interp(host, { horizonMs: maxMs, logsBeforeMs: maxMs, vars: Object.fromEntries(c.spec.env), shell: plan.shell, args: [argv[0]], stdin });
    if (argv.length === 0 || !this.execable(c, it, argv)) {
      return { lines: [], code: 126, durationMs: 0, error: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0] ?? ''}": ${argv[0]?.includes('/') ? `stat ${argv[0]}: no such file or directory` : 'executable file not found in $PATH'}: unknown` };
    }
    const node = { t: 'cmd' as const, assigns: [], words: argv.map((a) => [{ k: 'lit' as const, s: a, q: true }]), redirs: [] };
    const r = it.run(node);
    for (const op of r.fsOps) c.execOps.push({ ...op, at: atMs + op.at });
    if (c.execOps.length > 2000) c.execOps.splice(0, c.execOps.length - 2000);
    return { lines: r.lines.map((l) => ({ ...l, at: atMs + l.at })), code: r.exit?.code ?? 0, durationMs: r.clock };
  }

  logs(c: ContainerRecord, nowMs: number): Line[] {
    return this.eval.logs(c, nowMs);
  }

  usage(c: ContainerRecord, atMs: number): { cpuMilli: number; memoryBytes: number } {
    return this.eval.usage(c, atMs);
  }

  snapshot(): ContainerRecord[] {
    return [...this.records.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => structuredClone(r));
  }

  restore(records: ContainerRecord[]): void {
    for (const id of [...this.records.keys()]) this.remove(id);
    for (const r of records) this.add(structuredClone(r));
  }
}

/** A few application commands exec can run (`nginx -v`, `redis-cli ping`, `node -v`). */
function appCommand(c: ContainerRecord, binaries: string[], argv: string[]): { code: number; out: string[]; stderr?: boolean } | undefined {
  const bin = baseName(argv[0]);
  if (bin === 'nginx' && binaries.includes('nginx')) {
    if (argv.includes('-v')) return { code: 0, out: [`nginx version: nginx/${NGINX_VERSION}`], stderr: true };
    if (argv.includes('-t')) return { code: 0, out: ['nginx: the configuration file /etc/nginx/nginx.conf syntax is ok', 'nginx: configuration file /etc/nginx/nginx.conf test is successful'], stderr: true };
    if (argv.includes('-s')) return { code: 0, out: [] };
  }
  if (bin === 'redis-cli' && binaries.includes('redis-server')) {
    const args = argv.slice(1).filter((a, i, all) => !a.startsWith('-') && !(all[i - 1] ?? '').match(/^-[hp]$/));
    const cmd = (args[0] ?? '').toLowerCase();
    if (cmd === 'ping' || cmd === '') return { code: 0, out: ['PONG'] };
    if (cmd === 'set') { c.data[`redis:${args[1]}`] = args[2] ?? ''; return { code: 0, out: ['OK'] }; }
    if (cmd === 'get') return { code: 0, out: [c.data[`redis:${args[1]}`] ?? ''] };
    if (cmd === 'keys') return { code: 0, out: Object.keys(c.data).filter((k) => k.startsWith('redis:')).map((k) => k.slice(6)) };
    return { code: 0, out: [`(error) ERR unknown command '${args[0]}'`] };
  }
  if (bin === 'node' && binaries.includes('node') && (argv[1] === '-v' || argv[1] === '--version')) return { code: 0, out: [c.spec.image.includes('luksa') ? 'v7.10.1' : 'v22.12.0'] };
  if ((bin === 'python' || bin === 'python3') && argv[1] === '--version') return { code: 0, out: ['Python 3.13.1'] };
  return undefined;
}
