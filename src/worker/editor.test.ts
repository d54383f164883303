import { describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import { editorApply, editorDiff, editorOpen, editorSave, MAX_BUFFER_BYTES } from './editor';

const BAD = `apiVersion: v1
kind: ConfigMap
metadata:
  name: ok
data:
  a: "1"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: Web_App
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ""
---
apiVersion: v1
kind: Nope
metadata:
  name: x
`;

describe('editor commands in the worker', () => {
  it('applies document by document and places every error on its line and field', () => {
    const c = new Cluster({});
    const r = editorApply(c, BAD, 'bad.yaml');
    expect(r.results.map((x) => x.text)).toEqual(['configmap/ok created']);
    expect(r.errors).toHaveLength(2);
    const byField = Object.fromEntries(r.diagnostics.map((d) => [d.field ?? d.message.slice(0, 30), d.line]));
    expect(byField['metadata.name']).toBe(11);
    expect(byField['spec.template.spec.containers[0].image']).toBe(21);
    const unknown = r.diagnostics.find((d) => d.message.includes('resource mapping not found'))!;
    expect(unknown.line).toBe(24);
    expect(r.diagnostics.every((d) => d.severity === 'error')).toBe(true);
  });

  it('marks YAML syntax errors on their line', () => {
    const r = editorApply(new Cluster({}), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n', 'x.yaml');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].message).toMatch(/^error: error parsing x\.yaml: error converting YAML to JSON/);
    expect(r.diagnostics[0].line).toBeGreaterThanOrEqual(4);
  });

  it('dry-runs without storing, returning the defaulted objects', () => {
    const c = new Cluster({});
    const r = editorApply(c, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n', 'p.yaml', 'server');
    expect(r.results[0].text).toBe('pod/p created (server dry run)');
    expect(r.results[0].yaml).toContain('imagePullPolicy: Always');
    expect(r.results[0].yaml).toContain('terminationGracePeriodSeconds: 30');
    expect(c.get('/Pod', 'default', 'p')).toBeUndefined();
  });

  it('diffs against the live objects and refuses huge buffers up front', () => {
    const c = new Cluster({});
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n';
    editorApply(c, cm);
    const d = editorDiff(c, cm.replace('"1"', '"2"'), 'c.yaml');
    expect(d.entries).toEqual([expect.objectContaining({ ref: 'configmap/c', changed: true })]);
    expect(d.entries[0].live).toContain("a: \"1\"");
    expect(d.entries[0].merged).toContain("a: \"2\"");
    expect(d.unified).toContain('-  a: "1"\n+  a: "2"\n');
    const big = editorApply(c, 'x'.repeat(MAX_BUFFER_BYTES + 1));
    expect(big.errors[0]).toMatch(/too large/);
  });

  it('opens and saves live objects', () => {
    const c = new Cluster({});
    editorApply(c, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n');
    const o = editorOpen(c, '/ConfigMap', 'default', 'c');
    if ('error' in o) throw new Error(o.error.message);
    const saved = editorSave(c, o.target, o.text.replace('a: "1"', 'a: "9"'), o.text);
    expect(saved).toMatchObject({ ok: true, message: 'configmap/c edited', conflict: false, diagnostics: [] });
    expect(c.get('/ConfigMap', 'default', 'c')!.data).toEqual({ a: '9' });
    const missing = editorOpen(c, '/ConfigMap', 'default', 'nope');
    expect('error' in missing && missing.error.reason).toBe('NotFound');
  });
});
