// The kinds registry: every built-in kind kubeplay serves, with its group, version, resource
// names and short names as kubectl knows them (`kubectl api-resources` on v1.32), plus the
// custom kinds registered from CustomResourceDefinitions at run time.

import { BoundedMap } from '../core/boundedmap';

export interface KindInfo {
  kind: string;
  /** '' for the core group. */
  group: string;
  /** The preferred (storage) version. */
  version: string;
  /** Other versions the server also serves for this kind. */
  otherVersions?: string[];
  /** Resource name, e.g. `deployments`. */
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** `kubectl get all` includes kinds in the `all` category. */
  categories?: string[];
  /** Set for kinds registered from a CRD. */
  custom?: boolean;
}

export function apiVersionOf(info: KindInfo, version = info.version): string {
  return info.group ? `${info.group}/${version}` : version;
}

/** `deployments.apps`, `pods` — the name kubectl prints in `deployment.apps/web created`. */
export function qualifiedResource(info: KindInfo): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

/** `deployment.apps`, `pod` — the singular form used in `kubectl` messages. */
export function qualifiedSingular(info: KindInfo): string {
  return info.group ? `${info.kind.toLowerCase()}.${info.group}` : info.kind.toLowerCase();
}

const k = (
  kind: string,
  group: string,
  version: string,
  plural: string,
  shortNames: string[],
  namespaced: boolean,
  extra: Partial<KindInfo> = {},
): KindInfo => ({ kind, group, version, plural, singular: kind.toLowerCase(), shortNames, namespaced, ...extra });

const ALL = { categories: ['all'] };

export const BUILTIN_KINDS: readonly KindInfo[] = [
  k('Binding', '', 'v1', 'bindings', [], true),
  k('ComponentStatus', '', 'v1', 'componentstatuses', ['cs'], false),
  k('ConfigMap', '', 'v1', 'configmaps', ['cm'], true),
  k('Endpoints', '', 'v1', 'endpoints', ['ep'], true),
  k('Event', '', 'v1', 'events', ['ev'], true),
  k('LimitRange', '', 'v1', 'limitranges', ['limits'], true),
  k('Namespace', '', 'v1', 'namespaces', ['ns'], false),
  k('Node', '', 'v1', 'nodes', ['no'], false),
  k('PersistentVolumeClaim', '', 'v1', 'persistentvolumeclaims', ['pvc'], true),
  k('PersistentVolume', '', 'v1', 'persistentvolumes', ['pv'], false),
  k('Pod', '', 'v1', 'pods', ['po'], true, ALL),
  k('PodTemplate', '', 'v1', 'podtemplates', [], true),
  k('ReplicationController', '', 'v1', 'replicationcontrollers', ['rc'], true, ALL),
  k('ResourceQuota', '', 'v1', 'resourcequotas', ['quota'], true),
  k('Secret', '', 'v1', 'secrets', [], true),
  k('ServiceAccount', '', 'v1', 'serviceaccounts', ['sa'], true),
  k('Service', '', 'v1', 'services', ['svc'], true, ALL),
  k('CustomResourceDefinition', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions', ['crd', 'crds'], false),
  k('ControllerRevision', 'apps', 'v1', 'controllerrevisions', [], true),
  k('DaemonSet', 'apps', 'v1', 'daemonsets', ['ds'], true, ALL),
  k('Deployment', 'apps', 'v1', 'deployments', ['deploy'], true, ALL),
  k('ReplicaSet', 'apps', 'v1', 'replicasets', ['rs'], true, ALL),
  k('StatefulSet', 'apps', 'v1', 'statefulsets', ['sts'], true, ALL),
  k('HorizontalPodAutoscaler', 'autoscaling', 'v2', 'horizontalpodautoscalers', ['hpa'], true, {
    otherVersions: ['v1'],
    categories: ['all'],
  }),
  k('CronJob', 'batch', 'v1', 'cronjobs', ['cj'], true, ALL),
  k('Job', 'batch', 'v1', 'jobs', [], true, ALL),
  k('Lease', 'coordination.k8s.io', 'v1', 'leases', [], true),
  k('EndpointSlice', 'discovery.k8s.io', 'v1', 'endpointslices', [], true),
  k('Event', 'events.k8s.io', 'v1', 'events', ['ev'], true),
  k('IngressClass', 'networking.k8s.io', 'v1', 'ingressclasses', [], false),
  k('Ingress', 'networking.k8s.io', 'v1', 'ingresses', ['ing'], true),
  k('NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies', ['netpol'], true),
  k('PodDisruptionBudget', 'policy', 'v1', 'poddisruptionbudgets', ['pdb'], true),
  k('ClusterRoleBinding', 'rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', [], false),
  k('ClusterRole', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', [], false),
  k('RoleBinding', 'rbac.authorization.k8s.io', 'v1', 'rolebindings', [], true),
  k('Role', 'rbac.authorization.k8s.io', 'v1', 'roles', [], true),
  k('PriorityClass', 'scheduling.k8s.io', 'v1', 'priorityclasses', ['pc'], false),
  k('StorageClass', 'storage.k8s.io', 'v1', 'storageclasses', ['sc'], false),
];

/**
 * Group/versions that Kubernetes used to serve and v1.32 no longer does. A manifest naming one
 * gets kubectl's "no matches for kind" error, exactly as against a real v1.32 server.
 */
export const REMOVED_GROUP_VERSIONS: readonly string[] = [
  'extensions/v1beta1',
  'apps/v1beta1',
  'apps/v1beta2',
  'batch/v1beta1',
  'batch/v2alpha1',
  'policy/v1beta1',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'networking.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'apiextensions.k8s.io/v1beta1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1alpha1',
  'coordination.k8s.io/v1beta1',
  'discovery.k8s.io/v1beta1',
  'storage.k8s.io/v1beta1',
  'events.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
];

/**
 * Resolves kinds and resource names. One instance per cluster: CRDs add kinds to it, so it is
 * part of the cluster state (rebuilt from the stored CRDs on restore).
 */
export class KindRegistry {
  private readonly kinds: KindInfo[] = [];
  /** apiVersion → kind → byApiVersionKind's answer (null: none); emptied when the kinds change. */
  private readonly resolved = new BoundedMap<string, Map<string, KindInfo | null>>(256);
  /** kind → byKind's answer (null: none); emptied when the kinds change. */
  private readonly byKindName = new BoundedMap<string, KindInfo | null>(256);

  private forgetResolved(): void {
    this.resolved.clear();
    this.byKindName.clear();
  }

  constructor() {
    for (const info of BUILTIN_KINDS) this.kinds.push(info);
  }

  all(): readonly KindInfo[] {
    return this.kinds;
  }

  /** The kind served for `apiVersion` + `kind`, or undefined (unknown kind or removed version). */
  byApiVersionKind(apiVersion: string, kind: string): KindInfo | undefined {
    // Every API write resolves its kind: answers are kept per apiVersion and kind until the
    // registry changes (a CRD registered or removed), instead of a scan of every kind each time.
    let perVersion = this.resolved.get(apiVersion);
    if (!perVersion) {
      // Bounded: what users type can name any number of apiVersions and kinds.
      perVersion = new BoundedMap<string, KindInfo | null>(256);
      this.resolved.set(apiVersion, perVersion);
    }
    let info = perVersion.get(kind);
    if (info === undefined) {
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
      info = this.kinds.find((i) => i.kind === kind && i.group === group && (i.version === version || i.otherVersions?.includes(version))) ?? null;
      perVersion.set(kind, info);
    }
    return info ?? undefined;
  }

  /** Preferred kind for a kind name alone (core/apps first, as discovery orders groups). */
  byKind(kind: string): KindInfo | undefined {
    let info = this.byKindName.get(kind);
    if (info === undefined) {
      info = this.kinds.find((i) => i.kind === kind) ?? null;
      this.byKindName.set(kind, info);
    }
    return info ?? undefined;
  }

  /**
   * Resolves what a user typed as a resource type: `po`, `pods`, `pod`, `Pod`,
   * `deployments.apps`, `deploy.apps`, `hpa.v2.autoscaling`. Matching is case-insensitive.
   */
  resolveResource(typed: string): KindInfo | undefined {
    const t = typed.toLowerCase();
    const dot = t.indexOf('.');
    const name = dot < 0 ? t : t.slice(0, dot);
    const rest = dot < 0 ? undefined : t.slice(dot + 1);
    const candidates = this.kinds.filter(
      (i) =>
        i.plural === name || i.singular === name || i.kind.toLowerCase() === name || i.shortNames.includes(name),
    );
    if (rest === undefined) {
      // The core group's Event wins over events.k8s.io, as kubectl's discovery order does.
      return candidates[0];
    }
    return candidates.find((i) => {
      if (i.group === rest) return true;
      const v = rest.indexOf('.');
      return v > 0 && rest.slice(v + 1) === i.group && (i.version === rest.slice(0, v) || i.otherVersions?.includes(rest.slice(0, v)));
    });
  }

  register(info: KindInfo): void {
    this.forgetResolved();
    const i = this.kinds.findIndex((x) => x.group === info.group && x.kind === info.kind);
    if (i >= 0) this.kinds[i] = info;
    else this.kinds.push(info);
  }

  unregister(group: string, kind: string): void {
    this.forgetResolved();
    const i = this.kinds.findIndex((x) => x.group === group && x.kind === kind && x.custom);
    if (i >= 0) this.kinds.splice(i, 1);
  }
}
