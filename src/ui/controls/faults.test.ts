import { describe, expect, it } from 'vitest';
import type { KObject } from '../../sim/api/types';
import { POD_ACTIONS, actionsFor } from './faults';

const pod = (containers: unknown[]): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', uid: 'u1' }, spec: { containers } });

describe('pod fault actions', () => {
  it('offers probe faults only for a pod with that probe, aimed at the container that has it', () => {
    const plain = pod([{ name: 'app', image: 'nginx' }]);
    expect(actionsFor(POD_ACTIONS, plain).map((a) => a.name)).toEqual(['pod.delete', 'pod.kill']);
    const probed = pod([{ name: 'app', image: 'nginx' }, { name: 'side', image: 'nginx', readinessProbe: { httpGet: { port: 80 } } }]);
    const offered = actionsFor(POD_ACTIONS, probed);
    expect(offered.map((a) => a.name)).toEqual(['pod.delete', 'pod.kill', 'pod.failReadiness', 'pod.heal']);
    const t = { name: 'web', namespace: 'shop', object: probed };
    expect(offered.find((a) => a.name === 'pod.failReadiness')!.line(t)).toBe('kubeplay pod fail-readiness web -n shop -c side');
    expect(offered.find((a) => a.name === 'pod.heal')!.line(t)).toBe('kubeplay pod heal web -n shop');
    const live = pod([{ name: 'app', image: 'nginx', livenessProbe: { tcpSocket: { port: 80 } } }]);
    expect(actionsFor(POD_ACTIONS, live).find((a) => a.name === 'pod.failLiveness')!.line({ name: 'web', object: live })).toBe(
      'kubeplay pod fail-liveness web -n default -c app',
    );
    // Unknown object (not mirrored yet): only the actions that always apply.
    expect(actionsFor(POD_ACTIONS, undefined).map((a) => a.name)).toEqual(['pod.delete', 'pod.kill']);
  });
});
