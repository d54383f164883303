import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDefaults } from '../defaults';
import { BUILTIN_KINDS } from '../kinds';
import type { KObject } from '../types';
import { validateObjectUnsafe } from './index';
import { formatFieldError, invalidStatus } from './errors';
import { SAMPLES, deployment, errorsOf, kindOf } from './testutil';

const kinds = BUILTIN_KINDS;

/** Arbitrary JSON, biased towards the field names validation reads. */
const FIELD_NAMES = [
  'spec', 'metadata', 'name', 'namespace', 'labels', 'annotations', 'selector', 'matchLabels', 'matchExpressions',
  'template', 'containers', 'initContainers', 'image', 'ports', 'containerPort', 'resources', 'limits', 'requests',
  'volumes', 'volumeMounts', 'env', 'valueFrom', 'replicas', 'strategy', 'rollingUpdate', 'maxSurge', 'type',
  'rules', 'http', 'paths', 'backend', 'service', 'port', 'schedule', 'jobTemplate', 'data', 'stringData',
  'livenessProbe', 'httpGet', 'updateStrategy', 'restartPolicy', 'subjects', 'roleRef', 'versions', 'names',
  'scaleTargetRef', 'metrics', 'behavior', 'accessModes', 'capacity', 'limits', 'hard', 'endpoints', 'subsets',
  'volumeClaimTemplates', 'persistentVolumeClaim', 'configMap', 'secret', 'tolerations', 'affinity', 'clusterIP',
];
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.constantFrom('', 'Always', 'Never', 'RollingUpdate', 'Recreate', '25%', '1Gi', 'None', 'ClientIP', 'In', 'TCP'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string()), tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('validation and defaulting never throw', () => {
  it('on arbitrary JSON for every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), json, json, (info, body, oldBody) => {
        const obj = { ...(typeof body === 'object' && body !== null ? body : { spec: body }), apiVersion: 'x', kind: info.kind } as KObject;
        applyDefaults(obj, info);
        const errs = validateObjectUnsafe(obj, info);
        const upd = validateObjectUnsafe(obj, info, oldBody);
        for (const e of [...errs, ...upd]) expect(typeof formatFieldError(e)).toBe('string');
        invalidStatus(info, 'x', errs);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 3000) },
    );
  });

  it('on mutations of a valid Deployment', () => {
    const info = kinds.find((k) => k.kind === 'Deployment')!;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(fc.constantFrom(...FIELD_NAMES, '0'), { minLength: 1, maxLength: 5 }), json), { maxLength: 4 }), (edits) => {
        const obj = deployment() as unknown as Record<string, unknown>;
        for (const [path, value] of edits) {
          let cur: unknown = obj;
          for (const p of path.slice(0, -1)) {
            if (typeof cur !== 'object' || cur === null) break;
            cur = (cur as Record<string, unknown>)[p];
          }
          if (typeof cur === 'object' && cur !== null) (cur as Record<string, unknown>)[path[path.length - 1]] = value;
        }
        applyDefaults(obj as KObject, info);
        validateObjectUnsafe(obj, info);
        validateObjectUnsafe(obj, info, deployment());
      }),
      { numRuns: 2000 },
    );
  });

  it('on non-object input', () => {
    for (const info of kinds) {
      for (const x of [null, 1, 'x', [], true]) {
        applyDefaults(x as unknown as KObject, info);
        expect(validateObjectUnsafe(x, info).length).toBeGreaterThan(0);
      }
    }
  });
});

describe('valid samples', () => {
  it('pass validation after defaulting', () => {
    for (const s of SAMPLES) expect([s.kind, errorsOf(s)]).toEqual([s.kind, []]);
  });

  it('survive random edits at random paths', () => {
    const paths = (o: unknown, prefix: string[] = [], out: string[][] = []): string[][] => {
      if (typeof o === 'object' && o !== null)
        for (const [k, v] of Object.entries(o)) {
          out.push([...prefix, k]);
          paths(v, [...prefix, k], out);
        }
      return out;
    };
    fc.assert(
      fc.property(fc.nat(SAMPLES.length - 1), fc.array(fc.tuple(fc.nat(), json), { minLength: 1, maxLength: 3 }), (i, edits) => {
        const sample = SAMPLES[i];
        const obj = structuredClone(sample) as unknown as Record<string, unknown>;
        const all = paths(obj);
        for (const [n, value] of edits) {
          const path = all[n % all.length];
          let cur: unknown = obj;
          for (const p of path.slice(0, -1)) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[p] : undefined;
          if (typeof cur === 'object' && cur !== null) (cur as Record<string, unknown>)[path[path.length - 1]] = value;
        }
        const info = kindOf(sample);
        applyDefaults(obj as KObject, info);
        validateObjectUnsafe(obj, info).map(formatFieldError);
        validateObjectUnsafe(obj, info, sample).map(formatFieldError);
        validateObjectUnsafe(sample, info, obj).map(formatFieldError);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 5000) },
    );
  });
});
