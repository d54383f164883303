import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/types';
import { computeZoneState, NODE_EVICTION_RATE, SECONDARY_NODE_EVICTION_RATE, zoneKey, zoneTaintingQPS } from './zones';

const nodeWith = (labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels } }) as KObject;

describe('node lifecycle zones', () => {
  it('zoneKey joins region and zone with :\\0: (the beta labels first), empty without either', () => {
    expect(zoneKey(nodeWith({}))).toBe('');
    expect(zoneKey(nodeWith({ 'topology.kubernetes.io/zone': 'z1' }))).toBe(':\u0000:z1');
    expect(zoneKey(nodeWith({ 'topology.kubernetes.io/region': 'r', 'failure-domain.beta.kubernetes.io/region': 'old', 'topology.kubernetes.io/zone': 'z' }))).toBe('old:\u0000:z');
  });

  it('computeZoneState: no ready node is a full disruption; > 2 and ≥ 55% not ready is partial', () => {
    expect(computeZoneState(['False', undefined])).toBe('FullDisruption');
    expect(computeZoneState(['True', 'False', 'False'])).toBe('Normal');
    expect(computeZoneState(['True', 'True', 'False', 'False', 'Unknown'])).toBe('PartialDisruption');
    expect(computeZoneState(['True', 'True', 'True', 'False', 'False', 'False'])).toBe('Normal');
  });

  it('zoneTaintingQPS: a partial disruption slows large zones and stops small ones', () => {
    expect(zoneTaintingQPS(3, 'Normal')).toBe(NODE_EVICTION_RATE);
    expect(zoneTaintingQPS(51, 'PartialDisruption')).toBe(SECONDARY_NODE_EVICTION_RATE);
    expect(zoneTaintingQPS(50, 'PartialDisruption')).toBe(0);
  });
});
