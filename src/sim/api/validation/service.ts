// Service, Endpoints and EndpointSlice (`pkg/apis/core/validation` ValidateService,
// ValidateEndpoints; `pkg/apis/discovery/validation`).

import { duplicate, forbidden, invalid, notSupported, required } from './errors';
import { type Errs, type Obj, getBool, getInt, getObj, getObjArr, getStr, getStrArr, isObj } from './check';
import { validatePortNumOrName } from './container';
import { goServicePortKey, goStringSlice } from './gorepr';
import { validateLabels, validateObjectMeta } from './meta';
import { isDNS1123Label, isDNS1123Subdomain, isIP, isQualifiedName, isValidPortNum, nameIsDNS1035Label, nameIsDNSSubdomain } from './names';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

export function validateService(errs: Errs, obj: Obj, old?: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNS1035Label);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const type = getStr(errs, 'spec.type', spec.type);
  const clusterIP = getStr(errs, 'spec.clusterIP', spec.clusterIP) ?? '';
  const clusterIPs = getStrArr(errs, 'spec.clusterIPs', spec.clusterIPs) ?? (clusterIP ? [clusterIP] : []);
  const headless = clusterIP === 'None';
  const ports = getObjArr(errs, 'spec.ports', spec.ports);

  if (old) validateClusterIPUpdate(errs, spec, isObj(old.spec) ? old.spec : {});

  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  if (type === 'LoadBalancer' && headless) errs.push(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"));
  if (type === 'NodePort' && headless) errs.push(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"));
  if (type === 'ExternalName') {
    if (clusterIP) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (Array.isArray(spec.ipFamilies) && spec.ipFamilies.length > 0) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = (getStr(errs, 'spec.externalName', spec.externalName) ?? '').replace(/\.$/, '');
    if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(invalid('spec.externalName', cname, m));
    else errs.push(required('spec.externalName'));
  }

  const names = new Set<string>();
  ports.forEach((sp, i) => {
    if (!sp) return;
    const p = `spec.ports[${i}]`;
    const name = getStr(errs, `${p}.name`, sp.name) ?? '';
    if (ports.length > 1 && !name) errs.push(required(`${p}.name`));
    else if (name) {
      for (const m of isDNS1123Label(name)) errs.push(invalid(`${p}.name`, name, m));
      if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
      else names.add(name);
    }
    const port = getInt(errs, `${p}.port`, sp.port) ?? 0;
    for (const m of isValidPortNum(port)) errs.push(invalid(`${p}.port`, port, m));
    const proto = getStr(errs, `${p}.protocol`, sp.protocol);
    if (proto === '') errs.push(required(`${p}.protocol`));
    else if (proto !== undefined && !PROTOCOLS.includes(proto)) errs.push(notSupported(`${p}.protocol`, proto, PROTOCOLS));
    if (sp.targetPort !== undefined && sp.targetPort !== null) validatePortNumOrName(errs, `${p}.targetPort`, sp.targetPort);
    const ap = getStr(errs, `${p}.appProtocol`, sp.appProtocol);
    if (ap !== undefined) for (const m of isQualifiedName(ap)) errs.push(invalid(`${p}.appProtocol`, ap, m));
  });

  validateLabels(errs, 'spec.selector', spec.selector);
  const sa = getStr(errs, 'spec.sessionAffinity', spec.sessionAffinity);
  if (sa === '') errs.push(required('spec.sessionAffinity'));
  else if (sa !== undefined && sa !== 'ClientIP' && sa !== 'None') errs.push(notSupported('spec.sessionAffinity', sa, ['ClientIP', 'None']));
  if (sa === 'ClientIP') {
    const cfg = getObj(errs, 'spec.sessionAffinityConfig', spec.sessionAffinityConfig);
    const cip = cfg && getObj(errs, 'spec.sessionAffinityConfig.clientIP', cfg.clientIP);
    const t = cip ? getInt(errs, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', cip.timeoutSeconds) : undefined;
    if (t !== undefined && (t <= 0 || t > 86400))
      errs.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t, 'must be greater than 0 and less than 86400'));
  } else if (sa === 'None' && spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null)
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));

  if (clusterIPs.length > 0 && clusterIP && clusterIPs[0] !== clusterIP)
    errs.push(invalid('spec.clusterIPs', clusterIPs, 'first value must match `clusterIP`', goStringSlice(clusterIPs)));
  clusterIPs.forEach((ip, i) => {
    if (ip !== 'None' && ip !== '' && !isIP(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  (getStrArr(errs, 'spec.externalIPs', spec.externalIPs) ?? []).forEach((ip, i) => {
    if (!isIP(ip)) errs.push(invalid(`spec.externalIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });

  if (type === '') errs.push(required('spec.type'));
  else if (type !== undefined && !SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', type, SERVICE_TYPES));

  const nodePorts = new Set<string>();
  const portKeys = new Set<string>();
  ports.forEach((sp, i) => {
    if (!sp) return;
    const p = `spec.ports[${i}]`;
    const np = typeof sp.nodePort === 'number' ? sp.nodePort : 0;
    const proto = typeof sp.protocol === 'string' ? sp.protocol : 'TCP';
    if (type === 'ClusterIP' && np !== 0) errs.push(forbidden(`${p}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    if (np !== 0) {
      getInt(errs, `${p}.nodePort`, sp.nodePort);
      if (nodePorts.has(`${proto}/${np}`)) errs.push(duplicate(`${p}.nodePort`, np));
      nodePorts.add(`${proto}/${np}`);
      if (type !== 'ClusterIP' && (np < NODE_PORT_RANGE.min || np > NODE_PORT_RANGE.max))
        errs.push(invalid(`${p}.nodePort`, np, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`));
    }
  });
  ports.forEach((sp, i) => {
    if (!sp) return;
    const port = typeof sp.port === 'number' ? sp.port : 0;
    const proto = typeof sp.protocol === 'string' ? sp.protocol : '';
    const k = `${proto}/${port}`;
    if (portKeys.has(k)) errs.push(duplicate(`spec.ports[${i}]`, { protocol: proto, port }, goServicePortKey(proto, port)));
    portKeys.add(k);
  });

  const etp = getStr(errs, 'spec.externalTrafficPolicy', spec.externalTrafficPolicy);
  if (type !== 'NodePort' && type !== 'LoadBalancer') {
    if (etp) errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (etp === '') errs.push(required('spec.externalTrafficPolicy'));
  else if (etp !== undefined && etp !== 'Cluster' && etp !== 'Local') errs.push(notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']));
  const itp = getStr(errs, 'spec.internalTrafficPolicy', spec.internalTrafficPolicy);
  if (itp !== undefined && itp !== 'Cluster' && itp !== 'Local') errs.push(notSupported('spec.internalTrafficPolicy', itp, ['Cluster', 'Local']));
  getBool(errs, 'spec.allocateLoadBalancerNodePorts', spec.allocateLoadBalancerNodePorts);
}

/** `validateUpgradeDowngradeClusterIPs`: the primary cluster IP may not change once set. */
function validateClusterIPUpdate(errs: Errs, spec: Obj, os: Obj): void {
  if (spec.type === 'ExternalName' || os.type === 'ExternalName') return;
  const ips = (o: Obj): string[] =>
    Array.isArray(o.clusterIPs) ? o.clusterIPs.filter((x): x is string => typeof x === 'string') : typeof o.clusterIP === 'string' && o.clusterIP ? [o.clusterIP] : [];
  const oldIPs = ips(os);
  const newIPs = ips(spec);
  if (oldIPs[0] === 'None' && newIPs[0] === 'None') return;
  // An update that omits the cluster IP keeps the allocated one (the store patches it in).
  if (newIPs.length === 0) return;
  if (oldIPs.length > 0 && newIPs[0] !== oldIPs[0])
    errs.push(invalid('spec.clusterIPs[0]', newIPs, 'may not change once set', goStringSlice(newIPs)));
}

export function validateEndpoints(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  getObjArr(errs, 'subsets', obj.subsets).forEach((ss, i) => {
    if (!ss) return;
    const p = `subsets[${i}]`;
    for (const f of ['addresses', 'notReadyAddresses'])
      getObjArr(errs, `${p}.${f}`, ss[f]).forEach((a, j) => {
        const ip = a ? getStr(errs, `${p}.${f}[${j}].ip`, a.ip) ?? '' : '';
        if (a && !isIP(ip)) errs.push(invalid(`${p}.${f}[${j}].ip`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
      });
    getObjArr(errs, `${p}.ports`, ss.ports).forEach((port, j) => {
      if (!port) return;
      const pp = `${p}.ports[${j}]`;
      const n = getInt(errs, `${pp}.port`, port.port) ?? 0;
      for (const m of isValidPortNum(n)) errs.push(invalid(`${pp}.port`, n, m));
      const proto = getStr(errs, `${pp}.protocol`, port.protocol);
      if (proto !== undefined && !PROTOCOLS.includes(proto)) errs.push(notSupported(`${pp}.protocol`, proto, PROTOCOLS));
    });
  });
}

export function validateEndpointSlice(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const at = getStr(errs, 'addressType', obj.addressType) ?? '';
  if (!at) errs.push(required('addressType'));
  else if (!['FQDN', 'IPv4', 'IPv6'].includes(at)) errs.push(notSupported('addressType', at, ['FQDN', 'IPv4', 'IPv6']));
  getObjArr(errs, 'endpoints', obj.endpoints).forEach((ep, i) => {
    if (!ep) return;
    const p = `endpoints[${i}].addresses`;
    const addrs = getStrArr(errs, p, ep.addresses) ?? [];
    if (addrs.length === 0) errs.push(required(p, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push({ type: 'TooMany', field: p, value: addrs.length, detail: 'must have at most 100 items' });
    addrs.forEach((a, j) => {
      if ((at === 'IPv4' || at === 'IPv6') && !isIP(a)) errs.push(invalid(`${p}[${j}]`, a, 'must be a valid IP address'));
    });
    getObj(errs, `endpoints[${i}].conditions`, ep.conditions);
  });
  getObjArr(errs, 'ports', obj.ports).forEach((port, i) => {
    if (!port) return;
    const n = getInt(errs, `ports[${i}].port`, port.port);
    if (n !== undefined) for (const m of isValidPortNum(n)) errs.push(invalid(`ports[${i}].port`, n, m));
  });
}
