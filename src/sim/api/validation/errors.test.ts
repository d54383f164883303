import { describe, expect, it } from 'vitest';
import { aggregateMessage, formatFieldError, invalidStatus, kubectlInvalidMessage, notSupported, required, type FieldError } from './errors';
import { BUILTIN_KINDS } from '../kinds';
import { goLabelSelector, goStringMap } from './gorepr';

const deployments = BUILTIN_KINDS.find((k) => k.kind === 'Deployment')!;

describe('formatFieldError', () => {
  it('renders each error type like field.Error.Error()', () => {
    expect(formatFieldError(required('spec.selector'))).toBe('spec.selector: Required value');
    expect(formatFieldError(required('metadata.name', 'name or generateName is required'))).toBe(
      'metadata.name: Required value: name or generateName is required',
    );
    expect(formatFieldError(notSupported('spec.restartPolicy', 'Sometimes', ['Always', 'OnFailure', 'Never']))).toBe(
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
    expect(formatFieldError({ type: 'Duplicate', field: 'spec.template.spec.containers[0].name', value: 'web' })).toBe(
      'spec.template.spec.containers[0].name: Duplicate value: "web"',
    );
    expect(formatFieldError({ type: 'Forbidden', field: 'spec.selector', value: 'x', detail: 'no' })).toBe('spec.selector: Forbidden: no');
    expect(formatFieldError({ type: 'NotFound', field: 'spec.containers[0].volumeMounts[0].name', value: 'data' })).toBe(
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    );
    expect(formatFieldError({ type: 'TooLong', field: 'metadata.annotations', value: '', detail: 'may not be longer than 262144' })).toBe(
      'metadata.annotations: Too long: may not be longer than 262144',
    );
  });

  it('renders values as Go does: strings quoted, numbers and booleans bare, nil as null', () => {
    expect(formatFieldError({ type: 'Invalid', field: 'f', value: -1, detail: 'd' })).toBe('f: Invalid value: -1: d');
    expect(formatFieldError({ type: 'Invalid', field: 'f', value: true, detail: 'd' })).toBe('f: Invalid value: true: d');
    expect(formatFieldError({ type: 'Invalid', field: 'f', value: null, detail: 'd' })).toBe('f: Invalid value: null: d');
    expect(formatFieldError({ type: 'Invalid', field: 'f', value: 'a"b', detail: 'd' })).toBe('f: Invalid value: "a\\"b": d');
    expect(formatFieldError({ type: 'Invalid', field: 'f', value: { a: 1 }, detail: 'd' })).toBe('f: Invalid value: {"a":1}: d');
    expect(formatFieldError({ type: 'Invalid', field: 'f', omitValue: true, detail: 'd' })).toBe('f: Invalid value: d');
  });

  it('renders Go composite values', () => {
    expect(goStringMap({ b: '2', a: '1' })).toBe('map[string]string{"a":"1", "b":"2"}');
    expect(goStringMap(undefined)).toBe('map[string]string(nil)');
    expect(goLabelSelector({ matchLabels: { app: 'x' } })).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    );
  });
});

describe('invalidStatus', () => {
  const one: FieldError[] = [required('spec.selector')];
  const two: FieldError[] = [required('spec.selector'), { type: 'Invalid', field: 'spec.replicas', value: -1, detail: 'must be greater than or equal to 0' }];

  it('builds the 422 Status of apierrors.NewInvalid', () => {
    expect(invalidStatus(deployments, 'web', one)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Deployment.apps "web" is invalid: spec.selector: Required value',
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' }],
      },
      code: 422,
    });
    expect(invalidStatus(deployments, 'web', two).message).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]',
    );
    expect(invalidStatus(deployments, 'web', two).details!.causes![1].reason).toBe('FieldValueInvalid');
  });

  it('drops duplicate messages in the aggregate', () => {
    expect(aggregateMessage([required('a'), required('a')])).toBe('a: Required value');
  });

  it('formats what kubectl prints', () => {
    expect(kubectlInvalidMessage(invalidStatus(deployments, 'web', one))).toBe('The Deployment "web" is invalid: spec.selector: Required value');
    expect(kubectlInvalidMessage(invalidStatus(deployments, 'web', two))).toBe(
      'The Deployment "web" is invalid: \n* spec.selector: Required value\n* spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });
});
