import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lineOfField, lineOfPath, parseFieldPath, parseManifests } from './manifests.ts';

const STOP = 'if you choose to ignore these errors, turn validation off with --validate=false';
const yamlErr = (file: string, text: string) => `error: error parsing ${file}: error converting YAML to JSON: yaml: ${text}`;

const DEPLOYMENT = `# a comment before the document
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
      - name: sidecar
        image: busybox
`;

describe('parseManifests: documents', () => {
  it('reads one document, with its first line', () => {
    const r = parseManifests(DEPLOYMENT, 'deploy.yaml');
    expect(r.errors).toEqual([]);
    expect(r.docs).toHaveLength(1);
    expect(r.docs[0]!.line).toBe(2);
    expect(r.docs[0]!.index).toBe(0);
    expect(r.docs[0]!.object.spec.template.spec.containers[1].image).toBe('busybox');
  });

  it('splits a stream at ---, skipping empty and comment-only documents', () => {
    const text = [
      '---', //                                  1
      'apiVersion: v1', //                       2
      'kind: ConfigMap', //                      3
      'metadata: {name: a}', //                  4
      '---', //                                  5
      '# nothing here', //                       6
      '---', //                                  7
      '---', //                                  8
      '', //                                     9
      'apiVersion: v1', //                       10
      'kind: Secret', //                         11
      'metadata:', //                            12
      '  name: b', //                            13
      '--- # trailing comment is allowed', //   14
    ].join('\n');
    const r = parseManifests(text, 'f.yaml');
    expect(r.errors).toEqual([]);
    expect(r.docs.map((d) => [d.object.metadata.name, d.line, d.index])).toEqual([
      ['a', 2, 0],
      ['b', 10, 2],
    ]);
  });

  it('reads CRLF files', () => {
    const r = parseManifests('apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\n---\r\napiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: b\r\n', 'f');
    expect(r.docs.map((d) => [d.object.metadata.name, d.line])).toEqual([
      ['a', 1],
      ['b', 6],
    ]);
  });

  it('resolves scalars as go-yaml v2 does (YAML 1.1 booleans and octal; dates and 1:20 stay strings)', () => {
    const r = parseManifests(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  a: yes\n  b: off\n  c: 0777\n  d: 2001-12-14\n  e: 1:20\n  f: "yes"\n  g: 1.0\n',
      'f',
    );
    expect(r.docs[0]!.object.data).toEqual({ a: true, b: false, c: 511, d: '2001-12-14', e: '1:20', f: 'yes', g: 1 });
  });

  it('keeps the last of duplicate keys, as go-yaml does', () => {
    const r = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nmetadata: {name: b}\n', 'f');
    expect(r.errors).toEqual([]);
    expect(r.docs[0]!.object.metadata.name).toBe('b');
  });

  it('expands a YAML List into its items, with their lines', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: b}\n';
    const r = parseManifests(text, 'list.yaml');
    expect(r.errors).toEqual([]);
    expect(r.docs.map((d) => [d.object.kind, d.line, d.index, d.basePath])).toEqual([
      ['ConfigMap', 4, 0, ['items', 0]],
      ['Secret', 7, 0, ['items', 1]],
    ]);
    expect(lineOfField(text, r.docs[1]!, ['metadata', 'name'])).toBe(9);
  });

  it('gives every object a metadata map', () => {
    const r = parseManifests('apiVersion: v1\nkind: Namespace\n', 'f');
    expect(r.docs[0]!.object.metadata).toEqual({});
  });

  it('returns nothing for an empty file', () => {
    expect(parseManifests('', 'f')).toEqual({ docs: [], errors: [] });
    expect(parseManifests('# just a comment\n\n', 'f')).toEqual({ docs: [], errors: [] });
  });
});

describe('parseManifests: YAML syntax errors read like kubectl', () => {
  const cases: [string, string, string, number][] = [
    [
      'nested mapping on one line',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: app: web\n',
      'line 5: mapping values are not allowed in this context',
      5,
    ],
    ['less indented key (parser error: go-yaml names the line before)', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n labels:\n    app: web\n', 'line 4: did not find expected key', 5],
    ['missing colon (reported on the next token)', 'apiVersion: v1\nkind Pod\nmetadata:\n  name: x\n', "line 3: could not find expected ':'", 2],
    ['tab as indentation', 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n', 'line 4: found character that cannot start any token', 4],
    ['tab after a plain value', 'metadata:\n  name: x\n\tlabels: {}\n', 'line 3: found a tab character that violates indentation', 3],
    ['reserved character', 'metadata:\n  name: @x\n', 'line 2: found character that cannot start any token', 2],
    ['unclosed quote', 'a: "abc\nb: 1\n', 'line 3: found unexpected end of stream', 3],
    ['misindented list item', 'spec:\n  containers:\n  - name: a\n    image: b\n   - name: c\n', 'line 4: did not find expected key', 5],
    ['mapping key after a list', 'a:\n  - b\n  c: d\n', "line 2: did not find expected '-' indicator", 3],
  ];
  it.each(cases)('%s', (_name, text, expected, markerLine) => {
    const r = parseManifests(text, 'pod.yaml');
    expect(r.docs).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toBe(yamlErr('pod.yaml', expected));
    expect(r.errors[0]!.line).toBe(markerLine);
  });

  it('omits the line when go-yaml reports line 0', () => {
    const r = parseManifests("a: 'abc'x\n", 'f.yaml');
    expect(r.errors[0]!.message).toBe(yamlErr('f.yaml', 'did not find expected key'));
  });

  it('reports an unknown alias', () => {
    const r = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: *foo}\n', 'f.yaml');
    expect(r.errors[0]!.message).toBe(yamlErr('f.yaml', "unknown anchor 'foo' referenced"));
  });

  it('counts lines within the broken document, keeps the documents before it and drops those after', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: a',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: b',
      '  labels: app: web', // line 10 of the file, line 5 of the document
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: c',
    ].join('\n');
    const r = parseManifests(text, 'all.yaml');
    expect(r.docs.map((d) => d.object.metadata.name)).toEqual(['a']);
    expect(r.errors).toEqual([
      { message: yamlErr('all.yaml', 'line 5: mapping values are not allowed in this context'), line: 10, column: 11, docIndex: 1 },
    ]);
  });

  // kubectl drops the document being read when it meets the bad separator; we keep it.
  it('rejects a separator followed by content', () => {
    const r = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---apiVersion: v1\nkind: Secret\n', 'f.yaml');
    expect(r.docs.map((d) => d.object.metadata.name)).toEqual(['a']);
    expect(r.errors).toEqual([{ message: 'error: error parsing f.yaml: invalid Yaml document separator: apiVersion: v1', line: 4, column: 4 }]);
  });
});

describe('parseManifests: documents that are not objects', () => {
  it('reports a document without kind and keeps the documents around it', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nmetadata:\n  name: b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    const r = parseManifests(text, 'cm.yaml');
    expect(r.docs.map((d) => d.object.metadata.name)).toEqual(['a', 'c']);
    expect(r.errors).toEqual([
      { message: `error: error validating "cm.yaml": error validating data: kind not set; ${STOP}`, line: 5, docIndex: 1 },
    ]);
  });

  it('lists every missing field as kubectl aggregates them', () => {
    const r = parseManifests('metadata:\n  name: x\n', 'x.yaml');
    expect(r.errors[0]!.message).toBe(`error: error validating "x.yaml": error validating data: [apiVersion not set, kind not set]; ${STOP}`);
  });

  it('reports a document that is not a mapping', () => {
    const r = parseManifests('just some text\n', 'x.yaml');
    expect(r.errors[0]!.message).toBe(`error: error validating "x.yaml": error validating data: invalid object to validate; ${STOP}`);
  });

  it('reports wrong types and a malformed apiVersion', () => {
    const r = parseManifests('apiVersion: a/b/c\nkind: 5\n', 'x.yaml');
    expect(r.errors[0]!.message).toBe(
      `error: error validating "x.yaml": error validating data: [unexpected GroupVersion string: a/b/c, kind isn't string type]; ${STOP}`,
    );
  });

  it('with validation off, uses the decoder message with the document as JSON', () => {
    const r = parseManifests('metadata:\n  name: a\napiVersion: v1\n', 'x.yaml', { validate: false });
    expect(r.errors[0]!.message).toBe(`error: unable to decode "x.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"a"}}'`);
  });

  it('reports a List item without kind', () => {
    const r = parseManifests('apiVersion: v1\nkind: List\nitems:\n- metadata: {name: a}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: b}\n', 'l.yaml');
    expect(r.docs.map((d) => d.object.metadata.name)).toEqual(['b']);
    expect(r.errors).toEqual([
      {
        message: `error: unable to get type info from the object "*unstructured.Unstructured": Object 'Kind' is missing in 'unstructured object has no kind'`,
        line: 4,
        docIndex: 0,
      },
    ]);
  });
});

describe('parseManifests: JSON', () => {
  it('reads a single object', () => {
    const r = parseManifests('\n{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "a"}\n}\n', 'cm.json');
    expect(r.errors).toEqual([]);
    expect(r.docs).toEqual([{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }, line: 2, index: 0, basePath: [] }]);
  });

  it('expands a List into its items', () => {
    const text = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } },
        ],
      },
      null,
      2,
    );
    const r = parseManifests(text, 'list.json');
    expect(r.errors).toEqual([]);
    expect(r.docs.map((d) => [d.object.kind, d.object.metadata.name, d.line, d.basePath])).toEqual([
      ['ConfigMap', 'a', 5, ['items', 0]],
      ['Service', 'b', 12, ['items', 1]],
    ]);
    expect(lineOfField(text, r.docs[1]!, ['metadata', 'name'])).toBe(16);
  });

  it('reads a stream of objects', () => {
    const r = parseManifests('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}', 'f');
    expect(r.docs.map((d) => [d.object.metadata.name, d.line, d.index])).toEqual([
      ['a', 1, 0],
      ['b', 2, 1],
    ]);
  });

  it("reports a syntax error with Go's text and byte offset", () => {
    const text = '{"apiVersion": "v1", "kind": "Pod" "metadata": {}}';
    const r = parseManifests(text, 'pod.json');
    const offset = text.indexOf('"metadata"') + 1;
    expect(r.errors).toEqual([
      { message: `error: error parsing pod.json: json: offset ${offset}: invalid character '"' after object key:value pair`, line: 1, column: offset },
    ]);
  });

  it('reports truncated JSON as unexpected EOF', () => {
    const r = parseManifests('{"apiVersion": "v1", "kind": "Pod",\n', 'pod.json');
    expect(r.errors.map((e) => e.message)).toEqual(['error: error parsing pod.json: unexpected EOF']);
  });

  it('falls back to YAML like kubectl when the JSON is YAML-valid (a trailing comma)', () => {
    const r = parseManifests('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"},}', 'f');
    expect(r.errors).toEqual([]);
    expect(r.docs[0]!.object.metadata.name).toBe('a');
  });

  it('reads YAML documents after one JSON object', () => {
    const r = parseManifests('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n', 'f');
    expect(r.errors).toEqual([]);
    expect(r.docs.map((d) => [d.object.metadata.name, d.line])).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
  });
});

describe('field paths and lines', () => {
  it('parses field.Path strings', () => {
    expect(parseFieldPath('spec.template.spec.containers[0].image')).toEqual(['spec', 'template', 'spec', 'containers', 0, 'image']);
    expect(parseFieldPath('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(parseFieldPath('spec.ports[1]')).toEqual(['spec', 'ports', 1]);
    expect(parseFieldPath('')).toEqual([]);
  });

  it('finds the line of a field, or of its nearest existing parent', () => {
    expect(lineOfPath(DEPLOYMENT, 0, [])).toBe(2);
    expect(lineOfPath(DEPLOYMENT, 0, ['metadata', 'name'])).toBe(5);
    expect(lineOfPath(DEPLOYMENT, 0, parseFieldPath('spec.template.spec.containers[0].image'))).toBe(20);
    expect(lineOfPath(DEPLOYMENT, 0, parseFieldPath('spec.template.spec.containers[1]'))).toBe(23);
    expect(lineOfPath(DEPLOYMENT, 0, parseFieldPath('spec.template.spec.containers[0].ports[0].containerPort'))).toBe(22);
    // missing: the nearest existing parent
    expect(lineOfPath(DEPLOYMENT, 0, parseFieldPath('spec.template.spec.containers[1].resources.limits'))).toBe(23);
    expect(lineOfPath(DEPLOYMENT, 0, parseFieldPath('spec.strategy.type'))).toBe(8);
    expect(lineOfPath(DEPLOYMENT, 1, ['spec'])).toBeUndefined();
  });

  it('counts lines across documents', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n${DEPLOYMENT}`;
    const r = parseManifests(text, 'f');
    const deploy = r.docs[1]!;
    expect(deploy.line).toBe(6);
    expect(lineOfField(text, deploy, parseFieldPath('spec.template.spec.containers[0].image'))).toBe(24);
  });
});

describe('properties', () => {
  it('parseManifests and lineOfPath never throw', () => {
    const yamlish = fc.stringMatching(/^[a-z :\-\n\t"'{}[\],#&*!|>%@`]{0,60}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), yamlish, fc.json()), (text) => {
        const r = parseManifests(text, 'f');
        expect(Array.isArray(r.docs) && Array.isArray(r.errors)).toBe(true);
        for (const e of r.errors) expect(e.message.startsWith('error: ')).toBe(true);
        lineOfPath(text, 0, ['a', 0, 'b']);
      }),
      { numRuns: 500 },
    );
  });
});
