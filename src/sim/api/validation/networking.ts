// networking.k8s.io/v1: Ingress, IngressClass, NetworkPolicy (`pkg/apis/networking/validation`).

import { child, forbidden, invalid, notSupported, required, tooLong } from './errors';
import { type Errs, type Obj, getInt, getObj, getObjArr, getStr, getStrArr } from './check';
import { validateLabelSelector, validateObjectMeta } from './meta';
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isIP,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNSSubdomain,
} from './names';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

function validateBackend(errs: Errs, path: string, v: unknown): void {
  const b = getObj(errs, path, v) ?? {};
  const hasResource = b.resource !== undefined && b.resource !== null;
  const hasService = b.service !== undefined && b.service !== null;
  if (hasResource && hasService) {
    errs.push(invalid(path, '', 'cannot set both resource and service backends'));
    return;
  }
  if (hasResource) {
    const r = getObj(errs, child(path, 'resource'), b.resource) ?? {};
    if (!getStr(errs, child(path, 'resource.kind'), r.kind)) errs.push(required(child(path, 'resource.kind')));
    if (!getStr(errs, child(path, 'resource.name'), r.name)) errs.push(required(child(path, 'resource.name')));
    return;
  }
  if (!hasService) {
    errs.push(invalid(path, '', 'resource or service backend is required'));
    return;
  }
  const s = getObj(errs, child(path, 'service'), b.service) ?? {};
  const name = getStr(errs, child(path, 'service.name'), s.name) ?? '';
  if (!name) errs.push(required(child(path, 'service.name')));
  else for (const m of isDNS1035Label(name)) errs.push(invalid(child(path, 'service.name'), name, m));
  const port = getObj(errs, child(path, 'service.port'), s.port) ?? {};
  const portName = getStr(errs, child(path, 'service.port.name'), port.name) ?? '';
  const portNumber = getInt(errs, child(path, 'service.port.number'), port.number) ?? 0;
  if (portName && portNumber) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) for (const m of isValidPortName(portName)) errs.push(invalid(child(path, 'service.port.name'), portName, m));
  else if (portNumber) for (const m of isValidPortNum(portNumber)) errs.push(invalid(child(path, 'service.port.number'), portNumber, m));
  else errs.push(required(path, 'port name or number is required'));
}

function validateHTTPPath(errs: Errs, path: string, p: Obj): void {
  const pathType = getStr(errs, child(path, 'pathType'), p.pathType);
  if (pathType === undefined) {
    errs.push(required(child(path, 'pathType'), 'pathType must be specified'));
    return;
  }
  const value = getStr(errs, child(path, 'path'), p.path) ?? '';
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) errs.push(invalid(child(path, 'path'), value, 'must be an absolute path'));
    if (value) {
      for (const seq of INVALID_PATH_SEQUENCES) if (value.includes(seq)) errs.push(invalid(child(path, 'path'), value, `must not contain '${seq}'`));
      for (const suf of INVALID_PATH_SUFFIXES) if (value.endsWith(suf)) errs.push(invalid(child(path, 'path'), value, `cannot end with '${suf}'`));
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (value && !value.startsWith('/')) errs.push(invalid(child(path, 'path'), value, 'must be an absolute path'));
  } else errs.push(notSupported(child(path, 'pathType'), pathType, PATH_TYPES));
  validateBackend(errs, child(path, 'backend'), p.backend);
}

export function validateIngress(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const rules = getObjArr(errs, 'spec.rules', spec.rules);
  const hasDefault = spec.defaultBackend !== undefined && spec.defaultBackend !== null;
  if (rules.length === 0 && !hasDefault)
    errs.push(invalid('spec', spec.rules ?? null, 'either `defaultBackend` or `rules` must be specified', '[]networking.IngressRule(nil)'));
  if (hasDefault) validateBackend(errs, 'spec.defaultBackend', spec.defaultBackend);
  rules.forEach((rule, i) => {
    if (!rule) return;
    const rp = `spec.rules[${i}]`;
    const host = getStr(errs, `${rp}.host`, rule.host) ?? '';
    if (host) {
      if (isIP(host)) errs.push(invalid(`${rp}.host`, host, 'must be a DNS name, not an IP address'));
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const m of msgs) errs.push(invalid(`${rp}.host`, host, m));
    }
    const http = getObj(errs, `${rp}.http`, rule.http);
    if (!http) return;
    const paths = getObjArr(errs, `${rp}.http.paths`, http.paths);
    if (paths.length === 0) errs.push(required(`${rp}.http.paths`));
    paths.forEach((p, j) => {
      if (p) validateHTTPPath(errs, `${rp}.http.paths[${j}]`, p);
    });
  });
  getObjArr(errs, 'spec.tls', spec.tls).forEach((tls, i) => {
    if (!tls) return;
    for (const [j, h] of (getStrArr(errs, `spec.tls[${i}].hosts`, tls.hosts) ?? []).entries()) {
      const msgs = h.includes('*') ? isWildcardDNS1123Subdomain(h) : isDNS1123Subdomain(h);
      for (const m of msgs) errs.push(invalid(`spec.tls[${i}].hosts[${j}]`, h, m));
    }
  });
  const cls = getStr(errs, 'spec.ingressClassName', spec.ingressClassName);
  if (cls !== undefined) for (const m of isDNS1123Subdomain(cls)) errs.push(invalid('spec.ingressClassName', cls, m));
}

export function validateIngressClass(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, false, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const ctrl = getStr(errs, 'spec.controller', spec.controller) ?? '';
  if (ctrl.length > 250) errs.push(tooLong('spec.controller', 250));
  if (!ctrl) errs.push(required('spec.controller'));
  else {
    const slash = ctrl.indexOf('/');
    if (slash < 0) errs.push(invalid('spec.controller', ctrl, 'must be a domain-prefixed path (such as "acme.io/foo")'));
    else {
      const host = ctrl.slice(0, slash);
      for (const m of isDNS1123Subdomain(host)) errs.push(invalid('spec.controller', host, m));
    }
  }
  const params = getObj(errs, 'spec.parameters', spec.parameters);
  if (params) {
    if (!getStr(errs, 'spec.parameters.kind', params.kind)) errs.push(required('spec.parameters.kind'));
    if (!getStr(errs, 'spec.parameters.name', params.name)) errs.push(required('spec.parameters.name'));
    const scope = getStr(errs, 'spec.parameters.scope', params.scope);
    if (scope !== undefined && scope !== 'Cluster' && scope !== 'Namespace')
      errs.push(notSupported('spec.parameters.scope', scope, ['Cluster', 'Namespace']));
    if (scope === 'Namespace' && !params.namespace) errs.push(required('spec.parameters.namespace', '`parameters.scope` is set to "Namespace"'));
    if (scope === 'Cluster' && params.namespace) errs.push(forbidden('spec.parameters.namespace', '`parameters.scope` is set to "Cluster"'));
  }
}

export function validateNetworkPolicy(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  validateLabelSelector(errs, 'spec.podSelector', spec.podSelector);
  for (const dir of ['ingress', 'egress'] as const) {
    const peersField = dir === 'ingress' ? 'from' : 'to';
    getObjArr(errs, `spec.${dir}`, spec[dir]).forEach((rule, i) => {
      if (!rule) return;
      const rp = `spec.${dir}[${i}]`;
      getObjArr(errs, `${rp}.ports`, rule.ports).forEach((port, j) => {
        if (!port) return;
        const proto = getStr(errs, `${rp}.ports[${j}].protocol`, port.protocol);
        if (proto !== undefined && !['SCTP', 'TCP', 'UDP'].includes(proto)) errs.push(notSupported(`${rp}.ports[${j}].protocol`, proto, ['SCTP', 'TCP', 'UDP']));
      });
      getObjArr(errs, `${rp}.${peersField}`, rule[peersField]).forEach((peer, j) => {
        if (!peer) return;
        const pp = `${rp}.${peersField}[${j}]`;
        const n = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => peer[k] !== undefined && peer[k] !== null).length;
        if (n === 0) errs.push(required(pp, 'must specify a peer'));
        else if (peer.ipBlock !== undefined && peer.ipBlock !== null && n > 1)
          errs.push(forbidden(pp, 'may not specify both ipBlock and another peer'));
        validateLabelSelector(errs, `${pp}.podSelector`, peer.podSelector);
        validateLabelSelector(errs, `${pp}.namespaceSelector`, peer.namespaceSelector);
        const ib = getObj(errs, `${pp}.ipBlock`, peer.ipBlock);
        if (ib && !getStr(errs, `${pp}.ipBlock.cidr`, ib.cidr)) errs.push(required(`${pp}.ipBlock.cidr`));
      });
    });
  }
  for (const t of getStrArr(errs, 'spec.policyTypes', spec.policyTypes) ?? [])
    if (t !== 'Ingress' && t !== 'Egress') errs.push(notSupported('spec.policyTypes', t, ['Ingress', 'Egress']));
}
