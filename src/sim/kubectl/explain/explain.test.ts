import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlAvailable, realKubectl, startOracle, type Oracle } from '../../../../scripts/explain-oracle';
import { generateSchemaFiles, servedKinds } from '../../../../scripts/schemas/generate';
import { Cluster } from '../../cluster';
import { BUILTIN_KINDS } from '../../api/kinds';
import type { ExplainData } from './format';
import { builtinSchemas } from './index';
import { indent, wrap } from './printer';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('schema generation', () => {
  it('the committed schema files are what scripts/gen-schemas.ts generates (run npm run schemas)', () => {
    for (const [path, text] of Object.entries(generateSchemaFiles(root))) {
      expect(readFileSync(join(root, path), 'utf8') === text, `${path} is out of date`).toBe(true);
    }
  });

  it('has a schema for every kind kubeplay serves, with descriptions', () => {
    const schemas = builtinSchemas();
    const gvks = new Set(
      Object.values(schemas).flatMap((s) => (s['x-kubernetes-group-version-kind'] ?? []).map((g) => `${g.group ? `${g.group}/` : ''}${g.version}/${g.kind}`)),
    );
    for (const { apiVersion, kind } of servedKinds()) expect(gvks, `${apiVersion} ${kind}`).toContain(`${apiVersion}/${kind}`);
    const deployment = schemas['io.k8s.api.apps.v1.Deployment'];
    expect(deployment.description).toBe('Deployment enables declarative updates for Pods and ReplicaSets.');
    expect(deployment.properties!.spec).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }],
      description: 'Specification of the desired behavior of the Deployment.',
    });
    expect(schemas['io.k8s.api.apps.v1.DeploymentSpec'].required).toEqual(['selector', 'template']);
    // Published shapes of the apimachinery types: explain prints their names, not `string`.
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].type).toBeUndefined();
    expect(schemas['io.k8s.apimachinery.pkg.api.resource.Quantity'].type).toBeUndefined();
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].type).toBe('string');
  });

  it('writes an editor schema with a definition per kind, closed objects and descriptions', () => {
    const file = JSON.parse(readFileSync(join(root, 'public/schemas/kubernetes.json'), 'utf8'));
    const deploy = file.kinds.find((k: { kind: string }) => k.kind === 'Deployment');
    expect(deploy).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', definition: 'io.k8s.api.apps.v1.Deployment' });
    const def = file.definitions['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(def.additionalProperties).toBe(false);
    expect(def.properties.replicas).toEqual({
      description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
      type: 'integer',
    });
    expect(def.properties.template.$ref).toBe('#/definitions/io.k8s.api.core.v1.PodTemplateSpec');
    expect(file.definitions['io.k8s.api.apps.v1.Deployment'].properties.apiVersion.enum).toEqual(['apps/v1']);
    expect(file.kinds.length).toBe(servedKinds().length);
  });
});

describe('explain printer helpers (kubectl funcs.go)', () => {
  it('wraps as go-wordwrap does: at spaces, long words overflow, newlines kept', () => {
    expect(wrap(10, 'aaa bbb ccc ddd')).toBe('aaa bbb\nccc ddd');
    expect(wrap(5, 'abcdefgh ij')).toBe('abcdefgh\nij');
    expect(wrap(20, 'one\ntwo three\n')).toBe('one\ntwo three\n');
    expect(indent(4, 'a\nb\n')).toBe('    a\n    b\n    ');
  });
});

const explain = (line: string) => new Cluster({}).kubectl(line);

describe('kubectl explain', () => {
  it('prints a field as kubectl 1.32 does', () => {
    const r = explain('kubectl explain deployment.spec.strategy');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        'GROUP:      apps',
        'KIND:       Deployment',
        'VERSION:    v1',
        '',
        'FIELD: strategy <DeploymentStrategy>',
        '',
        '',
        'DESCRIPTION:',
        '    The deployment strategy to use to replace existing pods with new ones.',
        '    DeploymentStrategy describes how to replace existing pods with new ones.',
        '    ',
        'FIELDS:',
        '  rollingUpdate\t<RollingUpdateDeployment>',
        '    Rolling update config params. Present only if DeploymentStrategyType =',
        '    RollingUpdate.',
        '',
        '  type\t<string>',
        '  enum: Recreate, RollingUpdate',
        '    Type of deployment. Can be "Recreate" or "RollingUpdate". Default is',
        '    RollingUpdate.',
        '',
        '',
        '',
      ].join('\n'),
    );
  });

  it('prints --recursive as an indented tree of names and types', () => {
    const r = explain('kubectl explain deploy.spec.strategy --recursive');
    expect(r.stdout).toContain('FIELDS:\n  rollingUpdate\t<RollingUpdateDeployment>\n    maxSurge\t<IntOrString>\n    maxUnavailable\t<IntOrString>\n  type\t<string>\n  enum: Recreate, RollingUpdate\n\n');
  });

  it('reports unknown resources and fields as kubectl does', () => {
    expect(explain('kubectl explain foo')).toMatchObject({ stderr: 'the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
    const r = explain('kubectl explain pods.spec.nope');
    expect(r).toMatchObject({ stdout: 'KIND:       Pod\nVERSION:    v1\n\n', stderr: 'error: field "nope" does not exist\n', exitCode: 1 });
    expect(explain('kubectl explain').stderr).toContain('You must specify the type of resource to explain.');
    expect(explain('kubectl explain pods -o foo').stderr).toBe('error: unrecognized format: foo\n');
  });

  it('explains custom resources from their CRD schema', () => {
    const c = new Cluster({});
    c.apply(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  names: {kind: CronTab, plural: crontabs, singular: crontab, shortNames: [ct]}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: The crontab's schedule and image.
            properties:
              cronSpec: {type: string, description: A cron schedule.}
              replicas: {type: integer}
`);
    const r = c.kubectl('kubectl explain ct.spec');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("GROUP:      stable.example.com\nKIND:       CronTab\nVERSION:    v1\n\nFIELD: spec <Object>\n\n\nDESCRIPTION:\n    The crontab's schedule and image.\n");
    expect(r.stdout).toContain('  cronSpec\t<string>\n    A cron schedule.\n');
    expect(r.stdout).toContain('  replicas\t<integer>\n    <no description>\n');
  });
});

// The same schemas served to the real kubectl 1.32 by a fake API server: our printer must print
// exactly what kubectl prints. Skipped where no kubectl 1.32 binary is installed.
const haveKubectl = kubectlAvailable();

describe.skipIf(!haveKubectl)('kubectl explain against the real kubectl 1.32', () => {
  let oracle: Oracle;
  beforeAll(async () => {
    const data = JSON.parse(readFileSync(join(root, 'src/sim/kubectl/explain/schemas.json'), 'utf8')) as ExplainData;
    oracle = await startOracle(data);
  });
  afterAll(async () => oracle?.close());

  const cases = [
    ...BUILTIN_KINDS.filter((k) => k.kind !== 'Event' || k.group === '').map((k) => k.plural),
    'deployment.spec.strategy',
    'deployments.apps.spec.template.spec.containers',
    'deploy.spec.strategy.rollingUpdate.maxSurge',
    'pods.spec.containers.resources',
    'pod.spec.containers.resources.limits',
    'pods.spec.volumes.configMap.items',
    'pod.spec.affinity.nodeAffinity',
    'pods.metadata.labels',
    'pods.metadata.creationTimestamp',
    'svc.spec.ports',
    'service.spec.type',
    'ingress.spec.rules.http.paths.pathType',
    'cronjob.spec.jobTemplate.spec.template.spec.restartPolicy',
    'crd.spec.versions.schema.openAPIV3Schema',
    'crd.spec.versions.schema.openAPIV3Schema.properties',
    'configmap.data',
    'node.status.capacity',
    'hpa.spec.metrics',
    'deployment --recursive',
    'statefulset.spec --recursive',
    'crd.spec.versions --recursive',
    'pods --recursive',
    'hpa --api-version=autoscaling/v1',
    'hpa.spec --api-version=autoscaling/v1',
    'pods.spec.nope',
    'deploy.apps.spec.replicas',
    'nosuchthing',
  ];
  for (const args of cases) {
    it(`kubectl explain ${args}`, async () => {
      const real = await realKubectl(oracle, ['explain', ...args.split(' ')]);
      const ours = explain(`kubectl explain ${args}`);
      expect(ours.stdout).toBe(real.stdout);
      expect(ours.stderr).toBe(real.stderr);
      expect(ours.exitCode).toBe(real.status);
    });
  }
});
