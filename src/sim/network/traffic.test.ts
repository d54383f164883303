import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { TRAFFIC_SERVICE, type TrafficGenerator } from './traffic';
import { fakeNode, fixturePod, service, setPodStatus } from './testutil';

function cluster(): Cluster {
  const c = new Cluster({ seed: 13, nodes: 1 });
  fakeNode(c, 'fake-node-1', '172.18.0.101');
  fixturePod(c, 'web-a', { ip: '10.244.1.2' });
  fixturePod(c, 'web-b', { ip: '10.244.1.3' });
  fixturePod(c, 'web-c', { ip: '10.244.1.4' });
  service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
  c.runUntilIdle();
  return c;
}

const gen = (c: Cluster) => c.service<TrafficGenerator>(TRAFFIC_SERVICE)!;

describe('traffic generator', () => {
  it('sends N requests per virtual second in the background and aggregates them', () => {
    const c = cluster();
    expect(c.control('kubeplay traffic start web --to http://web/ --rps 10').output).toBe('traffic/web started: 10 requests/s to http://web/\n');
    // A running client does not keep runUntilIdle busy.
    expect(c.runUntilIdle()).toBe(0);
    c.advance(10_000);
    const client = gen(c).client('web')!;
    expect(client.sent).toBe(100);
    expect(client.succeeded).toBe(100);
    expect(Object.values(client.byPod).reduce((a, b) => a + b, 0)).toBe(100);
    expect(Object.keys(client.byPod).sort()).toEqual(['default/web-a', 'default/web-b', 'default/web-c']);
    expect(gen(c).recent().length).toBe(100);
    expect(gen(c).recent(95).map((r) => r.seq)).toEqual([96, 97, 98, 99, 100]);
  });

  it('records why requests fail: a not-ready pod leaves rotation, no endpoints are refused', () => {
    const c = cluster();
    c.control('kubeplay traffic start web --to http://web/ --rps 20');
    c.advance(5000);
    setPodStatus(c, 'web-a', { ready: false });
    c.advance(5000);
    const before = gen(c).client('web')!.byPod['default/web-a'];
    c.advance(5000);
    expect(gen(c).client('web')!.byPod['default/web-a']).toBe(before);
    setPodStatus(c, 'web-b', { ready: false });
    setPodStatus(c, 'web-c', { ready: false });
    c.advance(5000);
    const client = gen(c).client('web')!;
    expect(client.sent).toBe(400);
    expect(client.failed['no endpoints']).toBeGreaterThanOrEqual(99);
    const report = c.control('kubeplay traffic report web').output;
    expect(report.split('\n')[0]).toBe('CLIENT   TO            FROM        RPS   STATE     SENT   OK    FAILED   SUCCESS   AVG LATENCY   AGE');
    expect(report).toContain('FAILED BY REASON   REQUESTS   SHARE\nno endpoints ');
    expect(report).toContain('ANSWERED BY   REQUESTS   SHARE\nweb-a ');
  });

  it('stop, unknown names and bad flags', () => {
    const c = cluster();
    c.control('kubeplay traffic start web --to http://web/ --rps 5');
    c.advance(2000);
    expect(c.control('kubeplay traffic start web --to http://web/ --rps 5').output).toBe('kubeplay: traffic client "web" is already running\n');
    expect(c.control('kubeplay traffic stop web').output).toBe('traffic/web stopped after 10 requests (10 ok, 0 failed)\n');
    c.advance(2000);
    expect(gen(c).client('web')!.sent).toBe(10);
    expect(c.control('kubeplay traffic stop nope').output).toBe('kubeplay: traffic client "nope" not found\n');
    expect(c.control('kubeplay traffic start x --to http://web/').output).toBe('kubeplay: --rps N is required\n');
    expect(c.control('kubeplay traffic start x --to http://web/ --rps 1 --from ghost').output).toBe('kubeplay: pod "ghost" not found in namespace "default"\n');
    // Restarting a stopped client starts its counts afresh.
    c.control('kubeplay traffic start web --to http://web/ --rps 5');
    c.advance(1000);
    expect(gen(c).client('web')!.sent).toBe(5);
  });

  it('survives snapshot and restore: the restored run continues identically', () => {
    const c = cluster();
    fixturePod(c, 'client', { ip: '10.244.1.9', labels: { app: 'client' } });
    c.control('kubeplay traffic start web --to http://web/ --rps 10 --from client');
    c.advance(3050);
    const snap = c.snapshot();
    c.advance(7000);
    const restored = Cluster.restore(snap);
    restored.advance(7000);
    expect(gen(restored).client('web')).toEqual(gen(c).client('web'));
    expect(gen(restored).recent()).toEqual(gen(c).recent());
    expect(gen(c).client('web')!.sent).toBe(100);
  });

  it('the record stream: records since a sequence number, ring bounds, dropped counts', () => {
    const c = cluster();
    c.control('kubeplay traffic start web --to http://web/ --rps 100');
    c.advance(3000);
    const g = gen(c);
    expect(g.lastSeq()).toBe(300);
    const first = g.since(0);
    expect(first.records).toHaveLength(300);
    expect(first).toMatchObject({ lastSeq: 300, dropped: 0 });
    const r = first.records[0];
    expect(r).toMatchObject({ seq: 1, client: 'web', to: 'http://web/', via: 'ClusterIP', service: 'default/web', ok: true, status: 200 });
    expect(r.from).toBeUndefined();
    expect(r.podUid).toBe(c.get('/Pod', 'default', r.pod!.split('/')[1])!.metadata.uid);
    c.advance(5000);
    // 800 sent, the ring keeps the last RECENT_CAPACITY (500): 300 of those after seq 0 are gone.
    const next = g.since(first.lastSeq);
    expect(next).toMatchObject({ lastSeq: 800, dropped: 0 });
    expect(next.records.map((x) => x.seq)).toEqual(Array.from({ length: 500 }, (_, i) => 301 + i));
    const late = g.since(0);
    expect(late.dropped).toBe(300);
    expect(late.records[0].seq).toBe(301);
    expect(g.since(800)).toEqual({ records: [], lastSeq: 800, dropped: 0 });
  });

  it('stats: success rate, failures by reason, answers per pod by name and uid, a recent window', () => {
    const c = cluster();
    c.control('kubeplay traffic start web --to http://web/ --rps 10');
    c.control('kubeplay traffic start typo --to http://wbe/ --rps 10');
    c.advance(4000);
    const [typo, web] = gen(c).stats(2000);
    expect(typo).toMatchObject({ name: 'typo', sent: 40, succeeded: 0, failed: 40, successRate: 0, failedByReason: { 'name not resolved': 40 }, byPod: {} });
    expect(web).toMatchObject({ name: 'web', running: true, sent: 40, succeeded: 40, failed: 0, successRate: 1 });
    expect(Object.values(web.byPodUid).reduce((a, b) => a + b, 0)).toBe(40);
    for (const [key, n] of Object.entries(web.byPod)) {
      expect(web.byPodUid[c.get('/Pod', 'default', key.split('/')[1])!.metadata.uid!]).toBe(n);
    }
    expect(web.window).toEqual({ ms: 2000, sent: 20, succeeded: 20, successRate: 1 });
    expect(gen(c).stats()[0].window).toBeUndefined();
  });

  it('spreads a generator\'s requests over three pods within binomial bounds, for several seeds', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const c = new Cluster({ seed, nodes: 1 });
      fakeNode(c, 'fake-node-1', '172.18.0.101');
      for (const [i, name] of ['web-a', 'web-b', 'web-c'].entries()) fixturePod(c, name, { ip: `10.244.1.${i + 2}` });
      service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
      c.runUntilIdle();
      c.control('kubeplay traffic start spread --to http://web/ --rps 100');
      c.advance(9000);
      const byPod = gen(c).client('spread')!.byPod;
      expect(Object.keys(byPod).sort()).toEqual(['default/web-a', 'default/web-b', 'default/web-c']);
      // Binomial(900, 1/3): sd ≈ 14.1; allow ±4 sd.
      for (const n of Object.values(byPod)) expect(Math.abs(n - 300)).toBeLessThan(57);
    }
  });
});
