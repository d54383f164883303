import { expect, test, type Page } from '@playwright/test';
import { Cluster } from '../src/sim/cluster';
import { runTranscript } from '../src/sim/transcript/run';
import { SAMPLES } from '../src/ui/editor/samples';

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

const START = '2025-01-15T09:00:00Z';

/**
 * The clock's virtual time once it stands still (the worker sends the exact pause time). Reads
 * 1.1 s apart: while it plays at 1x, every virtual second crossed sends a batch, so two equal
 * reads that far apart mean the pause has landed.
 */
async function pausedClockMs(page: Page): Promise<number> {
  await page.evaluate(() => window.kubeplay!.setClock!(false, 1));
  const read = () => page.getByTestId('clock').getAttribute('datetime');
  let last = '';
  await expect
    .poll(async () => {
      const now = await read();
      const stable = now === last;
      last = now ?? '';
      return stable;
    }, { intervals: [1100] })
    .toBe(true);
  return Date.parse(last);
}

/** `$ LINE` → what followed it, for each command in a terminal or transcript text. */
function blocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let cmd: string | undefined;
  let body: string[] = [];
  const end = () => {
    if (cmd !== undefined) out.set(cmd, body.join('\n').trimEnd());
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('$ ')) {
      end();
      cmd = line.slice(2).trim();
      body = [];
    } else body.push(line.trimEnd());
  }
  end();
  return out;
}

/** A table's cells with ages (`12s`, `3m4s`, `5h`) replaced: the two runs typed at other times. */
const withoutAges = (table: string) =>
  table.split('\n').map((l) => l.split(/\s+/).map((cell) => (/^\d+[smhd](\d+[smh])?$/.test(cell) ? '<age>' : cell)));

test('get pods -o wide, a streaming rollout status and explain print what the transcript runner prints', async ({ page }) => {
  await openTerminal(page);
  const pausedAt = await pausedClockMs(page);
  await run(page, 'kubectl apply -f web.yaml');
  await waitForText(page, 'deployment.apps/web created\n$');
  await run(page, 'kubectl rollout status deployment/web');
  await waitForText(page, 'Waiting for deployment spec update to be observed...');
  // The clock is paused: the command waits, without a prompt.
  await page.getByTestId('clock-step-second').click();
  const mid = (await waitForText(page, /Waiting for deployment "web" rollout to finish: [^\n]*\n*$/)).trimEnd();
  expect(mid.split('\n').pop()).toMatch(/^Waiting for deployment "web" rollout to finish/);
  await page.evaluate(() => window.kubeplay!.setClock!(true, 10));
  await waitForText(page, 'deployment "web" successfully rolled out\n$');
  await pausedClockMs(page);
  await page.getByTestId('kubectl-output').click();
  await run(page, 'kubectl get pods -o wide');
  await waitForText(page, /\$ kubectl get pods -o wide\nNAME[^$]*\n\$/);
  await run(page, 'kubectl explain deployment.spec.strategy');
  await waitForText(page, 'RollingUpdate.\n');
  await waitForText(page, /\$ kubectl explain deployment.spec.strategy\n[^$]*\n\$/);
  const terminal = blocks(await terminalText(page));

  // The same commands at the same virtual times, through the transcript runner.
  const web = SAMPLES.find((s) => s.id === 'deployment')!.text;
  const lines = ['kubectl apply -f web.yaml', 'kubectl rollout status deployment/web', 'kubectl get pods -o wide', 'kubectl explain deployment.spec.strategy'];
  const transcript = runTranscript([`sleep ${pausedAt - Date.parse(START)}ms`, ...lines].join('\n'), {
    seed: 1,
    nodes: 3,
    startMs: Date.parse(START),
    paceMs: 0,
    io: { readFile: (p) => (p === 'web.yaml' ? web : undefined) },
  });
  const expected = blocks(expandTabs(transcript.output));
  expect(terminal.get(lines[0])).toBe(expected.get(lines[0]));
  expect(terminal.get(lines[1])).toBe(expected.get(lines[1]));
  expect(expected.get(lines[1])).toMatch(/rollout to finish: 2 of 3 updated replicas are available\.\.\.\ndeployment "web" successfully rolled out$/);
  expect(withoutAges(terminal.get(lines[2])!)).toEqual(withoutAges(expected.get(lines[2])!));
  expect(terminal.get(lines[2])).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n(web-\S+\s+1\/1\s+Running.*\n?){3}$/);
  expect(terminal.get(lines[3])).toBe(expected.get(lines[3]));
});

test('kubectl get pods -w streams changes until Ctrl+C returns the prompt', async ({ page }) => {
  await openTerminal(page);
  await run(page, 'kubectl apply -f web.yaml');
  await waitForText(page, 'deployment.apps/web created\n$');
  await run(page, 'kubectl get pods -w');
  // Rows arrive while it runs: each pod becomes Running (the header first, then the changes).
  await waitForText(page, /\$ kubectl get pods -w\nNAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n[^$]*web-\S+\s+1\/1\s+Running/);
  const running = (await terminalText(page)).trimEnd();
  expect(running.split('\n').pop()).toMatch(/^web-/);
  await page.keyboard.press('Control+C');
  await waitForText(page, /\^C\n\$\s*$/);
  await run(page, 'kubectl get deployment web');
  await waitForText(page, /\$ kubectl get deployment web\nNAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+/);
});
