import { defineConfig } from '@playwright/test';

/** The sandbox port the e2e build talks to (baked in at build time by scripts/build-sandbox.mjs). */
export const E2E_SANDBOX_PORT = Number(process.env.SIDECAR_SANDBOX_PORT || 8797);

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  // Every test launches its own Chromium; two cores run one at a time best.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  retries: 0,
  use: { trace: 'retain-on-failure' },
  webServer: {
    command: `npx tsx tests/sandbox/cli.ts --port ${E2E_SANDBOX_PORT}`,
    url: `http://127.0.0.1:${E2E_SANDBOX_PORT}/__sandbox/state`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
  },
});
