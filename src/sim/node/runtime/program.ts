// What a container's process is, decided when it starts: a shell script, the image's
// application, a single tool (`sleep 3600`), a generic process for an unknown image, or a start
// error (`exec: "foo": executable file not found in $PATH`). The SIM_* variables adjust it.
import { BoundedMap } from '../../core/boundedmap';
import { parseQuantity } from '../../api/quantity';
import { stressMemoryBytes } from '../images/book';
import { catalogEntry, tagVariant } from '../images/catalog';
import { parseImageRef } from '../images/reference';
import { flagValue } from '../images/servers';
import type { AppSpec, ImageEntry, OsFlavor } from '../images/types';
import { TOOLSETS } from './fs';

/** Everything needed to (re)build a process: plain data, kept with the container. */
export interface ProcessSpec {
  image: string;
  argv: string[];
  /** The container's environment, in order. */
  env: [string, string][];
  hostname: string;
  podIP: string;
  namespace: string;
  /** Ports the pod spec declares (a generic process listens on them). */
  declaredPorts: number[];
  memoryLimitBytes?: number;
  cpuLimitMilli?: number;
}

export type ProcessKind = 'shell' | 'app' | 'tool' | 'generic' | 'startError';

export interface Plan {
  kind: ProcessKind;
  /** The command line that runs (after entrypoint wrappers). */
  argv: string[];
  entry?: ImageEntry;
  tag: string;
  os: OsFlavor;
  files: Record<string, string>;
  /** For 'shell': the script and its $0 $1…; for 'tool': argv. */
  script?: string;
  scriptArgs?: string[];
  shell: 'sh' | 'bash';
  app?: AppSpec;
  startError?: string;
  /** Steady memory, bytes, reached after `memoryRampMs`. */
  memoryBytes: number;
  memoryRampMs: number;
  cpuMilli: number;
  /** A SIM_CRASH_AFTER / SIM_EXIT_CODE exit, ms after start. */
  simExit?: { afterMs: number; code: number };
  readyAfterMs: number;
  failHealthAfter?: number;
  ignoresStopSignal: boolean;
  stopMs: number;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

export function baseName(p: string): string {
  return p.split('/').pop() ?? p;
}

/** The argv a container runs: Kubernetes' command/args over the image's ENTRYPOINT/CMD. */
export function containerArgv(image: string, command: string[] | undefined, args: string[] | undefined): string[] {
  // Sibling containers resolve to equal argv: one shared (frozen) array each, not one per container
  // (≈ 0.3 KB per pod at scale). Bounded: emptied when full.
  // Most containers set neither command nor args: those are found by their image alone.
  if (command === undefined && args === undefined) return imageArgv(image);
  const key = JSON.stringify([image, command ?? null, args ?? null]);
  let argv = argvCache.get(key);
  if (!argv) {
    argv = Object.freeze(resolveArgv(image, command, args)) as string[];
    argvCache.set(key, argv);
  }
  return argv;
}

const ARGV_CACHE_MAX = 4096;
const argvCache = new BoundedMap<string, string[]>(ARGV_CACHE_MAX);
/** The image's own ENTRYPOINT + CMD (no command, no args), by image. */
const argvByImage = new BoundedMap<string, string[]>(ARGV_CACHE_MAX);

function imageArgv(image: string): string[] {
  let argv = argvByImage.get(image);
  if (!argv) {
    argv = Object.freeze(resolveArgv(image, undefined, undefined)) as string[];
    argvByImage.set(image, argv);
  }
  return argv;
}

function resolveArgv(image: string, command: string[] | undefined, args: string[] | undefined): string[] {
  const ref = parseImageRef(image);
  const entry = 'error' in ref ? undefined : catalogEntry(ref.shortName);
  const cmd = entry && !('error' in ref) ? tagVariant(entry, ref.tag).cmd : undefined;
  if (command && command.length > 0) return [...command, ...(args ?? [])];
  return [...(entry?.entrypoint ?? []), ...(args && args.length > 0 ? args : (cmd ?? []))];
}

/** Kubernetes' `$(VAR)` expansion in command, args and env values (`$$` escapes). */
export function expandKubeVars(s: string, vars: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && name in vars ? vars[name] : m;
  });
}

function has(entry: ImageEntry | undefined, os: OsFlavor, cmd: string): boolean {
  return TOOLSETS[os].includes(cmd) || (entry?.tools ?? []).includes(cmd) || (cmd === 'fortune' && entry?.name === 'luksa/fortune');
}

export function imageHas(plan: Pick<Plan, 'entry' | 'os'>, cmd: string): boolean {
  return has(plan.entry, plan.os, cmd);
}

function quantityBytes(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const q = parseQuantity(v);
  return q === undefined ? undefined : Math.round(q);
}

export function planProcess(spec: ProcessSpec): Plan {
  const ref = parseImageRef(spec.image);
  const entry = 'error' in ref ? undefined : catalogEntry(ref.shortName);
  const tag = 'error' in ref ? 'latest' : ref.tag;
  const os: OsFlavor = entry?.os ?? 'debian';
  const variant = entry ? tagVariant(entry, tag) : { files: {} };
  const env = Object.fromEntries(spec.env);
  let argv = [...spec.argv];
  // Entrypoint wrappers (`docker-entrypoint.sh`) exec their arguments, or the app for flags.
  if (argv.length > 0 && /^(docker-)?entrypoint\.sh$/.test(baseName(argv[0])) && entry?.app && !entry.app.binaries.includes(baseName(argv[0]))) argv = argv.slice(1);
  if (argv.length > 0 && /^(docker-)?entrypoint\.sh$/.test(baseName(argv[0])) && entry?.app?.binaries.includes(baseName(argv[0]))) {
    const rest = argv.slice(1);
    if (rest.length > 0 && !rest[0].startsWith('-')) argv = rest;
  }
  if (entry?.name === 'curlimages/curl' && baseName(argv[0] ?? '') === 'entrypoint.sh') argv = argv.slice(1);
  if (argv.length > 0 && argv[0].startsWith('-') && entry?.app) argv = [entry.app.binaries[0], ...argv];

  const plan: Plan = {
    kind: 'generic', argv, entry, tag, os, files: variant.files, shell: os === 'debian' || os === 'ubuntu' ? 'bash' : 'sh',
    memoryBytes: 0, memoryRampMs: 1500, cpuMilli: 0, readyAfterMs: 0, ignoresStopSignal: false, stopMs: 100,
  };
  const bin = baseName(argv[0] ?? '');
  if (argv.length === 0) {
    plan.kind = entry ? 'startError' : 'generic';
    plan.startError = 'no command specified';
  } else if (SHELLS.has(bin) && (has(entry, os, bin) || !entry)) {
    plan.kind = 'shell';
    plan.shell = bin === 'bash' ? 'bash' : 'sh';
    const ci = argv.indexOf('-c');
    if (ci >= 0) {
      plan.script = argv[ci + 1] ?? '';
      plan.scriptArgs = [argv[ci + 2] ?? bin, ...argv.slice(ci + 3)];
    } else if (argv[1] && !argv[1].startsWith('-')) {
      plan.script = variant.files[argv[1]] ?? `${argv[1]}`;
      plan.scriptArgs = argv.slice(1);
    } else {
      plan.script = ''; // no script and no TTY: reads EOF, exits 0
      plan.scriptArgs = [bin];
    }
    plan.ignoresStopSignal = true;
  } else if (variant.files[argv[0]]?.startsWith('#!')) {
    plan.kind = 'shell';
    plan.shell = variant.files[argv[0]].startsWith('#!/bin/bash') ? 'bash' : 'sh';
    plan.script = variant.files[argv[0]];
    plan.scriptArgs = [...argv];
    plan.ignoresStopSignal = true;
  } else if (entry?.app && entry.app.binaries.includes(bin)) {
    plan.kind = 'app';
    plan.app = entry.app;
    plan.ignoresStopSignal = !!entry.app.ignoresStopSignal;
    plan.stopMs = entry.app.stopMs ?? 200;
    plan.memoryBytes = Math.round((entry.app.memoryMi ?? 1) * 1024 * 1024);
    plan.cpuMilli = entry.app.cpuMilli ?? 0;
  } else if (entry && has(entry, os, bin)) {
    plan.kind = 'tool';
    plan.script = argv.map(shellQuote).join(' ');
    plan.scriptArgs = ['sh'];
    plan.ignoresStopSignal = true;
  } else if (entry) {
    plan.kind = 'startError';
    plan.startError = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${argv[0]}": ${argv[0].includes('/') ? 'stat ' + argv[0] + ': no such file or directory' : 'executable file not found in $PATH'}: unknown`;
  } else {
    plan.kind = 'generic';
    plan.memoryBytes = 12 * 1024 * 1024;
    plan.cpuMilli = 1;
  }
  if (plan.kind === 'shell' || plan.kind === 'tool') plan.memoryBytes = 600 * 1024;

  // Images whose arguments decide their load.
  if (plan.kind === 'app' && entry?.name === 'polinux/stress') {
    plan.memoryBytes += stressMemoryBytes(argv);
    plan.memoryRampMs = 400;
    plan.cpuMilli += 1000 * (Number(flagValue(argv, 'cpu') ?? 0) || 0);
  }
  if (plan.kind === 'app' && entry?.name === 'vish/stress') {
    const total = quantityBytes(flagValue(argv, 'mem-total')) ?? 0;
    const chunk = quantityBytes(flagValue(argv, 'mem-alloc-size')) ?? 4096;
    const sleep = Number((flagValue(argv, 'mem-alloc-sleep') ?? '1ms').replace(/ms$/, 'e-3').replace(/s$/, '')) || 0.001;
    plan.memoryBytes += total;
    plan.memoryRampMs = total > 0 ? Math.round((total / Math.max(1, chunk)) * sleep * 1000) : 0;
    plan.cpuMilli += 1000 * (Number(flagValue(argv, 'cpus') ?? 0) || 0);
  }

  // SIM_* variables script the behaviour of any image.
  const simMem = quantityBytes(env.SIM_MEMORY);
  if (simMem !== undefined) {
    plan.memoryBytes = simMem;
    plan.memoryRampMs = 2000;
  }
  const simCpu = env.SIM_CPU !== undefined ? parseQuantity(env.SIM_CPU) : undefined;
  if (simCpu !== undefined) plan.cpuMilli = Math.round(simCpu * 1000);
  if (spec.cpuLimitMilli !== undefined) plan.cpuMilli = Math.min(plan.cpuMilli, spec.cpuLimitMilli);
  const crash = env.SIM_CRASH_AFTER !== undefined ? Number(env.SIM_CRASH_AFTER) : undefined;
  const code = env.SIM_EXIT_CODE !== undefined ? Number(env.SIM_EXIT_CODE) & 255 : undefined;
  if (crash !== undefined && Number.isFinite(crash)) plan.simExit = { afterMs: Math.max(0, crash * 1000), code: code ?? 1 };
  else if (code !== undefined && Number.isFinite(code)) plan.simExit = { afterMs: 100, code };
  const ready = Number(env.SIM_READY_AFTER);
  if (Number.isFinite(ready) && ready > 0) plan.readyAfterMs = ready * 1000;
  const failAfter = Number(env.SIM_FAIL_HEALTH_AFTER);
  if (env.SIM_FAIL_HEALTH_AFTER !== undefined && Number.isFinite(failAfter)) plan.failHealthAfter = failAfter;
  return plan;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Ports the process listens on (once started). */
export function listeningPorts(plan: Plan, spec: ProcessSpec): number[] {
  if (plan.kind === 'app' && plan.app) return plan.app.portsFrom ? plan.app.portsFrom(plan.argv) : (plan.app.ports ?? []);
  if (plan.kind === 'generic') return spec.declaredPorts;
  return [];
}

/** Memory use `ms` after start. */
export function memoryAt(plan: Plan, ms: number): number {
  if (plan.memoryRampMs <= 0) return plan.memoryBytes;
  const base = Math.min(plan.memoryBytes, 512 * 1024);
  return Math.round(base + (plan.memoryBytes - base) * Math.min(1, Math.max(0, ms) / plan.memoryRampMs));
}

/** When memory first exceeds the limit (the OOM kill), ms after start. */
export function oomAfterMs(plan: Plan, limit: number | undefined): number | undefined {
  if (limit === undefined || plan.memoryBytes <= limit) return undefined;
  const base = Math.min(plan.memoryBytes, 512 * 1024);
  if (plan.memoryRampMs <= 0 || base >= limit) return 0;
  return Math.ceil(((limit - base) / (plan.memoryBytes - base)) * plan.memoryRampMs) + 1;
}
