import { describe, expect, it } from 'vitest';
import { fixture, node, pod } from '../testutil';
import type { FilterPlugin, ScorePlugin, Status } from '../types';
import type { CycleState } from '../cycle';
import { balancedAllocation, balancedResourceScore } from './balancedallocation';
import { imageLocality, imageLocalityScore, normalizedImageName } from './imagelocality';
import { interPodAffinityFilter, interPodAffinityScore } from './interpodaffinity';
import { nodeAffinityFilter, nodeAffinityScore } from './nodeaffinity';
import { nodeName } from './nodename';
import { nodePorts } from './nodeports';
import { leastRequestedScore, nodeResourcesFitFilter, nodeResourcesFitScore } from './noderesourcesfit';
import { nodeUnschedulable } from './nodeunschedulable';
import { defaultSelector, podTopologySpreadFilter, podTopologySpreadScore } from './podtopologyspread';
import { taintTolerationFilter, taintTolerationScore } from './tainttoleration';
import { volumeBinding } from './volumebinding';
import type { Fixture } from '../testutil';
import type { KObject } from '../../api/types';

/** Runs PreFilter then Filter on every node: node name → reasons ('' when it passes, 'Skip' when skipped). */
function filterAll(f: Fixture, pl: FilterPlugin, p: KObject): Record<string, string> | string {
  const st = f.state(p);
  const pre = pl.preFilter?.(st);
  if (pre && 'code' in pre) return pre.code === 5 ? 'Skip' : `prefilter: ${pre.reasons.join(', ')}`;
  const out: Record<string, string> = {};
  for (const n of f.cache.nodeList()) {
    const s: Status | null = pl.filter(st, n);
    out[n.name] = s ? `${s.code}:${s.reasons.join(', ')}` : '';
  }
  return out;
}

/** Runs PreScore, Score and NormalizeScore on every node: [raw, normalized] per node, or 'Skip'. */
function scoreAll(f: Fixture, pl: ScorePlugin, p: KObject, st?: CycleState): Record<string, [number, number]> | 'Skip' {
  const state = st ?? f.state(p);
  const nodes = f.cache.nodeList();
  if (pl.preScore && !pl.preScore(state, nodes)) return 'Skip';
  const raw = new Float64Array(nodes.map((n) => pl.score(state, n)));
  const norm = new Float64Array(raw);
  pl.normalize?.(state, nodes, norm, nodes.length);
  return Object.fromEntries(nodes.map((n, i) => [n.name, [raw[i]!, norm[i]!]]));
}

describe('NodeUnschedulable / NodeName / NodePorts', () => {
  it('rejects cordoned nodes unless the pod tolerates the unschedulable taint', () => {
    const f = fixture([node('a', { unschedulable: true }), node('b')]);
    expect(filterAll(f, nodeUnschedulable, pod('p'))).toEqual({ a: "3:node(s) were unschedulable", b: '' });
    const tolerant = pod('t', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
    expect(filterAll(f, nodeUnschedulable, tolerant)).toEqual({ a: '', b: '' });
  });

  it('NodeName accepts only the named node', () => {
    const f = fixture([node('a'), node('b')]);
    expect(filterAll(f, nodeName, pod('p', { spec: { nodeName: 'b' } }))).toEqual({ a: "3:node(s) didn't match the requested node name", b: '' });
  });

  it('NodePorts: a used hostPort conflicts; 0.0.0.0 conflicts with any address; no hostPorts skips', () => {
    const web = (name: string, hostIP?: string) => pod(name, { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP', ...(hostIP ? { hostIP } : {}) }] }] });
    const f = fixture([node('a'), node('b')], [{ ...web('x', '10.0.0.1'), spec: { ...web('x', '10.0.0.1').spec, nodeName: 'a' } }]);
    expect(filterAll(f, nodePorts, web('p'))).toEqual({ a: "2:node(s) didn't have free ports for the requested pod ports", b: '' });
    expect(filterAll(f, nodePorts, web('q', '10.0.0.2'))).toEqual({ a: '', b: '' });
    expect(filterAll(f, nodePorts, pod('r'))).toBe('Skip');
  });
});

describe('TaintToleration', () => {
  it('filters the first untolerated NoSchedule/NoExecute taint, with its key and value', () => {
    const f = fixture([
      node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
      node('gpu', { taints: [{ key: 'gpu', value: 'true', effect: 'NoExecute' }] }),
      node('soft', { taints: [{ key: 'x', value: 'y', effect: 'PreferNoSchedule' }] }),
    ]);
    expect(filterAll(f, taintTolerationFilter, pod('p'))).toEqual({
      cp: '3:node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
      gpu: '3:node(s) had untolerated taint {gpu: true}',
      soft: '',
    });
    const tol = pod('t', { spec: { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true' }] } });
    expect((filterAll(f, taintTolerationFilter, tol) as Record<string, string>).gpu).toBe('');
  });

  it('scores untolerated PreferNoSchedule taints, reverse-normalized', () => {
    const soft = (k: string) => ({ key: k, effect: 'PreferNoSchedule' });
    const f = fixture([node('a'), node('b', { taints: [soft('x')] }), node('c', { taints: [soft('x'), soft('y')] })]);
    expect(scoreAll(f, taintTolerationScore, pod('p'))).toEqual({ a: [0, 100], b: [1, 50], c: [2, 0] });
    const tolerant = pod('t', { spec: { tolerations: [{ key: 'x', operator: 'Exists', effect: 'PreferNoSchedule' }] } });
    expect(scoreAll(f, taintTolerationScore, tolerant)).toEqual({ a: [0, 100], b: [0, 100], c: [1, 0] });
    expect(taintTolerationScore.weight).toBe(3);
  });
});

describe('NodeAffinity', () => {
  const nodes = () => [
    node('n1', { labels: { zone: 'a', disk: 'ssd', size: '10' } }),
    node('n2', { labels: { zone: 'a', size: '3' } }),
    node('n3', { labels: { zone: 'b' } }),
  ];

  it('filters on nodeSelector and required node affinity (In, NotIn, Exists, Gt)', () => {
    const f = fixture(nodes());
    const reason = "3:node(s) didn't match Pod's node affinity/selector";
    expect(filterAll(f, nodeAffinityFilter, pod('p', { spec: { nodeSelector: { zone: 'a' } } }))).toEqual({ n1: '', n2: '', n3: reason });
    const affinity = (exprs: unknown[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: exprs }] } } } });
    expect(filterAll(f, nodeAffinityFilter, pod('q', { spec: affinity([{ key: 'size', operator: 'Gt', values: ['5'] }]) }))).toEqual({ n1: '', n2: reason, n3: reason });
    expect(filterAll(f, nodeAffinityFilter, pod('r', { spec: affinity([{ key: 'disk', operator: 'DoesNotExist' }, { key: 'zone', operator: 'NotIn', values: ['b'] }]) }))).toEqual({ n1: reason, n2: '', n3: reason });
    expect(filterAll(f, nodeAffinityFilter, pod('s'))).toBe('Skip');
  });

  it('narrows to metadata.name In [...] nodes in PreFilter', () => {
    const f = fixture(nodes());
    const p = pod('ds', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }] } } } } });
    const r = nodeAffinityFilter.preFilter!(f.state(p));
    expect(r && 'nodeNames' in r ? [...r.nodeNames] : r).toEqual(['n2']);
  });

  it('scores the sum of matching preferred weights, normalized to 100', () => {
    const f = fixture(nodes());
    const p = pod('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 2, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
              { weight: 5, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
            ],
          },
        },
      },
    });
    expect(scoreAll(f, nodeAffinityScore, p)).toEqual({ n1: [7, 100], n2: [2, 28], n3: [0, 0] });
    expect(scoreAll(f, nodeAffinityScore, pod('plain'))).toBe('Skip');
  });
});

describe('NodeResourcesFit and BalancedAllocation', () => {
  it('lists every insufficient resource, in upstream order', () => {
    const f = fixture([node('a', { cpu: '4', memory: '8Gi', pods: '2' }), node('b', { pods: '1' })], [pod('x', { node: 'a', cpu: '3', memory: '7Gi' }), pod('y', { node: 'b' })]);
    expect(filterAll(f, nodeResourcesFitFilter, pod('p', { cpu: '2', memory: '2Gi' }))).toEqual({
      a: '2:Insufficient cpu, Insufficient memory',
      b: '2:Too many pods',
    });
    // Extended resources.
    const g = fixture([node('gpu', { extra: { 'nvidia.com/gpu': '1' } }), node('plain')]);
    const wantsGpu = pod('g', { containers: [{ name: 'c', image: 'cuda', resources: { requests: { 'nvidia.com/gpu': '1' } } }] });
    expect(filterAll(g, nodeResourcesFitFilter, wantsGpu)).toEqual({ gpu: '', plain: '2:Insufficient nvidia.com/gpu' });
  });

  it('LeastAllocated: ((allocatable − requested) × 100 / allocatable), cpu and memory averaged, non-zero defaults', () => {
    expect(leastRequestedScore(1500, 4000)).toBe(62);
    expect(leastRequestedScore(5000, 4000)).toBe(0);
    const f = fixture([node('used'), node('empty')], [pod('x', { node: 'used', cpu: '1', memory: '2Gi' })]);
    expect(scoreAll(f, nodeResourcesFitScore, pod('p', { cpu: '500m', memory: '1Gi' }))).toEqual({ used: [62, 62], empty: [87, 87] });
    // A pod without requests counts as 100m / 200Mi: cpu 97.5 → 97, memory 97.56 → 97.
    expect(scoreAll(f, nodeResourcesFitScore, pod('q'))).toEqual({ used: [72, 72], empty: [97, 97] });
  });

  it('BalancedAllocation: (1 − |cpu% − mem%| / 2) × 100 from real requests', () => {
    expect(balancedResourceScore([2000, 1024], [4000, 8192])).toBe(81);
    const f = fixture([node('used'), node('empty')], [pod('x', { node: 'used', cpu: '1', memory: '6Gi' })]);
    // used: cpu 1.5/4 = .375, memory 7/8 = .875 → 75; empty: .125 and .125 → 100.
    expect(scoreAll(f, balancedAllocation, pod('p', { cpu: '500m', memory: '1Gi' }))).toEqual({ used: [75, 75], empty: [100, 100] });
    // used: .75 and .875 → 93.75 → 93; empty: .5 and .125 → 81.25 → 81.
    expect(scoreAll(f, balancedAllocation, pod('q', { cpu: '2', memory: '1Gi' }))).toEqual({ used: [93, 93], empty: [81, 81] });
    // Best-effort pods are scored too in 1.32 (the skip came in 1.33).
    expect(scoreAll(f, balancedAllocation, pod('r'))).toEqual({ used: [75, 75], empty: [100, 100] });
  });
});

describe('ImageLocality', () => {
  it('scales image sizes by their spread and clamps between 23MB and 1000MB per container', () => {
    const MB = 1024 * 1024;
    expect(normalizedImageName('nginx')).toBe('nginx:latest');
    expect(normalizedImageName('registry:5000/app')).toBe('registry:5000/app:latest');
    expect(normalizedImageName('nginx:1.27')).toBe('nginx:1.27');
    expect(imageLocalityScore(50 * MB, 1)).toBe(2);
    const f = fixture([node('has', { images: [{ names: ['nginx:latest', 'docker.io/library/nginx:latest'], sizeBytes: 500 * MB }] }), node('none')]);
    // 500MB × (1 node / 2 nodes) = 250MB → 100 × (250 − 23) / (1000 − 23) = 23.2 → 23
    expect(scoreAll(f, imageLocality, pod('p'))).toEqual({ has: [23, 23], none: [0, 0] });
  });
});

describe('PodTopologySpread', () => {
  const zoned = () => [
    node('n1', { labels: { zone: 'a' } }),
    node('n2', { labels: { zone: 'a' } }),
    node('n3', { labels: { zone: 'b' } }),
    node('n4', { labels: {} }),
  ];
  const spread = (whenUnsatisfiable: string, topologyKey = 'zone', maxSkew = 1) => ({
    topologySpreadConstraints: [{ maxSkew, topologyKey, whenUnsatisfiable, labelSelector: { matchLabels: { app: 'web' } } }],
  });

  it('filters domains that would exceed maxSkew over the global minimum; nodes without the key are unresolvable', () => {
    const existing = [pod('w1', { node: 'n1', labels: { app: 'web' } }), pod('w2', { node: 'n2', labels: { app: 'web' } }), pod('other', { node: 'n3', labels: { app: 'db' } })];
    const f = fixture(zoned(), existing);
    expect(filterAll(f, podTopologySpreadFilter, pod('p', { labels: { app: 'web' }, spec: spread('DoNotSchedule') }))).toEqual({
      n1: "2:node(s) didn't match pod topology spread constraints",
      n2: "2:node(s) didn't match pod topology spread constraints",
      n3: '',
      n4: "3:node(s) didn't match pod topology spread constraints (missing required label)",
    });
    // maxSkew 2: zone a has 2, zone b 0 → 2 + 1 − 0 = 3 > 2 still fails.
    expect((filterAll(f, podTopologySpreadFilter, pod('q', { labels: { app: 'web' }, spec: spread('DoNotSchedule', 'zone', 3) })) as Record<string, string>).n1).toBe('');
    expect(filterAll(f, podTopologySpreadFilter, pod('r', { labels: { app: 'web' }, spec: spread('ScheduleAnyway') }))).toBe('Skip');
  });

  it('scores matching pods per domain (count × log(domains + 2) + maxSkew − 1), reversed by NormalizeScore', () => {
    const existing = [pod('w1', { node: 'n1', labels: { app: 'web' } }), pod('w2', { node: 'n1', labels: { app: 'web' } }), pod('w3', { node: 'n2', labels: { app: 'web' } })];
    const f = fixture([node('n1'), node('n2'), node('n3')], existing);
    // hostname, 3 nodes: weight ln(5) = 1.609; raw n1 = round(3.22) = 3, n2 = round(1.61) = 2, n3 = 0.
    expect(scoreAll(f, podTopologySpreadScore, pod('p', { labels: { app: 'web' }, spec: spread('ScheduleAnyway', 'kubernetes.io/hostname') }))).toEqual({
      n1: [3, 0], n2: [2, 33], n3: [0, 100],
    });
  });

  it('system defaults spread pods of a ReplicaSet or Service (hostname maxSkew 3, zone maxSkew 5)', () => {
    const svc: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } };
    const existing = [pod('w1', { node: 'n1', labels: { app: 'web' } })];
    const f = fixture([node('n1', { labels: { 'topology.kubernetes.io/zone': 'a' } }), node('n2', { labels: { 'topology.kubernetes.io/zone': 'b' } })], existing, [svc]);
    const p = pod('p', { labels: { app: 'web' } });
    expect(defaultSelector(f.state(p)).selectorString).toBe('app=web');
    // hostname weight ln(2+2), zone weight ln(2+2): n1 = 1×1.386 + 2 + 1×1.386 + 4 = 8.77 → 9; n2 = 0 + 2 + 0 + 4 = 6.
    expect(scoreAll(f, podTopologySpreadScore, p)).toEqual({ n1: [9, 66], n2: [6, 100] });
    expect(scoreAll(f, podTopologySpreadScore, pod('lonely', { labels: { app: 'other' } }))).toBe('Skip');
  });

  it('zone spreading counts nodes without the zone label under "" with nodes labelled "" (batch and per-node scores agree)', () => {
    const svc: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } };
    const Z = 'topology.kubernetes.io/zone';
    const existing = [pod('w1', { node: 'n1', labels: { app: 'web' } }), pod('w2', { node: 'n3', labels: { app: 'web' } }), pod('w3', { node: 'n4', labels: { app: 'web' } })];
    const nodes = [node('n1', { labels: { [Z]: 'a' } }), node('n2', { labels: { [Z]: 'a' } }), node('n3', { labels: { [Z]: '' } }), node('n4')];
    const f = fixture(nodes, existing, [svc]);
    const p = pod('p', { labels: { app: 'web' } });
    // hostname weight ln(4+2); zone: domains 'a' (1 pod) and '' (n3 and the unlabelled n4: 2 pods), weight ln(2+2).
    // n1 = 1.79 + 2 + 1.39 + 4 = 9.18; n2 = 2 + 1.39 + 4 = 7.39; n3 = 1.79 + 2 + 2×1.39 + 4 = 10.56; n4 (no zone label) = 1.79 + 2.
    expect(scoreAll(f, podTopologySpreadScore, p)).toEqual({ n1: [9, 54], n2: [7, 72], n3: [11, 36], n4: [4, 100] });
    const state = f.state(p);
    const list = f.cache.nodeList();
    expect(podTopologySpreadScore.preScore!(state, list)).toBe(true);
    const batch = new Float64Array(list.length);
    podTopologySpreadScore.scoreBatch!(state, list, batch, list.length);
    expect([...batch]).toEqual(list.map((n) => podTopologySpreadScore.score(state, n)));
    // Own zone constraint (every node needs the key: n4 is ignored), counted node by node.
    const own = pod('q', { labels: { app: 'web' }, spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: Z, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }] } });
    expect(scoreAll(f, podTopologySpreadScore, own)).toEqual({ n1: [1, 100], n2: [1, 100], n3: [1, 100], n4: [0, 0] });
  });

  it("default selector of a template's pods: made once, made again when a Service or the owner's selector changes", () => {
    const rs = (matchLabels: Record<string, string>): KObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'default', uid: 'rs1' }, spec: { selector: { matchLabels } } });
    const f = fixture([node('n1')], [], [rs({ app: 'web' })]);
    // Pods of one template share their labels and owner-reference objects (as stored pods do).
    const labels = { app: 'web', tier: 'fe' };
    const refs = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs1', controller: true }];
    const member = (name: string) => {
      const p = pod(name, { labels });
      p.metadata.ownerReferences = refs;
      return p;
    };
    const first = defaultSelector(f.state(member('a')));
    expect(first.selectorString).toBe('app in (web)');
    expect(defaultSelector(f.state(member('b')))).toBe(first);
    // A Service selecting the pods joins the selector.
    const svc: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'fe', namespace: 'default' }, spec: { selector: { tier: 'fe' } } };
    f.cache.setService(svc, false);
    expect(defaultSelector(f.state(member('c'))).selectorString).toBe('app in (web),tier=fe');
    f.cache.setService(svc, true);
    // The owner stored again with another selector (a new object).
    f.store.put('apps/ReplicaSet', rs({ app: 'web2' }));
    expect(defaultSelector(f.state(member('d'))).selectorString).toBe('app in (web2)');
  });
});

describe('InterPodAffinity', () => {
  const nodes = () => [
    node('n1', { labels: { zone: 'a' } }),
    node('n2', { labels: { zone: 'a' } }),
    node('n3', { labels: { zone: 'b' } }),
  ];
  const term = (app: string, topologyKey = 'kubernetes.io/hostname') => ({ labelSelector: { matchLabels: { app } }, topologyKey });

  it('required affinity: only domains with a matching pod; the first pod of a self-affine group goes anywhere', () => {
    const f = fixture(nodes(), [pod('db', { node: 'n1', labels: { app: 'db' } })]);
    const p = pod('p', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'zone')] } } } });
    expect(filterAll(f, interPodAffinityFilter, p)).toEqual({ n1: '', n2: '', n3: "3:node(s) didn't match pod affinity rules" });
    const self = pod('s', { labels: { app: 'cache' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache')] } } } });
    expect(filterAll(f, interPodAffinityFilter, self)).toEqual({ n1: '', n2: '', n3: '' });
  });

  it("required anti-affinity, and existing pods' anti-affinity", () => {
    const guard = pod('guard', { node: 'n3', labels: { app: 'guard' }, spec: { nodeName: 'n3', affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] } } } });
    const f = fixture(nodes(), [pod('w1', { node: 'n1', labels: { app: 'web' } }), guard]);
    const p = pod('p', { labels: { app: 'web' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] } } } });
    expect(filterAll(f, interPodAffinityFilter, p)).toEqual({
      n1: "2:node(s) didn't match pod anti-affinity rules",
      n2: '',
      n3: "2:node(s) didn't satisfy existing pods anti-affinity rules",
    });
    expect(filterAll(f, interPodAffinityFilter, pod('db', { labels: { app: 'db' } }))).toBe('Skip');
  });

  it('scores preferred terms by weight per matching pod in the domain, min-max normalized', () => {
    const f = fixture(nodes(), [pod('db', { node: 'n1', labels: { app: 'db' } }), pod('db2', { node: 'n3', labels: { app: 'db' } }), pod('db3', { node: 'n3', labels: { app: 'db' } })]);
    const p = pod('p', { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('db', 'zone') }] } } } });
    expect(scoreAll(f, interPodAffinityScore, p)).toEqual({ n1: [10, 0], n2: [10, 0], n3: [20, 100] });
    const anti = pod('q', { spec: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term('db') }] } } } });
    expect(scoreAll(f, interPodAffinityScore, anti)).toEqual({ n1: [-5, 50], n2: [0, 100], n3: [-10, 0] });
    expect(scoreAll(f, interPodAffinityScore, pod('plain'))).toBe('Skip');
  });
});

describe('VolumeBinding', () => {
  const pvc = (name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec });
  const withClaim = (claim: string) => pod('p', { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] } });
  const wffc: KObject = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' };
  const immediate: KObject = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'x', volumeBindingMode: 'Immediate' };
  const pv: KObject = {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' },
    spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['b'] }] }] } } },
  };
  const objects = [wffc, immediate, pv, pvc('late', { storageClassName: 'standard' }), pvc('now', { storageClassName: 'fast' }), pvc('bound', { volumeName: 'pv1' })];

  it('rejects missing claims and unbound immediate claims in PreFilter', () => {
    const f = fixture([node('a'), node('b')], [], objects);
    expect(filterAll(f, volumeBinding, withClaim('missing'))).toBe('prefilter: persistentvolumeclaim "missing" not found');
    expect(filterAll(f, volumeBinding, withClaim('now'))).toBe('prefilter: pod has unbound immediate PersistentVolumeClaims');
    expect(filterAll(f, volumeBinding, withClaim('late'))).toEqual({ a: '', b: '' });
    expect(filterAll(f, volumeBinding, pod('novol'))).toBe('Skip');
  });

  it("checks a bound claim's PV node affinity", () => {
    const f = fixture([node('a'), node('b')], [], objects);
    expect(filterAll(f, volumeBinding, withClaim('bound'))).toEqual({ a: '3:node(s) had volume node affinity conflict', b: '' });
  });
});
