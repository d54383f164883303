// Fuzzing the apply path: random text, random JSON and mutated real manifests go through
// `Cluster.apply`, `kubectl apply` and the API server. Every outcome must be a result or an error
// with a message; nothing may throw, and the store must stay consistent.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { Cluster } from '../cluster';
import { isStatus, type KObject } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(here, '../../../test/corpus');
const SEEDS = [
  'kubernetes-website/controllers/nginx-deployment.yaml',
  'kubernetes-website/service/nginx-service.yaml',
  'kubernetes-website/application/web/web.yaml',
  'kubernetes-website/controllers/job.yaml',
  'kubernetes-website/application/job/cronjob.yaml',
  'kubernetes-website/pods/storage/pv-volume.yaml',
].map((p) => readFileSync(resolve(corpus, p), 'utf8'));

const cluster = new Cluster({ seed: 7 });
const snapshot = cluster.snapshot();

function checkReport(r: ReturnType<Cluster['apply']>): void {
  for (const e of r.errors) expect(typeof e.message === 'string' && e.message.length > 0).toBe(true);
  for (const o of r.results) expect(['created', 'configured', 'unchanged']).toContain(o.action);
}

/** Mutations: drop a key, replace a value with arbitrary JSON, or change a scalar's type. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
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

describe('apply fuzzing', () => {
  it('random text never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const c = Cluster.restore(snapshot);
        checkReport(c.apply(text));
      }),
      { numRuns: 150 },
    );
  });

  it('random JSON objects through the API server end as an object or a Status', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1'), fc.constantFrom('Pod', 'Deployment', 'Service', 'Job', 'CronJob', 'ConfigMap', 'Ingress', 'StatefulSet', 'Namespace'), (spec, apiVersion, kind) => {
        const c = Cluster.restore(snapshot);
        const r = c.api.create({ apiVersion, kind, metadata: { name: 'fuzz' }, spec } as KObject);
        expect(isStatus(r) ? r.message.length > 0 : r.metadata.name === 'fuzz').toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated real manifests apply or fail with messages, and the store stays consistent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SEEDS.length - 1 }),
        fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 6 }),
        fc.oneof(fc.constant(undefined), fc.anything({ maxDepth: 2 }), fc.string(), fc.integer(), fc.constant(null)),
        fc.boolean(),
        (seed, path, replacement, asJson) => {
          const c = Cluster.restore(snapshot);
          const docs = SEEDS[seed].split(/^---$/m).filter((d) => d.trim());
          const mutated = docs.map((d) => mutate(parseYaml(d), path, replacement));
          const text = mutated.map((m) => (asJson ? JSON.stringify(m) : stringify(m))).join('\n---\n');
          const rvBefore = c.resourceVersion;
          const r = c.apply(text);
          checkReport(r);
          expect(c.resourceVersion).toBeGreaterThanOrEqual(rvBefore);
          // Applying the same text again never throws either, and creates nothing new.
          const again = c.apply(text);
          checkReport(again);
          expect(again.results.filter((x) => x.action === 'created')).toHaveLength(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('kubectl lines built from random words never throw', () => {
    const verbs = ['get', 'apply', 'delete', 'label', 'annotate', 'create', 'wait', 'config', 'api-resources', 'cluster-info', 'version', 'xyz'];
    const words = ['pods', 'po', 'deploy', 'all', '-n', 'kube-system', '-A', '-o', 'yaml', 'json', 'wide', '-l', 'a=b', '--all', '-f', '-', 'x=y', 'x-', "--for=delete", '--timeout=1s', '--sort-by=.metadata.name', 'jsonpath={.items[*]}', '--force', '--grace-period=0', 'ns', 'default', 'node/kubeplay-worker', '"', "'"];
    fc.assert(
      fc.property(fc.constantFrom(...verbs), fc.array(fc.constantFrom(...words), { maxLength: 6 }), fc.string({ maxLength: 30 }), (verb, args, extra) => {
        const c = Cluster.restore(snapshot);
        const r = c.kubectl(`kubectl ${verb} ${args.join(' ')} ${extra}`, { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
        expect(r.output).not.toContain('internal error');
        expect([0, 1]).toContain(r.exitCode);
      }),
      { numRuns: 300 },
    );
  });
});
