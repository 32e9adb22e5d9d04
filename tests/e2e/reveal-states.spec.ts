/** Reveal prompts and the per-person states, in real Chromium against the sandbox. */
import { expect, test, type BrowserContext, type Worker } from '@playwright/test';
import { SANDBOX_KEYS } from '../sandbox/accounts';
import { FEATURED } from '../sandbox/dataset';
import { launchWithExtension, openPanel, saveLushaKey, tabIdOf } from './harness';
import { SANDBOX_URL, EXTENSION_PATH, SHOTS, sandbox, datasetPerson } from './setup';

async function panelFor(context: BrowserContext, worker: Worker, extensionId: string, slug: string) {
  const url = `https://www.linkedin.com/in/${slug}/`;
  const page = await context.newPage();
  await page.goto(url);
  return openPanel(context, extensionId, await tabIdOf(worker, url));
}

test.beforeEach(async () => sandbox.reset());

test('“don’t ask again under N credits” skips the prompt below N, and each state is specific', async () => {
  const { context, extensionId, worker } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();

    // A person with a phone but no email: no email button, a priced phone button; the prompt offers a threshold.
    const noEmail = datasetPerson(FEATURED.noEmail);
    const panel = await panelFor(context, worker, extensionId, noEmail.linkedinSlug);
    await expect(panel.getByText('Lusha has no email for this person.')).toBeVisible();
    await expect(panel.getByRole('button', { name: /^Reveal email/ })).toHaveCount(0);
    await panel.getByRole('button', { name: 'Reveal phone · 5 credits' }).click();
    const dialog = panel.getByRole('dialog');
    await dialog.getByLabel('Don’t ask again for spends under').check();
    await dialog.getByLabel('Credit threshold for asking').fill('6');
    await panel.screenshot({ path: `${SHOTS}/panel-confirm-threshold.png` }); // the modal dims the viewport only
    await dialog.getByRole('button', { name: 'Reveal · 5 credits' }).click();
    await expect(panel.getByTestId('revealed-phone').first()).toContainText(noEmail.phones[0]!.number);
    expect((await sandbox.state()).lusha.creditsByAction.revealPhone).toBe(5);

    // Below the threshold now: a 1-credit email reveals at once, with no prompt.
    const other = datasetPerson(FEATURED.withEmailAndPhone);
    const panel2 = await panelFor(context, worker, extensionId, other.linkedinSlug);
    await panel2.getByRole('button', { name: 'Reveal email · 1 credit' }).click();
    await expect(panel2.getByTestId('revealed-email').first()).toContainText(other.emails[0]!.email);
    await expect(panel2.getByRole('dialog')).toHaveCount(0);
    expect((await sandbox.state()).lusha.creditsUsed).toBe(6);

    // Restricted by the provider: a specific notice, nothing charged.
    const restricted = await panelFor(context, worker, extensionId, FEATURED.restricted);
    await expect(restricted.locator('[data-result-status="restricted"]')).toContainText('Not available for compliance reasons');
    await restricted.screenshot({ path: `${SHOTS}/panel-restricted.png`, fullPage: true });

    // GDPR-blocked at reveal time (HTTP 451): its own state, nothing charged. (1 credit is under the threshold: no prompt.)
    const before = (await sandbox.state()).lusha.creditsUsed;
    const gdpr = await panelFor(context, worker, extensionId, FEATURED.gdpr);
    await gdpr.getByRole('button', { name: 'Reveal email · 1 credit' }).click();
    // The person is marked for good: the panel turns to the restricted state and offers no more reveals.
    await expect(gdpr.locator('[data-result-status="restricted"]')).toBeVisible();
    await expect(gdpr.getByRole('button', { name: /^Reveal/ })).toHaveCount(0);
    await gdpr.screenshot({ path: `${SHOTS}/panel-gdpr.png`, fullPage: true });
    expect((await sandbox.state()).lusha.creditsUsed).toBe(before);
  } finally {
    await context.close();
  }
});

test('a do-not-call phone is marked and an EU contact carries its note', async () => {
  const { context, extensionId, worker } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
    const dnc = datasetPerson(FEATURED.doNotCall);
    const panel = await panelFor(context, worker, extensionId, dnc.linkedinSlug);
    await panel.getByRole('button', { name: /^Reveal phone/ }).click();
    await panel.getByRole('dialog').getByRole('button', { name: /^Reveal/ }).click();
    await expect(panel.getByTestId('revealed-phone').filter({ hasText: 'Do not call' }).first()).toBeVisible();

    const eu = datasetPerson(FEATURED.eu);
    const euPanel = await panelFor(context, worker, extensionId, eu.linkedinSlug);
    await euPanel.getByRole('button', { name: /^Reveal email/ }).click();
    await euPanel.getByRole('dialog').getByRole('button', { name: /^Reveal/ }).click();
    await expect(euPanel.getByText(/EU contact: process this person’s data under GDPR/)).toBeVisible();
    await euPanel.screenshot({ path: `${SHOTS}/panel-eu-contact.png`, fullPage: true });
  } finally {
    await context.close();
  }
});
