// kubectl cluster-info, version, api-resources, api-versions and config (contexts and namespace).
import { apiVersionOf } from '../../api/kinds';
import { KUBERNETES_VERSION } from '../../bootstrap';
import { flagBool, flagString, parseArgs } from '../args';
import { Ctx, ExitError } from '../context';
import { GLOBAL_FLAGS } from '../flags';
import { tabwrite } from '../printers/tabwriter';

export const API_SERVER_URL = 'https://127.0.0.1:6443';
export const CONTEXT_NAME = 'kind-kubeplay';

export function clusterInfoCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, GLOBAL_FLAGS);
  if (a.positional[0] === 'dump') throw new ExitError('error: cluster-info dump is not supported by kubeplay');
  ctx.out(`Kubernetes control plane is running at ${API_SERVER_URL}`);
  if (ctx.cluster.api.store.get('/Service', 'kube-system', 'kube-dns')) {
    ctx.out(`CoreDNS is running at ${API_SERVER_URL}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`);
  }
  ctx.out('');
  ctx.out("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.");
}

export function versionCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, [...GLOBAL_FLAGS, { name: 'client', type: 'bool' }, { name: 'output', short: 'o', type: 'string' }]);
  const client = { gitVersion: 'v1.32.2', major: '1', minor: '32', platform: 'linux/amd64' };
  const out = flagString(a, 'output');
  if (out === 'json' || out === 'yaml') {
    const v = { clientVersion: client, kustomizeVersion: 'v5.5.0', ...(flagBool(a, 'client') ? {} : { serverVersion: { ...client, gitVersion: KUBERNETES_VERSION } }) };
    ctx.out(out === 'json' ? JSON.stringify(v, null, 2) : Object.entries(v).map(([k, x]) => `${k}: ${JSON.stringify(x)}`).join('\n'));
    return;
  }
  ctx.out(`Client Version: ${client.gitVersion}`);
  ctx.out('Kustomize Version: v5.5.0');
  if (!flagBool(a, 'client')) ctx.out(`Server Version: ${KUBERNETES_VERSION}`);
}

export function apiResourcesCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, [...GLOBAL_FLAGS, { name: 'namespaced', type: 'string' }, { name: 'api-group', type: 'string' }, { name: 'output', short: 'o', type: 'string' }, { name: 'no-headers', type: 'bool' }, { name: 'sort-by', type: 'string' }, { name: 'verbs', type: 'strings' }, { name: 'cached', type: 'bool' }]);
  let kinds = ctx.cluster.kinds.all().filter((k) => !(k.group === 'events.k8s.io' && false));
  const namespaced = flagString(a, 'namespaced');
  if (namespaced !== undefined) kinds = kinds.filter((k) => k.namespaced === (namespaced !== 'false'));
  const group = flagString(a, 'api-group');
  if (group !== undefined) kinds = kinds.filter((k) => k.group === group);
  // kubectl orders by group (core first), then resource name.
  kinds = [...kinds].sort((x, y) => (x.group === y.group ? x.plural.localeCompare(y.plural) : x.group === '' ? -1 : y.group === '' ? 1 : x.group.localeCompare(y.group)));
  if (flagString(a, 'output') === 'name') {
    for (const k of kinds) ctx.out(k.group ? `${k.plural}.${k.group}` : k.plural);
    return;
  }
  const rows = kinds.map((k) => [k.plural, k.shortNames.join(','), apiVersionOf(k), String(k.namespaced), k.kind]);
  ctx.out(tabwrite(flagBool(a, 'no-headers') ? rows : [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'], ...rows]).replace(/\n$/, ''));
}

export function apiVersionsCmd(ctx: Ctx): void {
  const versions = new Set<string>();
  for (const k of ctx.cluster.kinds.all()) {
    versions.add(apiVersionOf(k));
    for (const v of k.otherVersions ?? []) versions.add(apiVersionOf(k, v));
  }
  for (const v of [...versions].sort()) ctx.out(v);
}

export function configCmd(ctx: Ctx, words: string[]): void {
  const [sub, ...rest] = words;
  const a = parseArgs(rest, [...GLOBAL_FLAGS, { name: 'current', type: 'bool' }, { name: 'minify', type: 'bool' }, { name: 'output', short: 'o', type: 'string' }]);
  switch (sub) {
    case 'current-context':
      ctx.out(CONTEXT_NAME);
      return;
    case 'get-contexts': {
      const ns = ctx.cluster.session.namespace;
      ctx.out(tabwrite([
        ['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'],
        ['*', CONTEXT_NAME, CONTEXT_NAME, CONTEXT_NAME, ns === 'default' ? '' : ns],
      ]).replace(/\n$/, ''));
      return;
    }
    case 'set-context': {
      const ns = flagString(a, 'namespace');
      if (!flagBool(a, 'current') && a.positional[0] !== CONTEXT_NAME) {
        throw new ExitError(`error: kubeplay has one context, "${CONTEXT_NAME}": use 'kubectl config set-context --current --namespace=NS'`);
      }
      if (ns !== undefined) ctx.cluster.session.namespace = ns || 'default';
      ctx.out(`Context "${CONTEXT_NAME}" modified.`);
      return;
    }
    case 'use-context':
      if (a.positional[0] !== CONTEXT_NAME) throw new ExitError(`error: no context exists with the name: "${a.positional[0] ?? ''}"`);
      ctx.out(`Switched to context "${CONTEXT_NAME}".`);
      return;
    case 'view':
      ctx.out(
        [
          'apiVersion: v1',
          'clusters:',
          '- cluster:',
          '    certificate-authority-data: DATA+OMITTED',
          `    server: ${API_SERVER_URL}`,
          `  name: ${CONTEXT_NAME}`,
          'contexts:',
          '- context:',
          `    cluster: ${CONTEXT_NAME}`,
          ...(ctx.cluster.session.namespace !== 'default' ? [`    namespace: ${ctx.cluster.session.namespace}`] : []),
          `    user: ${CONTEXT_NAME}`,
          `  name: ${CONTEXT_NAME}`,
          `current-context: ${CONTEXT_NAME}`,
          'kind: Config',
          'preferences: {}',
          'users:',
          `- name: ${CONTEXT_NAME}`,
          '  user:',
          '    client-certificate-data: DATA+OMITTED',
          '    client-key-data: DATA+OMITTED',
        ].join('\n'),
      );
      return;
    default:
      throw new ExitError(sub ? `error: unknown command "${sub}" for "kubectl config"` : 'error: Missing subcommand; "config" requires a subcommand');
  }
}
