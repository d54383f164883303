// The event timeline is virtualized: only the rows in view (and an overscan) are in the DOM, and
// scrolling brings the oldest in.
import { expect, test } from '@playwright/test';

test('a long timeline keeps only some rows in the DOM; scrolling reaches the oldest', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?start=2025-01-15T09:00:00Z');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  await page.waitForFunction(() => typeof window.kubeplay?.run === 'function');
  const r = await page.evaluate(() => window.kubeplay!.run!('kubectl create deployment many --image=nginx:1.27 --replicas=40'));
  expect(r.ok).toBe(true);
  await page.getByTestId('clock-speed').selectOption('100');
  const count = page.getByTestId('timeline-count');
  await expect.poll(async () => Number(await count.textContent()), { timeout: 20_000 }).toBeGreaterThan(200);
  const total = Number(await count.textContent());
  const rows = page.getByTestId('timeline-entry');
  expect(await rows.count()).toBeLessThan(total);
  await page.getByTestId('clock-toggle').click();
  // Scroll to the bottom (the list re-measures rows as they appear: repeat until it stays there;
  // a batch already on its way when the clock paused, or the timeline's idle-time update, may
  // still add a row: the oldest row is checked in the same pass that read the count).
  await expect
    .poll(
      async () => {
        await page.locator('.timeline__list').evaluate((el) => el.scrollTo(0, el.scrollHeight));
        const last = Number(await count.textContent()) - 1;
        const max = await rows.evaluateAll((els) => Math.max(...els.map((e) => Number(e.getAttribute('data-index')))));
        return max === last && (await page.locator(`[data-testid="timeline-entry"][data-index="${last}"]`).isVisible());
      },
      { timeout: 10_000 },
    )
    .toBe(true);
});
