import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../../api/store';
import type { KObject } from '../../api/types';
import { serviceEnv } from './env';

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
