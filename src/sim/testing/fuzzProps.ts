// Fuzz properties of the apply path and the kubectl parser, shared by the Vitest suite
// (src/sim/api/apply.fuzz.test.ts, a CI-sized run) and `npm run fuzz` (scripts/fuzz.ts, 100,000
// cases and more). Each property throws (FuzzFailure) when an outcome breaks its promise:
// random text, random JSON and mutated real manifests go through `Cluster.apply`, `kubectl` and
// the API server, and every outcome must be a result or an error with a message; nothing may
// throw, and the store must stay consistent.
//
// Pure and framework-free (no Vitest, no Node APIs): callers pass the seed manifests in.

import fc from 'fast-check';
import { parse as parseYaml, stringify } from 'yaml';
import { isStatus, type KObject } from '../api/types';
import { Cluster, type ClusterSnapshot } from '../cluster';

export interface FuzzProperty {
  name: string;
  /** Cases the unit-test suite runs. */
  testRuns: number;
  /** Relative share of a fuzz run's cases (cheap properties get more). */
  weight: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each property has its own value tuple
  property: fc.IRawProperty<any, false>;
}

export class FuzzFailure extends Error {}

export function check(ok: boolean, message: string): void {
  if (!ok) throw new FuzzFailure(message);
}

/** The corpus manifests (relative to test/corpus) mutated by the apply properties. */
export const SEED_MANIFESTS = [
  'kubernetes-website/controllers/nginx-deployment.yaml',
  'kubernetes-website/service/nginx-service.yaml',
  'kubernetes-website/application/web/web.yaml',
  'kubernetes-website/controllers/job.yaml',
  'kubernetes-website/application/job/cronjob.yaml',
  'kubernetes-website/pods/storage/pv-volume.yaml',
];

/** Mutations: drop a key, replace a value with arbitrary JSON, or change a scalar's type. */
export function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return replacement;
  const [key, child] = entries[path[0] % entries.length];
  const next = mutate(child, path.slice(1), replacement);
  if (Array.isArray(value)) return value.map((v, i) => (String(i) === key ? next : v));
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (next === undefined) delete out[key];
  else out[key] = next;
  return out;
}

function checkReport(r: ReturnType<Cluster['apply']>): void {
  for (const e of r.errors) check(typeof e.message === 'string' && e.message.length > 0, `an apply error without a message: ${JSON.stringify(e)}`);
  for (const o of r.results) check(['created', 'configured', 'unchanged'].includes(o.action), `unknown apply action ${JSON.stringify(o.action)}`);
}

const KUBECTL_VERBS = ['get', 'apply', 'delete', 'label', 'annotate', 'create', 'wait', 'config', 'api-resources', 'cluster-info', 'version', 'xyz'];
const KUBECTL_WORDS = ['pods', 'po', 'deploy', 'all', '-n', 'kube-system', '-A', '-o', 'yaml', 'json', 'wide', '-l', 'a=b', '--all', '-f', '-', 'x=y', 'x-', '--for=delete', '--timeout=1s', '--sort-by=.metadata.name', 'jsonpath={.items[*]}', '--force', '--grace-period=0', 'ns', 'default', 'node/kubeplay-worker', '"', "'"];

/**
 * Clean clusters for cases: restoring the snapshot costs ~10 ms, so a case gets the previous
 * case's cluster again when that case wrote nothing and moved no time (its resourceVersion and
 * clock are still the snapshot's: the API server bumps the resourceVersion on every write, and
 * time moving would run queued events).
 */
class CleanClusters {
  private last?: Cluster;
  constructor(private readonly snapshot: ClusterSnapshot) {}
  get(): Cluster {
    const c = this.last;
    // kubectl's context namespace is session state, not an object: compared too.
    if (c && c.resourceVersion === this.snapshot.store.rv && c.nowMs === this.snapshot.nowMs && c.session?.namespace === 'default') return c;
    return (this.last = Cluster.restore(this.snapshot));
  }
}

/**
 * The apply-path and kubectl properties. `seeds` are the SEED_MANIFESTS' texts; every case
 * starts from a restored snapshot of one booted cluster (`snapshot`, made once when omitted).
 */
export function applyFuzzProperties(seeds: readonly string[], snapshot: ClusterSnapshot = new Cluster({ seed: 7 }).snapshot()): FuzzProperty[] {
  const clean = new CleanClusters(snapshot);
  return [
    {
      name: 'apply: random text never throws',
      testRuns: 150,
      weight: 10,
      property: fc.property(fc.string({ maxLength: 400 }), (text) => {
        const c = clean.get();
        checkReport(c.apply(text));
      }),
    },
    {
      name: 'apply: random JSON objects through the API server end as an object or a Status',
      testRuns: 300,
      weight: 10,
      property: fc.property(
        fc.anything({ maxDepth: 4 }),
        fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1'),
        fc.constantFrom('Pod', 'Deployment', 'Service', 'Job', 'CronJob', 'ConfigMap', 'Ingress', 'StatefulSet', 'Namespace'),
        (spec, apiVersion, kind) => {
          const c = clean.get();
          const r = c.api.create({ apiVersion, kind, metadata: { name: 'fuzz' }, spec } as KObject);
          check(isStatus(r) ? r.message.length > 0 : r.metadata.name === 'fuzz', `create answered neither a Status with a message nor the object: ${JSON.stringify(r).slice(0, 200)}`);
        },
      ),
    },
    {
      name: 'apply: mutated real manifests apply or fail with messages, and the store stays consistent',
      testRuns: 150,
      weight: 2,
      property: fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 6 }),
        fc.oneof(fc.constant(undefined), fc.anything({ maxDepth: 2 }), fc.string(), fc.integer(), fc.constant(null)),
        fc.boolean(),
        (seed, path, replacement, asJson) => {
          const c = clean.get();
          const docs = seeds[seed].split(/^---$/m).filter((d) => d.trim());
          const mutated = docs.map((d) => mutate(parseYaml(d), path, replacement));
          const text = mutated.map((m) => (asJson ? JSON.stringify(m) : stringify(m))).join('\n---\n');
          const rvBefore = c.resourceVersion;
          const r = c.apply(text);
          checkReport(r);
          check(c.resourceVersion >= rvBefore, 'the resourceVersion went back');
          // Applying the same text again never throws either, and creates nothing new.
          const again = c.apply(text);
          checkReport(again);
          const created = again.results.filter((x) => x.action === 'created');
          check(created.length === 0, `a second apply created ${created.map((x) => x.ref).join(', ')}`);
        },
      ),
    },
    {
      name: 'kubectl: lines built from random words never throw',
      testRuns: 300,
      weight: 10,
      property: fc.property(fc.constantFrom(...KUBECTL_VERBS), fc.array(fc.constantFrom(...KUBECTL_WORDS), { maxLength: 6 }), fc.string({ maxLength: 30 }), (verb, args, extra) => {
        const c = clean.get();
        const r = c.kubectl(`kubectl ${verb} ${args.join(' ')} ${extra}`, { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
        check(!r.output.includes('internal error'), `kubectl printed an internal error: ${r.output.slice(0, 300)}`);
        check(r.exitCode === 0 || r.exitCode === 1, `exit code ${r.exitCode}`);
      }),
    },
  ];
}
