import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { Network } from './http';
import { PORT_FORWARD_SERVICE, parseAddresses, parsePorts, type PortForwards } from './portforward';

/** A cluster with nginx pod `web` (port 80) running. */
function cluster(seed = 3): { c: Cluster; net: Network; pf: PortForwards } {
  const c = new Cluster({ seed });
  c.kubectl('run web --image=nginx:1.27 --port=80');
  c.runUntilIdle();
  c.advance(5000);
  return { c, net: c.service<Network>('network')!, pf: c.service<PortForwards>(PORT_FORWARD_SERVICE)! };
}

describe('port-forward: parsing as client-go does', () => {
  it('addresses: localhost is both loopbacks, sorted; bad ones are rejected', () => {
    expect(parseAddresses(['localhost'])).toEqual([
      { address: '127.0.0.1', protocol: 'tcp4', failureMode: 'all' },
      { address: '::1', protocol: 'tcp6', failureMode: 'all' },
    ]);
    const mixed = parseAddresses(['localhost', '10.1.2.3', '127.0.0.1']);
    expect('error' in mixed ? mixed : mixed.map((x) => `${x.address}/${x.failureMode}`)).toEqual(['10.1.2.3/any', '127.0.0.1/any', '::1/all']);
    expect(parseAddresses(['0.0.0.0', '::'])).toEqual([
      { address: '0.0.0.0', protocol: 'tcp4', failureMode: 'any' },
      { address: '::', protocol: 'tcp6', failureMode: 'any' },
    ]);
    expect(parseAddresses(['example.com'])).toEqual({ error: 'example.com is not a valid IP' });
  });

  it('ports: N, L:R, :R (random local), and Go errors', () => {
    expect(parsePorts(['5000', '8888:5000', ':80', '0:81'])).toEqual([
      { local: 5000, remote: 5000 }, { local: 8888, remote: 5000 }, { local: 0, remote: 80 }, { local: 0, remote: 81 },
    ]);
    expect(parsePorts(['1:2:3'])).toEqual({ error: "invalid port format '1:2:3'" });
    expect(parsePorts(['x:80'])).toEqual({ error: `error parsing local port 'x': strconv.ParseUint: parsing "x": invalid syntax` });
    expect(parsePorts(['80:70000'])).toEqual({ error: `error parsing remote port '70000': strconv.ParseUint: parsing "70000": value out of range` });
    expect(parsePorts(['80:0'])).toEqual({ error: 'remote port must be > 0' });
  });
});

describe('port-forward sessions', () => {
  it('localhost:PORT from outside reaches the one pod and prints a line per connection', () => {
    const { c, net, pf } = cluster();
    const r = c.kubectl('port-forward web 8080:80');
    expect(r.output).toBe('Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n');
    expect(r.exitCode).toBe(0);
    for (const url of ['http://localhost:8080/', 'http://127.0.0.1:8080/index.html']) {
      expect(net.httpGet(null, url)).toMatchObject({ status: 200, via: 'PortForward', pod: { namespace: 'default', name: 'web' } });
    }
    expect(pf.takeOutputText()).toBe('Handling connection for 8080\nHandling connection for 8080\n');
    expect(pf.takeOutput()).toEqual([]);
    // Nothing listens on other ports; 80 is still the ingress controller's.
    expect(net.httpGet(null, 'http://localhost:8081/')).toMatchObject({ failure: 'refused', message: "Failed to connect to localhost port 8081 after 0 ms: Couldn't connect to server" });
    expect(net.httpGet(null, 'http://localhost/').via).toBe('Ingress');
    // Inside a pod, localhost is the pod's own.
    expect(net.httpGet({ namespace: 'default', name: 'web' }, 'http://localhost:8080/')).toMatchObject({ failure: 'refused', via: 'PodIP' });
  });

  it('a port taken on one loopback is tolerated; on both it fails; a foreign IP cannot be bound', () => {
    const { c } = cluster();
    // kind's API server listens on 127.0.0.1:6443 only: kubectl binds [::1] alone, silently.
    expect(c.kubectl('port-forward web 6443:80').output).toBe('Forwarding from [::1]:6443 -> 80\n');
    c.kubectl('port-forward --address 0.0.0.0 web 9000:80');
    expect(c.kubectl('port-forward web 9000:80').output).toBe('Forwarding from [::1]:9000 -> 80\n');
    const r = c.kubectl('port-forward web 9000:80');
    expect(r.exitCode).toBe(1);
    expect(r.output).toBe(
      'Unable to listen on port 9000: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:9000: bind: address already in use unable to create listener: Error listen tcp6 [::1]:9000: bind: address already in use]\n' +
        'error: unable to listen on any of the requested ports: [{9000 80}]\n',
    );
    // One port of two failing is reported; the other forwards.
    const two = c.kubectl('port-forward web 9100:80 9000:80');
    expect(two.exitCode).toBe(0);
    expect(two.stdout).toBe('Forwarding from 127.0.0.1:9100 -> 80\nForwarding from [::1]:9100 -> 80\n');
    expect(two.stderr).toMatch(/^Unable to listen on port 9000: /);
    // An explicit address must bind ("any"): a foreign IP fails even when localhost binds.
    const foreign = c.kubectl('port-forward --address localhost,10.0.0.5 web 9200:80');
    expect(foreign.output).toBe(
      'Forwarding from 127.0.0.1:9200 -> 80\nForwarding from [::1]:9200 -> 80\n' +
        'Unable to listen on port 9200: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 10.0.0.5:9200: bind: cannot assign requested address]\n' +
        'error: unable to listen on any of the requested ports: [{9200 80}]\n',
    );
    expect(foreign.exitCode).toBe(1);
  });

  it('the session ends at the first connection after its pod is gone: lost connection', () => {
    const { c, net, pf } = cluster();
    c.kubectl('port-forward web 8080:80');
    c.kubectl('delete pod web');
    expect(pf.sessions()).toHaveLength(1);
    expect(net.httpGet(null, 'http://localhost:8080/')).toMatchObject({ failure: 'empty-reply', pod: { name: 'web' } });
    const lines = pf.takeOutput().map((l) => `${l.stream} ${l.text}`);
    expect(lines[0]).toBe('out Handling connection for 8080');
    expect(lines[1]).toMatch(/^err E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ portforward\.go:413\] "Unhandled Error" err="an error occurred forwarding 8080 -> 80: error forwarding port 80 to pod [0-9a-f]{64}, uid : failed to find sandbox \\"[0-9a-f]{64}\\" in store: not found"$/);
    expect(lines[2]).toBe('err error: lost connection to pod');
    expect(pf.sessions()).toHaveLength(0);
    expect(net.httpGet(null, 'http://localhost:8080/').failure).toBe('refused');
  });

  it('a pod on a powered-off node: connections time out, the session stays', () => {
    const { c, net, pf } = cluster();
    c.kubectl('port-forward web 8080:80');
    const node = c.get('/Pod', 'default', 'web')!.spec!.nodeName as string;
    c.control(`kubeplay node crash ${node}`);
    expect(net.request(null, 'GET', 'http://localhost:8080/', { timeoutMs: 1000 })).toMatchObject({ failure: 'timeout', latencyMs: 1000 });
    expect(pf.takeOutputText()).toMatch(/^Handling connection for 8080\nE.* "Unhandled Error" err="error creating error stream for port 8080 -> 80: Timeout occurred"\n$/);
    expect(pf.sessions()).toHaveLength(1);
    // A new port-forward cannot even reach the kubelet.
    expect(c.kubectl('port-forward web 8081:80').stderr).toMatch(/^error: error upgrading connection: error dialing backend: dial tcp 172\.18\.0\.\d+:10250: connect: no route to host\n$/);
  });

  it('sessions survive snapshot and restore; stop frees the port', () => {
    const { c, net } = cluster();
    c.kubectl('port-forward web :80');
    const restored = Cluster.restore(c.snapshot());
    const pf = restored.service<PortForwards>(PORT_FORWARD_SERVICE)!;
    const port = pf.sessions()[0].listeners[0].local;
    expect(port).toBeGreaterThanOrEqual(32768);
    expect(port).toBeLessThanOrEqual(60999);
    expect(restored.service<Network>('network')!.httpGet(null, `http://localhost:${port}/`).status).toBe(200);
    expect(net.httpGet(null, `http://localhost:${port}/`).status).toBe(200);
    expect(restored.control(`kubeplay port-forward stop ${port}`).output).toBe(`port-forward web (127.0.0.1:${port}->80,[::1]:${port}->80) stopped\n`);
    expect(restored.control('kubeplay port-forward list').output).toBe('No port-forwards.\n');
    expect(restored.control('kubeplay port-forward stop').output).toBe('kubeplay: no port-forward is running\n');
    expect(restored.control('kubeplay port-forward nope').exitCode).toBe(1);
  });
});
