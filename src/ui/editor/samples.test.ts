import { describe, expect, it } from 'vitest';
import { Cluster } from '../../sim/cluster';
import { SAMPLES } from './samples';

describe('editor samples', () => {
  it('covers the kinds the issue lists', () => {
    const kinds = new Set(SAMPLES.flatMap((s) => [...s.text.matchAll(/^kind: (\w+)/gm)].map((m) => m[1])));
    for (const k of ['Pod', 'Deployment', 'Service', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ConfigMap', 'Secret', 'Ingress', 'Role', 'RoleBinding', 'CustomResourceDefinition']) {
      expect(kinds, k).toContain(k);
    }
    expect(new Set(SAMPLES.map((s) => s.file)).size).toBe(SAMPLES.length);
  });

  for (const s of SAMPLES) {
    it(`${s.label} applies cleanly`, () => {
      const c = new Cluster({});
      const r = c.apply(s.text, s.file);
      expect(r.errors.map((e) => e.message)).toEqual([]);
      expect(r.results.length).toBeGreaterThan(0);
      expect(r.results.every((x) => x.action === 'created')).toBe(true);
    });
  }
});
