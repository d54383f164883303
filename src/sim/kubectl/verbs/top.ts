// kubectl top pod|node: usage from the `metrics` service (what metrics-server serves), printed as
// metricsutil's TopCmdPrinter does — every cell tab-terminated, so the last column is padded too.
import { labelSelectorFromSpec, parseLabelSelector, isSelectorError } from '../../api/selectors';
import { parseQuantity } from '../../api/quantity';
import { isStatus, type KObject } from '../../api/types';
import { parseTime } from '../../core/time';
import { METRICS_SERVICE, type MetricsSource } from '../../metrics';
import { flagBool, flagString, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError } from '../context';
import { GLOBAL_FLAGS } from '../flags';
import { tabwrite } from '../printers/tabwriter';

const POD_FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'containers', type: 'bool' },
  { name: 'field-selector', type: 'string' },
  { name: 'no-headers', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'sort-by', type: 'string' },
  { name: 'sum', type: 'bool' },
  { name: 'use-protocol-buffers', type: 'bool' },
];
const NODE_FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  { name: 'no-headers', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'sort-by', type: 'string' },
  { name: 'show-capacity', type: 'bool' },
  { name: 'use-protocol-buffers', type: 'bool' },
];

const TOP_HELP = `Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods

Usage:
  kubectl top [flags] [options]

Use "kubectl top <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).`;

const METRICS_CREATION_DELAY_MS = 2 * 60 * 1000;

const cpu = (m: number) => `${Math.ceil(m)}m`;
const mem = (b: number) => `${Math.floor(b / (1024 * 1024))}Mi`;

export function topCmd(ctx: Ctx, words: string[]): void {
  const [sub, ...rest] = words;
  if (sub === 'pod' || sub === 'pods' || sub === 'po') return topPods(ctx, rest);
  if (sub === 'node' || sub === 'nodes' || sub === 'no') return topNodes(ctx, rest);
  throw new ExitError(TOP_HELP);
}

function metrics(ctx: Ctx): MetricsSource {
  const m = ctx.cluster.service<MetricsSource>(METRICS_SERVICE);
  if (!m) throw new ExitError('error: Metrics API not available');
  return m;
}

function sortByFlag(a: ReturnType<typeof parseArgs>): string {
  const s = flagString(a, 'sort-by') ?? '';
  if (s !== '' && s !== 'cpu' && s !== 'memory') throw new ExitError('error: --sort-by accepts only cpu or memory');
  return s;
}

/** Go's time.Duration.String with nanosecond precision for ages (`5m3.123s`). */
function goAge(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = ((ms % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

function topPods(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, POD_FLAGS);
  const sortBy = sortByFlag(a);
  const src = metrics(ctx);
  const allNs = flagBool(a, 'all-namespaces');
  const name = a.positional[0];
  const sel = flagString(a, 'selector');
  const matcher = sel !== undefined ? parseLabelSelector(sel) : labelSelectorFromSpec({});
  if (isSelectorError(matcher)) throw new ExitError(`error: ${matcher.error}`);
  const podInfo = ctx.cluster.kinds.byKind('Pod')!;
  let pods: KObject[];
  if (name) {
    const p = ctx.cluster.api.get(podInfo, ctx.namespace, name);
    const m = isStatus(p) ? undefined : src.podMetrics(ctx.namespace, name);
    if (isStatus(p) || !m) throw new ExitError(`Error from server (NotFound): podmetrics.metrics.k8s.io "${ctx.namespace}/${name}" not found`);
    pods = [p];
  } else {
    pods = ctx.cluster.api.list(podInfo, allNs ? undefined : ctx.namespace).filter((p) => matcher.matches(p.metadata.labels ?? {}));
  }
  const rows = pods
    .map((p) => ({ pod: p, m: src.podMetrics(p.metadata.namespace!, p.metadata.name!) }))
    .filter((x): x is { pod: KObject; m: NonNullable<typeof x.m> } => !!x.m);
  if (rows.length === 0) {
    for (const p of pods) {
      const age = ctx.cluster.nowMs - (parseTime(p.metadata.creationTimestamp) ?? ctx.cluster.nowMs);
      if (age > METRICS_CREATION_DELAY_MS) throw new ExitError(`error: Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${goAge(age)}`);
    }
    if (pods.length > 0) throw new ExitError('error: metrics not available yet');
    ctx.err(allNs ? 'No resources found' : `No resources found in ${ctx.namespace} namespace.`);
    return;
  }
  const total = (r: (typeof rows)[0], k: 'cpuMilli' | 'memoryBytes') => r.m.containers.reduce((s, c) => s + c[k], 0);
  if (sortBy) rows.sort((x, y) => total(y, sortBy === 'cpu' ? 'cpuMilli' : 'memoryBytes') - total(x, sortBy === 'cpu' ? 'cpuMilli' : 'memoryBytes'));
  else if (allNs) rows.sort((x, y) => (x.pod.metadata.namespace! + '/' + x.pod.metadata.name! < y.pod.metadata.namespace! + '/' + y.pod.metadata.name! ? -1 : 1));
  const containers = flagBool(a, 'containers');
  const table: string[][] = [];
  if (!flagBool(a, 'no-headers')) table.push([...(allNs ? ['NAMESPACE'] : []), ...(containers ? ['POD'] : []), 'NAME', 'CPU(cores)', 'MEMORY(bytes)', '']);
  for (const r of rows) {
    const ns = allNs ? [r.pod.metadata.namespace!] : [];
    if (containers) {
      const cs = [...r.m.containers];
      if (sortBy) cs.sort((x, y) => (sortBy === 'cpu' ? y.cpuMilli - x.cpuMilli : y.memoryBytes - x.memoryBytes));
      for (const c of cs) table.push([...ns, r.pod.metadata.name!, c.name, cpu(c.cpuMilli), mem(c.memoryBytes), '']);
    } else {
      table.push([...ns, r.pod.metadata.name!, cpu(total(r, 'cpuMilli')), mem(total(r, 'memoryBytes')), '']);
    }
  }
  if (flagBool(a, 'sum')) {
    const width = 3 + (allNs ? 1 : 0) + (containers ? 1 : 0);
    table.push([...Array(width - 2).fill(''), '________', '________', '']);
    const c = rows.reduce((s, r) => s + total(r, 'cpuMilli'), 0);
    const m = rows.reduce((s, r) => s + total(r, 'memoryBytes'), 0);
    table.push([...Array(width - 3).fill(''), '', cpu(c), mem(m), '']);
  }
  ctx.out(tabwrite(table).replace(/\n$/, ''));
}

function topNodes(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, NODE_FLAGS);
  const sortBy = sortByFlag(a);
  const src = metrics(ctx);
  const nodeInfo = ctx.cluster.kinds.byKind('Node')!;
  const name = a.positional[0];
  let nodes = ctx.cluster.api.list(nodeInfo);
  const sel = flagString(a, 'selector');
  if (sel !== undefined) {
    const matcher = parseLabelSelector(sel);
    if (isSelectorError(matcher)) throw new ExitError(`error: ${matcher.error}`);
    nodes = nodes.filter((n) => matcher.matches(n.metadata.labels ?? {}));
  }
  if (name) {
    nodes = nodes.filter((n) => n.metadata.name === name);
    if (nodes.length === 0 || !src.nodeMetrics(name)) throw new ExitError(`Error from server (NotFound): nodemetrics.metrics.k8s.io "${name}" not found`);
  }
  const withMetrics = nodes.map((n) => ({ n, m: src.nodeMetrics(n.metadata.name!) }));
  const have = withMetrics.filter((x): x is { n: KObject; m: NonNullable<typeof x.m> } => !!x.m);
  if (have.length === 0) throw new ExitError('error: metrics not available yet');
  if (sortBy === 'cpu') have.sort((x, y) => y.m.cpuMilli - x.m.cpuMilli);
  else if (sortBy === 'memory') have.sort((x, y) => y.m.memoryBytes - x.m.memoryBytes);
  const avail = (n: KObject) => (flagBool(a, 'show-capacity') ? n.status?.capacity : n.status?.allocatable) ?? {};
  const pct = (used: number, total: number | undefined) => `${total ? Math.trunc((used / total) * 100) : 0}%`;
  const table: string[][] = [];
  if (!flagBool(a, 'no-headers')) table.push(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)', '']);
  for (const { n, m } of have) {
    const cpuCap = parseQuantity(avail(n).cpu);
    const memCap = parseQuantity(avail(n).memory);
    table.push([n.metadata.name!, cpu(m.cpuMilli), pct(m.cpuMilli, cpuCap === undefined ? undefined : cpuCap * 1000), mem(m.memoryBytes), pct(m.memoryBytes, memCap), '']);
  }
  for (const { n } of withMetrics.filter((x) => !x.m).sort((x, y) => (x.n.metadata.name! < y.n.metadata.name! ? -1 : 1))) {
    table.push([n.metadata.name!, '<unknown>', '<unknown>', '<unknown>', '<unknown>', '']);
  }
  ctx.out(tabwrite(table).replace(/\n$/, ''));
}
