// Expected YAML/JSON/jsonpath texts below were produced by kubectl v1.32.4
// (`kubectl label -f pod.yaml --local -o ... x=y`) on the fixture in fixtures.kubectl-pod.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/types';
import { goJsonIndent } from './goformat';
import { printObjects, parseOutputFormat, resourceName } from './output';
import { toYaml, yamlKeyLess } from './yaml';
import { NOW, kind, lines, obj } from './testutil';

const here = new URL('.', import.meta.url).pathname;
const kubectlPod = JSON.parse(readFileSync(`${here}fixtures.kubectl-pod.json`, 'utf8')) as KObject;
const kubectlYaml = readFileSync(`${here}fixtures.kubectl-pod.yaml`, 'utf8');
const kubectlJson = goJsonIndent(kubectlPod);

const text = (r: { text: string } | { error: string }): string => ('text' in r ? r.text : `ERR ${r.error}`);
const jp = (template: string, o: KObject = kubectlPod) =>
  text(printObjects({ kind: 'jsonpath', template }, undefined, [o], { nowMs: NOW, single: true }));

describe('-o yaml / -o json match kubectl byte for byte', () => {
  it('yaml: key order, quoting, literal blocks, folding at 80 columns, flow {} and []', () => {
    expect(toYaml(kubectlPod)).toBe(kubectlYaml);
    expect(text(printObjects({ kind: 'yaml' }, kind('Pod'), [kubectlPod], { nowMs: NOW }))).toBe(kubectlYaml);
  });
  it('json: 4-space indent, sorted keys, HTML-safe escapes', () => {
    const out = text(printObjects({ kind: 'json' }, kind('Pod'), [kubectlPod], { nowMs: NOW }));
    expect(out).toBe(`${kubectlJson}\n`);
    expect(out).toContain('"amp": "\\u003cnone\\u003e \\u0026 more",');
    expect(out).toContain('"big": 1234567.5,');
    expect(toYaml(kubectlPod)).toContain('  big: 1.2345675e+06\n');
  });
  it('folds long plain and single-quoted scalars past column 80', () => {
    expect(toYaml({ message: `${'a'.repeat(75)} ${'b'.repeat(10)} ccccc` })).toBe(`message: ${'a'.repeat(75)}\n  ${'b'.repeat(10)} ccccc\n`);
    expect(toYaml({ message: `${'a'.repeat(71)} bbbbb ccccc` })).toBe(`message: ${'a'.repeat(71)} bbbbb\n  ccccc\n`);
    expect(toYaml({ s: [{ m: `x: ${'a'.repeat(80)} tail` }] })).toBe(`s:\n- m: 'x: ${'a'.repeat(80)}\n    tail'\n`);
  });
  it('go-yaml natural key order', () => {
    expect(['a10', 'a9', '_b', 'Zed', 'app.kubernetes.io/name', 'app'].sort((a, b) => (yamlKeyLess(a, b) ? -1 : 1)))
      .toEqual(['_b', 'Zed', 'a9', 'a10', 'app', 'app.kubernetes.io/name']);
  });
});

describe('lists, names, managedFields', () => {
  const a = obj('v1', 'Pod', 'a', { spec: { containers: [{ name: 'c', image: 'nginx' }] } }, { creationTimestamp: '2025-01-15T09:00:00Z', managedFields: [{ manager: 'kubectl' }] });
  const d = obj('apps/v1', 'Deployment', 'web', { spec: { replicas: 1 } }, { creationTimestamp: '2025-01-15T09:00:00Z' });
  it('several objects print as a List; managedFields are hidden', () => {
    expect(text(printObjects({ kind: 'yaml' }, undefined, [a, d], { nowMs: NOW }))).toBe(lines(
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata:',
      '    creationTimestamp: "2025-01-15T09:00:00Z"',
      '    name: a',
      '    namespace: default',
      '  spec:',
      '    containers:',
      '    - image: nginx',
      '      name: c',
      '- apiVersion: apps/v1',
      '  kind: Deployment',
      '  metadata:',
      '    creationTimestamp: "2025-01-15T09:00:00Z"',
      '    name: web',
      '    namespace: default',
      '  spec:',
      '    replicas: 1',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
    ));
    expect(text(printObjects({ kind: 'json' }, undefined, [], { nowMs: NOW }))).toBe(lines(
      '{', '    "apiVersion": "v1",', '    "items": [],', '    "kind": "List",', '    "metadata": {', '        "resourceVersion": ""', '    }', '}',
    ));
    expect(text(printObjects({ kind: 'yaml' }, undefined, [a], { nowMs: NOW, single: false }))).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: v1\n/);
    expect(text(printObjects({ kind: 'yaml' }, undefined, [a], { nowMs: NOW, showManagedFields: true }))).toContain('  managedFields:\n  - manager: kubectl\n');
  });
  it('-o name', () => {
    expect(text(printObjects({ kind: 'name' }, undefined, [a, d], { nowMs: NOW }))).toBe('pod/a\ndeployment.apps/web\n');
    expect(resourceName(obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'admin'))).toBe('clusterrole.rbac.authorization.k8s.io/admin');
  });
  it('jsonpath over a List', () => {
    const r = printObjects({ kind: 'jsonpath', template: '{range .items[*]}{.kind}/{.metadata.name}{"\\n"}{end}' }, undefined, [a, d], { nowMs: NOW });
    expect(text(r)).toBe('Pod/a\nDeployment/web\n');
    expect(text(printObjects({ kind: 'jsonpath', template: '{.items[*].metadata.name}' }, undefined, [a, d], { nowMs: NOW }))).toBe('a web');
    expect(text(printObjects({ kind: 'jsonpath', template: '{range .items[*]}{.metadata.name}{end}done' }, undefined, [], { nowMs: NOW }))).toBe('');
  });
  it('custom-columns', () => {
    const b = obj('v1', 'Pod', 'b', { spec: { nodeName: 'node-1', containers: [{ name: 'x', image: 'nginx' }, { name: 'y', image: 'busybox' }] } }, { labels: { app: 'web', tier: 'fe' } });
    const r = printObjects(parseOutputFormat('custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image,NODE:{.spec.nodeName},LABELS:.metadata.labels'), undefined, [a, b], { nowMs: NOW });
    expect(text(r)).toBe(lines(
      'NAME   IMAGES          NODE     LABELS',
      'a      nginx           <none>   <none>',
      'b      nginx,busybox   node-1   map[app:web tier:fe]',
    ));
    expect(text(printObjects(parseOutputFormat('custom-columns=N:metadata.name'), undefined, [a], { nowMs: NOW, noHeaders: true }))).toBe('a\n');
    expect(text(printObjects(parseOutputFormat('custom-columns=NAME'), undefined, [a], { nowMs: NOW })))
      .toBe('ERR error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>');
  });
  it('output format errors', () => {
    expect(parseOutputFormat('foo')).toEqual({
      kind: 'error',
      error: 'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
    });
    expect(parseOutputFormat('jsonpath')).toEqual({ kind: 'error', error: 'error: template format specified but no template given' });
    expect(parseOutputFormat('jsonpath={.a}')).toEqual({ kind: 'jsonpath', template: '{.a}' });
    expect(parseOutputFormat(undefined)).toEqual({ kind: 'table' });
    expect(parseOutputFormat('wide')).toEqual({ kind: 'wide' });
  });
  it('wide delegates to the table printer', () => {
    expect(text(printObjects({ kind: 'wide' }, kind('Namespace'), [obj('v1', 'Namespace', 'default', { status: { phase: 'Active' } }, { namespace: undefined })], { nowMs: NOW })))
      .toBe(lines('NAME      STATUS   AGE', 'default   Active   5m'));
  });
});

describe('jsonpath (outputs verified against kubectl 1.32)', () => {
  it.each([
    ['{.metadata.name}', 'web'],
    ['{.spec.containers[*].name}', 'web side'],
    ['{range .spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}', 'web\tnginx\nside\tbusybox\n'],
    ['{range .spec.containers[*]}[{.name}]{end}', '[web][side]'],
    ['{.spec.containers[0].image}', 'nginx'],
    ['{.spec.containers[-1:].name}', 'side'],
    ['{.spec.containers[-1].name}', 'side'],
    ['{.spec.containers[1:].name}', 'side'],
    ['{.spec.containers[0:2:2].name}', 'web'],
    ['{.spec.containers[0,1].name}', 'web side'],
    ["{.spec.containers[*]['name']}", 'web side'],
    ['{.spec.containers[?(@.name=="side")].image}', 'busybox'],
    ['{.spec.containers[?(@.name!="side")].image}', 'nginx'],
    ['{.spec.containers[?(@.name>"t")].name}', 'web'],
    ['{.spec.containers[?(@.command)].name}', 'side'],
    ['{.spec.containers[0].env[?(@.value=="1")].name}', 'A'],
    ['{..image}', 'nginx busybox'],
    ['{..name}', 'web web A side'],
    ['{.metadata.labels}', '{"Zed":"q","_b":"z","a10":"1","a9":"2","app":"web","app.kubernetes.io/name":"x","tier":"fe","x":"y"}'],
    ['{.spec.containers[0].args}', '[]'],
    ['{.spec.containers[*].command[*]}', 'sh -c echo hi'],
    ['{.spec.nodeSelector}', '{}'],
    ['{.status.qty} {.status.big} {.status.neg} {.status.b}', '0.5 1.2345675e+06 -3 true'],
    ['{.status.nothing}', ''],
    ['{$.kind}', 'Pod'],
    ['{@.kind}', 'Pod'],
    ['{.metadata.labels.app\\.kubernetes\\.io/name}', 'x'],
    ['{"a\\tb"}{\'c\'}', 'a\tbc'],
    ['{.metadata.annotations.multi}', 'line one\nline two\n'],
    ['{.spec.containers[?(@.name=="web")].env[0]}', '{"name":"A","value":"1"}'],
    // kubectl iterates Go maps in random order here; we use key order.
    ['{.metadata.labels.*}', 'q z 1 2 web x fe y'],
  ])('%s', (template, want) => {
    expect(jp(template)).toBe(want);
  });

  it('errors as kubectl prints them', () => {
    expect(jp('{.items[}')).toBe('ERR error: error parsing jsonpath {.items[}, unterminated array');
    expect(jp('{.metadata.name')).toBe('ERR error: error parsing jsonpath {.metadata.name, unclosed action');
    expect(jp('{.status.phase|x}')).toBe(''); // '|' is part of the field name
    expect(jp('{#}')).toBe("ERR error: error parsing jsonpath {#}, unrecognized character in action: U+0023 '#'");
    const small = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } } as unknown as KObject;
    expect(jp('{.spec.containers[5].name}', small)).toBe(
      'ERR error: error executing jsonpath "{.spec.containers[5].name}": Error executing template: array index out of bounds: index 5, length 0. Printing more information for debugging the template:\n' +
        '\ttemplate was:\n\t\t{.spec.containers[5].name}\n' +
        '\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"apiVersion":"v1", "kind":"Pod", "metadata":map[string]interface {}{"name":"p"}, "spec":map[string]interface {}{"containers":[]interface {}{}}}\n\n',
    );
  });

  it('numeric filters: integers never equal number literals (Go int64 vs float64), floats compare', () => {
    const o = { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' }, ports: [{ port: 80, w: 0.5 }, { port: 443, w: 1.5 }] } as unknown as KObject;
    expect(jp('{.ports[?(@.port==80)].port}', o)).toBe('');
    expect(jp('{.ports[?(@.w>1.0)].port}', o)).toBe('443');
  });
});
