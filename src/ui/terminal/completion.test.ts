import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS } from '../../sim/api/kinds';
import { commonPrefix, complete, type CompletionSource } from './completion';

const objects: Record<string, Record<string, string[]>> = {
  '/Pod': { default: ['web-1', 'web-2', 'db-0'], 'kube-system': ['coredns-a', 'etcd-kubeplay-control-plane'] },
  'apps/Deployment': { default: ['web'], 'kube-system': ['coredns'] },
  '/Node': { '': ['kubeplay-control-plane', 'kubeplay-worker'] },
};

const src: CompletionSource = {
  kinds: BUILTIN_KINDS,
  namespace: 'default',
  namespaces: ['default', 'kube-node-lease', 'kube-public', 'kube-system'],
  files: ['web.yaml', 'db.yaml'],
  names: (kindKey, ns) => {
    const byNs = objects[kindKey] ?? {};
    return ns === undefined ? Object.values(byNs).flat() : (byNs[ns] ?? byNs[''] ?? []);
  },
};

const c = (line: string) => complete(line, line.length, src).candidates;

describe('terminal completion', () => {
  it('completes the first word and kubectl commands', () => {
    expect(c('kub')).toEqual(['kubectl']);
    expect(c('cl')).toEqual(['clear']);
    expect(c('kubectl ge')).toEqual(['get']);
    expect(c('kubectl ap')).toEqual(['api-resources', 'api-versions', 'apply']);
    expect(c('k expl')).toEqual(['explain']);
  });

  it('completes resource types, then names in the namespace in effect', () => {
    expect(c('kubectl get deploy')).toEqual(['deployments']);
    expect(c('kubectl get po')).toEqual(['poddisruptionbudgets', 'pods', 'podtemplates']);
    expect(c('kubectl get pods ')).toEqual(['db-0', 'web-1', 'web-2']);
    expect(c('kubectl get pods web')).toEqual(['web-1', 'web-2']);
    expect(c('kubectl get pods web-1 ')).toEqual(['db-0', 'web-2']);
    expect(c('kubectl -n kube-system get po ')).toEqual(['coredns-a', 'etcd-kubeplay-control-plane']);
    expect(c('kubectl get po --namespace=kube-system ')).toEqual(['coredns-a', 'etcd-kubeplay-control-plane']);
    expect(c('kubectl get deploy -A ')).toEqual(['coredns', 'web']);
    expect(c('kubectl describe deploy/')).toEqual(['web']);
    expect(c('kubectl delete deployment/w')).toEqual(['web']);
    expect(c('kubectl logs ')).toEqual(['db-0', 'web-1', 'web-2']);
    expect(c('kubectl cordon kubeplay-w')).toEqual(['kubeplay-worker']);
    expect(c('kubectl get nodes kubeplay-c')).toEqual(['kubeplay-control-plane']);
    expect(c('kubectl get all')).toEqual(['all']);
  });

  it('completes namespaces, output formats and editor buffers for flag values', () => {
    expect(c('kubectl get pods -n kube-s')).toEqual(['kube-system']);
    expect(c('kubectl get pods --namespace kube-p')).toEqual(['kube-public']);
    expect(c('kubectl get pods --namespace=kube-n')).toEqual(['kube-node-lease']);
    expect(c('kubectl get pods -o ya')).toEqual(['yaml']);
    expect(c('kubectl get pods -o j')).toEqual(['json', 'jsonpath=']);
    expect(c('kubectl apply -f ')).toEqual(['-', 'db.yaml', 'web.yaml']);
    expect(c('kubectl apply -f w')).toEqual(['web.yaml']);
    expect(c('kubectl diff --filename=d')).toEqual(['db.yaml']);
  });

  it('completes flags for the command', () => {
    expect(c('kubectl get pods --sh')).toEqual(['--show-kind', '--show-labels']);
    expect(c('kubectl explain pods --rec')).toEqual(['--recursive']);
    expect(c('kubectl apply --dry')).toEqual(['--dry-run']);
    expect(c('kubectl apply --dry-run=s')).toEqual(['server']);
  });

  it('completes subcommands of config, rollout and create', () => {
    expect(c('kubectl config ')).toEqual(['current-context', 'get-contexts', 'set-context', 'use-context', 'view']);
    expect(c('kubectl rollout st')).toEqual(['status']);
    expect(c('kubectl rollout status deploy')).toEqual(['deployments']);
    expect(c('kubectl rollout status deployment ')).toEqual(['web']);
    expect(c('kubectl create dep')).toEqual(['deployment']);
  });

  it('reports where the completed word starts', () => {
    expect(complete('kubectl get pods -n kube-s', 26, src)).toEqual({ start: 20, end: 26, candidates: ['kube-system'] });
    expect(complete('kubectl describe deploy/w', 25, src)).toEqual({ start: 24, end: 25, candidates: ['web'] });
    expect(complete('kubectl get  pods', 12, src).start).toBe(12);
    expect(commonPrefix(['poddisruptionbudgets', 'pods', 'podtemplates'])).toBe('pod');
    expect(c('ls ')).toEqual([]);
  });
});
