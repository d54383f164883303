import { expect, test } from '@playwright/test';

const NODES = ['kubeplay-control-plane', 'kubeplay-worker', 'kubeplay-worker2', 'kubeplay-worker3'];

test('boots a 4-node cluster and runs kubectl get nodes', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');

  for (const name of NODES) {
    const node = page.getByTestId(`node-${name}`);
    await expect(node).toBeVisible();
    await expect(node.getByTestId('node-status')).toHaveText('Ready');
  }
  await expect(page.getByTestId(`node-kubeplay-control-plane`).getByTestId('node-role')).toHaveText('control-plane');
  await expect(page.getByTestId(`node-kubeplay-worker`).getByTestId('node-role')).toHaveText('worker');
  // The control plane's static pods sit in its box.
  await expect(page.getByTestId('pod-kube-system-etcd-kubeplay-control-plane')).toBeVisible();
  await expect(page.getByTestId('clock')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);

  const input = page.getByTestId('kubectl-input');
  await input.fill('kubectl get nodes');
  await input.press('Enter');
  const output = page.getByTestId('kubectl-output');
  await expect(output).toContainText(/NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
  for (const name of NODES) await expect(output).toContainText(new RegExp(`${name}\\s+Ready`));

  await page.screenshot({ path: 'test-results/boot.png' });
  expect(problems).toEqual([]);
});

test('a bad command answers with an error and the simulation keeps running', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  const input = page.getByTestId('kubectl-input');
  await input.fill('kubectl frobnicate');
  await input.press('Enter');
  const output = page.getByTestId('kubectl-output');
  await expect(output).toContainText('unknown command "frobnicate"');
  await input.fill('kubectl get nodes kubeplay-worker');
  await input.press('Enter');
  await expect(output).toContainText(/kubeplay-worker\s+Ready/);
  await expect(page.getByTestId('sim-error')).toHaveCount(0);
});

test('the virtual clock moves, pauses and resumes', async ({ page }) => {
  await page.goto('/?start=2025-01-15T09:00:00Z');
  const clock = page.getByTestId('clock');
  await expect(clock).toHaveText(/^2025-01-15 09:00:0[0-2] UTC$/);
  await page.getByTestId('clock-speed').selectOption('100');
  await expect(clock).not.toHaveText(/^2025-01-15 09:00:/);
  await page.getByTestId('clock-toggle').click();
  // The worker's last batch (the exact time it stopped at) may still be in flight when the click
  // returns: wait for the clock to settle, then it must not move any more.
  let paused = await clock.textContent();
  await expect
    .poll(async () => {
      const before = paused;
      await page.waitForTimeout(300);
      paused = await clock.textContent();
      return paused === before;
    }, { timeout: 5000 })
    .toBe(true);
  await page.waitForTimeout(500);
  await expect(clock).toHaveText(paused!);
});

test('the Content-Security-Policy blocks inline scripts', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.appendChild(s);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
});

test('a simulation worker that fails to load is reported on the page', async ({ page }) => {
  await page.route('**/cluster.worker*', (route) => route.abort());
  await page.goto('/');
  await expect(page.getByTestId('sim-error')).toContainText('The simulation has stopped');
  const input = page.getByTestId('kubectl-input');
  await input.fill('kubectl get nodes');
  await input.press('Enter');
  await expect(page.getByTestId('kubectl-output')).toContainText('the simulation is not running');
});

test('kubectl typed while the worker still loads kubectl waits for it, then answers', async ({ page }) => {
  // kubectl, the YAML parser and the editor's commands are a chunk the worker loads after `ready`:
  // hold it back until a command has been typed.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let requested = false;
  await page.context().route('**/assets/tools-*.js', async (route) => {
    requested = true;
    await released;
    await route.continue();
  });
  await page.goto('/');
  // The first picture does not need it.
  await expect(page.getByTestId('node-kubeplay-worker').getByTestId('node-status')).toHaveText('Ready');
  await expect.poll(() => requested).toBe(true);
  const input = page.getByTestId('kubectl-input');
  await input.fill('kubectl get nodes kubeplay-worker');
  await input.press('Enter');
  const output = page.getByTestId('kubectl-output');
  await expect(output).toContainText('kubectl get nodes kubeplay-worker');
  expect(await output.textContent()).not.toMatch(/kubeplay-worker\s+Ready/);
  release();
  await expect(output).toContainText(/kubeplay-worker\s+Ready/);
  await expect(page.getByTestId('sim-error')).toHaveCount(0);
});

test('if the worker cannot load kubectl, commands say so and the simulation keeps running', async ({ page }) => {
  await page.context().route('**/assets/tools-*.js', (route) => route.abort());
  await page.goto('/?start=2025-01-15T09:00:00Z');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  const input = page.getByTestId('kubectl-input');
  await input.fill('kubectl get nodes');
  await input.press('Enter');
  await expect(page.getByTestId('kubectl-output')).toContainText("kubectl and the editor's commands could not be loaded");
  await expect(page.getByTestId('sim-error')).toHaveCount(0);
  const clock = page.getByTestId('clock');
  const then = await clock.getAttribute('datetime');
  await expect(clock).not.toHaveAttribute('datetime', then!);
});

test('index.html starts and boots the worker before the entry has loaded; nothing it says is lost', async ({ page }) => {
  // Hold the page's entry script until the worker has booted: it asks for its tools chunk only
  // after sending `ready`, which the page then has to keep until the entry adopts the worker.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.context().route('**/assets/index-*.js', async (route) => {
    await released;
    await route.continue();
  });
  const toolsRequested = page.context().waitForEvent('request', (r) => /\/assets\/tools-[\w-]+\.js$/.test(r.url()));
  await page.goto('/?seed=5&nodes=2&start=2025-01-15T09:00:00Z', { waitUntil: 'commit' });
  await toolsRequested;
  release();
  await expect(page.getByTestId('node-kubeplay-worker2').getByTestId('node-status')).toHaveText('Ready');
  await expect(page.getByTestId('node-kubeplay-worker3')).toHaveCount(0);
  const input = page.getByTestId('kubectl-input');
  await input.fill('kubectl get nodes');
  await input.press('Enter');
  await expect(page.getByTestId('kubectl-output')).toContainText(/kubeplay-worker2\s+Ready/);
  await expect(page.getByTestId('sim-error')).toHaveCount(0);
});
