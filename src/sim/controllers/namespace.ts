// Namespace lifecycle: a deleted namespace (phase Terminating) has its contents deleted, then its
// `kubernetes` finalizer removed, and disappears (pkg/controller/namespace). Also the controllers
// that furnish a new namespace: the `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap.

import type { StoredChange } from '../api/store';
import { isStatus } from '../api/types';
import { NO_KEYS, type Controller, type ControllerContext } from './manager';

/** How long the namespace controller waits before re-checking a namespace still emptying. */
const NAMESPACE_RESYNC_MS = 1000;

export class NamespaceController implements Controller {
  readonly name = 'namespace-controller';

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(change: StoredChange): readonly string[] {
    if (change.kindKey === '/Namespace') return change.object.metadata.deletionTimestamp ? [change.object.metadata.name!] : NO_KEYS;
    if (change.type === 'DELETED' && change.object.metadata.namespace) {
      const ns = this.ctx.store.get('/Namespace', undefined, change.object.metadata.namespace);
      if (ns?.metadata.deletionTimestamp) return [ns.metadata.name!];
    }
    return NO_KEYS;
  }

  sync(name: string): number | void {
    const ns = this.ctx.store.get('/Namespace', undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const info of this.ctx.api.kinds.all()) {
      if (!info.namespaced || info.kind === 'Binding') continue;
      for (const o of this.ctx.api.list(info, name)) {
        remaining++;
        if (!o.metadata.deletionTimestamp) this.ctx.api.delete(info, name, o.metadata.name!, { propagationPolicy: 'Background' });
      }
    }
    if (remaining > 0) {
      // Check whether everything went at once; otherwise wait for the stragglers' deletions.
      const left = this.ctx.api.kinds.all().some((i) => i.namespaced && this.ctx.api.list(i, name).length > 0);
      if (left) return NAMESPACE_RESYNC_MS;
    }
    this.ctx.api.finalizeNamespace(name);
  }
}

/** Creates the `default` ServiceAccount in every namespace (serviceaccounts-controller). */
export class ServiceAccountsController implements Controller {
  readonly name = 'serviceaccount-controller';
  readonly kinds = ['/Namespace', '/ServiceAccount'];

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(change: StoredChange): readonly string[] {
    if (change.kindKey === '/Namespace' && change.type !== 'DELETED') return [change.object.metadata.name!];
    if (change.kindKey === '/ServiceAccount' && change.type === 'DELETED' && change.object.metadata.name === 'default') {
      return [change.object.metadata.namespace!];
    }
    return NO_KEYS;
  }

  sync(ns: string): void {
    const nsObj = this.ctx.store.get('/Namespace', undefined, ns);
    if (!nsObj || nsObj.metadata.deletionTimestamp) return;
    if (!this.ctx.store.get('/ServiceAccount', ns, 'default')) {
      const r = this.ctx.api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
      void r;
    }
  }
}

/** Publishes the cluster CA as `kube-root-ca.crt` in every namespace (root-ca-cert-publisher). */
export class RootCACertPublisher implements Controller {
  readonly name = 'root-ca-cert-publisher';
  readonly kinds = ['/Namespace', '/ConfigMap'];

  constructor(
    private readonly ctx: ControllerContext,
    private readonly caCert: string,
  ) {}

  keysFor(change: StoredChange): readonly string[] {
    if (change.kindKey === '/Namespace' && change.type !== 'DELETED') return [change.object.metadata.name!];
    if (change.kindKey === '/ConfigMap' && change.object.metadata.name === 'kube-root-ca.crt') return [change.object.metadata.namespace!];
    return NO_KEYS;
  }

  sync(ns: string): void {
    const nsObj = this.ctx.store.get('/Namespace', undefined, ns);
    if (!nsObj || nsObj.metadata.deletionTimestamp) return;
    const cm = this.ctx.store.get('/ConfigMap', ns, 'kube-root-ca.crt');
    const want = { 'ca.crt': this.caCert };
    if (!cm) {
      this.ctx.api.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt', namespace: ns, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
        data: want,
      });
    } else if (cm.data?.['ca.crt'] !== this.caCert) {
      const r = this.ctx.api.mutate({ kind: 'ConfigMap', group: '', version: 'v1', plural: 'configmaps', singular: 'configmap', shortNames: ['cm'], namespaced: true }, ns, 'kube-root-ca.crt', (o) => {
        o.data = want;
      });
      if (isStatus(r)) return;
    }
  }
}

const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';
