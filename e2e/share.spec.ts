import { expect, test, type Page } from '@playwright/test';

const terminalText = (page: Page) => page.evaluate(() => window.kubeplay?.terminalText?.() ?? '');

/** Pods of the `web` Deployment with their nodes, read through the page's kubectl. */
async function webPods(page: Page): Promise<string> {
  const r = await page.evaluate(() => window.kubeplay!.run!('kubectl get pods -l app=web -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,PHASE:.status.phase --sort-by=.metadata.name'));
  expect(r.ok, r.output).toBe(true);
  return r.output;
}

async function runInTerminal(page: Page, line: string, expectText: string) {
  await page.getByTestId('kubectl-output').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await terminalText(page)).includes(expectText), { timeout: 15_000 }).toBe(true);
}

test('a share link rebuilds the same Deployment with the same pods in a new page', async ({ page, context }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?seed=9&start=2025-01-15T09:00:00Z');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  await expect(page.getByTestId('monaco-editor').locator('.view-lines')).toBeVisible();

  // The editor opens with the sample Deployment `web` (3 replicas): apply it, then scale it.
  await page.getByTestId('editor-apply').click();
  await expect(page.getByTestId('editor-results')).toContainText('deployment.apps/web created');
  await runInTerminal(page, 'kubectl scale deployment web --replicas=5', 'deployment.apps/web scaled');
  await expect.poll(async () => (await webPods(page)).match(/Running/g)?.length ?? 0, { timeout: 30_000 }).toBe(5);
  await page.getByTestId('clock-toggle').click(); // pause, so the page stays as it was shared
  const before = await webPods(page);

  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#share=v1\.[A-Za-z0-9_-]+$/);

  const shared = await context.newPage();
  await shared.setViewportSize({ width: 1600, height: 1000 });
  await shared.goto(link);
  await expect(shared.getByTestId('share-banner')).toContainText('Replayed 2 actions from a shared link');
  await expect(shared.getByTestId('clock-toggle')).toHaveAttribute('aria-label', 'Play'); // paused
  expect(await webPods(shared)).toBe(before);
  expect(before.match(/^web-[a-z0-9]+-[a-z0-9]{5} /gm)).toHaveLength(5);
  // The hash is dropped once used: a reload does not replay over what the user does next.
  expect(new URL(shared.url()).hash).toBe('');
});

test('a broken share link says why and boots the normal playground', async ({ page }) => {
  await page.goto('/#share=v1.not-a-real-link');
  await expect(page.getByTestId('share-banner')).toContainText('share link is not valid: the payload');
  await expect(page.getByTestId('share-banner')).toContainText('Started a new playground instead.');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
});
