import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// Debian's Chromium where it exists (CI and this machine); Playwright's own browser elsewhere.
const systemChromium = '/usr/bin/chromium';
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    }
  : {};

// KP_PORT / KP_OUT_DIR let several builds be tested side by side (default: dist/ on 4173).
const port = Number(process.env.KP_PORT ?? 4173);
const outDir = process.env.KP_OUT_DIR;

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions,
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1${outDir ? ` --outDir ${outDir}` : ''}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
