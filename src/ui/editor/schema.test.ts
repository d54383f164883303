import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../sim/api/types';
import { buildRootSchema, crdKinds, crdSchemaKey, editableCrdSchema, type EditorSchemaFile } from './schema';

const file = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../../public/schemas/kubernetes.json'), 'utf8'),
) as EditorSchemaFile;

const crd: KObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'crontabs.stable.example.com', resourceVersion: '5' },
  spec: {
    group: 'stable.example.com',
    names: { kind: 'CronTab', plural: 'crontabs' },
    versions: [
      { name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { cronSpec: { type: 'string' } } } } } } },
      { name: 'v0', served: false },
    ],
  },
};

type Rule = { if: { properties: Record<string, { const: string }> }; then: { $ref: string } };

describe('editor schema', () => {
  it('picks each built-in kind\'s definition by kind, and by apiVersion where a kind has several', () => {
    const root = buildRootSchema(file);
    const rules = root.allOf as Rule[];
    const deploy = rules.find((r) => r.if.properties.kind.const === 'Deployment')!;
    expect(deploy.then.$ref).toBe('#/definitions/io.k8s.api.apps.v1.Deployment');
    expect(deploy.if.properties.apiVersion).toBeUndefined();
    const hpas = rules.filter((r) => r.if.properties.kind.const === 'HorizontalPodAutoscaler');
    expect(hpas.map((r) => r.if.properties.apiVersion.const).sort()).toEqual(['autoscaling/v1', 'autoscaling/v2']);
    const kinds = (root.properties as { kind: { enum: string[] } }).kind.enum;
    expect(kinds).toContain('Pod');
    expect(kinds).toContain('List');
    expect((root.definitions as Record<string, unknown>)['io.k8s.api.core.v1.PodSpec']).toBeDefined();
  });

  it('adds the served versions of CRDs with the standard fields', () => {
    const { kinds, definitions } = crdKinds([crd]);
    expect(kinds).toEqual([{ apiVersion: 'stable.example.com/v1', kind: 'CronTab', definition: 'crd.stable.example.com.v1.CronTab' }]);
    const def = definitions['crd.stable.example.com.v1.CronTab'] as { properties: Record<string, { enum?: string[]; $ref?: string }> };
    expect(Object.keys(def.properties).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(def.properties.apiVersion.enum).toEqual(['stable.example.com/v1']);
    expect(def.properties.metadata.$ref).toBe('#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    const root = buildRootSchema(file, [crd]);
    expect((root.allOf as Rule[]).some((r) => r.if.properties.kind.const === 'CronTab')).toBe(true);
    expect(crdSchemaKey([crd])).toBe('crontabs.stable.example.com@5');
    expect(crdKinds([{ ...crd, metadata: { ...crd.metadata, deletionTimestamp: 'x' } }]).kinds).toEqual([]);
  });

  it('closes CRD objects unless they preserve unknown fields, and maps int-or-string and nullable', () => {
    const s = editableCrdSchema({
      type: 'object',
      properties: {
        spec: { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true }, note: { type: 'string', nullable: true } } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } },
        list: { type: 'array', items: { type: 'object', properties: { b: { type: 'integer' } } } },
      },
    }) as { additionalProperties: unknown; properties: Record<string, { additionalProperties?: unknown; properties?: Record<string, unknown>; items?: { additionalProperties?: unknown } }> };
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.spec.additionalProperties).toBe(false);
    expect(s.properties.spec.properties!.port).toEqual({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(s.properties.spec.properties!.note).toEqual({ type: ['string', 'null'], nullable: true });
    expect(s.properties.extra.additionalProperties).toBeUndefined();
    expect(s.properties.list.items!.additionalProperties).toBe(false);
    const root = buildRootSchema(file, [crd]);
    const defs = root.definitions as Record<string, { title?: string }>;
    expect(defs['io.k8s.api.apps.v1.Deployment'].title).toBe('Deployment (apps/v1)');
    expect(defs['crd.stable.example.com.v1.CronTab'].title).toBe('CronTab (stable.example.com/v1)');
  });
});
