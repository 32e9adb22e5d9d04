/**
 * Team roll-out in real Chromium: the admin's policy file (`/etc/chromium/policies/managed/`, "3rdparty" → Sidecar's
 * fixed id) gives Sidecar the team's Lusha key, a daily cap, the threshold and a machine label. The rep never enters a
 * key; options show what the organisation set, locked, with the key never shown; the cap holds; a policy rewritten
 * while the browser runs applies live; the popup shows the rep's share of the team pool; the ledger export is named by
 * the machine. One browser for the whole spec; the machine's policy folder is put back afterwards, even on failure.
 */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { SIDECAR_EXTENSION_ID } from '../../lib/extension-key';
import { SANDBOX_KEYS } from '../sandbox/accounts';
import { DEFAULT_DATASET, FEATURED } from '../sandbox/dataset';
import { launchWithExtension, ledgerTotal, openPanel, tabIdOf } from './harness';
import { canWriteMachinePolicy, reloadPolicies, takePolicyFolder, CHROMIUM_POLICY_DIR } from './policy-folder';
import { EXTENSION_PATH, SANDBOX_URL, SHOTS, datasetPerson, sandbox } from './setup';

const ROOT = canWriteMachinePolicy();
if (!ROOT) console.log(`[managed-policy] skipped: writing ${CHROMIUM_POLICY_DIR} needs root (CI runs as root).`);

test.describe.configure({ mode: 'serial' });
test.skip(!ROOT, `writing ${CHROMIUM_POLICY_DIR} needs root`);

const POLICY = {
  lushaApiKey: SANDBOX_KEYS.valid,
  dailyCreditCap: 4,
  autoConfirmUnder: 1000,
  machineLabel: 'SDR-07 (Dana)',
  retentionDays: 90,
  repMayChange: ['retentionDays'],
  features: { bulk: false },
};

let folder: ReturnType<typeof takePolicyFolder> | undefined;
let context: BrowserContext;
let worker: Worker;
let extensionId: string;
let options: Page;

/** Serious or critical accessibility findings on a page as it is now (locked fields and marks included). */
async function blockingAxeFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.help}`);
}

const subject = datasetPerson(FEATURED.withEmailAndPhone);
const profileUrl = `https://www.linkedin.com/in/${subject.linkedinSlug}/`;

test.beforeAll(async () => {
  await sandbox.reset();
  folder = takePolicyFolder(SIDECAR_EXTENSION_ID);
  folder.write(POLICY);
  ({ context, worker, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL }));
});

test.afterAll(async () => {
  await context?.close();
  folder?.restore();
  expect(folder?.isRestored() ?? true, 'the machine policy folder is back as it was').toBe(true);
});

test('the id is the fixed one the README gives admins', () => {
  expect(extensionId).toBe(SIDECAR_EXTENSION_ID);
});

test('options show what the organisation set, locked, and never the key', async () => {
  options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  // Chromium hands the policy to the extension a moment after it starts: wait for the fact.
  const lusha = options.getByRole('region', { name: 'Lusha account' });
  await expect(lusha.getByTestId('set-by-organisation')).toBeVisible({ timeout: 20_000 });
  await expect(options.getByTestId('organisation-banner')).toContainText('This machine: SDR-07 (Dana)');
  await expect(options.getByTestId('organisation-banner')).toContainText('Turned off for you: Bulk reveals');
  await expect(options.getByLabel('Lusha API key')).toBeDisabled();
  await expect(options.getByRole('button', { name: /^Save Lusha/ })).toBeDisabled();
  await expect(lusha.getByRole('button', { name: 'Remove key' })).toHaveCount(0);
  await expect(options.getByTestId('lusha-key-managed')).toContainText('never shown');
  // The locked settings hold the organisation's values; what the rep may change stays theirs to change.
  const cap = options.getByLabel('Daily credit cap');
  await expect(cap).toHaveValue('4');
  await expect(cap).toBeDisabled();
  await expect(options.getByLabel('Ask before spending this many credits or more at once')).toBeDisabled();
  await expect(options.getByLabel(/Delete looked-up data after/)).toBeEnabled();
  await expect(options.getByLabel(/Delete looked-up data after/)).toHaveValue('90');
  await expect(options.getByTestId('organisation-default')).toBeVisible();
  // Saber's key is the rep's own business here.
  await expect(options.getByLabel('Saber API key')).toBeEnabled();
  // No trace of the key in the page, nor a hint of it.
  expect(await options.content()).not.toContain(SANDBOX_KEYS.valid);
  expect(await options.content()).not.toContain(SANDBOX_KEYS.valid.slice(-4));

  await options.screenshot({ path: `${SHOTS}/options-managed.png`, fullPage: true });
  expect(await blockingAxeFindings(options)).toEqual([]);
  await options.emulateMedia({ colorScheme: 'dark' });
  await options.setViewportSize({ width: 320, height: 900 });
  await options.screenshot({ path: `${SHOTS}/options-managed-dark-320.png`, fullPage: true });
  expect(await blockingAxeFindings(options)).toEqual([]);
  await options.emulateMedia({ colorScheme: 'light' });
  await options.setViewportSize({ width: 1280, height: 800 });
});

test('the organisation’s key works without the rep entering one, and the managed cap holds', async () => {
  const profile = await context.newPage();
  await profile.goto(profileUrl);
  const panel = await openPanel(context, extensionId, await tabIdOf(worker, profileUrl));
  await expect(panel.getByTestId('contact-name')).toHaveText(`${subject.firstName} ${subject.lastName}`);
  // The threshold is the organisation's (1000): no prompt for one credit.
  await panel.getByRole('button', { name: 'Reveal email · 1 credit' }).click();
  await expect(panel.getByTestId('revealed-email').first()).toContainText(subject.emails[0]!.email);
  const spent = (await sandbox.state()).lusha.creditsUsed;
  expect(await ledgerTotal(worker)).toBe(spent);

  // The phone (5 credits) would pass the organisation's cap of 4.
  await panel.getByRole('button', { name: 'Reveal phone · 5 credits' }).click();
  await expect(panel.getByText(/daily cap of 4 credits .*Your organisation set this cap/)).toBeVisible();
  expect((await sandbox.state()).lusha.creditsUsed).toBe(spent);
  expect(await sandbox.requestsTo('/v3/contacts/enrich')).toBe(1);
  await panel.screenshot({ path: `${SHOTS}/panel-managed-cap.png`, fullPage: true });
  await panel.close();
  await profile.close();
});

test('a policy changed while the browser runs applies live: a raised cap lets the phone through, signals and Ask Saber go', async () => {
  const profile = await context.newPage();
  await profile.goto(profileUrl);
  const panel = await openPanel(context, extensionId, await tabIdOf(worker, profileUrl));
  await expect(panel.getByRole('heading', { name: 'Job changes and promotions' })).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Ask Saber about this person' })).toBeVisible();

  folder!.write({ ...POLICY, dailyCreditCap: 20, machineLabel: 'SDR-07 (Dana, Berlin)', features: { bulk: false, signals: false, askSaber: false } });
  await reloadPolicies(context, async (page) => {
    // What the admin sees: Sidecar's values, the keys masked (sensitiveValue in the schema).
    const keyRow = page.getByText('lushaApiKey').first();
    await keyRow.scrollIntoViewIfNeeded();
    await expect(keyRow).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/chrome-policy.png` });
    await expect(page.getByText(SANDBOX_KEYS.valid)).toHaveCount(0);
  });
  // The options page, left open, follows by itself.
  await expect(options.getByLabel('Daily credit cap')).toHaveValue('20');
  await expect(options.getByTestId('organisation-banner')).toContainText('SDR-07 (Dana, Berlin)');
  await expect(options.getByTestId('organisation-banner')).toContainText('Turned off for you: Signals, Ask Saber, Bulk reveals');
  // The open panel drops what the organisation turned off, without a reload.
  await expect(panel.getByRole('heading', { name: 'Job changes and promotions' })).toHaveCount(0);
  await expect(panel.getByRole('heading', { name: 'Ask Saber about this person' })).toHaveCount(0);

  await panel.getByRole('button', { name: 'Reveal phone · 5 credits' }).click();
  await expect(panel.getByTestId('revealed-phone').first()).toBeVisible();
  const state = await sandbox.state();
  expect(await ledgerTotal(worker)).toBe(state.lusha.creditsUsed);
  expect(state.lusha.creditsUsed).toBeLessThanOrEqual(20);
  await panel.screenshot({ path: `${SHOTS}/panel-managed-features-off.png`, fullPage: true });
  await panel.close();
  await profile.close();
});

test('the popup shows the organisation and the rep’s share of the team pool; the ledger export names the machine', async () => {
  // Another rep on the same Lusha account spends a credit outside this browser.
  const other = DEFAULT_DATASET.people.find((person) => person.id !== subject.id && person.emails.length > 0 && !person.restricted && !person.gdprBlocked)!;
  const response = await fetch(`${SANDBOX_URL}/v3/contacts/enrich`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', api_key: SANDBOX_KEYS.valid },
    body: JSON.stringify({ ids: [other.id], reveal: ['emails'] }),
  });
  expect(response.status).toBe(200);
  const mine = await ledgerTotal(worker);
  const teamUsed = (await sandbox.state()).lusha.creditsUsed;
  expect(teamUsed).toBe(mine + 1);

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 820 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByTestId('organisation-note')).toContainText('Set by your organisation · SDR-07 (Dana, Berlin)');
  // Lusha's usage is read at most every 15 s: the share appears with the first reading after the spends.
  await expect(async () => {
    await popup.reload();
    await expect(popup.getByTestId('team-share')).toHaveAttribute('data-provider-used', String(teamUsed), { timeout: 1500 });
  }).toPass({ timeout: 40_000, intervals: [2000] });
  await expect(popup.getByTestId('team-share')).toHaveAttribute('data-sidecar-spent', String(mine));
  await expect(popup.getByTestId('team-share')).toContainText(`You spent ${mine} of the ${teamUsed} credits your team used`);
  await expect(popup.getByText('of your 20-credit daily cap (set by your organisation)')).toBeVisible();
  await popup.screenshot({ path: `${SHOTS}/popup-managed.png`, fullPage: true });
  expect(await blockingAxeFindings(popup)).toEqual([]);
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.setViewportSize({ width: 320, height: 820 });
  await popup.screenshot({ path: `${SHOTS}/popup-managed-dark-320.png`, fullPage: true });
  expect(await blockingAxeFindings(popup)).toEqual([]);
  await popup.close();

  const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export the credit ledger (JSON)' }).click()]);
  const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { machineLabel: string; totals: { lusha: number }; ledger: unknown[] };
  expect(download.suggestedFilename()).toMatch(/^sidecar-ledger-SDR-07-Dana-Berlin-\d{4}-\d{2}-\d{2}\.json$/);
  expect(exported).toMatchObject({ machineLabel: 'SDR-07 (Dana, Berlin)', totals: { lusha: mine } });
  expect(JSON.stringify(exported)).not.toContain(SANDBOX_KEYS.valid);
});
