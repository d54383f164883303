// One test per fault, each watching its consequence on the graph with the clock at high speed.
import { expect, test, type Locator, type Page } from '@playwright/test';

async function open(page: Page) {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?start=2025-01-15T09:00:00Z');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
}

async function speed(page: Page, s: string) {
  await page.getByTestId('clock-speed').selectOption(s);
}

const webPods = (scope: Page | Locator) => scope.locator('[data-testid^="pod-default-web-"]');
const readyWebPods = (scope: Page | Locator) => scope.locator('[data-testid^="pod-default-web-"].pod-chip--ok');
const status = (page: Page, node: string) => page.getByTestId(`node-${node}`).getByTestId('node-status');

/** Applies the editor's sample (Deployment web: 3 replicas, readiness and liveness probes) and waits for it at 100×. */
async function deployWeb(page: Page) {
  await expect(page.getByTestId('editor-apply')).toBeEnabled();
  await page.getByTestId('editor-apply').click();
  await expect(page.getByTestId('editor-results')).toContainText('deployment.apps/web created');
  await page.getByRole('button', { name: 'Hide the editor' }).click();
  await speed(page, '100');
  await expect(readyWebPods(page)).toHaveCount(3, { timeout: 20_000 });
}

/** The node box holding the first web pod, and that pod's chip. */
async function firstWebPod(page: Page): Promise<{ node: string; pod: Locator }> {
  const first = webPods(page).first();
  const [box, id] = await first.evaluate((el) => [el.closest('.node-box')!.getAttribute('data-testid')!, el.getAttribute('data-testid')!]);
  return { node: box.replace(/^node-/, ''), pod: page.getByTestId(id) };
}

async function nodeAction(page: Page, node: string, action: string) {
  await page.getByTestId(`node-${node}`).getByTestId('node-menu').click();
  await page.getByTestId(`action-${action}`).click();
}

async function podAction(pod: Locator, page: Page, action: string) {
  await pod.click({ button: 'right' });
  await page.getByTestId(`action-${action}`).click();
}

/** The action is recorded in the timeline with the line it ran and no error. */
async function logged(page: Page, line: string) {
  const entry = page.getByTestId('timeline-entry').filter({ hasText: line }).first();
  await expect(entry).toBeVisible();
  await expect(entry).not.toContainText('kubeplay:');
}

test('zone fail: every node of the zone goes NotReady, the others stay Ready', async ({ page }) => {
  await open(page);
  await page.getByTestId('zone-select').selectOption('zone-b');
  await page.getByTestId('action-zone.fail').click();
  await logged(page, 'kubeplay zone fail zone-b');
  await speed(page, '1000');
  await expect(status(page, 'kubeplay-worker2')).toHaveText(/NotReady|Unknown/, { timeout: 20_000 });
  for (const n of ['kubeplay-control-plane', 'kubeplay-worker', 'kubeplay-worker3']) await expect(status(page, n)).toHaveText('Ready');
  await page.getByTestId('action-zone.restore').click();
  await expect(status(page, 'kubeplay-worker2')).toHaveText('Ready', { timeout: 20_000 });
});

test('partition: the node goes NotReady, its pods keep Running there until evicted and replaced', async ({ page }) => {
  await open(page);
  await deployWeb(page);
  const { node } = await firstWebPod(page);
  const box = page.getByTestId(`node-${node}`);
  const before = await webPods(box).count();
  await nodeAction(page, node, 'node.partition');
  await logged(page, `kubeplay node partition ${node}`);
  await expect(status(page, node)).toHaveText(/NotReady|Unknown/, { timeout: 20_000 });
  // The node controller saw it go; eviction waits 300 s (the not-ready toleration): pause and look.
  await page.getByTestId('clock-toggle').click();
  await expect(webPods(box)).toHaveCount(before);
  for (const s of await webPods(box).evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) expect(s).toBe('Running');
  await page.getByTestId('clock-toggle').click();
  await speed(page, '1000');
  const elsewhere = page.locator(`.node-box:not([data-testid="node-${node}"]) [data-testid^="pod-default-web-"].pod-chip--ok`);
  await expect(elsewhere).toHaveCount(3, { timeout: 20_000 });
});

test('stop kubelet: the node goes NotReady; restore brings it back Ready', async ({ page }) => {
  await open(page);
  await nodeAction(page, 'kubeplay-worker3', 'node.stopKubelet');
  await logged(page, 'kubeplay node stop-kubelet kubeplay-worker3');
  await speed(page, '1000');
  await expect(status(page, 'kubeplay-worker3')).toHaveText(/NotReady|Unknown/, { timeout: 20_000 });
  await speed(page, '10');
  await nodeAction(page, 'kubeplay-worker3', 'node.restore');
  await expect(status(page, 'kubeplay-worker3')).toHaveText('Ready', { timeout: 20_000 });
});

test('drain: the pods leave the node, which shows SchedulingDisabled', async ({ page }) => {
  await open(page);
  await deployWeb(page);
  const { node } = await firstWebPod(page);
  await nodeAction(page, node, 'node.drain');
  await expect(status(page, node)).toHaveText(/SchedulingDisabled/);
  await expect(webPods(page.getByTestId(`node-${node}`))).toHaveCount(0, { timeout: 20_000 });
  await expect(readyWebPods(page)).toHaveCount(3, { timeout: 20_000 });
  await logged(page, `kubectl drain ${node}`);
});

test('kill container: the pod restarts in place (restart count 1) and runs again', async ({ page }) => {
  await open(page);
  await deployWeb(page);
  const { pod } = await firstWebPod(page);
  await podAction(pod, page, 'pod.kill');
  await expect(pod).toHaveAttribute('data-restarts', '1', { timeout: 20_000 });
  await expect(pod.getByTestId('pod-restarts')).toHaveText('↻1');
  await expect(pod).toHaveClass(/pod-chip--ok/, { timeout: 20_000 });
  await expect(pod).toHaveAttribute('data-status', 'Running');
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'killed (exit code 137)' }).first()).toBeVisible();
});

test('readiness fail: the pod chip turns NotReady; restoring the probes makes it Ready again', async ({ page }) => {
  await open(page);
  await deployWeb(page);
  const { pod } = await firstWebPod(page);
  await podAction(pod, page, 'pod.failReadiness');
  await logged(page, 'kubeplay pod fail-readiness');
  await expect(pod).toHaveClass(/pod-chip--progress/, { timeout: 20_000 });
  await expect(pod).toHaveAttribute('data-status', 'Running');
  await expect(pod).toHaveAttribute('data-restarts', '0');
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Readiness probe failed: HTTP probe failed with statuscode: 500' }).first()).toBeVisible();
  await podAction(pod, page, 'pod.heal');
  await expect(pod).toHaveClass(/pod-chip--ok/, { timeout: 20_000 });
});

test('liveness fail: the kubelet restarts the container', async ({ page }) => {
  await open(page);
  await deployWeb(page);
  const { pod } = await firstWebPod(page);
  // From the inspector's buttons this time.
  await pod.click();
  await page.getByTestId('inspector-action-pod.failLiveness').click();
  await logged(page, 'kubeplay pod fail-liveness');
  await speed(page, '1000');
  await expect(pod).not.toHaveAttribute('data-restarts', '0', { timeout: 20_000 });
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'failed liveness probe, will be restarted' }).first()).toBeVisible();
  await page.getByTestId('inspector-action-pod.heal').click();
  await logged(page, 'kubeplay pod heal');
});
