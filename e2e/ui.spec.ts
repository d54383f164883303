// The playground UI: graph, clock and fault controls, timeline, inspector, workloads, presenter mode.
import { expect, test, type Page } from '@playwright/test';

const SHOTS = process.env.UI_SCREENSHOTS; // a directory: save the docs screenshots there

async function open(page: Page, problems: string[] = []) {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?start=2025-01-15T09:00:00Z');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
}

/** Applies the editor's Deployment sample (web, 3 replicas), then hides the editor. */
async function applySample(page: Page) {
  await expect(page.getByTestId('editor-apply')).toBeEnabled();
  await page.getByTestId('editor-apply').click();
  await expect(page.getByTestId('editor-results')).toContainText('deployment.apps/web created');
  await page.getByRole('button', { name: 'Hide the editor' }).click();
}

const webPods = (page: Page) => page.locator('[data-testid^="pod-default-web-"]');
const readyWebPods = (page: Page) => page.locator('[data-testid^="pod-default-web-"].pod-chip--ok');

async function speed(page: Page, s: string) {
  await page.getByTestId('clock-speed').selectOption(s);
}

test('boot shows nodes with capacity, and the control plane collapses', async ({ page }) => {
  const problems: string[] = [];
  await open(page, problems);
  for (const n of ['kubeplay-control-plane', 'kubeplay-worker', 'kubeplay-worker2', 'kubeplay-worker3']) {
    await expect(page.getByTestId(`node-${n}`).getByTestId('node-status')).toHaveText('Ready');
    await expect(page.getByTestId(`node-${n}`).getByTestId('node-capacity')).toContainText('cpu');
  }
  await expect(page.getByTestId('node-kubeplay-control-plane').getByTestId('node-taints')).toContainText('node-role.kubernetes.io/control-plane:NoSchedule');
  await expect(page.getByTestId('pod-kube-system-etcd-kubeplay-control-plane')).toBeVisible();
  await page.getByTestId('control-plane-collapse').click();
  await expect(page.getByTestId('pod-kube-system-etcd-kubeplay-control-plane')).toHaveCount(0);
  await page.getByTestId('control-plane-collapse').click();
  await expect(page.getByTestId('pod-kube-system-etcd-kubeplay-control-plane')).toBeVisible();
  expect(problems).toEqual([]);
});

test('a Deployment from a sample appears and its pods turn Ready; workloads view shows it', async ({ page }) => {
  await open(page);
  await applySample(page);
  await speed(page, '100');
  await expect(webPods(page)).toHaveCount(3);
  await expect(readyWebPods(page)).toHaveCount(3, { timeout: 20_000 });
  if (SHOTS) {
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}/graph.png` });
  }

  await page.getByTestId('view-tab-workloads').click();
  const dep = page.getByTestId('workload-Deployment-web');
  await expect(dep).toContainText('3/3 ready');
  await expect(dep.locator('.wl__rev')).toHaveText('rev 1');
  await expect(dep.locator('[data-testid^="wl-pod-web-"]')).toHaveCount(3);
  // Search narrows the view; the namespace filter too.
  await page.getByTestId('search').fill('web');
  await expect(page.locator('[data-testid^="workload-"]').first()).toBeVisible();
  await page.getByTestId('search').fill('');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/workloads.png` });
  await page.getByTestId('namespace-filter').selectOption('kube-system');
  await expect(dep).toHaveCount(0);
  await expect(page.getByTestId('workload-DaemonSet-kube-proxy')).toBeVisible();
});

test('a node crash turns it NotReady and its pods are replaced elsewhere', async ({ page }) => {
  await open(page);
  await applySample(page);
  await speed(page, '100');
  await expect(readyWebPods(page)).toHaveCount(3, { timeout: 20_000 });
  // Crash the node of the first web pod, from its context menu.
  const victim = await webPods(page).first().evaluate((el) => el.closest('.node-box')!.getAttribute('data-testid'));
  const node = page.getByTestId(victim!);
  await node.getByTestId('node-menu').click();
  await page.getByTestId('action-node.crash').click();
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'kubeplay node crash' })).toBeVisible();
  await speed(page, '1000');
  await expect(node.getByTestId('node-status')).toHaveText(/NotReady|Unknown/, { timeout: 20_000 });
  // Evicted after the 300 s not-ready toleration; the ReplicaSet replaces them on other nodes.
  const elsewhere = page.locator(`.node-box:not([data-testid="${victim}"]) [data-testid^="pod-default-web-"].pod-chip--ok`);
  await expect(elsewhere).toHaveCount(3, { timeout: 30_000 });
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'NodeNotReady' }).first()).toBeVisible();
});

test('the scheduler table of a pod is shown, the chosen node highlighted', async ({ page }) => {
  await open(page);
  await applySample(page);
  await speed(page, '100');
  await expect(readyWebPods(page)).toHaveCount(3, { timeout: 20_000 });
  await page.getByTestId('clock-toggle').click();
  const pod = webPods(page).first();
  await pod.click();
  await expect(page.getByTestId('inspector-name')).toContainText('default/web-');
  await expect(page.getByTestId('inspector-describe')).toContainText('Status:');
  await page.getByTestId('inspector-tab-yaml').click();
  await expect(page.getByTestId('inspector-yaml')).toContainText('kind: Pod');
  await page.getByTestId('inspector-tab-events').click();
  await expect(page.getByTestId('inspector-events')).toContainText('Scheduled');
  await expect(page.getByTestId('inspector-events')).toContainText('ScalingReplicaSet');
  await page.getByTestId('inspector-tab-relations').click();
  await expect(page.getByTestId('inspector-owners')).toContainText('ReplicaSet');
  await expect(page.getByTestId('inspector-owners')).toContainText('Deployment');
  await page.getByTestId('inspector-tab-scheduling').click();
  const table = page.getByTestId('scheduler-table');
  await expect(table).toContainText('Scheduled');
  await expect(table).toContainText('NodeResourcesFit');
  const chosen = page.locator('.sched__row--chosen th');
  await expect(chosen).toHaveCount(1);
  const name = (await chosen.textContent())!;
  await expect(page.getByTestId(`node-${name}`)).toHaveClass(/node-box--chosen/);
  // The control plane is rejected by TaintToleration.
  await expect(page.getByTestId('sched-row-kubeplay-control-plane')).toHaveClass(/sched__row--rejected/);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/inspector.png` });
});

test('the timeline filters, and clicking an event selects its object', async ({ page }) => {
  await open(page);
  await applySample(page);
  await speed(page, '100');
  await expect(readyWebPods(page)).toHaveCount(3, { timeout: 20_000 });
  await page.getByTestId('clock-toggle').click();
  const entries = page.getByTestId('timeline-entry');
  await page.getByTestId('timeline-reason').fill('Scheduled');
  await expect(entries).toHaveCount(3);
  for (const r of await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')))) expect(r).toBe('Scheduled');
  await page.getByTestId('timeline-reason').fill('');
  await page.getByTestId('timeline-type').selectOption('Warning');
  for (const t of await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))) expect(t).toBe('Warning');
  await page.getByTestId('timeline-type').selectOption('');
  await page.getByTestId('timeline-object').fill('Deployment/web');
  await expect(entries.first()).toContainText('ScalingReplicaSet');
  await entries.first().click();
  await expect(page.getByTestId('inspector-name')).toHaveText('default/web');
  await page.getByTestId('timeline-object').fill('');
  await page.getByTestId('timeline-namespace').selectOption('default');
  await expect(entries.first()).toBeVisible();
  for (const t of await entries.locator('.tl__object').allTextContents()) expect(t.startsWith('default/')).toBe(true);
  await page.getByTestId('timeline-namespace').selectOption('');
  if (SHOTS) {
    await page.getByTestId('toggle-inspector').click();
    await page.getByTestId('timeline-type').selectOption('Normal');
    await page.screenshot({ path: `${SHOTS}/timeline.png` });
  }
});

test('clock shortcuts: space pauses, → steps a second, + and − change speed, next event jumps', async ({ page }) => {
  await open(page);
  await page.getByTestId('cluster-graph').click({ position: { x: 5, y: 5 } });
  const clock = page.getByTestId('clock');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('clock-toggle')).toHaveAttribute('aria-label', 'Play');
  await page.waitForTimeout(200);
  const t0 = await clock.getAttribute('datetime');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => Date.parse((await clock.getAttribute('datetime'))!) - Date.parse(t0!)).toBe(1000);
  await page.keyboard.press('+');
  await expect(page.getByTestId('clock-speed')).toHaveValue('2');
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(page.getByTestId('clock-speed')).toHaveValue('0.5');
  await page.getByTestId('clock-next-event').click();
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Jump to next Event' })).toBeVisible();
});

test('cordon from the node menu and delete a pod from the inspector', async ({ page }) => {
  await open(page);
  const node = page.getByTestId('node-kubeplay-worker2');
  await node.click({ button: 'right', position: { x: 150, y: 60 } });
  await page.getByTestId('action-node.cordon').click();
  await expect(node.getByTestId('node-status')).toHaveText('Ready,SchedulingDisabled');
  await node.getByTestId('node-menu').click();
  await page.getByTestId('action-node.uncordon').click();
  await expect(node.getByTestId('node-status')).toHaveText('Ready');
  await page.getByTestId('action-node.add').click();
  await expect(page.getByTestId('node-kubeplay-worker4')).toBeVisible();
});

test('presenter mode and the dark theme toggle', async ({ page }) => {
  await open(page);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-presenter', 'off');
  await page.getByTestId('toggle-presenter').click();
  await expect(html).toHaveAttribute('data-presenter', 'on');
  const size = await page.evaluate(() => getComputedStyle(document.body).fontSize);
  expect(size).toBe('18px');
  await page.getByTestId('toggle-theme').click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('cluster-graph').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('p');
  await expect(html).toHaveAttribute('data-presenter', 'off');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('object names render as text, never as HTML', async ({ page }) => {
  await open(page);
  await page.getByTestId('toggle-inspector').click();
  await page.getByTestId('toggle-inspector').click();
  const r = await page.evaluate(() => document.querySelectorAll('img[src="x"]').length);
  expect(r).toBe(0);
});
