import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { finishTerminating, mustCreate, readyAll, TEST_SCHEDULER } from '../../controllers/util/testing';
import type { KObject } from '../../api/types';

function web(extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: {
      replicas: 3, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
      ...extra,
    },
  };
}

/** Makes every web pod Ready (and removes terminated ones) each second, as kubelets would. */
function kubeletEverySecond(c: Cluster, seconds: number): void {
  c.on('test.kubelet', () => {
    readyAll(c, 'default', { app: 'web' });
    finishTerminating(c);
  });
  for (let i = 1; i <= seconds; i++) c.schedule(c.nowMs + i * 1000, 'test.kubelet', {});
}

describe('kubectl rollout', () => {
  it('status follows a rolling update to the end, one line per Deployment change', () => {
    const c = new Cluster({ seed: 1 });
    mustCreate(c, web());
    kubeletEverySecond(c, 60);
    c.advance(3000);
    expect(c.kubectl('rollout status deployment/web').stdout).toBe('deployment "web" successfully rolled out\n');
    c.kubectl('set image deployment/web nginx=nginx:1.28');
    const r = c.kubectl('rollout status deployment/web');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toBe('deployment "web" successfully rolled out');
    // Run at once after `set image`, it first sees the spec change not yet observed.
    // (once from the first read, once from the controller's first status write).
    expect(lines.slice(0, 3)).toEqual([
      'Waiting for deployment spec update to be observed...',
      'Waiting for deployment spec update to be observed...',
      'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...',
    ]);
    for (const l of lines.slice(2, -1)) {
      expect(l).toMatch(/^Waiting for deployment "web" rollout to finish: (\d out of 3 new replicas have been updated|\d old replicas are pending termination|\d of 3 updated replicas are available)\.\.\.$/);
    }
    expect(lines).toContain('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
  });

  it('status --watch=false prints once; --revision pins the revision', () => {
    const c = new Cluster({ seed: 2 });
    mustCreate(c, web());
    c.advance(2000);
    const once = c.kubectl('rollout status deployment/web --watch=false');
    expect(once.stdout).toBe('Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...\n');
    expect(c.kubectl('rollout status deployment/web --revision=2').stderr).toBe('error: desired revision (2) is different from the running revision (1)\n');
    expect(c.kubectl('rollout status').stderr).toBe('error: required resource not specified\n');
    expect(c.kubectl('rollout status rs/nope').stderr).toBe('Error from server (NotFound): replicasets.apps "nope" not found\n');
  });

  it('history --revision prints the pod template; undo --dry-run=client too', () => {
    const c = new Cluster({ seed: 3 });
    mustCreate(c, web());
    kubeletEverySecond(c, 30);
    c.advance(2000);
    c.kubectl('set image deployment/web nginx=nginx:1.28');
    c.advance(10_000);
    const rs1 = c.list('apps/ReplicaSet', 'default').find((r) => r.metadata.annotations!['deployment.kubernetes.io/revision'] === '1')!;
    const hash = rs1.metadata.labels!['pod-template-hash'];
    const expected = `Pod Template:\n  Labels:\tapp=web\n\tpod-template-hash=${hash}\n  Containers:\n   nginx:\n    Image:\tnginx:1.27\n    Port:\t80/TCP\n    Host Port:\t0/TCP\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n`;
    expect(c.kubectl('rollout history deployment/web --revision=1').stdout).toBe(`deployment.apps/web with revision #1\n${expected}\n`);
    expect(c.kubectl('rollout undo deployment/web --dry-run=client').stdout).toBe(`deployment.apps/web ${expected} (dry run)\n`);
    expect(c.get('apps/Deployment', 'default', 'web')!.spec.template.spec.containers[0].image).toBe('nginx:1.28');
    expect(c.kubectl('rollout undo deployment/web').stdout).toBe('deployment.apps/web rolled back\n');
    c.advance(10_000);
    expect(c.kubectl('rollout history deployment/web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
  });

  it('pause, resume and restart; restart of a paused deployment fails', () => {
    const c = new Cluster({ seed: 4 });
    mustCreate(c, web());
    c.advance(1000);
    expect(c.kubectl('rollout pause deployment/web').stdout).toBe('deployment.apps/web paused\n');
    expect(c.kubectl('rollout restart deployment/web').stderr).toBe(`error: deployments.apps "web" can't restart paused deployment (run rollout resume first)\n`);
    expect(c.kubectl('rollout resume deployment/web').stdout).toBe('deployment.apps/web resumed\n');
    expect(c.get('apps/Deployment', 'default', 'web')!.spec.paused).toBeUndefined();
    expect(c.kubectl('rollout restart deployment/web').stdout).toBe('deployment.apps/web restarted\n');
    expect(c.kubectl('rollout pause rs -l app=web').stderr).toMatch(/^error: replicasets\.apps "web-[a-z0-9]+" pausing is not supported\n/);
    expect(c.kubectl('rollout').exitCode).toBe(1);
  });
});

describe('kubectl scale and set image', () => {
  it('scale --timeout waits for status.replicas', () => {
    const c = new Cluster({ seed: 5 });
    mustCreate(c, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { replicas: 1, selector: { matchLabels: { app: 'rs' } }, template: { metadata: { labels: { app: 'rs' } }, spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'c', image: 'nginx' }] } } } });
    c.advance(1000);
    const r = c.kubectl('scale rs rs --replicas=4 --timeout=5s');
    expect(r.stdout).toBe('replicaset.apps/rs scaled\n');
    expect(c.get('apps/ReplicaSet', 'default', 'rs')!.status.replicas).toBe(4);
    expect(c.kubectl('scale rs rs --replicas=2 --dry-run=client').stdout).toBe('replicaset.apps/rs scaled (dry run)\n');
    expect(c.get('apps/ReplicaSet', 'default', 'rs')!.spec.replicas).toBe(4);
  });

  it('set image: every container with *, no output when nothing changes', () => {
    const c = new Cluster({ seed: 6 });
    mustCreate(c, web());
    expect(c.kubectl('set image deployment/web *=nginx:1.29').stdout).toBe('deployment.apps/web image updated\n');
    expect(c.kubectl('set image deployment/web nginx=nginx:1.29').output).toBe('');
    expect(c.kubectl('set image deployment web nginx=nginx:1.30 --dry-run=server').stdout).toBe('deployment.apps/web image updated (server dry run)\n');
    expect(c.get('apps/Deployment', 'default', 'web')!.spec.template.spec.containers[0].image).toBe('nginx:1.29');
    expect(c.kubectl('set selector deployment/web app=web').stderr).toBe('error: "kubectl set selector" is not available in kubeplay yet\n');
  });
});
