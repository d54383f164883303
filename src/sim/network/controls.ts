// `kubeplay traffic …` transcript controls over the traffic generator:
//   kubeplay traffic start NAME --to URL --rps N [--from POD] [-n NAMESPACE] [-H 'Host: x']
//   kubeplay traffic stop NAME
//   kubeplay traffic report [NAME]
//   kubeplay dns NAME [--type A|SRV] [--short] [--from POD] [-n NAMESPACE]
//   kubeplay port-forward list | stop [LOCAL_PORT]   (Ctrl+C on background `kubectl port-forward`s)
// `--from` names a pod (in -n's namespace, or `ns/pod`); without it the client is outside the
// cluster, resolving short names in -n's namespace (default: the kubectl context's).

import type { Cluster } from '../cluster';
import { humanDuration } from '../kubectl/printers/duration';
import { tabwrite } from '../kubectl/printers/tabwriter';
import { flagInt, flagString, flagStrings, parseArgs, type FlagSpec } from '../kubectl/args';
import { TRAFFIC_SERVICE, type TrafficClient, type TrafficGenerator } from './traffic';
import type { Network } from './http';
import { digOutput, nslookupOutput } from './tools';
import { joinHostPort, PORT_FORWARD_SERVICE, type ForwardSession, type PortForwards } from './portforward';

const START_FLAGS: FlagSpec[] = [
  { name: 'to', type: 'string' },
  { name: 'rps', type: 'int' },
  { name: 'from', type: 'string' },
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'header', short: 'H', type: 'strings' },
];

const USAGE = 'usage: kubeplay traffic start NAME --to URL --rps N [--from POD] | stop NAME | report [NAME]';

export function trafficControl(cluster: Cluster, args: string[]): string {
  const gen = cluster.service<TrafficGenerator>(TRAFFIC_SERVICE);
  if (!gen) throw new Error('the traffic generator is not installed');
  const [sub, ...rest] = args;
  switch (sub) {
    case 'start':
      return start(cluster, gen, rest);
    case 'stop': {
      if (rest.length !== 1) throw new Error(USAGE);
      const c = gen.stop(rest[0]);
      return `traffic/${c.name} stopped after ${c.sent} requests (${c.succeeded} ok, ${c.sent - c.succeeded} failed)`;
    }
    case 'report': {
      if (rest.length > 1) throw new Error(USAGE);
      const clients = rest.length === 1 ? [gen.client(rest[0]) ?? notFound(rest[0])] : gen.clients();
      if (clients.length === 0) return 'No traffic clients.';
      return trafficReport(clients, cluster.nowMs).replace(/\n$/, '');
    }
    default:
      throw new Error(USAGE);
  }
}

function notFound(name: string): never {
  throw new Error(`traffic client "${name}" not found`);
}

function start(cluster: Cluster, gen: TrafficGenerator, words: string[]): string {
  const a = parseArgs(words, START_FLAGS);
  if (a.positional.length !== 1) throw new Error(USAGE);
  const to = flagString(a, 'to');
  const rps = flagInt(a, 'rps');
  if (!to) throw new Error('--to URL is required');
  if (rps === undefined) throw new Error('--rps N is required');
  const ns = flagString(a, 'namespace') || cluster.session.namespace;
  const fromFlag = flagString(a, 'from');
  let from: { namespace: string; name: string } | undefined;
  if (fromFlag) {
    const name = fromFlag.replace(/^pods?\//, '');
    from = name.includes('/') ? { namespace: name.split('/')[0], name: name.split('/')[1] } : { namespace: ns, name };
    if (!cluster.get('/Pod', from.namespace, from.name)) throw new Error(`pod "${from.name}" not found in namespace "${from.namespace}"`);
  }
  const headers: Record<string, string> = {};
  for (const h of flagStrings(a, 'header')) {
    const i = h.indexOf(':');
    if (i > 0) headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  const c = gen.start({ name: a.positional[0], url: to, rps, from, namespace: ns, headers: Object.keys(headers).length > 0 ? headers : undefined });
  return `traffic/${c.name} started: ${c.rps} requests/s to ${c.url}${from ? ` from pod/${from.name}` : ''}`;
}

const pct = (n: number, total: number) => (total === 0 ? '0%' : `${((100 * n) / total).toFixed(1)}%`);

/** The report: a summary row per client, then its failures by reason and answers per pod. */
export function trafficReport(clients: readonly TrafficClient[], nowMs: number): string {
  const blocks: string[] = [];
  const summary: string[][] = [['CLIENT', 'TO', 'FROM', 'RPS', 'STATE', 'SENT', 'OK', 'FAILED', 'SUCCESS', 'AVG LATENCY', 'AGE']];
  for (const c of clients) {
    summary.push([
      c.name, c.url, c.from ? `pod/${c.from.name}` : '<outside>', String(c.rps), c.running ? 'running' : 'stopped', String(c.sent), String(c.succeeded),
      String(c.sent - c.succeeded), pct(c.succeeded, c.sent), c.sent === 0 ? '-' : `${Math.round(c.latencySumMs / c.sent)}ms`,
      humanDuration((c.stoppedAtMs ?? nowMs) - c.startedAtMs),
    ]);
  }
  blocks.push(tabwrite(summary));
  for (const c of clients) {
    const title = clients.length > 1 ? ` (${c.name})` : '';
    const reasons = Object.keys(c.failed).sort();
    if (reasons.length > 0) {
      blocks.push(tabwrite([[`FAILED BY REASON${title}`, 'REQUESTS', 'SHARE'], ...reasons.map((r) => [r, String(c.failed[r]), pct(c.failed[r], c.sent)])]));
    }
    const pods = Object.keys(c.byPod).sort();
    if (pods.length > 0) {
      const ns = c.from?.namespace ?? c.namespace ?? 'default';
      const sameNs = pods.every((p) => !p.includes('/') || p.startsWith(`${ns}/`));
      const show = (p: string) => (sameNs && p.includes('/') ? p.slice(p.indexOf('/') + 1) : p);
      blocks.push(tabwrite([[`ANSWERED BY${title}`, 'REQUESTS', 'SHARE'], ...pods.map((p) => [show(p), String(c.byPod[p]), pct(c.byPod[p], c.sent)])]));
    }
  }
  return blocks.join('\n');
}

const DNS_FLAGS: FlagSpec[] = [
  { name: 'from', type: 'string' },
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'type', short: 't', type: 'string' },
  { name: 'short', type: 'bool' },
];

/** `kubeplay dns NAME`: what nslookup (or `dig +short`) prints for NAME from a pod or from outside. */
export function dnsControl(cluster: Cluster, args: string[]): string {
  const net = cluster.service<Network>('network');
  if (!net) throw new Error('the network is not installed');
  const a = parseArgs(args, DNS_FLAGS);
  if (a.positional.length !== 1) throw new Error('usage: kubeplay dns NAME [--type A|SRV] [--short] [--from POD] [-n NAMESPACE]');
  const ns = flagString(a, 'namespace') || cluster.session.namespace;
  const qtype = (flagString(a, 'type') ?? 'A').toUpperCase();
  if (qtype !== 'A' && qtype !== 'SRV') throw new Error(`unsupported record type ${qtype} (A or SRV)`);
  const fromFlag = flagString(a, 'from');
  const from = fromFlag ? { namespace: ns, name: fromFlag.replace(/^pods?\//, '') } : null;
  if (from && !cluster.get('/Pod', from.namespace, from.name)) throw new Error(`pod "${from.name}" not found in namespace "${from.namespace}"`);
  const r = net.resolve(from, a.positional[0], qtype, ns);
  const out = a.flags.get('short') === true ? digOutput(r, true) : nslookupOutput(a.positional[0], r);
  return out.stdout.join('\n').replace(/\n+$/, '');
}

/** `kubeplay port-forward list|stop [LOCAL_PORT]`: the background port-forwards; stop plays Ctrl+C. */
export function portForwardControl(cluster: Cluster, args: string[]): string {
  const pf = cluster.service<PortForwards>(PORT_FORWARD_SERVICE);
  if (!pf) throw new Error('the network is not installed');
  const usage = 'usage: kubeplay port-forward list | stop [LOCAL_PORT]';
  const [sub, ...rest] = args;
  const listening = (s: ForwardSession) =>
    s.listeners.map((l) => `${joinHostPort(l.address, l.local)}->${l.remote}`).join(',');
  if (sub === 'list' && rest.length === 0) {
    const sessions = pf.sessions();
    if (sessions.length === 0) return 'No port-forwards.';
    const rows = [['TARGET', 'NAMESPACE', 'POD', 'LISTENING', 'CONNECTIONS', 'AGE']];
    for (const s of sessions) rows.push([s.target, s.namespace, s.pod, listening(s), String(s.connections), humanDuration(cluster.nowMs - s.startedAtMs)]);
    return tabwrite(rows).replace(/\n$/, '');
  }
  if (sub === 'stop' && rest.length <= 1) {
    if (rest.length === 1 && !/^\d+$/.test(rest[0])) throw new Error(usage);
    const port = rest.length === 1 ? Number(rest[0]) : undefined;
    const chosen = pf.sessions().filter((s) => port === undefined || s.listeners.some((l) => l.local === port));
    if (chosen.length === 0) throw new Error(port === undefined ? 'no port-forward is running' : `no port-forward listens on port ${port}`);
    for (const s of chosen) pf.stop(s.id);
    return chosen.map((s) => `port-forward ${s.target} (${listening(s)}) stopped`).join('\n');
  }
  throw new Error(usage);
}
