// `kubectl port-forward` sessions on the machine that runs kind (the "outside" client): which
// local addresses and ports are bound, what each connection through them reaches, and what the
// kubectl process prints while it runs. Offered as the `portForward` service; the verb
// (kubectl/verbs/portforward.ts) opens sessions, the network (http.ts) connects through them.
//
// Modelled on client-go's tools/portforward (kubectl 1.32) with containerd's CRI streaming
// server behind the kubelet, as in kind:
// - kubectl listens on 127.0.0.1 and [::1] (`--address localhost`), or the given IPs, and prints
//   `Forwarding from 127.0.0.1:8080 -> 80` per listener. A port taken on one address of
//   `localhost` is tolerated when the other binds; otherwise `Unable to listen on port …`.
// - Every accepted connection prints `Handling connection for 8080` and becomes a stream to the
//   pod's network namespace, where it connects to localhost:REMOTE — the pod itself, never a
//   Service: forwarding to a Service or Deployment pins ONE pod, chosen when kubectl started.
// - Since 1.29 any stream error (nothing listening on the port, the sandbox gone) is logged as
//   `"Unhandled Error"` and closes the whole session: `error: lost connection to pod`. Nothing
//   watches the pod, so a session outlives its pod until the next connection finds it gone.
//
// A port-forward blocks in a real shell; kubeplay runs it as a background job (as if `&` were
// typed): the verb prints the listeners and returns, later lines queue here until the terminal
// takes them (`takeOutput`: the transcript runner prints them before the next command).
// `kubeplay port-forward stop` plays Ctrl+C.

import type { KObject } from '../api/types';
import type { ComponentHost } from '../host';
import { NODE_AGENTS_SERVICE, type NodeAgents } from '../node/agent';
import { stableHex } from '../node/images/reference';
import { podHttpAnswer, type PodHttpAnswer } from './backends';
import { nodeIP } from './proxy';

export const PORT_FORWARD_SERVICE = 'portForward';

/** Sockets already bound on the kind host: ingress-nginx's port mappings and the API server. */
const HOST_SOCKETS: readonly { address: string; port: number }[] = [
  { address: '0.0.0.0', port: 80 },
  { address: '::', port: 80 },
  { address: '0.0.0.0', port: 443 },
  { address: '::', port: 443 },
  { address: '127.0.0.1', port: 6443 },
];
/** Addresses of the kind host: loopback and its gateway on the kind network. */
const LOCAL_IPV4 = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|0\.0\.0\.0|172\.18\.0\.1)$/;
/** Linux's ephemeral range (`net.ipv4.ip_local_port_range`): where `:5000` gets its local port. */
const EPHEMERAL_LOW = 32768;
const EPHEMERAL_HIGH = 60999;
/** Undrained output kept (a terminal that never reads must not grow the state without bound). */
const OUTPUT_CAPACITY = 1000;

export interface ListenAddress {
  address: string;
  protocol: 'tcp4' | 'tcp6';
  /** `all`: the two addresses of localhost, one may fail; `any`: an explicit IP must bind. */
  failureMode: 'all' | 'any';
}

export interface ForwardedPort {
  local: number;
  remote: number;
}

export interface OutputLine {
  stream: 'out' | 'err';
  text: string;
}

export interface ForwardListener {
  address: string;
  protocol: 'tcp4' | 'tcp6';
  local: number;
  remote: number;
}

export interface ForwardSession {
  id: number;
  namespace: string;
  pod: string;
  podUid: string;
  /** What was named on the command line (`svc/web`), for `kubeplay port-forward list`. */
  target: string;
  listeners: ForwardListener[];
  startedAtMs: number;
  connections: number;
  /** The kubectl process id in its klog lines. */
  pid: number;
}

interface PortForwardState {
  sessions: ForwardSession[];
  nextId: number;
  output: OutputLine[];
}

/** What a connection to a forwarded local port got. */
export type ForwardOutcome =
  | { kind: 'answer'; session: ForwardSession; answer: PodHttpAnswer & { kind: 'response' } }
  /** kubectl accepted the connection and closed it without data (the session ended). */
  | { kind: 'closed'; session: ForwardSession }
  /** Accepted but never answered (a hung process, an unreachable node). */
  | { kind: 'timeout'; session: ForwardSession };

/** client-go `parseAddresses`: localhost is 127.0.0.1 + ::1; sorted for a stable order. */
export function parseAddresses(raw: readonly string[]): ListenAddress[] | { error: string } {
  if (raw.length === 0) return { error: 'you must specify at least 1 address' };
  const parsed = new Map<string, ListenAddress>();
  for (const a of raw) {
    if (a === 'localhost') {
      if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', { address: '127.0.0.1', protocol: 'tcp4', failureMode: 'all' });
      if (!parsed.has('::1')) parsed.set('::1', { address: '::1', protocol: 'tcp6', failureMode: 'all' });
    } else if (isIPv4(a)) parsed.set(a, { address: a, protocol: 'tcp4', failureMode: 'any' });
    else if (isIPv6(a)) parsed.set(a, { address: a, protocol: 'tcp6', failureMode: 'any' });
    else return { error: `${a} is not a valid IP` };
  }
  return [...parsed.values()].sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}

/** client-go `parsePorts`: `5000`, `8888:5000`, `:5000` / `0:5000` (a random local port). */
export function parsePorts(raw: readonly string[]): ForwardedPort[] | { error: string } {
  if (raw.length === 0) return { error: 'you must specify at least 1 port' };
  const out: ForwardedPort[] = [];
  for (const p of raw) {
    const parts = p.split(':');
    if (parts.length > 2) return { error: `invalid port format '${p}'` };
    const localString = parts.length === 1 ? parts[0] : parts[0] || '0';
    const remoteString = parts.length === 1 ? parts[0] : parts[1];
    const local = parseUint16(localString);
    if (typeof local === 'string') return { error: `error parsing local port '${localString}': ${local}` };
    const remote = parseUint16(remoteString);
    if (typeof remote === 'string') return { error: `error parsing remote port '${remoteString}': ${remote}` };
    if (remote === 0) return { error: 'remote port must be > 0' };
    out.push({ local, remote });
  }
  return out;
}

/** strconv.ParseUint(s, 10, 16): the number, or Go's error text. */
function parseUint16(s: string): number | string {
  if (!/^\d+$/.test(s)) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = Number(s);
  return n > 65535 ? `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range` : n;
}

const isIPv4 = (s: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s) && s.split('.').every((o) => Number(o) <= 255);
const isIPv6 = (s: string) => s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s) && (s.match(/::/g) ?? []).length <= 1;

/** net.JoinHostPort: IPv6 in brackets. */
export const joinHostPort = (address: string, port: number) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

/** Go's `%v` of a []ForwardedPort: `[{8080 80} {9090 90}]`. */
export const formatPorts = (ports: readonly ForwardedPort[]) => `[${ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`;

const p2 = (n: number) => String(n).padStart(2, '0');

export class PortForwards {
  private state: PortForwardState = { sessions: [], nextId: 1, output: [] };

  constructor(private readonly host: ComponentHost) {}

  sessions(): readonly ForwardSession[] {
    return this.state.sessions;
  }

  /** The lines the background sessions printed since the last call, oldest first. */
  takeOutput(): OutputLine[] {
    const out = this.state.output;
    this.state.output = [];
    return out;
  }

  /** The same, as a terminal shows it: one string of whole lines. */
  takeOutputText(): string {
    return this.takeOutput().map((l) => `${l.text}\n`).join('');
  }

  /**
   * Why the API server cannot reach the pod's kubelet for the streaming upgrade, if it cannot
   * (`error upgrading connection: …`).
   */
  dialError(pod: KObject): string | undefined {
    const node = pod.spec?.nodeName as string | undefined;
    const agents = this.host.service<NodeAgents>(NODE_AGENTS_SERVICE);
    if (!node || !agents) return undefined;
    const s = agents.get(node);
    const n = this.host.store.get('/Node', undefined, node);
    const ip = (n && nodeIP(n)) ?? node;
    if (!s.powered || s.partitioned) return `error upgrading connection: error dialing backend: dial tcp ${ip}:10250: connect: no route to host`;
    if (!s.kubeletRunning) return `error upgrading connection: error dialing backend: dial tcp ${ip}:10250: connect: connection refused`;
    return undefined;
  }

  /**
   * Binds the listeners of a new session (client-go `forward`): returns what kubectl prints at
   * once and the session, or the error kubectl exits with when no port could be bound.
   */
  open(req: { namespace: string; pod: KObject; target: string; addresses: readonly ListenAddress[]; ports: readonly ForwardedPort[] }): {
    lines: OutputLine[];
    session?: ForwardSession;
    error?: string;
  } {
    const lines: OutputLine[] = [];
    const listeners: ForwardListener[] = [];
    const ports = req.ports.map((p) => ({ ...p }));
    let bound = 0;
    for (const port of ports) {
      const errors: string[] = [];
      const fails = { all: 0, any: 0 };
      let allOk = 0;
      for (const addr of req.addresses) {
        if (port.local === 0) port.local = this.freePort(req.addresses, listeners);
        const err = this.bindError(addr, port.local, listeners);
        if (err) {
          errors.push(`unable to create listener: Error listen ${addr.protocol} ${joinHostPort(addr.address, port.local)}: bind: ${err}`);
          fails[addr.failureMode]++;
          continue;
        }
        if (addr.failureMode === 'all') allOk++;
        listeners.push({ address: addr.address, protocol: addr.protocol, local: port.local, remote: port.remote });
        lines.push({ stream: 'out', text: `Forwarding from ${joinHostPort(addr.address, port.local)} -> ${port.remote}` });
      }
      if ((allOk === 0 && fails.all > 0) || fails.any > 0) {
        // The port counts as failed; its listeners that did bind stay open (as in client-go).
        lines.push({ stream: 'err', text: `Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]` });
      } else bound++;
    }
    if (bound === 0) {
      return { lines, error: `unable to listen on any of the requested ports: ${formatPorts(ports)}` };
    }
    const session: ForwardSession = {
      id: this.state.nextId++,
      namespace: req.namespace,
      pod: req.pod.metadata.name!,
      podUid: req.pod.metadata.uid ?? '',
      target: req.target,
      listeners,
      startedAtMs: this.host.now(),
      connections: 0,
      pid: 20000 + this.host.rng.int(40000),
    };
    this.state.sessions.push(session);
    return { lines, session };
  }

  /** The session listening on `address:port` on the kind host (`localhost` tries ::1 and 127.0.0.1). */
  listening(address: string, port: number): ForwardSession | undefined {
    const want = address === 'localhost' ? ['::1', '127.0.0.1'] : [address];
    for (const a of want) {
      for (const s of this.state.sessions) {
        const l = s.listeners.find((x) => x.local === port && (x.address === a || (x.address === '0.0.0.0' && isIPv4(a)) || (x.address === '::' && !isIPv4(a))));
        if (l) return s;
      }
    }
    return undefined;
  }

  /**
   * A connection to a forwarded port: kubectl prints `Handling connection for PORT` and opens a
   * stream to localhost:REMOTE in the pod's network namespace (the request is then answered by
   * the pod's container behaviour). Failures end the session as kubectl 1.32 does.
   */
  connect(session: ForwardSession, localPort: number, req: { method: string; path: string; body?: string; headers: Record<string, string>; userAgent: string }): ForwardOutcome {
    const listener = session.listeners.find((l) => l.local === localPort)!;
    session.connections++;
    this.print('out', `Handling connection for ${localPort}`);
    const pod = this.host.store.get('/Pod', session.namespace, session.pod);
    const sandbox = stableHex(`${session.podUid}/sandbox`);
    const prefix = `an error occurred forwarding ${localPort} -> ${listener.remote}: error forwarding port ${listener.remote} to pod ${sandbox}, uid : `;
    const phase = pod?.status?.phase;
    if (!pod || pod.metadata.uid !== session.podUid || phase === 'Succeeded' || phase === 'Failed') {
      this.lose(session, `${prefix}failed to find sandbox "${sandbox}" in store: not found`);
      return { kind: 'closed', session };
    }
    const node = pod.spec?.nodeName as string | undefined;
    const agents = this.host.service<NodeAgents>(NODE_AGENTS_SERVICE);
    const machine = node && agents ? agents.get(node) : undefined;
    if (machine && (!machine.powered || !machine.kubeletRunning || machine.partitioned)) {
      // The stream cannot be created on the dead connection: client-go gives up after 30 s,
      // logs it and closes this one connection; the session itself stays.
      this.klog(session, `error creating error stream for port ${localPort} -> ${listener.remote}: Timeout occurred`);
      return { kind: 'timeout', session };
    }
    const answer = podHttpAnswer(this.host, { pod, port: listener.remote, ...req, clientIP: '127.0.0.1' });
    if (answer.kind === 'refused') {
      const netns = stableHex(`${session.podUid}/netns`, 32);
      const ns = `/var/run/netns/cni-${netns.slice(0, 8)}-${netns.slice(8, 12)}-${netns.slice(12, 16)}-${netns.slice(16, 20)}-${netns.slice(20)}`;
      this.lose(
        session,
        `${prefix}failed to execute portforward in network namespace "${ns}": failed to connect to localhost:${listener.remote} inside namespace "${sandbox}", ` +
          `IPv4: dial tcp4 127.0.0.1:${listener.remote}: connect: connection refused IPv6 dial tcp6: address localhost: no suitable address found `,
      );
      return { kind: 'closed', session };
    }
    if (answer.kind === 'timeout') return { kind: 'timeout', session };
    return { kind: 'answer', session, answer };
  }

  /** Ctrl+C on the session: kubectl exits quietly and frees its ports. */
  stop(id: number): ForwardSession | undefined {
    const i = this.state.sessions.findIndex((s) => s.id === id);
    if (i < 0) return undefined;
    const [s] = this.state.sessions.splice(i, 1);
    return s;
  }

  snapshot(): unknown {
    return structuredClone(this.state);
  }

  restore(data: unknown): void {
    this.state = structuredClone((data ?? { sessions: [], nextId: 1, output: [] }) as PortForwardState);
  }

  private print(stream: 'out' | 'err', text: string): void {
    this.state.output.push({ stream, text });
    if (this.state.output.length > OUTPUT_CAPACITY) this.state.output.splice(0, this.state.output.length - OUTPUT_CAPACITY);
  }

  /** runtime.HandleError in kubectl 1.32: a klog error line from portforward.go. */
  private klog(session: ForwardSession, err: string): void {
    const t = new Date(this.host.now());
    const micros = String((this.host.now() % 1000) * 1000 + ((session.connections * 271) % 1000)).padStart(6, '0');
    const head = `E${p2(t.getUTCMonth() + 1)}${p2(t.getUTCDate())} ${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}.${micros} ${String(session.pid).padStart(7)}`;
    this.print('err', `${head} portforward.go:413] "Unhandled Error" err=${JSON.stringify(err)}`);
  }

  /** A stream error: logged, then the connection to the pod is closed and kubectl exits 1. */
  private lose(session: ForwardSession, err: string): void {
    this.klog(session, err);
    this.print('err', 'error: lost connection to pod');
    this.stop(session.id);
  }

  /** Why binding `addr:port` fails on the kind host, if it does (Linux semantics). */
  private bindError(addr: ListenAddress, port: number, pending: readonly ForwardListener[]): string | undefined {
    if (addr.protocol === 'tcp4' ? !LOCAL_IPV4.test(addr.address) : addr.address !== '::1' && addr.address !== '::') return 'cannot assign requested address';
    const taken = [...HOST_SOCKETS, ...pending, ...this.state.sessions.flatMap((s) => s.listeners)];
    const v4 = addr.protocol === 'tcp4';
    const clash = (b: { address: string; port: number } | ForwardListener) => {
      const bp = 'port' in b ? b.port : b.local;
      if (bp !== port) return false;
      const bv4 = isIPv4(b.address);
      if (b.address === addr.address) return true;
      // A wildcard clashes with every address of its family; [::] (dual-stack) with IPv4 too.
      if (b.address === '::' || addr.address === '::') return true;
      return bv4 === v4 && (b.address === '0.0.0.0' || addr.address === '0.0.0.0');
    };
    return taken.some(clash) ? 'address already in use' : undefined;
  }

  /** The port the kernel hands out for port 0: a free one in the ephemeral range (seeded). */
  private freePort(addresses: readonly ListenAddress[], pending: readonly ForwardListener[]): number {
    for (;;) {
      const port = EPHEMERAL_LOW + this.host.rng.int(EPHEMERAL_HIGH - EPHEMERAL_LOW + 1);
      if (addresses.every((a) => this.bindError(a, port, pending) !== 'address already in use')) return port;
    }
  }
}
