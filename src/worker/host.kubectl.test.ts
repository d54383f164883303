import { describe, expect, it } from 'vitest';
import type { KubectlReply, OutputMessage } from './protocol';
import { bootTestHost, type TestHost } from './testhost';

const outputs = (h: TestHost, id: number) =>
  h.sent.filter((m): m is OutputMessage => m.type === 'output' && m.id === id).map((m) => m.text).join('');

const replyValue = (h: TestHost, id: number): KubectlReply | undefined => {
  const r = h.reply(id)?.result;
  return r?.ok && r.op === 'kubectl' ? r.value : undefined;
};

describe('WorkerHost: streaming kubectl', () => {
  it('get -w streams rows as the clock moves, waits while paused, and Ctrl+C replies 130', () => {
    const h = bootTestHost();
    h.host.handle({ type: 'kubectl', id: 1, line: 'kubectl get pods -w' });
    h.frame();
    expect(h.reply(1)).toBeUndefined();
    h.host.handle({ type: 'kubectl', id: 2, line: 'kubectl run solo --image=nginx' });
    h.frame();
    expect(replyValue(h, 2)?.output).toBe('pod/solo created\n');
    expect(outputs(h, 1)).toBe('NAME   READY   STATUS    RESTARTS   AGE\nsolo   0/1     Pending   0          0s\n');
    // Paused: nothing moves, nothing more is printed.
    for (let i = 0; i < 5; i++) h.frame();
    expect(outputs(h, 1).split('\n')).toHaveLength(3);
    h.host.handle({ type: 'clock', playing: true, speed: 100 });
    for (let i = 0; i < 10; i++) h.frame();
    expect(outputs(h, 1)).toMatch(/\nsolo\s+1\/1\s+Running\s+0\s+\d+s\n$/);
    expect(h.reply(1)).toBeUndefined();
    // The output of a command comes after the batch holding its changes.
    const firstOutput = h.sent.findIndex((m) => m.type === 'output' && m.id === 1);
    const runReply = h.sent.findIndex((m) => m.type === 'reply' && m.id === 2);
    expect(h.sent.slice(0, firstOutput).some((m) => m.type === 'batch' && Object.values(m.added).some((e) => e.object.metadata.name === 'solo'))).toBe(true);
    expect(runReply).toBeGreaterThan(0);
    h.host.handle({ type: 'cancel', id: 1 });
    h.frame();
    expect(replyValue(h, 1)).toMatchObject({ exitCode: 130, output: '', streamed: true });
    // Cancelling again, or an unknown id, is ignored.
    h.host.handle({ type: 'cancel', id: 1 });
    h.host.handle({ type: 'cancel', id: 99 });
    h.frame();
    expect(h.sent.filter((m) => m.type === 'reply' && m.id === 1)).toHaveLength(1);
    expect(h.sent.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('rollout status ends by itself when the rollout completes', () => {
    const h = bootTestHost();
    h.host.handle({ type: 'kubectl', id: 1, line: 'kubectl create deployment web --image=nginx --replicas=2' });
    h.host.handle({ type: 'kubectl', id: 2, line: 'kubectl rollout status deployment/web' });
    h.frame();
    expect(h.reply(2)).toBeUndefined();
    h.host.handle({ type: 'clock', playing: true, speed: 50 });
    for (let i = 0; i < 200 && !h.reply(2); i++) h.frame();
    const v = replyValue(h, 2);
    expect(v?.exitCode).toBe(0);
    const all = outputs(h, 2) + (v?.output ?? '');
    expect(all).toMatch(/^Waiting for deployment spec update to be observed\.\.\.\n/);
    expect(all).toMatch(/\ndeployment "web" successfully rolled out\n$/);
  });

  it('wait --timeout counts virtual time: paused it waits, playing it times out with kubectl\'s error', () => {
    const h = bootTestHost();
    h.host.handle({ type: 'kubectl', id: 1, line: 'kubectl create configmap c' });
    h.host.handle({ type: 'kubectl', id: 2, line: 'kubectl wait --for=delete configmap/c --timeout=10s' });
    for (let i = 0; i < 20; i++) h.frame();
    expect(h.reply(2)).toBeUndefined();
    h.host.handle({ type: 'clock', playing: true, speed: 1000 });
    h.frame();
    expect(replyValue(h, 2)).toMatchObject({ exitCode: 1, output: 'error: timed out waiting for the condition on configmaps/c\n' });
    // Stamped with the virtual time it started at, as every reply is.
    expect(h.reply(2)?.atMs).toBe(h.reply(1)?.atMs);
  });

  it('a stepped clock feeds running commands too', () => {
    const h = bootTestHost();
    h.host.handle({ type: 'kubectl', id: 1, line: 'kubectl create configmap c' });
    h.host.handle({ type: 'kubectl', id: 2, line: 'kubectl wait --for=delete configmap/c --timeout=3s' });
    h.frame();
    for (let id = 10; id < 13; id++) h.host.handle({ type: 'step', id, mode: 'second' });
    h.frame();
    expect(replyValue(h, 2)?.exitCode).toBe(1);
  });

  it('port-forward stays in the foreground in the terminal: it prints each connection, Ctrl+C frees its port', () => {
    const h = bootTestHost({ paused: false });
    h.host.handle({ type: 'clock', playing: true, speed: 100 });
    h.host.handle({ type: 'kubectl', id: 1, line: 'kubectl run web --image=nginx:1.27 --port=80' });
    h.host.handle({ type: 'kubectl', id: 2, line: 'kubectl wait --for=condition=Ready pod/web --timeout=60s' });
    for (let i = 0; i < 100 && !h.reply(2); i++) h.frame();
    expect(replyValue(h, 2)?.output).toBe('pod/web condition met\n');
    h.host.handle({ type: 'kubectl', id: 3, line: 'kubectl port-forward web 8080:80' });
    h.frame();
    expect(h.reply(3)).toBeUndefined();
    expect(outputs(h, 3)).toBe('Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n');
    h.host.handle({ type: 'control', id: 4, line: 'kubeplay traffic start t --to http://localhost:8080/ --rps 1' });
    for (let i = 0; i < 3; i++) h.frame();
    expect(outputs(h, 3)).toMatch(/\nHandling connection for 8080\n/);
    h.host.handle({ type: 'control', id: 5, line: 'kubeplay traffic stop t' });
    h.host.handle({ type: 'cancel', id: 3 });
    h.frame();
    expect(replyValue(h, 3)?.exitCode).toBe(130);
    // The port is free again: a new forward binds it.
    h.host.handle({ type: 'kubectl', id: 6, line: 'kubectl port-forward web 8080:80' });
    h.frame();
    expect(outputs(h, 6)).toBe('Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n');
    h.host.handle({ type: 'cancel', id: 6 });
    h.frame();
    expect(h.sent.filter((m) => m.type === 'error')).toEqual([]);
  });
});
