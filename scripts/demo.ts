/**
 * `npm run demo`: starts the sandbox, builds Sidecar against it, opens Chromium with Sidecar on a sample LinkedIn
 * profile and walks the main path (key → preview → reveal → popup). With a display it leaves the browser open;
 * without one it runs headless and saves a screenshot of every step.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { SABER_KEYS, SANDBOX_KEYS } from '../tests/sandbox/accounts';
import { FEATURED } from '../tests/sandbox/dataset';
import { startSandbox } from '../tests/sandbox/server';
import { CHROMIUM_PATH, launchWithExtension, openPanel, saveLushaKey, saveSaberKey, tabIdOf } from '../tests/e2e/harness';

const port = Number(process.env.SIDECAR_DEMO_PORT || 8787);
const headed = Boolean(process.env.DISPLAY) && process.env.HEADLESS !== '1';
const shots = path.resolve('demo-screenshots');

async function main() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    console.error(`Chromium is not at ${CHROMIUM_PATH}. On Debian/Ubuntu: sudo apt-get install chromium (or set CHROMIUM_BIN).`);
    process.exit(1);
  }
  const sandbox = await startSandbox({ port });
  console.log(`Sandbox (fake Lusha) at ${sandbox.url}`);

  const outDir = `.sandbox-build/${port}`;
  const build = spawnSync(process.execPath, ['scripts/build-sandbox.mjs', '--port', String(port), '--out', outDir], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
  let step = 0;
  const shot = async (page: Page, name: string) => {
    step += 1;
    const file = path.join(shots, `${String(step).padStart(2, '0')}-${name}.png`);
    // A modal dialog dims only the viewport: a full-page capture would show the page below it undimmed.
    const modal = await page.locator('dialog[open]').count();
    await page.screenshot({ path: file, fullPage: modal === 0 });
    console.log(`  ${step}. ${name}`);
  };

  const { context, extensionId, worker } = await launchWithExtension({
    extensionPath: path.resolve(outDir, 'chrome-mv3'),
    sandboxUrl: sandbox.url,
    headless: !headed,
  });
  console.log(headed ? 'Chromium is open with Sidecar loaded.' : 'No display: running headless, saving screenshots.');

  const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
  await options.getByTestId('lusha-key-valid').waitFor();
  // A sandbox Saber key too, so Ask Saber, research and the email waterfall work in the demo.
  await saveSaberKey(options, SABER_KEYS.valid);
  await shot(options, 'options-key-saved');

  const profileUrl = `https://www.linkedin.com/in/${FEATURED.withEmailAndPhone}/`;
  const profile = await context.newPage();
  await profile.goto(profileUrl);
  await shot(profile, 'linkedin-profile');

  const panel = await openPanel(context, extensionId, await tabIdOf(worker, profileUrl));
  const reveal = panel.getByRole('button', { name: /^Reveal email/ });
  await reveal.waitFor();
  await shot(panel, 'panel-preview');
  await reveal.click();
  await panel.getByRole('dialog').waitFor();
  await shot(panel, 'panel-confirm-reveal');
  await panel.getByRole('dialog').getByRole('button', { name: /^Reveal/ }).click();
  await panel.getByTestId('revealed-email').first().waitFor();
  await shot(panel, 'panel-email-revealed');
  await panel.getByTestId('ask-saber').waitFor();
  await panel.getByTestId('ask-saber').scrollIntoViewIfNeeded();
  await shot(panel, 'panel-ask-saber');

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 560 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByTestId('credits-remaining').waitFor();
  await shot(popup, 'popup-credit-meter');

  console.log(`Screenshots saved in ${shots}`);
  if (headed) {
    // Open the real side panel the way a user does (a click in the popup), then show the profile beside it.
    await popup.getByRole('button', { name: 'Open side panel' }).click().catch(() => undefined);
    await profile.bringToFront();
    const panels = await worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).length);
    console.log(
      panels > 0
        ? 'The side panel is open beside the profile.'
        : 'Open the side panel from Sidecar’s toolbar button (popup → Open side panel).',
    );
    console.log('Explore freely; press Ctrl+C to stop the demo.');
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  }
  await context.close();
  await sandbox.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
