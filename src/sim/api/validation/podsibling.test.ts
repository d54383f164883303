import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { clone } from '../meta';
import { isStatus, type KObject, type Status } from '../types';
import { formatFieldError } from './errors';
import { validateObjectUnsafe } from './index';
import { specValidLikeSibling, validatePodCreateLikeSibling } from './podsibling';
import { kindOf } from './testutil';

function ok(x: KObject | Status): KObject {
  if (isStatus(x)) throw new Error(x.message);
  return x;
}

const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: '6f1c0c6e-0000-4000-8000-000000000001', controller: true, blockOwnerDeletion: true };

const podOf = (name: string, spec: Record<string, unknown>): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' }, ownerReferences: [owner] },
  spec,
});

const baseSpec = () => ({
  containers: [
    { name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '10m' } }, volumeMounts: [{ name: 'data', mountPath: '/data' }] },
    { name: 'side', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/d' }] },
  ],
  volumes: [{ name: 'data', emptyDir: {} }],
});

/** A stored pod (validated, defaulted, admitted) to compare variants against. */
function storedSibling(): { c: Cluster; a: KObject } {
  const c = new Cluster({ seed: 1 });
  return { c, a: ok(c.api.create(podOf('a', baseSpec()))) };
}

function tokenVolumeName(p: KObject): string {
  return p.spec.volumes.find((v: { name: string }) => v.name.startsWith('kube-api-access-')).name;
}

/** `spec` with every volume-name occurrence `from` replaced by `to`. */
function renamed(spec: KObject['spec'], from: string, to: string): KObject['spec'] {
  const s = clone(spec);
  for (const v of s.volumes) if (v.name === from) v.name = to;
  for (const c of s.containers) for (const m of c.volumeMounts ?? []) if (m.name === from) m.name = to;
  return s;
}

describe('pod create validation against a validated sibling (validation/podsibling.ts)', () => {
  it('a sibling differing only in its token volume name passes without the spec check', () => {
    const { c, a } = storedSibling();
    const b = ok(c.api.create(podOf('b', baseSpec())));
    expect(tokenVolumeName(b)).not.toBe(tokenVolumeName(a));
    expect(specValidLikeSibling(b.spec, a.spec)).toBe(true);
    expect(specValidLikeSibling(clone(b.spec), a.spec)).toBe(true);
    expect(validatePodCreateLikeSibling(b, a)).toEqual([]);
  });

  it('anything but one consistent rename to a valid, unused name gets the whole validation', () => {
    const { a } = storedSibling();
    const tok = tokenVolumeName(a);
    const cases: [string, KObject['spec']][] = [];
    // a rename that misses one mount (the mount would point at a volume that is gone)
    const half = renamed(a.spec, tok, 'kube-api-access-zzzzz');
    half.containers[1].volumeMounts.find((m: { name: string }) => m.name === 'kube-api-access-zzzzz').name = tok;
    cases.push(['half rename', half]);
    cases.push(['rename onto another volume', renamed(a.spec, tok, 'data')]);
    cases.push(['rename to an invalid label', renamed(a.spec, tok, 'Bad_Name')]);
    cases.push(['rename to a too long label', renamed(a.spec, tok, 'x'.repeat(64))]);
    cases.push(['two renames', renamed(renamed(a.spec, tok, 'kube-api-access-zzzzz'), 'data', 'data2')]);
    const img = clone(a.spec);
    img.containers[0].image = '';
    cases.push(['another field', img]);
    const extra = clone(a.spec);
    extra.volumes.push({ name: 'more', emptyDir: {} });
    cases.push(['an extra volume', extra]);
    const mountPath = renamed(a.spec, tok, 'kube-api-access-zzzzz');
    mountPath.containers[0].volumeMounts[0].mountPath = '/other';
    cases.push(['rename plus another change', mountPath]);
    const portName = clone(a.spec);
    portName.containers[0].ports = [{ name: tok, containerPort: 80 }];
    cases.push(['name elsewhere', portName]);
    for (const [what, spec] of cases) expect(specValidLikeSibling(spec, a.spec), what).toBe(false);
    // A consistent rename to a fresh valid name is accepted.
    expect(specValidLikeSibling(renamed(a.spec, tok, 'kube-api-access-zzzzz'), a.spec)).toBe(true);
    expect(specValidLikeSibling(renamed(a.spec, 'data', 'data-2'), a.spec)).toBe(true);
  });

  it('names in subtrees shared by identity count as kept (a half rename there is caught)', () => {
    const { a } = storedSibling();
    const tok = tokenVolumeName(a);
    const full = renamed(a.spec, tok, 'kube-api-access-zzzzz');
    // The second container (still mounting the old name) is the sibling's own object.
    const sharedContainer = { ...full, containers: [full.containers[0], a.spec.containers[1]] };
    expect(sharedContainer.containers[1]).toBe(a.spec.containers[1]);
    expect(specValidLikeSibling(sharedContainer, a.spec)).toBe(false);
    // The volumes list (still naming the old volume) is the sibling's own array.
    expect(specValidLikeSibling({ ...full, volumes: a.spec.volumes }, a.spec)).toBe(false);
    // One mount list shared, the other renamed.
    const c0 = { ...full.containers[0], volumeMounts: a.spec.containers[0].volumeMounts };
    expect(specValidLikeSibling({ ...full, containers: [c0, full.containers[1]] }, a.spec)).toBe(false);
    // Renamed everywhere, the unrelated parts shared by identity: accepted.
    const mixed = { ...full, tolerations: a.spec.tolerations, containers: [{ ...full.containers[0], resources: a.spec.containers[0].resources }, full.containers[1]] };
    expect(specValidLikeSibling(mixed, a.spec)).toBe(true);
  });

  it('whenever it answers, it answers what the whole validation does', () => {
    const { a } = storedSibling();
    const tok = tokenVolumeName(a);
    const info = kindOf(a);
    const variants: KObject['spec'][] = [
      renamed(a.spec, tok, 'kube-api-access-abcde'),
      renamed(a.spec, tok, 'data'),
      renamed(a.spec, tok, 'NOPE'),
      renamed(a.spec, 'data', 'kube-api-access-q'),
      a.spec,
    ];
    const answered: boolean[] = [];
    for (const spec of variants) {
      for (const name of ['b', 'Bad Name']) {
        const p: KObject = { ...clone(a), metadata: { ...clone(a.metadata), name }, spec };
        const fast = validatePodCreateLikeSibling(p, a);
        const full = validateObjectUnsafe(p, info).map(formatFieldError);
        answered.push(fast !== undefined);
        if (fast !== undefined) expect(fast.map(formatFieldError)).toEqual(full);
      }
    }
    // The short cut answers for a fresh valid name (either volume) and the same spec, whatever
    // the pod's own name; a clash with another volume or an invalid name goes to full validation.
    expect(answered).toEqual([true, true, false, false, false, false, true, true, true, true]);
  });

  it('an invalid pod of a controller gets the same errors through the API server as without a sibling', () => {
    const { c } = storedSibling();
    const bad = baseSpec();
    bad.containers[0].volumeMounts[0].name = 'missing';
    const withSibling = c.api.create(podOf('b', bad));
    const fresh = new Cluster({ seed: 1 }).api.create(podOf('b', bad));
    expect(isStatus(withSibling)).toBe(true);
    expect(withSibling).toEqual(fresh);
  });
});
