import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { INTERRUPTED_EXIT_CODE, advanceFeeding, startKubectl, type KubectlProcess } from './index';

const START = Date.UTC(2025, 0, 15, 9);

function cluster(): Cluster {
  const c = new Cluster({ seed: 3, nodes: 2, startMs: START });
  c.runUntilIdle();
  return c;
}

/** Everything a process printed so far, as one string. */
function take(p: KubectlProcess): string {
  return p.takeOutput().map((c) => c.text).join('');
}

/** Feeds `p` as the worker does, one 100 ms frame at a time, until it ends or `maxMs` passes. */
function feed(c: Cluster, p: KubectlProcess, maxMs: number, onFrame?: (text: string) => void): void {
  const end = c.nowMs + maxMs;
  while (!p.done && c.nowMs < end) {
    advanceFeeding(c, Math.min(end, c.nowMs + 100), [p]);
    const text = take(p);
    if (text) onFrame?.(text);
  }
}

describe('kubectl processes', () => {
  it('short commands are done when started', () => {
    const c = cluster();
    const p = startKubectl(c, 'kubectl get nodes');
    expect(p.done).toBe(true);
    expect(p.result().output).toMatch(/^NAME\s+STATUS/);
  });

  it('get -w prints the list, then each change as the clock moves, and waits while it stands still', () => {
    const c = cluster();
    const p = startKubectl(c, 'kubectl get pods -w');
    expect(p.done).toBe(false);
    expect(take(p)).toBe('');
    c.kubectl('kubectl run solo --image=nginx');
    // Nothing happens until the driver looks: a paused clock feeds nothing.
    p.tick();
    expect(take(p)).toBe('NAME   READY   STATUS    RESTARTS   AGE\nsolo   0/1     Pending   0          0s\n');
    p.tick();
    expect(take(p)).toBe('');
    const frames: string[] = [];
    feed(c, p, 10_000, (t) => frames.push(t));
    expect(p.done).toBe(false);
    expect(frames.join('')).toMatch(/\nsolo\s+0\/1\s+ContainerCreating\s+0\s+\d+s\nsolo\s+1\/1\s+Running\s+0\s+\d+s\n$/);
    expect(frames.length).toBeGreaterThan(1);
  });

  it('Ctrl+C ends a watch with exit code 130 and drops its subscription', () => {
    const c = cluster();
    const p = startKubectl(c, 'kubectl get pods -w');
    p.cancel();
    expect(p.done).toBe(true);
    expect(p.result().exitCode).toBe(INTERRUPTED_EXIT_CODE);
    c.kubectl('kubectl run solo --image=nginx');
    p.tick();
    advanceFeeding(c, c.nowMs + 5000, [p]);
    expect(take(p)).toBe('');
  });

  it('get -w --request-timeout ends by itself at its virtual deadline', () => {
    const c = cluster();
    const p = startKubectl(c, 'kubectl get nodes -w --request-timeout=3s');
    const start = c.nowMs;
    feed(c, p, 60_000);
    expect(p.done).toBe(true);
    expect(c.nowMs - start).toBe(3000);
    expect(p.result().exitCode).toBe(0);
  });

  it('rollout status streams as the rollout progresses and ends by itself, as the transcript prints it', () => {
    const lines = ['kubectl create deployment web --image=nginx --replicas=3', 'kubectl rollout status deployment/web'];
    // The transcript way: runKubectl drives the clock itself.
    const a = cluster();
    a.kubectl(lines[0]);
    const expected = a.kubectl(lines[1]).output;
    // The worker way: frames of 100 ms.
    const b = cluster();
    b.kubectl(lines[0]);
    const p = startKubectl(b, lines[1]);
    const frames: string[] = [take(p)];
    feed(b, p, 120_000, (t) => frames.push(t));
    expect(p.done).toBe(true);
    expect(p.result().exitCode).toBe(0);
    expect(frames.join('') + p.result().output).toBe(expected);
    expect(expected).toMatch(/^Waiting for deployment spec update to be observed\.\.\.\n/);
    expect(expected).toContain('Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n');
    expect(expected).toMatch(/deployment "web" successfully rolled out\n$/);
    expect(frames.filter((f) => f !== '').length).toBeGreaterThan(1);
  });

  it('wait ends when the condition holds, or after --timeout of virtual time with kubectl\'s error', () => {
    const c = cluster();
    c.kubectl('kubectl run solo --image=nginx');
    const p = startKubectl(c, 'kubectl wait --for=condition=Ready pod/solo --timeout=30s');
    const start = c.nowMs;
    let printed = '';
    feed(c, p, 60_000, (t) => (printed += t));
    expect(p.done).toBe(true);
    expect(c.nowMs - start).toBeLessThan(30_000);
    expect(printed + p.result().output).toBe('pod/solo condition met\n');
    expect(p.result().exitCode).toBe(0);
    const q = startKubectl(c, 'kubectl wait --for=delete pod/solo --timeout=5s');
    const qStart = c.nowMs;
    printed = '';
    feed(c, q, 60_000, (t) => (printed += t));
    expect(c.nowMs - qStart).toBe(5000);
    expect(printed + q.result().output).toBe('error: timed out waiting for the condition on pods/solo\n');
    expect(q.result().exitCode).toBe(1);
  });

  it('logs -f prints lines as the container writes them, until Ctrl+C', () => {
    const c = cluster();
    c.kubectl('kubectl run ticker --image=busybox -- sh -c "while true; do echo tick; sleep 2; done"');
    c.advance(10_000);
    const p = startKubectl(c, 'kubectl logs -f ticker');
    const first = take(p);
    expect(first).toMatch(/^(tick\n)+$/);
    const frames: string[] = [];
    feed(c, p, 6_500, (t) => frames.push(t));
    expect(p.done).toBe(false);
    expect(frames.join('')).toBe('tick\ntick\ntick\n');
    p.cancel();
    expect(p.result().exitCode).toBe(INTERRUPTED_EXIT_CODE);
  });

  it('delete waits for graceful termination in virtual time', () => {
    const c = cluster();
    c.kubectl('kubectl run solo --image=nginx');
    c.advance(10_000);
    const p = startKubectl(c, 'kubectl delete pod solo');
    expect(take(p)).toBe('pod "solo" deleted\n');
    expect(p.done).toBe(false);
    feed(c, p, 60_000);
    expect(p.done).toBe(true);
    expect(c.get('/Pod', 'default', 'solo')).toBeUndefined();
  });
});
