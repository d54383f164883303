// Pod chip fades: kept for small boxes (part of the look), dropped in a box of many chips, where
// dozens of per-frame colour fades during a rollout were the long frames (bench/README.md).
import { expect, test, type Page } from '@playwright/test';

async function run(page: Page, line: string) {
  const r = await page.evaluate((l) => window.kubeplay!.run!(l), line);
  expect(r.ok, r.output).toBe(true);
}

const animation = (page: Page, testId: string) =>
  page.locator(`[data-testid^="${testId}"]`).first().evaluate((el) => `${getComputedStyle(el).animationName} ${getComputedStyle(el).transitionProperty}`);

test('small boxes fade their chips in; a box of many chips shows them without fades', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?start=2025-01-15T09:00:00Z&nodes=12');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  await page.waitForFunction(() => typeof window.kubeplay?.run === 'function');
  await page.getByRole('button', { name: 'Hide the editor' }).click();

  await run(page, 'kubectl create deployment few --image=nginx:1.27 --replicas=2');
  await expect(page.locator('[data-testid^="pod-default-few-"]')).toHaveCount(2);
  expect(await animation(page, 'pod-default-few-')).toBe('pod-in background-color');

  await run(page, 'kubectl create deployment many --image=nginx:1.27 --replicas=360');
  await page.evaluate(() => window.kubeplay!.setClock!(true, 100));
  const worker5 = page.getByTestId('node-kubeplay-worker5');
  await expect.poll(() => worker5.getByTestId('pod-group').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await worker5.getByTestId('pod-group').first().click();
  const list = worker5.getByTestId('pods-expanded');
  await expect(list).toHaveClass(/node-box__pods--many/, { timeout: 10_000 });
  expect(await list.locator('[data-testid^="pod-default-many-"]').first().evaluate((el) => `${getComputedStyle(el).animationName} ${getComputedStyle(el).transitionProperty}`)).toBe('none none');
  expect(problems).toEqual([]);
});
