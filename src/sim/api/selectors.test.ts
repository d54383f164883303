import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  fieldLabelError,
  fieldSelectorValue,
  formatLabelSelector,
  isSelectorError,
  labelSelectorFromSet,
  labelSelectorFromSpec,
  parseFieldSelector,
  parseLabelSelector,
  supportedFieldSelectors,
  type FieldSelectorMatcher,
  type LabelSelectorMatcher,
} from './selectors.ts';
import type { KObject } from './types.ts';

function label(s: string): LabelSelectorMatcher {
  const r = parseLabelSelector(s);
  if (isSelectorError(r)) throw new Error(r.error);
  return r;
}
function labelError(s: string): string {
  const r = parseLabelSelector(s);
  if (!isSelectorError(r)) throw new Error(`parsed: ${r.selectorString}`);
  return r.error;
}
function field(s: string): FieldSelectorMatcher {
  const r = parseFieldSelector(s);
  if (isSelectorError(r)) throw new Error(r.error);
  return r;
}

const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('parseLabelSelector', () => {
  const web = { app: 'web', tier: 'a' };
  const db = { app: 'db', tier: 'c' };
  const bare = {};
  const cases: [string, boolean, boolean, boolean][] = [
    // selector, matches web, db, no labels
    ['app=web', true, false, false],
    ['app==web', true, false, false],
    ['app!=web', false, true, true],
    ['tier in (a,b)', true, false, false],
    ['tier notin (a)', false, true, true],
    ['app', true, true, false],
    ['!app', false, false, true],
    ['app,tier in (c)', false, true, false],
    ['app = web , tier in ( a , b )', true, false, false],
    ['', true, true, true],
  ];
  it.each(cases)('%s', (sel, w, d, b) => {
    const m = label(sel);
    expect([m.matches(web), m.matches(db), m.matches(bare)]).toEqual([w, d, b]);
  });

  it('prints requirements sorted by key, values sorted, as labels.Selector.String()', () => {
    expect(label('tier in (b,a),app=web').toString()).toBe('app=web,tier in (a,b)');
    expect(label('app==web').toString()).toBe('app==web');
    expect(label('!canary,env').toString()).toBe('!canary,env');
    expect(label('x notin ()').toString()).toBe('x notin ()');
    expect(label('').toString()).toBe('<none>');
    expect(label('').selectorString).toBe('');
    expect(label('').empty).toBe(true);
    expect('error' in label('app=web')).toBe(false);
  });

  it('supports gt and lt', () => {
    const m = label('count>3');
    expect(m.matches({ count: '4' })).toBe(true);
    expect(m.matches({ count: '3' })).toBe(false);
    expect(m.matches({ count: 'x' })).toBe(false);
    expect(label('count<3').toString()).toBe('count<3');
  });

  it('reports errors in apimachinery words', () => {
    expect(labelError('app=-x')).toBe(`unable to parse requirement: values[0][app]: Invalid value: "-x": ${LABEL_VALUE}`);
    expect(labelError('app:monolith')).toBe(`unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART}`);
    expect(labelError('a/b/c=x')).toBe(
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    );
    expect(labelError('app.kubernetes_io/name=x')).toBe(
      `unable to parse requirement: <nil>: Invalid value: "app.kubernetes_io/name": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
    expect(labelError('app web')).toBe("unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt");
    expect(labelError('x in (a')).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(labelError('x in a')).toBe("unable to parse requirement: found 'a' expected: '('");
    expect(labelError('app=web,')).toBe("found '', expected: identifier after ','");
    expect(labelError(',')).toBe("found ',', expected: !, identifier, or 'end of string'");
    expect(labelError('app=web)')).toBe("found ')', expected: ',' or 'end of string'");
    expect(labelError('count>x')).toBe(`unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z!=(), ]{0,20}$/)), (s) => {
        const r = parseLabelSelector(s);
        if (!isSelectorError(r)) expect(isSelectorError(parseLabelSelector(r.selectorString))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('labelSelectorFromSpec', () => {
  it('matches nothing for a nil selector and everything for an empty one', () => {
    const nil = labelSelectorFromSpec(undefined);
    expect(nil.matches({ a: 'b' })).toBe(false);
    expect(nil.matchesNothing).toBe(true);
    expect(nil.toString()).toBe('<none>');
    const empty = labelSelectorFromSpec({});
    expect(empty.matches({ a: 'b' })).toBe(true);
    expect(empty.matches(undefined)).toBe(true);
    expect(empty.empty).toBe(true);
    expect(empty.toString()).toBe('<none>');
  });

  it('combines matchLabels and matchExpressions, printed as FormatLabelSelector does', () => {
    const sel = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['b', 'a'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'env', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['z1'] },
      ],
    };
    const m = labelSelectorFromSpec(sel);
    expect(m.toString()).toBe('app=web,!canary,env,tier in (a,b),zone notin (z1)');
    expect(formatLabelSelector(sel)).toBe('app=web,!canary,env,tier in (a,b),zone notin (z1)');
    expect(m.matches({ app: 'web', tier: 'a', env: 'prod' })).toBe(true);
    expect(m.matches({ app: 'web', tier: 'a', env: 'prod', canary: 'y' })).toBe(false);
    expect(m.matches({ app: 'web', tier: 'c', env: 'prod' })).toBe(false);
    expect(m.matches({ app: 'web', tier: 'a', env: 'prod', zone: 'z1' })).toBe(false);
  });

  it('rejects a bad operator or value', () => {
    const bad = labelSelectorFromSpec({ matchExpressions: [{ key: 'a', operator: 'Foo', values: [] }] });
    expect(bad.error).toBe('"Foo" is not a valid label selector operator');
    expect(bad.matches({ a: 'x' })).toBe(false);
    expect(bad.toString()).toBe('<error>');
    expect(labelSelectorFromSpec({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }).error).toBe(
      `values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty`,
    );
    expect(labelSelectorFromSpec({ matchLabels: { app: '-x' } }).error).toBe(`values[0][app]: Invalid value: "-x": ${LABEL_VALUE}`);
  });

  it('builds from a plain map (Service selector)', () => {
    const m = labelSelectorFromSet({ tier: 'fe', app: 'web' });
    expect(m.toString()).toBe('app=web,tier=fe');
    expect(m.matches({ app: 'web', tier: 'fe', x: 'y' })).toBe(true);
    expect(m.matches({ app: 'web' })).toBe(false);
    expect(labelSelectorFromSet({}).matches({})).toBe(true);
  });
});

const pod = (name: string, phase: string, nodeName?: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName, restartPolicy: 'Always', containers: [] },
  status: { phase, podIPs: [{ ip: '10.244.1.5' }] },
});

describe('parseFieldSelector', () => {
  it('matches with =, == and !=, comma-joined', () => {
    const pods = [pod('a', 'Running', 'n1'), pod('b', 'Pending'), pod('c', 'Running', 'n2')];
    const names = (s: string) => pods.filter((p) => field(s).matchesFields(p)).map((p) => p.metadata.name);
    expect(names('metadata.name=a')).toEqual(['a']);
    expect(names('metadata.name==a')).toEqual(['a']);
    expect(names('status.phase!=Running')).toEqual(['b']);
    expect(names('status.phase=Running,spec.nodeName=n2')).toEqual(['c']);
    expect(names('spec.nodeName=')).toEqual(['b']);
    expect(names('spec.host=n1')).toEqual(['a']);
    expect(names('status.podIP=10.244.1.5')).toEqual(['a', 'b', 'c']);
    expect(names('')).toEqual(['a', 'b', 'c']);
  });

  it('prints terms sorted, `==` as `=`, values escaped', () => {
    expect(field('status.phase!=Running,metadata.name==web').toString()).toBe('metadata.name=web,status.phase!=Running');
    expect(field('metadata.name=a\\,b').requirements[0]!.value).toBe('a,b');
    expect(field('metadata.name=a\\,b').toString()).toBe('metadata.name=a\\,b');
  });

  it('reports syntax errors as apimachinery does', () => {
    expect(parseFieldSelector('foo')).toEqual({ error: "invalid selector: 'foo'; can't understand 'foo'" });
    expect(parseFieldSelector('a=b=c')).toEqual({ error: 'invalid field selector: unescaped character in value: 61' });
    expect(parseFieldSelector('a=b\\x')).toEqual({ error: 'invalid field selector: invalid escape sequence: \\x' });
  });

  it("reports unsupported fields with the server's words", () => {
    const POD = { group: '', kind: 'Pod' };
    expect(field('foo=bar').validateFor(POD)).toBe('field label not supported: foo');
    expect(field('spec.nodeName=n1,status.phase=Running').validateFor(POD)).toBeUndefined();
    expect(field('foo.bar=baz').validateFor({ group: 'networking.k8s.io', kind: 'Ingress' })).toBe(
      '"foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expect(field('metadata.namespace=x').validateFor({ group: 'apps', kind: 'Deployment' })).toBeUndefined();
    expect(fieldLabelError({ group: '', kind: 'Node' }, 'metadata.namespace')).toBe('field label not supported: metadata.namespace');
    expect(fieldLabelError({ group: 'example.com', kind: 'Widget' }, 'spec.color', ['spec.color'])).toBeUndefined();
    expect(supportedFieldSelectors({ group: '', kind: 'Secret' })).toEqual(['metadata.name', 'metadata.namespace', 'type']);
  });

  it('reads per-kind fields', () => {
    const node: KObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { unschedulable: true } };
    expect(fieldSelectorValue(node, 'spec.unschedulable')).toBe('true');
    expect(field('spec.unschedulable=false').matchesFields({ ...node, spec: {} })).toBe(true);
    const ev: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1' },
      reason: 'Scheduled',
      type: 'Normal',
      source: { component: 'default-scheduler' },
    };
    expect(field('involvedObject.kind=Pod,involvedObject.name=web-1,reason=Scheduled').matchesFields(ev)).toBe(true);
    expect(field('source=default-scheduler,type=Normal').matchesFields(ev)).toBe(true);
    const secret: KObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls' };
    expect(field('type=kubernetes.io/tls').matchesFields(secret)).toBe(true);
    const job: KObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: {} };
    expect(fieldSelectorValue(job, 'status.successful')).toBe('0');
  });
});
