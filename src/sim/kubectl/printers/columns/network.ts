// Services, Endpoints, EndpointSlices, Ingresses, IngressClasses, NetworkPolicies.

import {
  AGE, NAME, age, arr, byteCompare, col, formatLabelSelector, formatLabels, nameOf, obj, wide,
  type Json, type TableDef,
} from './common';

/** loadBalancerStatusStringer with wide=true (the server always prints wide rows): no clipping. */
function lbIngress(lb: Json): string {
  const set = new Set<string>();
  for (const ing of arr(obj(lb).ingress)) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort(byteCompare).join(',');
}

export function serviceExternalIP(svc: Json): string {
  const spec = obj(svc.spec);
  const externalIPs = arr<string>(spec.externalIPs);
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = lbIngress(obj(svc.status).loadBalancer);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

export function servicePorts(ports: Json[]): string {
  return ports
    .map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
    .join(',');
}

export const serviceTable: TableDef = {
  columns: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, wide('Selector')],
  row: (o, now) => {
    const spec = obj(o.spec);
    const ips = arr<string>(spec.clusterIPs);
    const clusterIP = ips.length > 0 ? ips[0] : spec.clusterIP || '<none>';
    return [
      nameOf(o), spec.type ?? 'ClusterIP', clusterIP, serviceExternalIP(o), servicePorts(arr(spec.ports)) || '<none>',
      age(o, now), formatLabels(spec.selector),
    ];
  },
};

/** net.JoinHostPort. */
const joinHostPort = (ip: string, port: unknown) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** formatEndpoints: at most 3 addresses, then " + N more...". */
export function formatEndpoints(ep: Json): string {
  const subsets = arr(ep.subsets);
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = arr(ss.addresses);
    const ports = arr(ss.ports);
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

export const endpointsTable: TableDef = {
  columns: [NAME, col('Endpoints'), AGE],
  row: (o, now) => [nameOf(o), formatEndpoints(o), age(o, now)],
};

export const endpointSliceTable: TableDef = {
  columns: [NAME, col('AddressType'), col('Ports'), col('Endpoints'), AGE],
  row: (o, now) => {
    const max = 3;
    const ports: string[] = [];
    let pMore = false;
    let pCount = 0;
    for (const p of arr(o.ports)) {
      if (ports.length < max) ports.push(typeof p.port === 'number' ? String(p.port) : typeof p.name === 'string' ? p.name : '*');
      else if (ports.length === max) pMore = true;
      pCount++;
    }
    const addrs: string[] = [];
    let aMore = false;
    let aCount = 0;
    for (const e of arr(o.endpoints)) {
      for (const a of arr<string>(e.addresses)) {
        if (addrs.length < max) addrs.push(a);
        else if (addrs.length === max) aMore = true;
        aCount++;
      }
    }
    return [
      nameOf(o), o.addressType ?? '', listWithMore(ports, pMore, pCount, max), listWithMore(addrs, aMore, aCount, max), age(o, now),
    ];
  },
};

function formatHosts(rules: Json[]): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const r of rules) {
    if (list.length === max) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (list.length === 0) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${rules.length - max} more...` : ret;
}

export const ingressTable: TableDef = {
  columns: [NAME, col('Class'), col('Hosts'), col('Address'), col('Ports'), AGE],
  row: (o, now) => {
    const spec = obj(o.spec);
    return [
      nameOf(o), spec.ingressClassName ?? '<none>', formatHosts(arr(spec.rules)), lbIngress(obj(o.status).loadBalancer),
      arr(spec.tls).length !== 0 ? '80, 443' : '80', age(o, now),
    ];
  },
};

export const ingressClassTable: TableDef = {
  columns: [NAME, col('Controller'), col('Parameters'), AGE],
  row: (o, now) => {
    const spec = obj(o.spec);
    let params = '<none>';
    if (spec.parameters) {
      const p = obj(spec.parameters);
      params = `${p.kind ?? ''}${p.apiGroup !== undefined && p.apiGroup !== null ? `.${p.apiGroup}` : ''}/${p.name ?? ''}`;
    }
    return [nameOf(o), spec.controller ?? '', params, age(o, now)];
  },
};

export const networkPolicyTable: TableDef = {
  columns: [NAME, col('Pod-Selector'), AGE],
  row: (o, now) => [nameOf(o), formatLabelSelector(obj(o.spec).podSelector ?? {}), age(o, now)],
};
