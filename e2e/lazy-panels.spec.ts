import { expect, test } from '@playwright/test';

// The side panel (inspector, event timeline), the editor's chrome and the share-link codec are
// chunks of their own, loaded after (or beside) the app's first chunk: the first picture of the
// cluster does not wait for them, and their boxes are there from the start, so nothing moves. (The
// node boxes themselves are checked by the graph's own specs: React Flow places them once measured.)

const BOXES = `(() => Object.fromEntries(['.app__graph', '.side-panel', '.editor-panel'].map((s) => {
  const r = document.querySelector(s)?.getBoundingClientRect();
  return [s, r ? [r.x, r.y, r.width, r.height].map(Math.round) : null];
})))()`;

test('the first graph is drawn before the side panel’s code is fetched; the panels fill in without moving anything', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.addInitScript(`new MutationObserver((_, obs) => {
    if (document.querySelector('.node-box[data-testid^="node-"]')) {
      window.__firstBoxes = ${BOXES};
      window.__chunksAtFirstGraph = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });`);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');

  await expect(page.getByTestId('side-panel')).toBeVisible();
  await expect(page.getByTestId('editor-panel')).toBeVisible();
  await expect(page.getByTestId('timeline')).toBeVisible();
  const first = await page.evaluate(() => (window as unknown as { __firstBoxes: Record<string, number[] | null> }).__firstBoxes);
  const atFirstGraph = await page.evaluate(() => (window as unknown as { __chunksAtFirstGraph: string[] }).__chunksAtFirstGraph);
  // The suite runs against the production build (playwright.config.ts serves it with `vite
  // preview`): if the app's first chunk is not named as below, the chunk checks would prove nothing.
  expect(requested.some((p) => /\/assets\/mount-[\w-]+\.js$/.test(p)), 'the built app\'s mount chunk was fetched').toBe(true);
  expect(atFirstGraph.filter((p) => /\/assets\/SidePanel-/.test(p))).toEqual([]);
  expect(requested.some((p) => /\/assets\/SidePanel-[\w-]+\.js$/.test(p))).toBe(true);
  // No share link in the URL: the codec is not fetched at all.
  expect(requested.filter((p) => /\/assets\/codec-/.test(p))).toEqual([]);
  // The same boxes once everything has filled in.
  for (const [sel, box] of Object.entries(first)) expect(box, sel).not.toBeNull();
  expect(await page.evaluate(BOXES)).toEqual(first);
  expect(problems).toEqual([]);
});
