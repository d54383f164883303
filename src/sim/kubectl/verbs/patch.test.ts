import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { mustCreate, TEST_SCHEDULER } from '../../controllers/util/testing';
import type { KObject } from '../../api/types';
import { applyJsonPatch, applyMergePatch, JsonPatchError, type Json } from './patch.jsonpatch';
import { applyStrategicPatch } from './patch.strategic';
import { decodePatchText } from './patch.decode';

const DEPLOY = { group: 'apps', kind: 'Deployment' };

function web(): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: {
      replicas: 1, selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'nginx', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] }] },
      },
    },
  };
}

const containers = (o: Json) => (o as KObject).spec.template.spec.containers as { name: string; image: string; env?: unknown[] }[];

describe('JSON patch (RFC 6902)', () => {
  const doc: Json = { a: { b: [1, 2, 3] }, c: 'x' };
  it('applies add, remove, replace, move, copy and test in order', () => {
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/a/b/1', value: 9 },
      { op: 'add', path: '/a/b/-', value: 4 },
      { op: 'remove', path: '/a/b/0' },
      { op: 'replace', path: '/c', value: 'y' },
      { op: 'copy', from: '/c', path: '/d' },
      { op: 'move', from: '/d', path: '/e' },
      { op: 'test', path: '/e', value: 'y' },
      { op: 'add', path: '/f~1g', value: true },
    ]);
    expect(out).toEqual({ a: { b: [9, 2, 3, 4] }, c: 'y', e: 'y', 'f/g': true });
    expect(doc).toEqual({ a: { b: [1, 2, 3] }, c: 'x' });
  });
  it('fails as evanphx/json-patch does', () => {
    const err = (ops: Json[]) => {
      try {
        applyJsonPatch(doc, ops);
      } catch (e) {
        expect(e).toBeInstanceOf(JsonPatchError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err([{ op: 'test', path: '/c', value: 'z' }])).toBe('testing value /c failed: test failed');
    expect(err([{ op: 'remove', path: '/nope' }])).toBe("error in remove for path: '/nope': Unable to remove nonexistent key: nope: missing value");
    expect(err([{ op: 'add', path: '/x/y', value: 1 }])).toBe('add operation does not apply: doc is missing path: "/x/y": missing value');
    expect(err([{ op: 'add', path: '/a/b/7', value: 1 }])).toBe("error in add for path: '/a/b/7': Unable to access invalid index: 7: invalid index referenced");
    expect(err([{ op: 'bogus', path: '/c' }])).toBe('Unexpected kind: bogus');
    expect(err([{ path: '/c' }])).toBe('Unexpected kind: unknown');
  });
  it('replace of a missing object key adds it, as the library the API server uses does', () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }])).toEqual({ a: 1, b: 2 });
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('merges maps, deletes on null, replaces lists', () => {
    expect(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({ a: { c: 2, d: 3 }, l: [3] });
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name; a new container goes before the live ones, as the API server orders it', () => {
    const out = applyStrategicPatch(web() as never, { spec: { template: { spec: { containers: [{ name: 'side', image: 'busybox' }, { name: 'nginx', image: 'nginx:1.28' }] } } } }, DEPLOY);
    expect(containers(out).map((c) => `${c.name}=${c.image}`)).toEqual(['side=busybox', 'nginx=nginx:1.28']);
    expect(containers(out)[1].env).toEqual([{ name: 'A', value: '1' }]);
  });
  it('honours $patch: delete and replace in lists and maps, $retainKeys and $deleteFromPrimitiveList', () => {
    const del = applyStrategicPatch(web() as never, { spec: { template: { spec: { containers: [{ name: 'nginx', $patch: 'delete' }] } } } }, DEPLOY);
    expect(containers(del)).toEqual([]);
    const rep = applyStrategicPatch(web() as never, { spec: { template: { spec: { containers: [{ name: 'x', image: 'y' }, { $patch: 'replace' }] } } } }, DEPLOY);
    expect(containers(rep)).toEqual([{ name: 'x', image: 'y' }]);
    const mapRep = applyStrategicPatch(web() as never, { spec: { selector: { $patch: 'replace', matchLabels: { x: 'y' } } } }, DEPLOY);
    expect((mapRep as KObject).spec.selector).toEqual({ matchLabels: { x: 'y' } });
    const withStrategy = { ...web(), spec: { ...web().spec, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const retained = applyStrategicPatch(withStrategy as never, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, DEPLOY);
    expect((retained as KObject).spec.strategy).toEqual({ type: 'Recreate' });
    const fin = applyStrategicPatch({ metadata: { finalizers: ['a', 'b'] } }, { metadata: { $deleteFromPrimitiveList: undefined, 'finalizers': ['c'], '$deleteFromPrimitiveList/finalizers': ['a'] } as never }, DEPLOY);
    expect(fin).toEqual({ metadata: { finalizers: ['b', 'c'] } });
  });
  it('without $retainKeys a map merges (so Recreate next to rollingUpdate is left to validation)', () => {
    const withStrategy = { ...web(), spec: { ...web().spec, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const out = applyStrategicPatch(withStrategy as never, { spec: { strategy: { type: 'Recreate' } } }, DEPLOY);
    expect((out as KObject).spec.strategy).toEqual({ type: 'Recreate', rollingUpdate: { maxSurge: 1 } });
  });
  it('rejects a merge-list item without its key with the server text', () => {
    expect(() => applyStrategicPatch(web() as never, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, DEPLOY)).toThrow('map: map[image:x] does not contain declared merge key: name');
  });
});

describe('patch text', () => {
  it('reads YAML and JSON; passes broken JSON objects through; reports YAML errors as go-yaml', () => {
    expect(decodePatchText('spec: {replicas: 3}')).toEqual({ json: { spec: { replicas: 3 } } });
    expect(decodePatchText('{"a":1}')).toEqual({ json: { a: 1 } });
    expect(decodePatchText('{bad')).toEqual({ invalidJson: "invalid character 'b' looking for beginning of object key string" });
    expect(decodePatchText('{"spec":')).toEqual({ invalidJson: 'unexpected end of JSON input' });
    expect(decodePatchText('[1')).toEqual({ error: "yaml: line 1: did not find expected ',' or ']'" });
  });
});

describe('kubectl patch', () => {
  function cluster(): Cluster {
    const c = new Cluster({ seed: 1 });
    mustCreate(c, web());
    c.advance(1000);
    return c;
  }
  const run = (c: Cluster, line: string) => {
    const r = c.kubectl(line);
    return r.output.trimEnd();
  };

  it('patches with each type and says when nothing changed', () => {
    const c = cluster();
    expect(run(c, `kubectl patch deployment web -p '{"spec":{"replicas":3}}'`)).toBe('deployment.apps/web patched');
    expect(run(c, `kubectl patch deployment/web -p 'spec: {replicas: 3}'`)).toBe('deployment.apps/web patched (no change)');
    expect(run(c, `kubectl patch deploy web --type merge -p '{"metadata":{"labels":{"tier":"web"}}}'`)).toBe('deployment.apps/web patched');
    expect(run(c, `kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":2}]'`)).toBe('deployment.apps/web patched');
    expect(run(c, `kubectl get deploy web -o jsonpath={.spec.replicas}/{.metadata.labels.tier}`)).toBe('2/web');
  });

  it('reports errors in kubectl words', () => {
    const c = cluster();
    expect(run(c, `kubectl patch deploy web --type json -p '[{"op":"test","path":"/spec/replicas","value":9}]'`)).toBe('The request is invalid');
    expect(run(c, `kubectl patch deploy web -p '{bad'`)).toBe("Error from server (BadRequest): invalid character 'b' looking for beginning of object key string");
    expect(run(c, `kubectl patch deploy web --type merge -p '[1]'`)).toBe('Error from server (BadRequest): Invalid JSON Patch');
    expect(run(c, `kubectl patch deploy web -p '[1'`)).toBe(`error: unable to parse "[1": yaml: line 1: did not find expected ',' or ']'`);
    expect(run(c, `kubectl patch deploy web --type foo -p '{}'`)).toBe('error: --type must be one of [json merge strategic], not "foo"');
    expect(run(c, `kubectl patch deploy web`)).toBe('error: must specify --patch or --patch-file containing the contents of the patch');
    expect(run(c, `kubectl patch deploy web -p '{}' --patch-file x.json`)).toBe('error: cannot specify --patch and --patch-file together');
    expect(run(c, `kubectl patch deploy web -p '{}' --local`)).toBe('error: cannot specify --local and server resources');
    expect(run(c, `kubectl patch deploy nope -p '{}'`)).toBe('Error from server (NotFound): deployments.apps "nope" not found');
    expect(run(c, `kubectl patch deploy web -p '{}' -o wide`)).toBe(
      'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml',
    );
    expect(run(c, `kubectl patch deploy -p '{}'`)).toBe('error: resource(s) were provided, but no name was specified');
    expect(run(c, `kubectl patch deploy web -p '{"spec":{"strategy":{"type":"Recreate"}}}'`)).toBe(
      "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    );
  });

  it('drops unknown fields with the server warning (field validation Warn)', () => {
    const c = cluster();
    const r = c.kubectl(`kubectl patch deploy web -p '{"spec":{"zzz":1,"template":{"spec":{"containers":[{"name":"nginx","imagex":"y"}]}}}}'`);
    expect(r.stderr).toBe('Warning: unknown field "spec.template.spec.containers[0].imagex"\nWarning: unknown field "spec.zzz"\n');
    expect(r.stdout).toBe('deployment.apps/web patched (no change)\n');
  });

  it('patches the scale and status subresources', () => {
    const c = cluster();
    expect(run(c, `kubectl patch deploy web --subresource=scale --type=merge -p '{"spec":{"replicas":4}}'`)).toBe('scale.autoscaling/web patched');
    expect(run(c, `kubectl get deploy web -o jsonpath={.spec.replicas}`)).toBe('4');
    // Through /status only the status changes.
    expect(run(c, `kubectl patch deploy web --subresource=status --type=merge -p '{"spec":{"replicas":9},"status":{"collisionCount":3}}'`)).toBe('deployment.apps/web patched');
    expect(run(c, `kubectl get deploy web -o jsonpath={.spec.replicas}/{.status.collisionCount}`)).toBe('4/3');
    expect(run(c, `kubectl patch deploy web --subresource=foo -p '{}'`)).toBe('Error from server (NotFound): the server could not find the requested resource');
  });

  it('dry runs and --local do not write; -o prints the patched object', () => {
    const c = cluster();
    expect(run(c, `kubectl patch deploy web -p '{"spec":{"replicas":5}}' --dry-run=client -o jsonpath={.spec.replicas}`)).toBe('5');
    expect(run(c, `kubectl patch deploy web -p '{"spec":{"replicas":6}}' --dry-run=server`)).toBe('deployment.apps/web patched');
    expect(run(c, `kubectl get deploy web -o jsonpath={.spec.replicas}`)).toBe('1');
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n';
    const r = c.kubectl(`kubectl patch --local -f cm.yaml --type merge -p '{"data":{"b":"2"}}' -o yaml`, { readFile: (p) => (p === 'cm.yaml' ? manifest : undefined) });
    expect(r.stdout).toBe('apiVersion: v1\ndata:\n  a: "1"\n  b: "2"\nkind: ConfigMap\nmetadata:\n  name: cfg\n');
    expect(c.kubectl('kubectl get cm cfg').exitCode).toBe(1);
  });

  it('refuses strategic merge patch for custom resources, as the API server does', () => {
    const c = cluster();
    mustCreate(c, {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'crontabs.stable.example.com' },
      spec: {
        group: 'stable.example.com', scope: 'Namespaced', names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    c.advance(1000);
    mustCreate(c, { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'ct' }, spec: { cronSpec: '* * * * */5' } } as KObject);
    expect(run(c, `kubectl patch crontab ct -p '{"spec":{"image":"x"}}'`)).toBe(
      'error: application/strategic-merge-patch+json is not supported by stable.example.com/v1, Kind=CronTab: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
    expect(run(c, `kubectl patch crontab ct --type merge -p '{"spec":{"image":"x"}}'`)).toBe('crontab.stable.example.com/ct patched');
  });
});

describe('kubectl patch on arbitrary input', () => {
  it('never fails with an internal error, whatever the patch', async () => {
    const fc = await import('fast-check');
    const c = new Cluster({ seed: 2 });
    mustCreate(c, web());
    const json = fc.jsonValue({ maxDepth: 4 });
    const ops = fc.array(fc.record({ op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'x'), path: fc.constantFrom('', '/spec', '/spec/replicas', '/metadata/labels/a', '/spec/template/spec/containers/0', '/spec/template/spec/containers/-', '/x/y'), from: fc.constantFrom('/spec/replicas', '/metadata', '/nope'), value: json }), { maxLength: 4 });
    const patch = fc.oneof(
      json.map((v) => JSON.stringify(v)),
      ops.map((v) => JSON.stringify(v)),
      fc.record({ spec: fc.record({ template: fc.record({ spec: fc.record({ containers: fc.array(json, { maxLength: 3 }) }) }) }) }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(patch, fc.constantFrom('strategic', 'merge', 'json'), (p, type) => {
        const r = c.kubectl(`patch deployment web --type ${type} --dry-run=server -p '${p.replace(/'/g, '')}'`);
        expect(r.output.toLowerCase()).not.toContain('internal error');
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
