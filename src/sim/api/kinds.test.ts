import { describe, expect, it } from 'vitest';
import { KindRegistry, type KindInfo } from './kinds';
import { keyOf } from './server.util';

const widget = (version: string): KindInfo => ({
  kind: 'Widget', group: 'example.com', version, plural: 'widgets', singular: 'widget', shortNames: [], namespaced: true, custom: true,
});

describe('KindRegistry lookups (answers kept until the kinds change)', () => {
  it('resolves built-in kinds by apiVersion and kind, and refuses removed versions and unknown kinds', () => {
    const k = new KindRegistry();
    expect(k.byApiVersionKind('apps/v1', 'Deployment')?.kind).toBe('Deployment');
    expect(k.byApiVersionKind('apps/v1', 'Deployment')).toBe(k.byApiVersionKind('apps/v1', 'Deployment'));
    expect(k.byApiVersionKind('v1', 'Pod')?.group).toBe('');
    expect(k.byApiVersionKind('apps/v1beta1', 'Deployment')).toBeUndefined();
    expect(k.byApiVersionKind('v1', 'Nope')).toBeUndefined();
    expect(k.byKind('Pod')?.version).toBe('v1');
    expect(k.byKind('Nope')).toBeUndefined();
  });

  it('sees a kind registered, replaced or unregistered after a lookup missed or hit', () => {
    const k = new KindRegistry();
    expect(k.byApiVersionKind('example.com/v1', 'Widget')).toBeUndefined();
    expect(k.byKind('Widget')).toBeUndefined();
    k.register(widget('v1'));
    expect(k.byApiVersionKind('example.com/v1', 'Widget')?.version).toBe('v1');
    expect(k.byKind('Widget')?.version).toBe('v1');
    k.register(widget('v2'));
    expect(k.byApiVersionKind('example.com/v1', 'Widget')).toBeUndefined();
    expect(k.byApiVersionKind('example.com/v2', 'Widget')?.version).toBe('v2');
    expect(k.byKind('Widget')?.version).toBe('v2');
    k.unregister('example.com', 'Widget');
    expect(k.byApiVersionKind('example.com/v2', 'Widget')).toBeUndefined();
    expect(k.byKind('Widget')).toBeUndefined();
  });

  it('keyOf gives group/kind, the same string for the same KindInfo', () => {
    const k = new KindRegistry();
    expect(keyOf(k.byKind('Deployment')!)).toBe('apps/Deployment');
    expect(keyOf(k.byKind('Pod')!)).toBe('/Pod');
    expect(keyOf(widget('v1'))).toBe('example.com/Widget');
  });
});
