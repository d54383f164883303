import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';

describe('kubectl get -w', () => {
  it('prints the list, then a row per change until --request-timeout, keeping column widths', () => {
    const c = new Cluster({ seed: 1 });
    c.kubectl('create configmap a --from-literal=k=v');
    c.on('test.create', () => {
      c.kubectl('create configmap a-much-longer-name --from-literal=k=v');
    });
    c.on('test.delete', () => {
      c.kubectl('delete configmap a');
    });
    c.schedule(c.nowMs + 2000, 'test.create', null);
    c.schedule(c.nowMs + 3000, 'test.delete', null);
    c.schedule(c.nowMs + 9000, 'test.create', null);
    const start = c.nowMs;
    const r = c.kubectl('get cm -w --request-timeout=5s');
    expect(r.output).toBe(
      [
        'NAME               DATA   AGE',
        'a                  1      0s',
        'kube-root-ca.crt   1      0s',
        'a-much-longer-name   1      0s',
        'a                    1      3s',
        '',
      ].join('\n'),
    );
    expect(c.nowMs).toBe(start + 5000);
  });

  it('--output-watch-events prefixes the event type', () => {
    const c = new Cluster({ seed: 1 });
    c.on('test.create', () => c.kubectl('create namespace later'));
    c.schedule(c.nowMs + 1000, 'test.create', null);
    const r = c.kubectl('get ns -w --watch-only --output-watch-events --request-timeout=2s');
    expect(r.output).toBe('EVENT   NAME    STATUS   AGE\nADDED   later   Active   0s\n');
  });
});
