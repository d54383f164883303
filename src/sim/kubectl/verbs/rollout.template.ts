// `describe.DescribePodTemplate` as `kubectl rollout history --revision=N` and `rollout undo
// --dry-run=client` print it: a PrefixWriter without a tabwriter, so the tabs stay literal.
// (kubectl/pkg/describe/describe.go: describeContainers, DescribeProbe, describeVolumes,
// printLabelsMultiline, printAnnotationsMultiline, printPodTolerationsMultiline.)
import { formatLabelSelector } from '../../api/selectors';
import type { KObject } from '../../api/types';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const indent = (level: number) => '  '.repeat(level);
const sortedKeys = (m: Obj | undefined) => Object.keys(m ?? {}).sort();
const MAX_ANNOTATION_LEN = 140;

/** `printLabelsMultiline`: `title:\tk=v`, continuation lines `\tk=v`, `<none>` when empty. */
export function labelsMultiline(title: string, labels: Obj | undefined): string {
  const keys = sortedKeys(labels);
  if (keys.length === 0) return `${title}:\t<none>\n`;
  return keys.map((k, i) => `${i === 0 ? `${title}:\t` : '\t'}${k}=${labels![k]}\n`).join('');
}

/** `printAnnotationsMultiline`: long or multi-line values on their own indented lines. */
export function annotationsMultiline(title: string, annotations: Obj | undefined): string {
  const keys = sortedKeys(annotations).filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration');
  if (keys.length === 0) return `${title}:\t<none>\n`;
  let out = `${title}:\t`;
  keys.forEach((k, i) => {
    if (i !== 0) out += '\t';
    const value = String(annotations![k]).replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      out += `${k}:\n`;
      for (const line of value.split('\n')) out += `\t  ${line.length > MAX_ANNOTATION_LEN - 2 ? `${line.slice(0, MAX_ANNOTATION_LEN - 2)}...` : line}\n`;
    } else out += `${k}: ${value}\n`;
  });
  return out;
}

/** `printPodTolerationsMultiline`. */
export function tolerationsMultiline(title: string, tolerations: Obj[] | undefined): string {
  const list = [...(tolerations ?? [])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  if (list.length === 0) return `${title}:\t<none>\n`;
  return list
    .map((t, i) => {
      let s = i === 0 ? `${title}:\t` : '\t';
      s += t.key ?? '';
      if (t.value) s += `=${t.value}`;
      if (t.effect) s += `:${t.effect}`;
      if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
      if (typeof t.tolerationSeconds === 'number') s += ` for ${t.tolerationSeconds}s`;
      return `${s}\n`;
    })
    .join('');
}

/** `DescribeProbe`. */
export function describeProbe(p: Obj): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const port = p.httpGet.port === undefined ? '' : String(p.httpGet.port);
    const host = p.httpGet.host ?? '';
    const hostPort = port ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host;
    return `http-get ${String(p.httpGet.scheme ?? '').toLowerCase()}://${hostPort}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeEnv(c: Obj): string {
  let out = '';
  if ((c.envFrom ?? []).length > 0) {
    out += `${indent(2)}Environment Variables from:\n`;
    for (const e of c.envFrom) {
      const ref = e.configMapRef ?? e.secretRef ?? {};
      const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
      out += `${indent(3)}${ref.name ?? ''}\t${from}${e.prefix ? ` with prefix '${e.prefix}'` : ''}\tOptional: ${ref.optional === true}\n`;
    }
  }
  const env: Obj[] = c.env ?? [];
  out += `${indent(2)}Environment:${env.length === 0 ? '\t<none>' : ''}\n`;
  for (const e of env) {
    const vf = e.valueFrom;
    if (!vf) {
      String(e.value ?? '')
        .split('\n')
        .forEach((s, i) => (out += i === 0 ? `${indent(3)}${e.name}:\t${s}\n` : `${indent(3)}\t${s}\n`));
    } else if (vf.fieldRef) out += `${indent(3)}${e.name}:\t (${vf.fieldRef.apiVersion ?? ''}:${vf.fieldRef.fieldPath})\n`;
    else if (vf.resourceFieldRef) out += `${indent(3)}${e.name}:\t (${vf.resourceFieldRef.resource})\n`;
    else if (vf.secretKeyRef) out += `${indent(3)}${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${vf.secretKeyRef.optional === true}\n`;
    else if (vf.configMapKeyRef) out += `${indent(3)}${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${vf.configMapKeyRef.optional === true}\n`;
  }
  return out;
}

/** `describeContainers` without container statuses (a template). */
export function describeContainers(label: string, containers: Obj[], space: string): string {
  let out = `${space}${label}:\n`;
  for (const c of containers) {
    out += `${indent(1)}${space ? ' ' : ''}${c.name}:\n`;
    out += `${indent(2)}Image:\t${c.image ?? ''}\n`;
    const ports: Obj[] = c.ports ?? [];
    const portStr = ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    const hostStr = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    out += portStr.includes(',') ? `${indent(2)}Ports:\t${portStr}\n` : `${indent(2)}Port:\t${portStr || '<none>'}\n`;
    out += hostStr.includes(',') ? `${indent(2)}Host Ports:\t${hostStr}\n` : `${indent(2)}Host Port:\t${hostStr || '<none>'}\n`;
    for (const [field, title] of [['command', 'Command'], ['args', 'Args']] as const) {
      if ((c[field] ?? []).length === 0) continue;
      out += `${indent(2)}${title}:\n`;
      for (const x of c[field]) for (const s of String(x).split('\n')) out += `${indent(3)}${s}\n`;
    }
    for (const [field, title] of [['limits', 'Limits'], ['requests', 'Requests']] as const) {
      const list = c.resources?.[field];
      if (!list || Object.keys(list).length === 0) continue;
      out += `${indent(2)}${title}:\n`;
      for (const k of sortedKeys(list)) out += `${indent(3)}${k}:\t${list[k]}\n`;
    }
    for (const [field, title] of [['livenessProbe', 'Liveness'], ['readinessProbe', 'Readiness'], ['startupProbe', 'Startup']] as const) {
      if (c[field]) out += `${indent(2)}${title}:\t${describeProbe(c[field])}\n`;
    }
    out += describeEnv(c);
    const mounts: Obj[] = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
    out += `${indent(2)}Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`;
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
      out += `${indent(3)}${m.mountPath} from ${m.name} (${flags.join(',')})\n`;
    }
  }
  return out;
}

function describeVolume(v: Obj): string {
  const l2 = indent(2);
  if (v.hostPath) return `${l2}Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type || '<none>'}\n`;
  if (v.emptyDir) return `${l2}Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`;
  if (v.secret) return `${l2}Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${v.secret.optional === true}\n`;
  if (v.configMap) return `${l2}Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${v.configMap.optional === true}\n`;
  if (v.persistentVolumeClaim) {
    return `${l2}Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`;
  }
  return `${indent(1)}<unknown>\n`;
}

/** `describeVolumes`. */
export function describeVolumes(volumes: Obj[] | undefined, space: string): string {
  if (!volumes || volumes.length === 0) return `${space}Volumes:\t<none>\n`;
  return `${space}Volumes:\n${volumes.map((v) => `${indent(1)}${space ? ' ' : ''}${v.name}:\n${describeVolume(v)}`).join('')}`;
}

/** `DescribePodTemplate`. */
export function describePodTemplate(template: KObject['spec'] | undefined): string {
  if (!template) return `Pod Template:\n${indent(1)}<unset>`;
  const spec: Obj = template.spec ?? {};
  let out = 'Pod Template:\n';
  out += labelsMultiline('  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) out += annotationsMultiline('  Annotations', template.metadata.annotations);
  if (spec.serviceAccountName) out += `${indent(1)}Service Account:\t${spec.serviceAccountName}\n`;
  if ((spec.initContainers ?? []).length > 0) out += describeContainers('Init Containers', spec.initContainers, '  ');
  out += describeContainers('Containers', spec.containers ?? [], '  ');
  out += describeVolumes(spec.volumes, '  ');
  const tscs: Obj[] = [...(spec.topologySpreadConstraints ?? [])].sort((a, b) => (a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0));
  tscs.forEach((t, i) => {
    out += i === 0 ? '  Topology Spread Constraints:\t' : '  \t';
    out += `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded${t.labelSelector ? ` for selector ${formatLabelSelector(t.labelSelector)}` : ''}\n`;
  });
  if (spec.priorityClassName) out += `${indent(1)}Priority Class Name:\t${spec.priorityClassName}\n`;
  out += labelsMultiline('  Node-Selectors', spec.nodeSelector);
  out += tolerationsMultiline('  Tolerations', spec.tolerations);
  return out;
}
