import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/types';
import { applyRevision, controllerRevisionName, equalRevision, goJson, newControllerRevision, nextRevision, sortControllerRevisions, templatePatch } from './history';

const owner = (image: string): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default', uid: 'u-1', annotations: { a: 'b' } },
  spec: { template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image }] } } },
});

describe('ControllerRevision history', () => {
  it("marshals as Go's json.Marshal of a map: sorted keys, HTML escaped", () => {
    expect(goJson({ b: 1, a: ['<x>&', null], c: { z: true, y: '\u2028' } })).toBe('{"a":["\\u003cx\\u003e\\u0026",null],"b":1,"c":{"y":"\\u2028","z":true}}');
    expect(goJson('back\\slash\b')).toBe('"back\\\\slash\\u0008"');
  });

  it('stores a template-replacing patch with the typed defaults', () => {
    const p = templatePatch(owner('nginx:1.27'));
    expect(p.raw).toBe(
      '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"nginx"}},"spec":{"containers":[{"image":"nginx:1.27","name":"nginx","resources":{}}]}}}}',
    );
  });

  it('names revisions <owner>-<hash>, labels them with the hash and copies the annotations', () => {
    const set = owner('nginx:1.27');
    const rev = newControllerRevision(set, { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u-1', controller: true, blockOwnerDeletion: true }, { app: 'nginx' }, templatePatch(set), 1, 0);
    const hash = rev.metadata.labels!['controller.kubernetes.io/hash'];
    expect(hash).toMatch(/^[4-9bcdf]{1,10}$/);
    expect(rev.metadata.name).toBe(`web-${hash}`);
    expect(rev.metadata.labels!.app).toBe('nginx');
    expect(rev.metadata.annotations).toEqual({ a: 'b' });
    expect(rev.revision).toBe(1);
    const other = newControllerRevision(owner('nginx:1.28'), rev.metadata.ownerReferences![0], { app: 'nginx' }, templatePatch(owner('nginx:1.28')), 2, 0);
    expect(other.metadata.name).not.toBe(rev.metadata.name);
    expect(equalRevision(rev, rev)).toBe(true);
    expect(equalRevision(rev, other)).toBe(false);
    expect(nextRevision(sortControllerRevisions([other, rev]))).toBe(3);
    expect(applyRevision(owner('nginx:1.28'), rev).spec.template).toEqual(owner('nginx:1.27').spec.template);
    expect(controllerRevisionName('x'.repeat(250), 'h')).toHaveLength(225);
  });
});
