// A container as the runtime keeps it (plain data, part of the kubelet snapshot) and how its
// process is evaluated: the script's timeline, the files it sees, when it exits by itself.
import { BoundedMap } from '../../core/boundedmap';
import type { AppContext } from '../images/types';
import { baseDirs, baseFiles } from './fs';
import { imageHas, listeningPorts, memoryAt, oomAfterMs, planProcess, type Plan, type ProcessSpec } from './program';
import { normPath, runShell, type FsOp, type FsView, type HttpResult, type Line, type RunResult, type ShellHost } from './shell/interp';

export interface Mount {
  mountPath: string;
  volume: string;
  subPath?: string;
  readOnly?: boolean;
}

export interface ContainerRecord {
  id: string;
  podUid: string;
  /** `namespace/name` */
  podKey: string;
  node: string;
  name: string;
  spec: ProcessSpec;
  mounts: Mount[];
  /** When the process started; 0 for a container that failed to start. */
  startedAtMs: number;
  state: 'running' | 'exited';
  finishedAtMs?: number;
  exitCode?: number;
  reason?: string;
  message?: string;
  /** HTTP requests served. */
  requests: number;
  /** Application memory (kubia-pet's stored data). */
  data: Record<string, string>;
  /** Lines the process wrote in reaction to the outside (access logs, shutdown), absolute times. */
  extraLogs: Line[];
  /** Files written by `kubectl exec`, absolute times. */
  execOps: FsOp[];
  /** When the stop signal was sent. */
  stopSignalAtMs?: number;
}

/** What a volume holds for the runtime: files (ConfigMap, Secret, projected), or a directory others write (emptyDir). */
export type VolumeContent = { kind: 'files'; files: Record<string, string> } | { kind: 'emptyDir' } | { kind: 'dir' };

export interface RuntimeEnv {
  /** Files of a pod's volume, read now (live), or undefined when the volume does not exist. */
  volume(podUid: string, volume: string): VolumeContent | undefined;
  /** The containers of a pod (current instances), for shared emptyDir volumes. */
  podContainers(podUid: string): ContainerRecord[];
  /** HTTP from a container to an address. */
  http(from: ContainerRecord, method: string, url: string, body: string | undefined, atMs: number, userAgent: string): HttpResult;
  fortune(atMs: number): string;
}

const LOOKAHEAD_MS = 60 * 60 * 1000;
const MAX_LOG_LINES = 5000;

interface Cached {
  key: string;
  result: RunResult;
}

/**
 * Everything `planProcess` reads of a process spec: the image, the command line, the CPU limit
 * and the `SIM_*` variables (in order; the last of a name wins there, as it does here).
 */
function planKey(spec: ProcessSpec): string {
  let sim = '';
  for (const [name, value] of spec.env) if (name.startsWith('SIM_')) sim += `${name}=${value}\u0001`;
  return `${spec.image}\u0000${spec.argv.join('\u0001')}\u0000${spec.cpuLimitMilli ?? ''}\u0000${sim}`;
}

/** Evaluates containers; caches are derived data, rebuilt on demand after a restore. */
export class Evaluator {
  private readonly plans = new Map<string, Plan>();
  /** Plans by what `planProcess` reads (`planKey`). */
  private readonly sharedPlans = new BoundedMap<string, Plan>(10_000);
  private readonly runs = new Map<string, Cached>();
  private readonly files = new Map<string, { files: Map<string, string>; dirs: Set<string> }>();
  private readonly evaluating = new Set<string>();

  constructor(readonly env: RuntimeEnv) {}

  plan(c: ContainerRecord): Plan {
    let p = this.plans.get(c.id);
    if (!p) {
      // Containers of one template get the same plan (it depends only on the key's inputs and
      // is only read): one shared copy instead of one per container.
      const key = planKey(c.spec);
      p = this.sharedPlans.get(key);
      if (!p) {
        p = planProcess(c.spec);
        this.sharedPlans.set(key, p);
      }
      this.plans.set(c.id, p);
    }
    return p;
  }

  forget(id: string): void {
    this.plans.delete(id);
    this.runs.delete(id);
    this.files.delete(id);
  }

  /** The image's and kubelet's files. */
  private base(c: ContainerRecord) {
    let b = this.files.get(c.id);
    if (!b) {
      const plan = this.plan(c);
      const files = baseFiles(plan.os, plan.files, { hostname: c.spec.hostname, podIP: c.spec.podIP, namespace: c.spec.namespace });
      b = { files, dirs: baseDirs(plan.os, files.keys()) };
      this.files.set(c.id, b);
    }
    return b;
  }

  /** The script's run up to `nowMs` (lines before it) and on to the lookahead (its exit, its files). */
  run(c: ContainerRecord, nowMs: number): RunResult | undefined {
    const plan = this.plan(c);
    if (plan.kind !== 'shell' && plan.kind !== 'tool') return undefined;
    const end = c.finishedAtMs ?? Infinity;
    const logsBefore = Math.min(nowMs, end) - c.startedAtMs;
    const key = `${logsBefore}|${c.execOps.length}|${c.finishedAtMs ?? ''}`;
    const cached = this.runs.get(c.id);
    if (cached && cached.key === key) return cached.result;
    if (this.evaluating.has(c.id)) return cached?.result;
    this.evaluating.add(c.id);
    try {
      const horizon = Math.min(end - c.startedAtMs, Math.max(logsBefore, 0) + LOOKAHEAD_MS);
      const result = runShell(this.shellHost(c, false), plan.script ?? '', {
        horizonMs: horizon,
        logsBeforeMs: logsBefore,
        maxLines: MAX_LOG_LINES,
        vars: Object.fromEntries(c.spec.env),
        args: plan.scriptArgs,
        shell: plan.shell,
      });
      this.runs.set(c.id, { key, result });
      return result;
    } finally {
      this.evaluating.delete(c.id);
    }
  }

  /** The shell host of a container: its files (optionally ignoring its own process's writes). */
  shellHost(c: ContainerRecord, withOwnWrites = true): ShellHost {
    const plan = this.plan(c);
    return {
      os: plan.os,
      startMs: c.startedAtMs,
      hostname: c.spec.hostname,
      has: (cmd) => imageHas(plan, cmd),
      fs: this.fsView(c, withOwnWrites),
      http: (method, url, body, atMs, ua) => this.env.http(c, method, url, body, atMs, ua),
      procs: () => [c.spec.argv.join(' ')],
      fortune: (t) => this.env.fortune(t),
    };
  }

  /** Files as the container sees them at a time. */
  fsView(c: ContainerRecord, withOwnWrites = true): FsView {
    const lookup = (path: string, atMs: number): { content: string | null } | undefined => {
      const p = normPath(path);
      const mount = this.mountFor(c, p);
      if (mount) {
        const rel = p === mount.mountPath ? '' : p.slice(mount.mountPath.replace(/\/$/, '').length + 1);
        const vol = this.env.volume(c.podUid, mount.volume);
        if (vol?.kind === 'files') {
          const key = mount.subPath ? `${mount.subPath}${rel ? `/${rel}` : ''}` : rel;
          if (key === '' || Object.keys(vol.files).some((k) => k.startsWith(`${key}/`))) return { content: '\0dir' };
          return key in vol.files ? { content: vol.files[key] } : undefined;
        }
        if (rel === '') return { content: '\0dir' };
        if (vol?.kind === 'emptyDir') return this.sharedWrite(c, mount, rel, atMs, withOwnWrites);
        return this.latestWrite(c, p, atMs, withOwnWrites);
      }
      const own = this.latestWrite(c, p, atMs, withOwnWrites);
      if (own) return own;
      const b = this.base(c);
      if (b.files.has(p)) return { content: b.files.get(p)! };
      if (b.dirs.has(p) || c.mounts.some((m) => m.mountPath.startsWith(`${p === '/' ? '' : p}/`))) return { content: '\0dir' };
      return undefined;
    };
    return {
      read: (path, at) => {
        const r = lookup(path, at);
        return r && r.content !== null && r.content !== '\0dir' ? r.content : undefined;
      },
      isDir: (path, at) => lookup(path, at)?.content === '\0dir',
      list: (path, at) => {
        const p = normPath(path);
        if (lookup(p, at)?.content !== '\0dir') return undefined;
        const prefix = p === '/' ? '/' : `${p}/`;
        const names = new Set<string>();
        const b = this.base(c);
        for (const k of [...b.files.keys(), ...b.dirs, ...c.mounts.map((m) => m.mountPath)]) if (k.startsWith(prefix) && k !== p) names.add(k.slice(prefix.length).split('/')[0]);
        const mount = this.mountFor(c, p);
        if (mount) {
          const vol = this.env.volume(c.podUid, mount.volume);
          const rel = p === mount.mountPath ? '' : p.slice(mount.mountPath.length + 1);
          if (vol?.kind === 'files') for (const k of Object.keys(vol.files)) if (!rel || k.startsWith(`${rel}/`)) names.add(k.slice(rel ? rel.length + 1 : 0).split('/')[0]);
        }
        for (const op of this.writes(c, at, withOwnWrites)) {
          if (op.path.startsWith(prefix)) {
            const name = op.path.slice(prefix.length).split('/')[0];
            if (op.content === null && !op.path.slice(prefix.length).includes('/')) names.delete(name);
            else if (op.content !== null) names.add(name);
          }
        }
        for (const m of c.mounts) if (m.mountPath === p) for (const sib of this.env.podContainers(c.podUid)) for (const op of this.writes(sib, at, sib.id !== c.id || withOwnWrites)) {
          const sm = sib.mounts.find((x) => x.volume === m.volume);
          if (sm && op.path.startsWith(`${sm.mountPath}/`) && op.content !== null) names.add(op.path.slice(sm.mountPath.length + 1).split('/')[0]);
        }
        return [...names].sort();
      },
    };
  }

  private mountFor(c: ContainerRecord, p: string): Mount | undefined {
    let best: Mount | undefined;
    for (const m of c.mounts) {
      const mp = m.mountPath.replace(/\/$/, '');
      if ((p === mp || p.startsWith(`${mp}/`)) && (!best || mp.length > best.mountPath.length)) best = { ...m, mountPath: mp };
    }
    return best;
  }

  /** Writes of the container (its process's and exec's) at or before a time, in time order. */
  writes(c: ContainerRecord, atMs: number, withOwn: boolean): FsOp[] {
    const ops: FsOp[] = [];
    if (withOwn) {
      const r = this.evaluating.has(c.id) ? this.runs.get(c.id)?.result : this.run(c, atMs);
      if (r) for (const op of r.fsOps) if (c.startedAtMs + op.at <= atMs) ops.push({ ...op, at: c.startedAtMs + op.at });
    }
    for (const op of c.execOps) if (op.at <= atMs) ops.push(op);
    return ops.sort((a, b) => a.at - b.at);
  }

  private latestWrite(c: ContainerRecord, p: string, atMs: number, withOwn: boolean): { content: string | null } | undefined {
    let last: FsOp | undefined;
    for (const op of this.writes(c, atMs, withOwn)) if (op.path === p) last = op;
    return last ? { content: last.content } : undefined;
  }

  /** An emptyDir file: the latest write by any container of the pod that mounts the volume. */
  private sharedWrite(c: ContainerRecord, mount: Mount, rel: string, atMs: number, withOwn: boolean): { content: string | null } | undefined {
    let last: FsOp | undefined;
    for (const sib of this.env.podContainers(c.podUid)) {
      const sm = sib.mounts.find((m) => m.volume === mount.volume);
      if (!sm) continue;
      const path = `${sm.mountPath.replace(/\/$/, '')}/${rel}`;
      for (const op of this.writes(sib, atMs, sib.id !== c.id || withOwn)) if (op.path === path && (!last || op.at >= last.at)) last = op;
    }
    return last ? { content: last.content } : undefined;
  }

  /** When the process ends by itself (script end, app exit, SIM_CRASH_AFTER, OOM), absolute time. */
  naturalExit(c: ContainerRecord, nowMs: number): { atMs: number; code: number; reason: string; message?: string } | { recheckAtMs: number } | undefined {
    const plan = this.plan(c);
    const candidates: { atMs: number; code: number; reason: string }[] = [];
    const oom = oomAfterMs(plan, c.spec.memoryLimitBytes);
    if (oom !== undefined) candidates.push({ atMs: c.startedAtMs + oom, code: 137, reason: 'OOMKilled' });
    if (plan.simExit) candidates.push({ atMs: c.startedAtMs + plan.simExit.afterMs, code: plan.simExit.code, reason: plan.simExit.code === 0 ? 'Completed' : 'Error' });
    let recheck: number | undefined;
    if (plan.kind === 'shell' || plan.kind === 'tool') {
      const r = this.run(c, nowMs)!;
      if (r.exit) candidates.push({ atMs: c.startedAtMs + r.exit.at, code: r.exit.code, reason: r.exit.code === 0 ? 'Completed' : 'Error' });
      else if (!r.forever && !r.busy) recheck = c.startedAtMs + r.clock;
    } else if (plan.kind === 'app' && plan.app?.exit) {
      const e = plan.app.exit(this.appContext(c, c.startedAtMs));
      if (e) candidates.push({ atMs: c.startedAtMs + e.afterMs, code: e.code, reason: e.code === 0 ? 'Completed' : 'Error' });
    }
    candidates.sort((a, b) => a.atMs - b.atMs);
    if (candidates[0]) return candidates[0];
    return recheck !== undefined ? { recheckAtMs: recheck } : undefined;
  }

  appContext(c: ContainerRecord, nowMs: number): AppContext {
    const plan = this.plan(c);
    const fs = this.fsView(c);
    return {
      hostname: c.spec.hostname,
      podIP: c.spec.podIP,
      env: Object.fromEntries(c.spec.env),
      argv: plan.argv,
      tag: plan.tag,
      startedAtMs: c.startedAtMs,
      nowMs,
      requestCount: c.requests,
      readFile: (p) => fs.read(p, nowMs),
      isDir: (p) => fs.isDir(p, nowMs),
      data: c.data,
    };
  }

  /** The container's log lines up to now (or its end), oldest first. */
  logs(c: ContainerRecord, nowMs: number): Line[] {
    const plan = this.plan(c);
    const until = Math.min(nowMs, c.finishedAtMs ?? Infinity);
    const lines: Line[] = [];
    if (plan.kind === 'shell' || plan.kind === 'tool') {
      const r = this.run(c, nowMs);
      for (const l of r?.lines ?? []) if (c.startedAtMs + l.at <= until) lines.push({ ...l, at: c.startedAtMs + l.at });
    } else if (plan.kind === 'app' && plan.app) {
      const ctx = this.appContext(c, c.startedAtMs);
      const exit = plan.app.exit?.(ctx);
      if (exit) {
        for (const text of exit.logs ?? []) if (c.startedAtMs + exit.afterMs <= until) lines.push({ at: c.startedAtMs + exit.afterMs, text, err: true });
      } else {
        for (const t of plan.app.logs?.(ctx) ?? []) {
          const at = c.startedAtMs + t.afterMs;
          if (at <= until) lines.push({ at, text: typeof t.text === 'string' ? t.text : t.text(at) });
        }
      }
    }
    for (const l of c.extraLogs) if (l.at <= until) lines.push(l);
    return lines.sort((a, b) => a.at - b.at).slice(-MAX_LOG_LINES);
  }

  /** Whether `port` accepts connections at a time. */
  listens(c: ContainerRecord, port: number, atMs: number): boolean {
    if (c.state !== 'running') return false;
    const plan = this.plan(c);
    const startup = plan.kind === 'app' ? (plan.app?.startupMs ?? 500) : 300;
    return atMs >= c.startedAtMs + startup && listeningPorts(plan, c.spec).includes(port);
  }

  /** CPU (millicores) and memory (bytes) in use at a time. */
  usage(c: ContainerRecord, atMs: number): { cpuMilli: number; memoryBytes: number } {
    const plan = this.plan(c);
    const run = plan.kind === 'shell' || plan.kind === 'tool' ? this.run(c, atMs) : undefined;
    let cpu = plan.cpuMilli + (run?.busy ? 1000 : 0);
    if (c.spec.cpuLimitMilli !== undefined) cpu = Math.min(cpu, c.spec.cpuLimitMilli);
    return { cpuMilli: cpu, memoryBytes: memoryAt(plan, atMs - c.startedAtMs) };
  }
}
