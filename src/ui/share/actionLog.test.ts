import { describe, expect, it } from 'vitest';
import type { CommandResult, ReplyMessage } from '../../worker/protocol';
import { ActionLog, actionFromMessage, isReadOnlyKubectl } from './actionLog';

const OK: CommandResult = { ok: true, op: 'control', value: { output: '', exitCode: 0 } } as unknown as CommandResult;
const reply = (id: number, atMs?: number): ReplyMessage => ({ type: 'reply', id, result: OK, ...(atMs === undefined ? {} : { atMs }) });

describe('isReadOnlyKubectl', () => {
  it('leaves out reads, keeps everything that may change the cluster or the session', () => {
    for (const line of ['kubectl get pods -A', 'k describe deploy web', 'kubectl -n kube-system logs etcd', 'kubectl --namespace web get pods -w', 'kubectl explain deployment.spec', 'kubectl config view', 'kubectl rollout history deploy/web', 'kubectl', 'kubectl version']) {
      expect(isReadOnlyKubectl(line), line).toBe(true);
    }
    for (const line of ['kubectl apply -f web.yaml', 'kubectl -n get delete pod x', 'kubectl scale deploy web --replicas=3', 'kubectl config set-context --current --namespace=web', 'kubectl rollout undo deploy/web', 'kubectl rollout status deploy/web', 'kubectl exec web -- ls', 'kubectl wait --for=condition=Ready pod/x', 'kubectl diff -f web.yaml', 'kubectl frobnicate']) {
      expect(isReadOnlyKubectl(line), line).toBe(false);
    }
  });
});

describe('actionFromMessage', () => {
  it('keeps only the buffers a kubectl line names', () => {
    expect(actionFromMessage({ type: 'kubectl', id: 1, line: 'kubectl apply -f web.yaml', files: { 'web.yaml': 'a', 'db.yaml': 'b' } })).toEqual({ op: 'kubectl', line: 'kubectl apply -f web.yaml', files: { 'web.yaml': 'a' } });
    expect(actionFromMessage({ type: 'kubectl', id: 1, line: 'kubectl apply --filename=db.yaml', files: { 'web.yaml': 'a', 'db.yaml': 'b' } })).toEqual({ op: 'kubectl', line: 'kubectl apply --filename=db.yaml', files: { 'db.yaml': 'b' } });
    expect(actionFromMessage({ type: 'kubectl', id: 1, line: 'kubectl apply -f -', stdin: 'kind: Pod', files: { 'web.yaml': 'a' } })).toEqual({ op: 'kubectl', line: 'kubectl apply -f -', stdin: 'kind: Pod' });
  });

  it('logs dry runs and diffs (they may draw from the seeded rng) but not reads of the UI', () => {
    expect(actionFromMessage({ type: 'apply', id: 1, text: 't', dryRun: 'server' })).toEqual({ op: 'apply', text: 't', dryRun: 'server' });
    expect(actionFromMessage({ type: 'diff', id: 1, text: 't', source: 'a.yaml' })).toEqual({ op: 'diff', text: 't', source: 'a.yaml' });
    expect(actionFromMessage({ type: 'decision', id: 1, podUid: 'u' })).toBeUndefined();
    expect(actionFromMessage({ type: 'openEdit', id: 1, kindKey: '/Pod', name: 'x' })).toBeUndefined();
    expect(actionFromMessage({ type: 'step', id: 1, mode: 'to', atMs: 5 })).toBeUndefined();
    expect(actionFromMessage({ type: 'step', id: 1, mode: 'nextEvent' })).toEqual({ op: 'step', mode: 'nextEvent' });
    expect(actionFromMessage({ type: 'clock', playing: true, speed: 10 })).toBeUndefined();
  });
});

describe('ActionLog', () => {
  it('stamps actions with the reply’s virtual time, in the order they were sent, and restarts on boot', () => {
    let now = 1700;
    const log = new ActionLog(() => now);
    log.sent({ type: 'boot', version: 2, seed: 5, nodes: 2, startMs: 1000 });
    log.sent({ type: 'control', id: 1, line: 'kubeplay node crash a' });
    log.sent({ type: 'kubectl', id: 2, line: 'kubectl get pods' });
    log.sent({ type: 'kubectl', id: 3, line: 'kubectl delete pod x' }); // waits for the pod to go
    log.sent({ type: 'apply', id: 4, text: 'kind: Service' });
    log.replied(reply(1, 1500));
    log.replied(reply(2, 1600));
    log.replied(reply(4, 1800)); // before the delete's: that one was still waiting
    log.replied(reply(3, 1700));
    log.replied(reply(99, 5));
    expect(log.actions).toEqual([
      { op: 'control', line: 'kubeplay node crash a', at: 1500 },
      { op: 'kubectl', line: 'kubectl delete pod x', at: 1700 },
      { op: 'apply', text: 'kind: Service', at: 1800 },
    ]);
    const made = log.toShareState([{ name: 'a.yaml', text: 'x' }], 2000.7);
    expect(made).toEqual({ ok: true, state: { v: 1, seed: 5, nodes: 2, startMs: 1000, endMs: 2000, buffers: [{ name: 'a.yaml', text: 'x' }], actions: log.actions } });
    log.sent({ type: 'boot', version: 2, seed: 6, nodes: 1, startMs: 9000 });
    expect(log.actions).toEqual([]);
    expect(log.boot).toEqual({ seed: 6, nodes: 1, startMs: 9000 });
    now = 9500;
    log.sent({ type: 'control', id: 5, line: 'kubeplay zone fail z' });
    log.replied(reply(5));
    expect(log.actions).toEqual([{ op: 'control', line: 'kubeplay zone fail z', at: 9500 }]);
  });

  it('logs Ctrl+C of a running command at the page’s time, and stamps a command still running', () => {
    let now = 2000;
    const log = new ActionLog(() => now);
    log.sent({ type: 'boot', version: 2, seed: 5, nodes: 2, startMs: 1000 });
    log.sent({ type: 'kubectl', id: 1, line: 'kubectl rollout status deployment web' });
    log.sent({ type: 'control', id: 2, line: 'kubeplay node crash a' });
    log.replied(reply(2, 3000));
    now = 4000;
    log.sent({ type: 'cancel', id: 1 });
    log.replied(reply(1, 2500)); // the reply says when it started
    log.sent({ type: 'cancel', id: 1 }); // ended already: nothing to log
    log.sent({ type: 'kubectl', id: 3, line: 'kubectl port-forward deploy/web 8080:80' }); // still running
    expect(log.actions).toEqual([
      { op: 'kubectl', line: 'kubectl rollout status deployment web', at: 2500 },
      { op: 'control', line: 'kubeplay node crash a', at: 3000 },
      { op: 'cancel', action: 0, at: 4000 },
      { op: 'kubectl', line: 'kubectl port-forward deploy/web 8080:80', at: 4000 },
    ]);
  });

  it('says why it cannot make a link', () => {
    const log = new ActionLog();
    expect(log.toShareState([], 0)).toEqual({ ok: false, why: 'the cluster has not booted yet' });
    log.sent({ type: 'boot', version: 2, seed: 5, nodes: 2 });
    expect(log.toShareState([], 0)).toEqual({ ok: false, why: 'the cluster was booted without a fixed start time' });
    log.sent({ type: 'boot', version: 2, seed: 5, nodes: 2, startMs: 0 });
    expect(log.toShareState([], 8 * 24 * 3600 * 1000)).toEqual({ ok: false, why: 'the cluster has run longer than the 7 virtual days a link may span' });
  });
});
