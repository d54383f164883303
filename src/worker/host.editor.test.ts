// The host's editor and terminal messages over a real Cluster.
import { describe, expect, it } from 'vitest';
import type { BatchMessage, ReadyMessage } from './protocol';
import { bootTestHost } from './testhost';

function harness() {
  const h = bootTestHost({ nodes: 1 });
  return { ...h, reply: (id: number) => h.reply(id)! };
}

describe('WorkerHost: editor and terminal commands', () => {
  it('sends the served kinds at boot, and again when a CRD adds one', () => {
    const h = harness();
    const ready = h.sent[0] as ReadyMessage;
    expect(ready.kinds.find((k) => k.kind === 'Deployment')).toMatchObject({ group: 'apps', plural: 'deployments', shortNames: ['deploy'] });
    h.host.handle({
      type: 'apply',
      id: 1,
      text: 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}\n',
    });
    h.frame();
    const batch = h.sent.find((m): m is BatchMessage => m.type === 'batch' && !!m.kinds)!;
    expect(batch.kinds!.some((k) => k.kind === 'Widget' && k.custom)).toBe(true);
    h.frame();
    expect(h.sent.filter((m) => m.type === 'batch' && m.kinds)).toHaveLength(1);
  });

  it('runs kubectl with the editor buffers as files and heredoc stdin, and reports edit targets', () => {
    const h = harness();
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
    h.host.handle({ type: 'kubectl', id: 1, line: 'kubectl apply -f cm.yaml', files: { 'cm.yaml': cm } });
    h.host.handle({ type: 'kubectl', id: 2, line: 'kubectl apply -f -', stdin: cm.replace('name: a', 'name: b') });
    h.host.handle({ type: 'kubectl', id: 3, line: 'kubectl edit cm a' });
    h.host.handle({ type: 'kubectl', id: 4, line: 'kubectl apply -f other.yaml', files: { 'cm.yaml': cm } });
    h.frame();
    expect(h.reply(1).result).toMatchObject({ ok: true, op: 'kubectl', value: { output: 'configmap/a created\n', namespace: 'default' } });
    expect(h.reply(2).result).toMatchObject({ ok: true, value: { output: 'configmap/b created\n' } });
    expect(h.reply(3).result).toMatchObject({ ok: true, value: { openEditor: [{ kindKey: '/ConfigMap', name: 'a', ref: 'configmap/a' }] } });
    expect(h.reply(4).result).toMatchObject({ ok: true, value: { stderr: 'error: the path "other.yaml" does not exist\n', exitCode: 1 } });
  });

  it('answers apply, diff, openEdit and saveEdit, and ignores cancel', () => {
    const h = harness();
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n';
    h.host.handle({ type: 'apply', id: 1, text: cm, source: 'cm.yaml' });
    h.host.handle({ type: 'diff', id: 2, text: cm.replace('k: v', 'k: w'), source: 'cm.yaml' });
    h.host.handle({ type: 'openEdit', id: 3, kindKey: '/ConfigMap', namespace: 'default', name: 'a' });
    h.host.handle({ type: 'openEdit', id: 4, kindKey: '/ConfigMap', namespace: 'default', name: 'zzz' });
    h.host.handle({ type: 'cancel', id: 2 });
    h.frame();
    expect(h.reply(1).result).toMatchObject({ ok: true, op: 'apply', value: { results: [{ text: 'configmap/a created' }], diagnostics: [] } });
    expect(h.reply(2).result).toMatchObject({ ok: true, op: 'diff', value: { entries: [{ ref: 'configmap/a', changed: true }] } });
    const opened = h.reply(3).result;
    if (!opened.ok || opened.op !== 'openEdit') throw new Error('openEdit failed');
    expect(h.reply(4).result).toMatchObject({ ok: false, status: { reason: 'NotFound' } });
    h.host.handle({ type: 'saveEdit', id: 5, target: opened.value.target, text: opened.value.text.replace('k: v', 'k: x'), original: opened.value.text });
    h.frame();
    expect(h.reply(5).result).toMatchObject({ ok: true, op: 'saveEdit', value: { ok: true, message: 'configmap/a edited' } });
    expect(h.sent.filter((m) => m.type === 'error')).toEqual([]);
  });
});
