// kubectl expose (`kubectl/pkg/cmd/expose/expose.go`, polymorphichelpers): a Service for a pod,
// Service, ReplicationController, Deployment or ReplicaSet, with the object's selector and labels
// and its container ports (or --port), e.g. `kubectl expose deployment web --port=80
// --target-port=8080 --type=NodePort` → `service/web exposed`.

import type { KindInfo } from '../../api/kinds';
import { isStatus, type KObject } from '../../api/types';
import { flagString, flagStrings, parseArgs, type FlagSpec, type ParsedArgs } from '../args';
import { Ctx, ExitError, formatStatusError } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS, PRINT_FLAGS } from '../flags';
import { parseOutputFormat, printObjects } from '../printers/output';
import { selectObjects } from '../select';
import { dryRunStrategy, dryRunSuffix, NO_RESOURCES } from './scale';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  { name: 'port', type: 'string' },
  { name: 'protocol', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'load-balancer-ip', type: 'string' },
  { name: 'selector', type: 'string' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'target-port', type: 'string' },
  { name: 'external-ip', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'session-affinity', type: 'string' },
  { name: 'cluster-ip', type: 'string' },
  { name: 'dry-run', type: 'string' },
  ...PRINT_FLAGS,
  { name: 'save-config', type: 'bool' },
  { name: 'record', type: 'bool' },
  { name: 'field-manager', type: 'string' },
  { name: 'overrides', type: 'string' },
  { name: 'override-type', type: 'string' },
];

const EXPOSABLE = new Set(['/ReplicationController', '/Service', '/Pod', 'apps/Deployment', 'apps/ReplicaSet']);

const makeLabels = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`).join(',');

/** `mapBasedSelectorForObject`. */
function selectorFor(info: KindInfo, o: KObject): string {
  const spec = o.spec ?? {};
  switch (info.kind) {
    case 'ReplicationController':
      return makeLabels(spec.selector);
    case 'Pod':
      if (Object.keys(o.metadata.labels ?? {}).length === 0) throw new Error('the pod has no labels and cannot be exposed');
      return makeLabels(o.metadata.labels);
    case 'Service':
      if (!spec.selector) throw new Error('the service has no pod selector set');
      return makeLabels(spec.selector);
    default: {
      const what = info.kind === 'Deployment' ? 'deployment' : 'replicaset';
      if (!spec.selector || Object.keys(spec.selector.matchLabels ?? {}).length === 0) throw new Error(`invalid ${what}: no selectors, therefore cannot be exposed`);
      if ((spec.selector.matchExpressions ?? []).length > 0) {
        const exprs = spec.selector.matchExpressions.map((e: Json) => `{Key:${e.key} Operator:${e.operator} Values:[${(e.values ?? []).join(' ')}]}`).join(' ');
        throw new Error(`couldn't convert expressions - "[${exprs}]" to map-based selector format`);
      }
      return makeLabels(spec.selector.matchLabels);
    }
  }
}

function podSpecOf(info: KindInfo, o: KObject): Json {
  return info.kind === 'Pod' ? o.spec ?? {} : o.spec?.template?.spec ?? {};
}

/** `portsForObject` and `multiProtocolsForObject`: container ports (or Service ports), deduplicated. */
function portsFor(info: KindInfo, o: KObject): { ports: string[]; protocols: Map<string, string[]> } {
  const ports: string[] = [];
  const protocols = new Map<string, string[]>();
  const add = (port: unknown, protocol: unknown) => {
    const key = String(port);
    if (!ports.includes(key)) ports.push(key);
    protocols.set(key, [...(protocols.get(key) ?? []), typeof protocol === 'string' && protocol ? protocol : 'TCP']);
  };
  if (info.kind === 'Service') for (const p of o.spec?.ports ?? []) add(p?.port, p?.protocol);
  else for (const c of podSpecOf(info, o).containers ?? []) for (const p of c?.ports ?? []) add(p?.containerPort, p?.protocol);
  return { ports, protocols };
}

function parseLabels(spec: string): Record<string, string> {
  if (spec === '') throw new Error('no label spec passed');
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw new Error(`unexpected label spec: ${part}`);
    if (kv[0] === '') throw new Error('unexpected empty label key');
    out[kv[0]] = kv[1];
  }
  return out;
}

export function exposeCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  const dryRun = dryRunStrategy(a);
  const format = parseOutputFormat(flagString(a, 'output'));
  if (format.kind === 'error') throw new ExitError(format.error);
  const files = flagStrings(a, 'filename');
  if (a.positional.length === 0 && files.length === 0) throw new ExitError(NO_RESOURCES);
  const selArgs: ParsedArgs = { positional: a.positional, flags: new Map<string, string[] | boolean>([['filename', files], ['recursive', a.flags.get('recursive') === true]]) };
  const sel = selectObjects(ctx, selArgs, { allowAll: false, requireSelection: 'error: resource(s) were provided, but no name was specified' });
  for (const { info, object } of sel.items) {
    try {
      exposeOne(ctx, a, info, object, dryRun, format);
    } catch (e) {
      if (e instanceof ExitError) throw e;
      throw new ExitError(`error: ${(e as Error).message}`);
    }
  }
}

function exposeOne(ctx: Ctx, a: ParsedArgs, info: KindInfo, o: KObject, dryRun: 'none' | 'client' | 'server', format: ReturnType<typeof parseOutputFormat>): void {
  const key = `${info.group}/${info.kind}`;
  if (!EXPOSABLE.has(key)) throw new Error(`cannot expose a ${info.group ? `${info.kind}.${info.group}` : info.kind}`);
  const defaultName = o.metadata.name!.slice(0, 63);
  let selector = flagString(a, 'selector') ?? '';
  if (selector === '') {
    try {
      selector = selectorFor(info, o);
    } catch (e) {
      throw new Error(`couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`);
    }
  }
  const clusterIP = flagString(a, 'cluster-ip') ?? '';
  let port = flagString(a, 'port') ?? '';
  let ports = '';
  const introspected = portsFor(info, o);
  if (port === '') {
    if (introspected.ports.length === 0 && clusterIP !== 'None') throw new Error("couldn't find port via --port flag or introspection");
    if (introspected.ports.length === 1) port = introspected.ports[0];
    else if (introspected.ports.length > 1) ports = introspected.ports.join(',');
  }
  const labelsFlag = flagString(a, 'labels') ?? '';
  const labelSpec = labelsFlag !== '' ? labelsFlag : makeLabels(o.metadata.labels);

  // createService
  if (selector === '') throw new Error('selector must be specified');
  const svcSelector = parseLabels(selector);
  const labels = labelSpec !== '' ? parseLabels(labelSpec) : undefined;
  const name = flagString(a, 'name') || defaultName;
  const protocolFlag = flagString(a, 'protocol') ?? '';
  const portStrings = (ports || port) === '' ? [] : (ports || port).split(',');
  const svcPorts: Json[] = [];
  portStrings.forEach((s, i) => {
    if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.Atoi: parsing "${s}": invalid syntax`);
    const n = Number(s);
    const portName = portStrings.length > 1 ? `port-${i + 1}` : '';
    let protocol = protocolFlag;
    if (protocol === '') {
      protocol = 'TCP';
      const exposed = introspected.protocols.get(s);
      if (exposed && exposed.length === 1) protocol = exposed[0];
      else if (exposed && exposed.length > 1) {
        for (const p of exposed) svcPorts.push({ name: `port-${i + 1}-${p.toLowerCase()}`, protocol: p, port: n });
        return;
      }
    }
    svcPorts.push({ ...(portName ? { name: portName } : {}), protocol, port: n });
  });
  const target = flagString(a, 'target-port') ?? '';
  for (const p of svcPorts) p.targetPort = target !== '' ? (/^\d+$/.test(target) ? Number(target) : target) : p.port;
  const spec: Json = { ports: svcPorts, selector: svcSelector };
  const type = flagString(a, 'type') ?? '';
  const externalIP = flagString(a, 'external-ip') ?? '';
  if (externalIP) spec.externalIPs = [externalIP];
  if (type) spec.type = type;
  if (type === 'LoadBalancer' && flagString(a, 'load-balancer-ip')) spec.loadBalancerIP = flagString(a, 'load-balancer-ip');
  const affinity = flagString(a, 'session-affinity') ?? '';
  if (affinity) {
    if (affinity !== 'None' && affinity !== 'ClientIP') throw new Error(`unknown session affinity: ${affinity}`);
    spec.sessionAffinity = affinity;
  }
  if (clusterIP) spec.clusterIP = clusterIP;
  const svc: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name, ...(labels ? { labels } : {}) }, spec };
  const svcInfo = ctx.cluster.kinds.byKind('Service')!;

  let result: KObject = svc;
  if (dryRun === 'client') {
    // What the typed object serializes to before any server saw it.
    result = { apiVersion: 'v1', kind: 'Service', metadata: { creationTimestamp: null, ...svc.metadata }, spec, status: { loadBalancer: {} } } as KObject;
    if (ctx.namespaceFlag) result.metadata.namespace = ctx.namespace;
  } else {
    const created = ctx.cluster.api.create(svc, { namespace: ctx.namespace, dryRun: dryRun === 'server' });
    if (isStatus(created)) throw new ExitError(formatStatusError(created));
    result = created;
  }
  if (format.kind === 'table') {
    ctx.out(`service/${result.metadata.name} exposed${dryRunSuffix(dryRun)}`);
    return;
  }
  const printed = printObjects(format, svcInfo, [result], { nowMs: ctx.cluster.nowMs, single: true });
  if ('error' in printed) throw new ExitError(printed.error);
  ctx.out(printed.text.replace(/\n$/, ''));
}
