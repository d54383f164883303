// The simulation worker dies: the page says so and starts a new one from the last snapshot it
// received; the cluster and what the user typed are still there.
import { expect, test } from '@playwright/test';

test('a killed worker is restarted from its last snapshot: the Deployment and its pods are still there', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?start=2025-01-15T09:00:00Z');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();

  await expect(page.getByTestId('editor-apply')).toBeEnabled();
  await page.getByTestId('editor-apply').click();
  await expect(page.getByTestId('editor-results')).toContainText('deployment.apps/web created');
  await page.getByTestId('clock-speed').selectOption('100');
  const ready = page.locator('[data-testid^="pod-default-web-"].pod-chip--ok');
  await expect(ready).toHaveCount(3, { timeout: 20_000 });
  const names = (await ready.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).sort();

  // Half-typed in the terminal, not run: it must survive.
  const input = page.getByTestId('kubectl-input');
  await input.fill('kubectl get deploy');

  // Wait for a snapshot taken after the pods were Ready, then kill the worker.
  const readyAt = Date.parse((await page.getByTestId('clock').getAttribute('datetime'))!);
  await expect.poll(() => page.evaluate(() => window.kubeplay?.lastSnapshotMs?.() ?? 0)).toBeGreaterThanOrEqual(readyAt);
  const snapAt = await page.evaluate(() => window.kubeplay!.lastSnapshotMs!()!);
  await page.evaluate(() => window.kubeplay!.killWorker!());

  const notice = page.getByTestId('sim-restarted');
  await expect(notice).toContainText('The simulation stopped (the simulation worker was killed) and was restarted from the snapshot at');
  await expect(page.getByTestId('sim-restarted-at')).toHaveText(`${new Date(Math.floor(snapAt / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`);
  await expect(page.getByTestId('sim-error')).toHaveCount(0);
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Simulation restarted from its last snapshot' })).toBeVisible();

  // The same pods, Ready, on the graph; the clock runs on from the snapshot at the speed it had.
  await expect(ready).toHaveCount(3);
  expect((await ready.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).sort()).toEqual(names);
  await expect(page.getByTestId('clock-speed')).toHaveValue('100');
  await expect(input).toHaveValue('kubectl get deploy');
  await input.press('Enter');
  await expect(page.getByTestId('kubectl-output')).toContainText(/web\s+3\/3\s+3\s+3/);
  expect(problems).toEqual([]);
});
