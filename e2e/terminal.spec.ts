import { expect, test, type Page } from '@playwright/test';
import { Cluster } from '../src/sim/cluster';

const terminalText = (page: Page) => page.evaluate(() => window.kubeplay?.terminalText?.() ?? '');

/** The terminal's text once it contains `needle` (polls). */
async function waitForText(page: Page, needle: string | RegExp): Promise<string> {
  let text = '';
  await expect
    .poll(async () => {
      text = await terminalText(page);
      return typeof needle === 'string' ? text.includes(needle) : needle.test(text);
    }, { timeout: 15_000 })
    .toBe(true);
  return text;
}

/** The line being edited at the prompt (the last `$ ` line). */
async function promptLine(page: Page): Promise<string> {
  const lines = (await terminalText(page)).split('\n').filter((l) => l.startsWith('$ '));
  return (lines[lines.length - 1] ?? '').trimEnd();
}

/** Expands tabs to 8-column stops, as the terminal shows them. */
function expandTabs(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let out = '';
      for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
      return out;
    })
    .join('\n');
}

async function openTerminal(page: Page) {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?start=2025-01-15T09:00:00Z');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  await waitForText(page, '$ ');
  await page.getByTestId('kubectl-output').click();
}

async function run(page: Page, line: string) {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test('runs kubectl get pods -A, recalls history with ↑ and completes with Tab', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await openTerminal(page);

  await run(page, 'kubectl get pods -A');
  const out = await waitForText(page, /NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
  expect(out).toMatch(/kube-system\s+etcd-kubeplay-control-plane\s+1\/1\s+Running\s+0/);
  expect(out).toMatch(/kube-system\s+coredns-\S+\s+1\/1\s+Running/);

  // History: ↑ brings the last command back; Enter runs it again.
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => promptLine(page)).toBe('$ kubectl get pods -A');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await terminalText(page)).match(/NAMESPACE\s+NAME\s+READY/g)?.length).toBe(2);

  // Tab completion: a command, a resource type, a namespace, then an object name.
  await page.keyboard.type('kubectl ver');
  await page.keyboard.press('Tab');
  await expect.poll(() => promptLine(page)).toBe('$ kubectl version');
  await page.keyboard.press('Control+U');
  await page.keyboard.type('kubectl get deploym');
  await page.keyboard.press('Tab');
  await expect.poll(() => promptLine(page)).toBe('$ kubectl get deployments');
  await page.keyboard.type('-n kube-s');
  await page.keyboard.press('Tab');
  await expect.poll(() => promptLine(page)).toBe('$ kubectl get deployments -n kube-system');
  await page.keyboard.type('cored');
  await page.keyboard.press('Tab');
  await expect.poll(() => promptLine(page)).toBe('$ kubectl get deployments -n kube-system coredns');
  await page.keyboard.press('Enter');
  await waitForText(page, /coredns\s+2\/2\s+2\s+2/);

  // Several candidates: Tab completes their common prefix, then lists them.
  await page.keyboard.type('kubectl get po');
  await page.keyboard.press('Tab');
  await expect.poll(() => promptLine(page)).toBe('$ kubectl get pod');
  await page.keyboard.press('Tab');
  await waitForText(page, /poddisruptionbudgets\s+pods\s+podtemplates\n\$ kubectl get pod/);
  await page.keyboard.press('Control+C');
  await run(page, 'kubectl explain pod.spec.restartPolicy');
  await waitForText(page, 'ENUM:\n    Always');

  // History survives a reload.
  await page.reload();
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  await waitForText(page, '$ ');
  await page.getByTestId('kubectl-output').click();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => promptLine(page)).toBe('$ kubectl explain pod.spec.restartPolicy');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => promptLine(page)).toBe('$ kubectl get deployments -n kube-system coredns');

  expect(problems).toEqual([]);
});

test('kubectl explain prints what the transcript runner prints', async ({ page }) => {
  await openTerminal(page);
  const line = 'kubectl explain deployment.spec.strategy';
  await run(page, line);
  const text = await waitForText(page, 'RollingUpdate.\n');
  const expected = expandTabs(new Cluster({}).kubectl(line).output).replace(/\n+$/, '');
  expect(text).toContain(`$ ${line}\n${expected}`);
});

test('heredocs, editor buffers as files, non-kubectl commands and clear', async ({ page }) => {
  await openTerminal(page);
  await run(page, 'kubectl apply -f - <<EOF');
  for (const l of ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: from-heredoc', 'data:', '  a: "1"', 'EOF']) await run(page, l);
  await waitForText(page, 'configmap/from-heredoc created');

  // The editor's first tab is web.yaml (the Deployment sample).
  await run(page, 'kubectl apply -f web.yaml');
  await waitForText(page, 'deployment.apps/web created');
  await expect(page.locator('[data-testid^="pod-default-web-"]').first()).toBeVisible();

  await run(page, 'ls -l');
  await waitForText(page, 'ls: command not found. This terminal runs kubectl');

  await run(page, 'kubectl frobnicate');
  await waitForText(page, 'Error: unknown command "frobnicate" for "kubectl"');

  await run(page, 'clear');
  await expect.poll(async () => (await terminalText(page)).includes('frobnicate')).toBe(false);
});

test('a YAML bomb is refused quickly and the page stays responsive', async ({ page }) => {
  await openTerminal(page);
  const bomb = [
    'kubectl apply -f - <<EOF',
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
    'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
    'EOF',
  ];
  const started = Date.now();
  for (const l of bomb) await run(page, l);
  await waitForText(page, 'error: error parsing STDIN');
  expect(Date.now() - started).toBeLessThan(15_000);
  await run(page, 'kubectl get ns default');
  await waitForText(page, /default\s+Active/);
  await expect(page.getByTestId('clock')).toBeVisible();
});

test('a session as the terminal shows it (screenshot)', async ({ page }) => {
  await page.setViewportSize({ width: 1500, height: 1500 });
  await page.goto('/?start=2025-01-15T09:00:00Z');
  await expect(page.getByTestId('node-kubeplay-worker')).toBeVisible();
  await waitForText(page, '$ ');
  await page.getByTestId('kubectl-output').click();
  await run(page, 'kubectl apply -f web.yaml');
  await waitForText(page, 'deployment.apps/web created');
  await run(page, 'kubectl get nodes');
  await waitForText(page, /kubeplay-worker3\s+Ready/);
  await run(page, 'kubectl get deploy,rs');
  await waitForText(page, /replicaset\.apps\/web-/);
  await run(page, 'clear');
  await run(page, 'kubectl get pods -o wide');
  await waitForText(page, /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
  await run(page, 'kubectl explain deploy.spec.replicas');
  await waitForText(page, 'zero and not specified. Defaults to 1.');
  await page.keyboard.type('kubectl get po');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await waitForText(page, /podtemplates\n\$ kubectl get pod/);
  await page.waitForTimeout(300);
  await page.locator('.terminal-panel').screenshot({ path: 'test-results/terminal.png' });
});
