// The Network view (Services → endpoints → pods, traffic animated), the label filter, and
// zoom-to-expand of grouped pods.
import { expect, test, type Page } from '@playwright/test';

const SHOTS = process.env.UI_SCREENSHOTS; // a directory: save the docs screenshot there

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80}]
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}
---
apiVersion: v1
kind: Service
metadata: {name: web, labels: {app: web}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;

async function open(page: Page, problems: string[]) {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?start=2025-01-15T09:00:00Z');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  await page.waitForFunction(() => typeof window.kubeplay?.run === 'function');
}

async function run(page: Page, line: string, stdin?: string): Promise<string> {
  const r = await page.evaluate(([l, s]) => window.kubeplay!.run!(l!, s), [line, stdin] as const);
  expect(r.ok, `${line}: ${r.output}`).toBe(true);
  return r.output;
}

const speed = (page: Page, s: string) => page.getByTestId('clock-speed').selectOption(s);

test('the network view shows a service with its endpoints, and requests flowing with a success rate', async ({ page }) => {
  const problems: string[] = [];
  await open(page, problems);
  await run(page, 'kubectl apply -f -', MANIFESTS);
  await speed(page, '10');
  await expect(page.locator('[data-testid^="pod-default-web-"].pod-chip--ok')).toHaveCount(3, { timeout: 30_000 });
  await page.getByTestId('view-tab-network').click();

  const svc = page.getByTestId('net-svc-default-web');
  await expect(svc.getByTestId('net-svc-type')).toHaveText('ClusterIP');
  await expect(svc.getByTestId('net-svc-ip')).toContainText('80/TCP');
  await expect(svc.getByTestId('net-svc-endpoints')).toHaveText('3 ready0 not ready');
  await expect(page.locator('[data-testid^="net-pod-default-web-"]')).toHaveCount(3);
  await expect(page.getByTestId('net-ing-default-web')).toContainText('web.example.com/');

  // One pod's readiness probe fails: its endpoint turns not ready, drawn dashed.
  const first = (await page.locator('[data-testid^="net-pod-default-web-"]').first().getAttribute('data-testid'))!.replace('net-pod-default-', '');
  await run(page, `kubeplay pod fail-readiness ${first}`);
  await expect(svc.getByTestId('net-svc-endpoints')).toHaveText('2 ready1 not ready', { timeout: 20_000 });
  await expect(page.locator('.react-flow__edge.net-edge--notready')).toHaveCount(1);

  // Traffic to the Service: dots flow, the generator shows its success rate, pods count answers.
  await speed(page, '1');
  await page.getByTestId('traffic-target').selectOption({ label: 'svc/web' });
  await page.getByTestId('traffic-start').click();
  const gen = page.getByTestId('net-gen-to-web');
  await expect(gen).toContainText('http://web/');
  await expect.poll(() => page.getByTestId('traffic-dot').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(gen.getByTestId('net-gen-rate')).toHaveText(/^100\.0% success$/, { timeout: 15_000 });
  await expect(page.locator('.react-flow__edge.net-edge--client')).toHaveCount(1);
  await expect
    .poll(async () => (await page.getByTestId('net-pod-answers').allTextContents()).filter((t) => Number(t) > 0).length, { timeout: 15_000 })
    .toBe(2);

  // Scale to zero: requests fail with "no endpoints", drawn red with their reason.
  await run(page, 'kubectl scale deployment web --replicas=0');
  await expect(gen.getByTestId('net-gen-failure').first()).toContainText('no endpoints', { timeout: 20_000 });
  await expect.poll(() => page.locator('.traffic-dot--failed, [data-testid="traffic-reason"]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await run(page, 'kubectl scale deployment web --replicas=3');
  await speed(page, '10');
  await expect(svc.getByTestId('net-svc-endpoints')).toContainText('3 ready', { timeout: 30_000 });
  await speed(page, '1');
  await page.getByTestId('traffic-target').selectOption({ label: 'ingress/web (web.example.com)' });
  await page.getByTestId('traffic-start').click();
  await expect(page.getByTestId('net-gen-ing-web')).toBeVisible();
  await expect(page.getByTestId('net-gen-ing-web').getByTestId('net-gen-rate')).toHaveText(/^100\.0% success$/, { timeout: 15_000 });
  if (SHOTS) {
    // One endpoint not ready (dashed red, no traffic), as on a projector: presenter mode, the
    // graph given the whole width.
    const one = (await page.locator('[data-testid^="net-pod-default-web-"]').first().getAttribute('data-testid'))!.replace('net-pod-default-', '');
    await run(page, `kubeplay pod fail-readiness ${one}`);
    await expect(svc.getByTestId('net-svc-endpoints')).toHaveText('2 ready1 not ready', { timeout: 20_000 });
    await page.waitForTimeout(3000);
    await page.getByRole('button', { name: 'Hide the editor' }).click();
    await page.getByTestId('toggle-inspector').click();
    await page.getByTestId('toggle-timeline').click();
    await page.getByTestId('toggle-presenter').click();
    await page.waitForTimeout(1200);
    await page.screenshot({ path: `${SHOTS}/network.png` });
    await page.getByTestId('toggle-presenter').click();
  }
  expect(problems).toEqual([]);
});

test('the label filter hides non-matching pods in every view and reports a bad selector', async ({ page }) => {
  const problems: string[] = [];
  await open(page, problems);
  await run(page, 'kubectl apply -f -', MANIFESTS);
  await run(page, 'kubectl run solo --image=nginx:1.27 --labels=app=solo,tier=db');
  await speed(page, '10');
  const web = page.locator('[data-testid^="pod-default-web-"]');
  await expect(web).toHaveCount(3);
  await expect(page.getByTestId('pod-default-solo')).toBeVisible();
  const filter = page.getByTestId('label-filter');

  await filter.fill('tier!=db,app');
  // Generous: on a loaded CI machine the views' background render can lag a few seconds.
  await expect(page.getByTestId('pod-default-solo')).toHaveCount(0, { timeout: 15_000 });
  await expect(web).toHaveCount(3);
  // The control plane's pods have no app label.
  await expect(page.getByTestId('pod-kube-system-etcd-kubeplay-control-plane')).toHaveCount(0);

  await filter.fill('app in (solo)');
  await expect(web).toHaveCount(0);
  await expect(page.getByTestId('pod-default-solo')).toBeVisible();
  await page.getByTestId('view-tab-workloads').click();
  await expect(page.getByTestId('workload-Deployment-web')).toHaveCount(0);
  await page.getByTestId('view-tab-network').click();
  await expect(page.getByTestId('net-svc-default-web')).toHaveCount(0);

  await filter.fill('app=web');
  await expect(page.getByTestId('net-svc-default-web')).toBeVisible();
  await expect(page.locator('[data-testid^="net-pod-default-web-"]')).toHaveCount(3, { timeout: 30_000 });

  // kubectl's own parse error, inline; the views keep their last good state meanwhile.
  await filter.fill('app=-x');
  await expect(page.getByTestId('label-filter-error')).toContainText('unable to parse requirement: values[0][app]: Invalid value: "-x"');
  await filter.fill('app in (web');
  await expect(page.getByTestId('label-filter-error')).toHaveText("unable to parse requirement: found '', expected: ',' or ')'");
  await filter.fill('');
  await expect(page.getByTestId('label-filter-error')).toHaveCount(0);

  // Persisted like the other filters: a reload keeps it.
  await filter.fill('app=solo');
  await page.reload();
  await expect(page.getByTestId('label-filter')).toHaveValue('app=solo');
  expect(problems).toEqual([]);
});

test('grouped pods expand on zoom or a click on their badge, only for nodes in view', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?start=2025-01-15T09:00:00Z&nodes=12');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  await page.waitForFunction(() => typeof window.kubeplay?.run === 'function');
  await page.getByRole('button', { name: 'Hide the editor' }).click();
  await run(page, 'kubectl create deployment many --image=nginx:1.27 --replicas=360');
  await speed(page, '100');
  const groups = page.getByTestId('pod-group');
  await expect.poll(() => groups.count(), { timeout: 30_000 }).toBeGreaterThan(10);
  await expect(page.locator('[data-testid^="pod-default-many-"]')).toHaveCount(0);

  // A click on a badge expands that node only.
  await page.getByTestId('node-kubeplay-worker5').getByTestId('pod-group').first().click();
  await expect(page.getByTestId('node-kubeplay-worker5').locator('[data-testid^="pod-default-many-"]')).toHaveCount(30, { timeout: 10_000 });
  await expect(page.getByTestId('node-kubeplay-worker6').getByTestId('pod-group').first()).toBeVisible();
  await page.getByTestId('pod-regroup').click();
  await expect(page.locator('[data-testid^="pod-default-many-"]')).toHaveCount(0);

  // Zooming in on a node expands the nodes in view, never all of them.
  const box = page.getByTestId('node-kubeplay-worker2');
  const b = (await box.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + 40);
  for (let i = 0; i < 12; i++) await page.mouse.wheel(0, -200);
  await expect.poll(() => page.getByTestId('cluster-graph').getAttribute('data-expanded'), { timeout: 10_000 }).not.toBe('0');
  const chips = await page.locator('[data-testid^="pod-default-many-"]').count();
  expect(chips).toBeGreaterThan(0);
  expect(chips).toBeLessThanOrEqual(300);
  expect(problems).toEqual([]);
});

test('zoomed far out, nodes are summaries; a click on one zooms in to its full box', async ({ page }) => {
  // 60 nodes and 240 pods at 100×: on a loaded 2-core CI machine the steps add up past 60 s.
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?start=2025-01-15T09:00:00Z&nodes=60');
  await page.waitForFunction(() => typeof window.kubeplay?.run === 'function');
  await run(page, 'kubectl create deployment many --image=nginx:1.27 --replicas=240');
  await speed(page, '100');
  const far = page.getByTestId('node-kubeplay-worker7').getByTestId('node-far-pods');
  await expect.poll(async () => (await run(page, 'kubectl get deployment many -o jsonpath={.status.readyReplicas}')).trim(), { timeout: 30_000 }).toBe('240');
  // The cluster has settled: pause the clock so the rest of the test is about the drawing alone.
  await page.getByRole('button', { name: 'Pause' }).click();
  // One count per status colour: the DaemonSets' pods and the Deployment's, all Running.
  await expect(far.locator('.node-box__far-count')).toHaveCount(1);
  await expect(far.locator('.pod-chip--ok')).toHaveText(/^\d+$/);
  const count = Number(await far.textContent());
  await expect(page.locator('.node-box--far')).not.toHaveCount(0);
  await expect(page.getByTestId('node-capacity')).toHaveCount(0);
  await page.getByTestId('node-kubeplay-worker7').click();
  await expect(page.getByTestId('node-kubeplay-worker7').getByTestId('node-capacity')).toBeVisible();
  await expect(page.getByTestId('node-kubeplay-worker7').locator('.pod-chip')).toHaveCount(count);
  expect(problems).toEqual([]);
});
