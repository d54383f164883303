import { expect, test, type Page } from '@playwright/test';

type Marker = { owner: string; line: number; message: string; resource: string };

const markers = (page: Page): Promise<Marker[]> => page.evaluate(() => window.kubeplay?.editorMarkers?.() ?? []);
const terminalText = (page: Page) => page.evaluate(() => window.kubeplay?.terminalText?.() ?? '');

async function open(page: Page) {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?start=2025-01-15T09:00:00Z');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  await expect(page.getByTestId('monaco-editor').locator('.view-lines')).toBeVisible();
}

/** Closes the suggestion list (completions arrive asynchronously after typing). */
async function dismissSuggestions(page: Page) {
  await page.waitForTimeout(120);
  await page.keyboard.press('Escape');
  await expect(page.locator('.suggest-widget.visible')).toHaveCount(0);
}

/**
 * Types YAML line by line as a person would. After Enter the editor indents on its own; Shift+Home
 * selects that indentation so the typed line (with its own indentation) replaces it.
 */
async function typeLines(page: Page, lines: string[], first = true) {
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 || !first) {
      await dismissSuggestions(page);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home');
    }
    await page.keyboard.type(lines[i]);
  }
  await dismissSuggestions(page);
}

/** Puts the cursor at the end of the first line of the active tab that equals `line`. */
async function goToLine(page: Page, line: string) {
  const text = await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('kubeplay.editor.v1')!);
    return (s.tabs.find((t: { id: string }) => t.id === s.activeId) as { text: string }).text;
  });
  const index = text.split('\n').indexOf(line);
  expect(index, `line ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0);
  await page.getByTestId('monaco-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

async function runInTerminal(page: Page, line: string, expectText: string) {
  await page.getByTestId('kubectl-output').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await terminalText(page)).includes(expectText), { timeout: 15_000 }).toBe(true);
}

test('types a Deployment: schema markers, a completion, apply errors on their line, success, diff and dry run', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await open(page);
  await page.getByRole('button', { name: 'New tab' }).click();
  await expect(page.getByTestId('editor-tab-untitled.yaml')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('monaco-editor').locator('.view-lines').click();

  await typeLines(page, ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: shop', 'spec:', '  replica: 2']);
  // The misspelt field is marked while typing (schema validation), on its line.
  await expect
    .poll(async () => (await markers(page)).some((m) => m.owner === 'yaml' && m.line === 6 && m.message === 'Property replica is not allowed.'), { timeout: 15_000 })
    .toBe(true);
  // Fix it, then write a field through a completion.
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('replicas: 2');
  await expect.poll(async () => (await markers(page)).some((m) => m.owner === 'yaml' && /Property replica /.test(m.message))).toBe(false);
  await typeLines(page, ['  revisionHistoryL'], false);
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.suggest-widget');
  await expect(suggest).toBeVisible();
  await expect(suggest).toContainText('revisionHistoryLimit');
  await page.keyboard.press('Enter');
  await page.keyboard.type('5');
  // The rest of the Deployment, with a container that has no image.
  await typeLines(
    page,
    ['  selector:', '    matchLabels:', '      app: shop', '  template:', '    metadata:', '      labels:', '        app: shop', '    spec:', '      containers:', '      - name: web'],
    false,
  );
  await expect.poll(async () => (await markers(page)).filter((m) => m.owner === 'yaml').length).toBe(0);

  // Apply (Ctrl+Enter): the server's validation error comes back on the container's line.
  await page.keyboard.press('Control+Enter');
  const results = page.getByTestId('editor-results');
  await expect(results).toContainText('1 error');
  await expect(results).toContainText('spec.template.spec.containers[0].image: Required value');
  const applyMarker = (await markers(page)).find((m) => m.owner === 'kubeplay');
  expect(applyMarker).toMatchObject({ line: 17, message: 'spec.template.spec.containers[0].image: Required value' });
  // The marker's message shows on hover.
  const squiggle = await page.getByTestId('monaco-editor').locator('.squiggly-error').first().boundingBox();
  await page.mouse.move(squiggle!.x + squiggle!.width / 2, squiggle!.y + squiggle!.height / 2 - 4);
  await expect(page.locator('.monaco-hover').filter({ hasText: 'Required value' })).toBeVisible();
  await page.waitForTimeout(400); // the hover fades in
  await page.screenshot({ path: 'test-results/editor-error.png' });
  await page.mouse.move(5, 500);
  await expect(page.locator('.monaco-hover').filter({ hasText: 'Required value' })).toBeHidden();

  // Add the image and apply with the button: success, and the pods appear on the graph.
  await page.getByTestId('monaco-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await typeLines(page, ['        image: nginx:1.27'], false);
  await page.getByTestId('editor-apply').click();
  await expect(results).toContainText('deployment.apps/shop created');
  await expect.poll(async () => (await markers(page)).filter((m) => m.owner === 'kubeplay').length).toBe(0);
  await expect(page.locator('[data-testid^="pod-default-shop-"]')).toHaveCount(2, { timeout: 15_000 });

  // Change the image and diff against the live object.
  await page.getByTestId('monaco-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('8');
  await page.getByTestId('editor-diff').click();
  const diff = page.getByTestId('diff-editor');
  await expect(diff).toBeVisible();
  await expect(results).toContainText('1 of 1 object would change');
  await expect(diff.locator('.editor.original')).toContainText('nginx:1.27');
  await expect(diff.locator('.editor.modified')).toContainText('nginx:1.28');
  await expect(diff.locator('.line-insert, .char-insert').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/editor-diff.png' });

  // Dry run shows the object as the server would store it, defaults filled in, nothing stored.
  await page.getByTestId('editor-dryrun').click();
  await expect(results).toContainText('deployment.apps/shop configured (server dry run)');
  const dry = page.getByTestId('dryrun-view');
  await expect(dry).toBeVisible();
  await expect(dry).toContainText('progressDeadlineSeconds');
  await page.getByTestId('editor-back').click();
  await expect(page.getByTestId('monaco-editor')).toBeVisible();

  // kubectl diff -f <tab> in the terminal prints the unified diff and exits 1.
  await runInTerminal(page, 'kubectl diff -f untitled.yaml', '+      - image: nginx:1.28');
  expect(await terminalText(page)).toContain('-      - image: nginx:1.27');
  expect(problems).toEqual([]);
});

test('samples apply document by document, and tabs survive a reload', async ({ page }) => {
  await open(page);
  await page.getByTestId('editor-samples').selectOption('config');
  await expect(page.getByTestId('editor-tab-config.yaml')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('editor-apply').click();
  const results = page.getByTestId('editor-results');
  await expect(results).toContainText('configmap/app-config created');
  await expect(results).toContainText('secret/app-secret created');
  await expect(results).toContainText('pod/configured created');

  // The panel's width is the user's: drag its edge, and it stays after a reload.
  const panel = page.getByTestId('editor-panel');
  const edge = await page.getByRole('separator', { name: 'Resize the editor' }).boundingBox();
  await page.mouse.move(edge!.x + 4, edge!.y + 200);
  await page.mouse.down();
  await page.mouse.move(edge!.x - 150, edge!.y + 200, { steps: 5 });
  await page.mouse.up();
  const widened = (await panel.boundingBox())!.width;
  expect(widened).toBeGreaterThan((edge!.x > 0 ? 1600 - edge!.x : 0) + 100);

  await page.reload();
  await expect(page.getByTestId('monaco-editor').locator('.view-lines')).toBeVisible();
  expect(Math.abs((await panel.boundingBox())!.width - widened)).toBeLessThan(3);
  await expect(page.getByTestId('editor-tab-web.yaml')).toBeVisible();
  await expect(page.getByTestId('editor-tab-config.yaml')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('monaco-editor')).toContainText('kind: ConfigMap');
});

test('edits a live pod from the graph; a concurrent change is a conflict, never overwritten', async ({ page }) => {
  await open(page);
  await page.getByTestId('editor-samples').selectOption('pod');
  await page.getByTestId('editor-apply').click();
  await expect(page.getByTestId('editor-results')).toContainText('pod/hello created');

  // Select the pod on the graph and open it.
  await page.getByTestId('pod-default-hello').click();
  await expect(page.getByTestId('selection-bar')).toContainText('default/hello');
  await page.getByTestId('selection-edit').click();
  await expect(page.getByTestId('editor-tab-pod-hello.yaml')).toHaveAttribute('aria-selected', 'true');
  const editor = page.getByTestId('monaco-editor');
  await expect(editor).toContainText('# Please edit the object below.');

  const addLabelAfter = async (existing: string, label: string) => {
    await page.waitForTimeout(400); // the tab's text is saved to the browser's storage
    await goToLine(page, `    ${existing}`);
    await typeLines(page, [`    ${label}`], false);
  };

  await addLabelAfter('app: hello', 'tier: web');
  await page.getByTestId('editor-apply').click();
  await expect(page.getByTestId('editor-results')).toContainText('pod/hello edited');
  await runInTerminal(page, 'kubectl get pod hello --show-labels', 'app=hello,tier=web');

  // Someone else labels the pod while it is open here: saving is refused, with a reload offered.
  await runInTerminal(page, 'kubectl label pod hello color=blue', 'pod/hello labeled');
  await addLabelAfter('tier: web', 'size: small');
  await page.getByTestId('editor-apply').click();
  const conflict = page.getByTestId('editor-conflict');
  await expect(conflict).toContainText('Conflict: pod/hello was changed in the cluster since you opened it. Nothing was saved.');
  await expect(conflict).toContainText('the object has been modified');
  await runInTerminal(page, 'kubectl get pod hello --show-labels', 'app=hello,color=blue,tier=web');
  await page.screenshot({ path: 'test-results/editor-conflict.png' });

  // Reload: the live object comes back, and the user's text is kept in a new tab.
  await page.getByTestId('editor-reload').click();
  await expect(page.getByTestId('editor-tab-pod-hello.mine.yaml')).toBeVisible();
  await page.getByTestId('editor-tab-pod-hello.yaml').getByRole('button').first().click();
  await expect(editor).toContainText('color: blue');
});

test('a CRD teaches the editor its kind; kubectl edit in the terminal opens the editor', async ({ page }) => {
  await open(page);
  await page.getByTestId('editor-samples').selectOption('crd');
  await page.getByTestId('editor-apply').click();
  const results = page.getByTestId('editor-results');
  await expect(results).toContainText('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created');
  await expect(results).toContainText('crontab.stable.example.com/my-crontab created');
  // The CronTab document is now checked against the CRD's schema: a misspelt field is marked.
  await page.getByTestId('monaco-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await typeLines(page, ['  cronSpc: "x"'], false);
  await expect
    .poll(async () => (await markers(page)).find((m) => m.owner === 'yaml' && /cronSpc/.test(m.message))?.message, { timeout: 15_000 })
    .toContain('cronSpc');

  await runInTerminal(page, 'kubectl edit deploy coredns -n kube-system', 'Opened deployment.apps/coredns in the editor');
  await expect(page.getByTestId('editor-tab-deployment-coredns.yaml')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('monaco-editor')).toContainText('k8s-app: kube-dns');
});
