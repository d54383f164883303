import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../../api/store';
import type { KObject } from '../../api/types';
import { containerEnv, serviceEnv } from './env';

const svc = (name: string, ip: string, port: number, ns = 'default'): KObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec: { clusterIP: ip, ports: [{ port, protocol: 'TCP' }] },
});

describe('serviceEnv', () => {
  it('is computed again after any Service changes (it is cached between changes)', () => {
    const store = new ObjectStore();
    store.put('/Service', svc('kubernetes', '10.96.0.1', 443));
    const first = serviceEnv(store, 'default');
    expect(first.map(([k]) => k)).toContain('KUBERNETES_SERVICE_HOST');
    expect(serviceEnv(store, 'default')).toBe(first);
    store.put('/Service', svc('web', '10.96.0.20', 80));
    expect(Object.fromEntries(serviceEnv(store, 'default'))).toMatchObject({ WEB_SERVICE_HOST: '10.96.0.20', WEB_PORT: 'tcp://10.96.0.20:80' });
    store.put('/Service', svc('web', '10.96.0.21', 80));
    expect(Object.fromEntries(serviceEnv(store, 'default')).WEB_SERVICE_HOST).toBe('10.96.0.21');
    store.remove('/Service', 'default', 'web');
    expect(serviceEnv(store, 'default').some(([k]) => k.startsWith('WEB_'))).toBe(false);
    // Another namespace sees the kubernetes Service only.
    expect(serviceEnv(store, 'other').map(([k]) => k)).toEqual(first.map(([k]) => k));
  });
});

describe('containerEnv', () => {
  it('gives a container without env or envFrom what the general path gives (image, HOSTNAME, service links, HOME)', () => {
    const store = new ObjectStore();
    store.put('/Service', svc('kubernetes', '10.96.0.1', 443));
    store.put('/Service', svc('web', '10.96.0.20', 80, 'shop'));
    for (const enableServiceLinks of [undefined, false]) {
      for (const image of ['nginx:1.27', 'busybox:1.36', 'registry.example/app:1']) {
        const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop' }, spec: { enableServiceLinks, containers: [] } };
        const plain = containerEnv(store, pod, { name: 'app', image }, '10.244.1.5', '172.18.0.2', { cpu: 1000, memory: 1 });
        // An optional envFrom source that is missing adds nothing but takes the general path.
        const general = containerEnv(store, pod, { name: 'app', image, envFrom: [{ configMapRef: { name: 'absent', optional: true } }] }, '10.244.1.5', '172.18.0.2', { cpu: 1000, memory: 1 });
        expect(plain).toEqual(general);
        const names = 'env' in plain ? plain.env.map(([k]) => k) : [];
        expect(names.slice(1, 2)).toEqual(['HOSTNAME']);
        expect(names.includes('WEB_SERVICE_HOST')).toBe(enableServiceLinks !== false);
      }
    }
  });
});
