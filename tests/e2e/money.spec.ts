/**
 * What the user sees of money, in real Chromium against the sandbox: spending settings that keep each other's values,
 * automatic lookups as a setting with their price (off: the page's person and a priced "Look up"), the daily cap
 * holding for automatic lookups, an answer lost after the provider charged (what it may have cost, then what Lusha's
 * own count showed, and a priced new click), a charged answer Sidecar could not read, and the popup's spend by kind.
 */
import { expect, test, type Page } from '@playwright/test';
import { SANDBOX_KEYS } from '../sandbox/accounts';
import { companyOf, FEATURED } from '../sandbox/dataset';
import { launchWithExtension, ledgerTotal, liveWorker, openPanel, saveLushaKey, tabIdOf } from './harness';
import { addFault, clearFaults } from './sandbox-client';
import { datasetPerson, EXTENSION_PATH, SANDBOX_URL, SHOTS, sandbox } from './setup';

test.beforeEach(async () => sandbox.reset());

/** Screenshots of one state in light, dark and at 320 px. */
async function shoot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 400, height: 760 };
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/${name}-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 320, height: size.height });
  await page.screenshot({ path: `${SHOTS}/${name}-320.png`, fullPage: true });
  await page.setViewportSize(size);
}

const searches = async () => (await sandbox.state()).lusha.requests.filter((request) => request.path === '/v3/contacts/search').length;

test('settings keep each other’s values; automatic lookups off show the page’s person and a priced “Look up”; the cap holds for them too', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    // The price of one automatic lookup is shown when the key is saved, and beside the setting.
    await expect(options.getByTestId('lookup-price')).toContainText('up to 1 credit');
    await expect(options.getByTestId('auto-lookup-price')).toContainText('up to 1 credit');

    // Each spending setting keeps its value when another is saved (read back from the background).
    await options.getByLabel('Daily credit cap').fill('37');
    await options.getByLabel('Ask before spending this many credits or more at once').fill('4');
    await expect
      .poll(async () => {
        await options.reload();
        return [await options.getByLabel('Daily credit cap').inputValue(), await options.getByLabel('Ask before spending this many credits or more at once').inputValue()];
      })
      .toEqual(['37', '4']);
    await options.getByLabel('Look people up automatically when I open their page').uncheck();
    await options.reload();
    await expect(options.getByLabel('Look people up automatically when I open their page')).not.toBeChecked();
    await expect(options.getByLabel('Daily credit cap')).toHaveValue('37');
    await shoot(options, 'options-spending');

    // A profile opens: the panel shows who the page says it is, and offers the lookup at its price. Nothing is spent.
    const person = datasetPerson(FEATURED.withEmailAndPhone);
    const url = `https://www.linkedin.com/in/${person.linkedinSlug}/`;
    const page = await context.newPage();
    await page.goto(url);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
    const offer = panel.getByTestId('lookup-offer');
    await expect(offer.getByRole('button', { name: 'Look up · 1 credit' })).toBeVisible();
    await expect(panel.getByTestId('contact-name')).toHaveText(person.displayName);
    expect(await searches()).toBe(0);
    await shoot(panel, 'panel-lookup-offer');

    // The click is the consent (below the threshold of 4: no prompt): the preview, and what its search cost.
    await offer.getByRole('button', { name: 'Look up · 1 credit' }).click();
    await expect(panel.locator('[data-reveal-field="emails"]')).toBeVisible();
    await expect(panel.getByTestId('preview-cost')).toContainText('search cost');
    expect(await searches()).toBe(1);

    // With the cap at 0 and automatic lookups back on, opening someone new spends nothing, and the panel says why.
    await options.getByLabel('Daily credit cap').fill('0');
    await options.getByLabel('Look people up automatically when I open their page').check();
    await expect.poll(async () => (await options.reload(), options.getByLabel('Daily credit cap').inputValue())).toBe('0');
    const other = datasetPerson(FEATURED.noPhone);
    const otherUrl = `https://www.linkedin.com/in/${other.linkedinSlug}/`;
    await page.goto(otherUrl);
    const refused = panel.locator('[data-error-kind="budget-exceeded"]');
    await expect(refused).toBeVisible();
    await expect(refused).toContainText(/daily cap/i);
    await expect(refused).toContainText('Automatic lookups stop');
    expect(await searches()).toBe(1);
    await shoot(panel, 'panel-cap-reached');
    await expect.poll(async () => ledgerTotal(await liveWorker(context, extensionId))).toBe((await sandbox.state()).lusha.creditsUsed);
  } finally {
    await context.close();
  }
});

test('an answer lost after Lusha charged: the panel says it may have been charged, then what Lusha’s count showed; a charged answer it could not read is booked and said', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    await options.getByLabel('Ask before spending this many credits or more at once').fill('100');
    const company = companyOf(datasetPerson(FEATURED.withEmailAndPhone));
    const articleUrl = `${SANDBOX_URL}/__sandbox/pages/web/article`;
    const article = await context.newPage();
    await article.goto(articleUrl);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), articleUrl));
    await panel.getByRole('search').getByRole('textbox').fill(company.domain);
    await panel.getByRole('button', { name: 'Look up' }).click();
    await expect(panel.getByTestId('company-name')).toHaveText(company.name);

    // The full profile's answer comes after the extension stopped waiting (the sandbox charged it at once).
    await addFault(SANDBOX_URL, { kind: 'latency', path: '/v3/companies/enrich', ms: 6_000, phase: 'after', times: 1 });
    await panel.getByTestId('reveal-company-profile').click();
    const profile = panel.getByTestId('company-profile');
    const note = profile.getByTestId('charge-note');
    await expect(note).toContainText('may have charged up to 1 credit', { timeout: 15_000 });
    await expect(note).toContainText('did not send it again');
    await shoot(panel, 'panel-lost-answer');
    // Sidecar reads Lusha's own count and books what the lost call cost; the panel then says so.
    await expect(note).toContainText('it charged 1 credit for it', { timeout: 30_000 });
    await expect(profile.getByRole('button', { name: 'Try again · 1 credit' })).toBeVisible();
    await shoot(panel, 'panel-lost-answer-found');
    const enriches = (await sandbox.state()).lusha.requests.filter((request) => request.path === '/v3/companies/enrich').length;
    expect(enriches).toBe(1);
    await expect.poll(async () => ledgerTotal(await liveWorker(context, extensionId))).toBe((await sandbox.state()).lusha.creditsUsed);

    // Signals whose charged answer is unreadable: the charge is booked, and the panel says both.
    await clearFaults(SANDBOX_URL);
    await addFault(SANDBOX_URL, { kind: 'corrupt', path: '/v3/companies/signals', phase: 'after', times: 1 });
    await panel.getByTestId('fetch-signals').first().click();
    const unreadable = panel.locator('[data-error-kind="unexpected-response"]');
    await expect(unreadable).toBeVisible();
    await expect(unreadable.getByTestId('charge-note')).toContainText(/Lusha charged \d+ credits? for it; Sidecar booked/);
    await shoot(panel, 'panel-charged-unreadable');
    await expect.poll(async () => ledgerTotal(await liveWorker(context, extensionId))).toBe((await sandbox.state()).lusha.creditsUsed);

    // The popup: today's spend by kind, searches apart from the rest, and the ledger against Lusha's count.
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 380, height: 700 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByTestId('spent-by-action').locator('[data-action="search"]')).toContainText('Searches (previews)');
    await expect(popup.getByTestId('spent-by-action').locator('[data-action="company"]')).toBeVisible();
    // Lusha's count is read at most every 15 s (5 a minute): the popup compares once a reading follows the last spend.
    await expect(async () => {
      await popup.reload();
      await expect(popup.getByTestId('reconciliation')).toContainText('matches Lusha’s count', { timeout: 2_000 });
    }).toPass({ timeout: 40_000 });
    await shoot(popup, 'popup-spend-by-kind');
  } finally {
    await context.close();
  }
});
