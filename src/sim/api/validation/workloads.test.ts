import { describe, expect, it } from 'vitest';
import { deployment, errorsOf, pod } from './testutil';
import type { KObject } from '../types';

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('metadata', () => {
  it('accepts a valid Deployment', () => {
    expect(errorsOf(deployment())).toEqual([]);
  });

  it('requires a name unless generateName is set', () => {
    const d = deployment();
    d.metadata = { namespace: 'default' };
    expect(errorsOf(d)).toEqual(['metadata.name: Required value: name or generateName is required']);
    d.metadata = { generateName: 'web-', namespace: 'default' };
    expect(errorsOf(d)).toEqual([]);
  });

  it('checks the name as a DNS-1123 subdomain', () => {
    const d = deployment();
    d.metadata.name = 'Web';
    expect(errorsOf(d)).toEqual([
      `metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
    d.metadata.name = 'a'.repeat(254);
    expect(errorsOf(d)[0]).toMatch(/^metadata.name: Invalid value: "a+": must be no more than 253 characters$/);
  });

  it('checks label keys and values', () => {
    const d = deployment();
    d.metadata.labels = { 'bad key!': 'v', ok: 'bad value!' };
    expect(errorsOf(d)).toEqual([
      `metadata.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `metadata.labels: Invalid value: "bad value!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
    d.metadata.labels = { ok: 'x'.repeat(64) };
    expect(errorsOf(d)[0]).toMatch(/must be no more than 63 characters$/);
  });

  it('limits the total size of annotations', () => {
    const d = deployment();
    d.metadata.annotations = { big: 'x'.repeat(256 * 1024) };
    expect(errorsOf(d)).toEqual(['metadata.annotations: Too long: may not be longer than 262144']);
  });

  it('forbids a namespace on cluster-scoped kinds and names namespaces as DNS labels', () => {
    expect(errorsOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } })[0]).toBe(`metadata.name: Invalid value: "a.b": ${LABEL_MSG}`);
    expect(errorsOf({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's', namespace: 'x' }, provisioner: 'p' })).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });
});

describe('Deployment', () => {
  it('reports a missing selector together with the template label mismatch', () => {
    expect(errorsOf(deployment({ selector: undefined }))).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('requires the selector to match the template labels', () => {
    expect(errorsOf(deployment({ selector: { matchLabels: { app: 'x' } } }))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('rejects an empty selector', () => {
    expect(errorsOf(deployment({ selector: {} }))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('checks replicas and strategy', () => {
    expect(errorsOf(deployment({ replicas: -1 }))).toEqual(['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
    expect(errorsOf(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ]);
    expect(errorsOf(deployment({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }))).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
    expect(errorsOf(deployment({ strategy: { rollingUpdate: { maxSurge: '150%', maxUnavailable: '110%' } } }))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 110%: must not be greater than 100%',
    ]);
    expect(errorsOf(deployment({ strategy: { rollingUpdate: { maxSurge: 'lots' } } }))).toEqual([
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: lots: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
  });

  it('requires restartPolicy Always in the template', () => {
    const d = deployment();
    d.spec.template.spec.restartPolicy = 'Never';
    expect(errorsOf(d)).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });

  it('reports duplicate container names and missing images inside the template', () => {
    const d = deployment();
    d.spec.template.spec.containers = [{ name: 'web', image: 'nginx' }, { name: 'web' }];
    expect(errorsOf(d)).toEqual(['spec.template.spec.containers[1].image: Required value', 'spec.template.spec.containers[1].name: Duplicate value: "web"']);
  });

  it('keeps the selector immutable on update', () => {
    const old = deployment();
    const d = deployment({ selector: { matchLabels: { app: 'web', v: '2' } } });
    d.spec.template.metadata.labels = { app: 'web', v: '2' };
    expect(errorsOf(d, old)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    expect(errorsOf(deployment({ replicas: 5 }), old)).toEqual([]);
  });

  it('reports JSON type errors as the schema check does', () => {
    expect(errorsOf(deployment({ replicas: 'three' }))).toEqual([
      'spec.replicas: Invalid value: "three": spec.replicas in body must be of type integer: "string"',
    ]);
  });
});

describe('StatefulSet, DaemonSet, ReplicaSet', () => {
  const sts = (over: Record<string, unknown> = {}) => ({ ...deployment(over), kind: 'StatefulSet' });

  it('validates a StatefulSet and forbids updates to other fields', () => {
    expect(errorsOf(sts({ serviceName: 'web' }))).toEqual([]);
    expect(errorsOf(sts({ serviceName: 'other' }), sts({ serviceName: 'web' }))).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    expect(errorsOf(sts({ replicas: 3 }), sts())).toEqual([]);
  });

  it('validates a DaemonSet rolling update', () => {
    const ds: KObject = { ...deployment(), kind: 'DaemonSet' };
    expect(errorsOf(ds)).toEqual([]);
    ds.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } };
    expect(errorsOf(ds)).toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']);
  });

  it('validates a ReplicaSet like a Deployment', () => {
    expect(errorsOf({ ...deployment({ selector: {} }), kind: 'ReplicaSet' })).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });
});

describe('Pod', () => {
  const c = (over: Record<string, unknown> = {}) => ({ name: 'c', image: 'busybox', ...over });

  it('requires containers and images', () => {
    expect(errorsOf(pod({}))).toEqual(['spec.containers: Required value']);
    expect(errorsOf(pod({ containers: [{ name: 'c' }] }))).toEqual(['spec.containers[0].image: Required value']);
  });

  it('checks container names across init and regular containers', () => {
    expect(errorsOf(pod({ containers: [c({ name: 'Web' })] }))).toEqual([`spec.containers[0].name: Invalid value: "Web": ${LABEL_MSG}`]);
    expect(errorsOf(pod({ containers: [c()], initContainers: [c()] }))).toEqual(['spec.initContainers[0].name: Duplicate value: "c"']);
  });

  it('checks restartPolicy', () => {
    expect(errorsOf(pod({ containers: [c()], restartPolicy: 'Sometimes' }))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it('checks ports', () => {
    expect(errorsOf(pod({ containers: [c({ ports: [{ containerPort: 70000, name: 'HTTP' }, { containerPort: 0 }] })] }))).toEqual([
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].containerPort: Required value',
    ]);
  });

  it('checks resources: quantities parse and requests do not exceed limits', () => {
    expect(errorsOf(pod({ containers: [c({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } })] }))).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]);
    expect(errorsOf(pod({ containers: [c({ resources: { limits: { memory: 'lots' } } })] }))).toEqual([
      "spec.containers[0].resources.limits[memory]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
    expect(errorsOf(pod({ containers: [c({ resources: { requests: { cpu: '-1' } } })] }))).toEqual([
      'spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ]);
  });

  it('checks probes', () => {
    expect(errorsOf(pod({ containers: [c({ livenessProbe: { httpGet: { port: 80 }, successThreshold: 2 } })] }))).toEqual([
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    ]);
    expect(errorsOf(pod({ containers: [c({ readinessProbe: { periodSeconds: 5 } })] }))).toEqual([
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
    ]);
    expect(errorsOf(pod({ containers: [c({ readinessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } })] }))).toEqual([
      'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    ]);
  });

  it('checks volumes and mounts', () => {
    expect(errorsOf(pod({ containers: [c({ volumeMounts: [{ name: 'data', mountPath: '/data' }] })] }))).toEqual([
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ]);
    expect(
      errorsOf(pod({ containers: [c()], volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }, { name: 'w', emptyDir: {}, hostPath: { path: '/x' } }] })),
    ).toEqual(['spec.volumes[1].name: Duplicate value: "v"', 'spec.volumes[2].emptyDir: Forbidden: may not specify more than 1 volume type']);
  });

  it('checks env', () => {
    expect(
      errorsOf(pod({ containers: [c({ env: [{ name: '' }, { name: 'A=B' }, { name: 'X', valueFrom: {} }, { name: 'Y', valueFrom: { configMapKeyRef: { name: 'cm' } } }] })] })),
    ).toEqual([
      'spec.containers[0].env[0].name: Required value',
      "spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      'spec.containers[0].env[2].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[3].valueFrom.configMapKeyRef.key: Required value',
    ]);
  });

  it('forbids most spec changes on update', () => {
    const old = pod({ containers: [c({ image: 'busybox:1' })] });
    expect(errorsOf(pod({ containers: [c({ image: 'busybox:2' })] }), old)).toEqual([]);
    expect(errorsOf(pod({ containers: [c({ command: ['sh'] })] }), old)[0]).toMatch(/^spec: Forbidden: pod updates may not change fields other than/);
  });
});

describe('Job and CronJob', () => {
  const job = (spec: Record<string, unknown>) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default' },
    spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], restartPolicy: 'Never' } }, ...spec },
  });

  it('accepts a Job and requires OnFailure or Never', () => {
    expect(errorsOf(job({}))).toEqual([]);
    const j = job({});
    delete (j.spec.template.spec as Record<string, unknown>).restartPolicy;
    expect(errorsOf(j)).toEqual(['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  });

  it('checks completions, parallelism and Indexed mode', () => {
    expect(errorsOf(job({ parallelism: -1 }))).toEqual(['spec.parallelism: Invalid value: -1: must be greater than or equal to 0']);
    expect(errorsOf(job({ completionMode: 'Indexed', parallelism: 2 }))).toEqual(['spec.completions: Required value: when completion mode is Indexed']);
  });

  it('keeps the template immutable', () => {
    const old = job({});
    const j = job({});
    j.spec.template.spec.containers[0].image = 'perl:2';
    expect(errorsOf(j, old)[0]).toMatch(/^spec.template: Invalid value: core.PodTemplateSpec.*: field is immutable$/);
  });

  const cron = (schedule: unknown) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default' },
    spec: { schedule, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'OnFailure' } } } } },
  });

  it('checks the schedule', () => {
    expect(errorsOf(cron('*/1 * * * *'))).toEqual([]);
    expect(errorsOf(cron('@hourly'))).toEqual([]);
    expect(errorsOf(cron(''))).toEqual(['spec.schedule: Required value']);
    expect(errorsOf(cron('* * *'))).toEqual(['spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]']);
    expect(errorsOf(cron('61 * * * *'))).toEqual(['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']);
    expect(errorsOf(cron('x * * * *'))).toEqual([
      'spec.schedule: Invalid value: "x * * * *": failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax',
    ]);
    expect(errorsOf(cron('TZ=UTC 0 * * * *'))).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });
});
