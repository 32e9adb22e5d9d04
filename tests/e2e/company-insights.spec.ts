/**
 * The company view (Lusha's preview, the full profile and extras behind their prices), the signals timeline with
 * its start date, people at the company, a person's job changes, and Ask Saber: every spend priced first, asked
 * once, and booked exactly as the sandbox charged it.
 */
import { expect, test, type Page } from '@playwright/test';
import { SABER_KEYS, SANDBOX_KEYS } from '../sandbox/accounts';
import { companyOf, DEFAULT_DATASET, FEATURED } from '../sandbox/dataset';
import { contactSignalsOf } from '../sandbox/lusha-signal-data';
import { launchWithExtension, ledgerTotal, liveWorker, openPanel, routeLinkedIn, saveLushaKey, saveSaberKey, tabIdOf } from './harness';
import { datasetPerson, EXTENSION_PATH, SANDBOX_URL, SHOTS, sandbox } from './setup';

test.beforeEach(async () => sandbox.reset());

/** A plain person with both a company change and a promotion in the sandbox's signals. */
const WITH_SIGNALS = DEFAULT_DATASET.people.find(
  (person) => !person.restricted && !person.gdprBlocked && person.emails.length > 0 && contactSignalsOf(person, DEFAULT_DATASET).length >= 2,
)!;

async function lookUp(panel: Page, text: string) {
  await panel.getByRole('search').getByRole('textbox').fill(text);
  await panel.getByRole('button', { name: 'Look up' }).click();
}

async function confirmSpend(panel: Page, label: RegExp) {
  const dialog = panel.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: label }).click();
  await expect(dialog).toBeHidden();
}

test('a company: preview, full profile, an extra, the signals timeline and decision makers, each priced first', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    const company = companyOf(datasetPerson(FEATURED.withEmailAndPhone));
    const articleUrl = `${SANDBOX_URL}/__sandbox/pages/web/article`;
    const article = await context.newPage();
    await article.goto(articleUrl);
    const worker = await liveWorker(context, extensionId);
    const panel = await openPanel(context, extensionId, await tabIdOf(worker, articleUrl));

    // A typed domain opens the company view with Lusha's preview.
    await lookUp(panel, company.domain);
    await expect(panel.getByTestId('company-name')).toHaveText(company.name);
    await expect(panel.getByTestId('subject-source')).toContainText(company.domain);
    const view = panel.getByTestId('company-view');
    await expect(view.getByText('Employees')).toBeVisible();
    await panel.screenshot({ path: `${SHOTS}/panel-company-preview.png`, fullPage: true });

    // The full profile: priced on the button, confirmed once, then shown.
    const profileButton = panel.getByTestId('reveal-company-profile');
    await expect(profileButton).toHaveText(/Full profile · 1 credit/);
    await profileButton.click();
    await confirmSpend(panel, /Reveal · 1 credit/);
    await expect(profileButton).toHaveCount(0);
    // An extra, now without the profile's price.
    const extra = panel.locator('[data-extra="employeesByDepartment"]');
    await expect(extra.getByRole('button')).toHaveText('Reveal · 1 credit');
    await extra.getByRole('button').click();
    await confirmSpend(panel, /Reveal · 1 credit/);
    await expect(extra.locator('.slices li').first()).toBeVisible();
    await panel.getByTestId('company-profile').screenshot({ path: `${SHOTS}/panel-company-extras.png` });

    // Signals: the most it can cost first; the start date changes the request.
    const signals = panel.getByTestId('signals-company');
    const fetchButton = signals.getByTestId('fetch-signals');
    await expect(fetchButton).toHaveText(/Show signals · up to \d+ credits/);
    await signals.getByLabel('Since', { exact: true }).fill('2024-01-01');
    await signals.getByLabel('Website traffic').check();
    await expect(fetchButton).toHaveText(/up to \d+ credits/);
    await fetchButton.click();
    await confirmSpend(panel, /Fetch · up to/);
    await expect(signals.getByTestId('signal').first().or(signals.getByTestId('no-signals'))).toBeVisible();
    const shown = await signals.getByTestId('signal').count();
    expect(shown).toBeGreaterThan(0);
    // Newest first.
    const dates = await signals.getByTestId('signal').evaluateAll((items) => items.map((item) => item.getAttribute('data-date') ?? ''));
    expect(dates.filter(Boolean)).toHaveLength(shown);
    expect(dates).toEqual([...dates].sort().reverse());
    await signals.screenshot({ path: `${SHOTS}/panel-company-signals.png` });

    // Decision makers: previews, then one click opens a person from the store (no second search).
    const people = panel.getByTestId('people-at-company');
    await people.getByTestId('find-decision-makers').click();
    await confirmSpend(panel, /Find · up to/);
    const rows = people.getByTestId('company-person');
    await expect(rows.first()).toBeVisible();
    await people.screenshot({ path: `${SHOTS}/panel-company-people.png` });
    const searchesBefore = await sandbox.requestsTo('/v3/contacts/search');
    const name = (await rows.first().locator('.person-name').textContent())!;
    await rows.first().click();
    await expect(panel.getByTestId('contact-name')).toHaveText(name);
    expect(await sandbox.requestsTo('/v3/contacts/search')).toBe(searchesBefore);

    // Every credit the sandbox charged is in Sidecar's ledger, and no more.
    const state = await sandbox.state();
    expect(await ledgerTotal(await liveWorker(context, extensionId))).toBe(state.lusha.creditsUsed);

    // Back to the company: everything paid for is shown again without a request or a credit.
    const requests = (await sandbox.state()).lusha.requests.length;
    await lookUp(panel, company.domain);
    await expect(panel.locator('[data-extra="employeesByDepartment"] .slices li').first()).toBeVisible();
    await expect(panel.getByTestId('signals-company').getByTestId('signals-fetched')).toContainText('Kept from');
    expect((await sandbox.state()).lusha.requests.length).toBe(requests);

    // History: the company beside the person opened from it, marked revealed; one click back; erasable.
    await panel.getByRole('button', { name: 'History' }).click();
    const history = panel.getByTestId('history-list');
    const entry = history.getByRole('listitem').filter({ hasText: company.name }).filter({ hasText: 'Company' });
    await expect(entry).toContainText('Revealed');
    await expect(history.getByRole('listitem').filter({ hasText: name })).toHaveCount(1);
    await panel.screenshot({ path: `${SHOTS}/panel-history-company.png`, fullPage: true });
    await entry.getByRole('button', { name: new RegExp(`^${company.name}`) }).click();
    await expect(panel.getByTestId('company-name')).toHaveText(company.name);
    await panel.getByRole('button', { name: 'History' }).click();
    await history.getByRole('button', { name: `Erase ${company.name} from Sidecar` }).click();
    await expect(entry).toHaveCount(0);
    await expect(history.getByRole('listitem').filter({ hasText: name })).toHaveCount(1);
  } finally {
    await context.close();
  }
});

test('a person’s job changes and promotions, fetched on request and kept', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await routeLinkedIn(context, SANDBOX_URL);
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    const person = WITH_SIGNALS;
    const page = await context.newPage();
    const url = `https://www.linkedin.com/in/${person.linkedinSlug}/`;
    await page.goto(url);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
    await expect(panel.getByTestId('contact-name')).toHaveText(`${person.firstName} ${person.lastName}`);
    const signals = panel.getByTestId('signals-contact');
    await expect(signals.getByTestId('fetch-signals')).toHaveText('Show signals · up to 6 credits');
    await signals.getByLabel('Since', { exact: true }).fill('2020-01-01');
    await signals.getByTestId('fetch-signals').click();
    await confirmSpend(panel, /Fetch · up to 6 credits/);
    await expect(signals.getByTestId('signal')).toHaveCount(contactSignalsOf(person, DEFAULT_DATASET).length);
    await expect(signals.locator('[data-signal-type="companyChange"]')).toContainText('→');
    await expect(signals).toContainText(/This fetch cost \d+ credits?\./);
    await signals.screenshot({ path: `${SHOTS}/panel-contact-signals.png` });
    const charged = (await sandbox.state()).lusha.creditsUsed;
    expect(await ledgerTotal(await liveWorker(context, extensionId))).toBe(charged);

    // Opening the person again shows the same signals from Sidecar's store.
    const before = await sandbox.requestsTo('/v3/contacts/signals');
    await panel.reload();
    await panel.getByTestId('signals-contact').getByLabel('Since', { exact: true }).fill('2020-01-01');
    await expect(panel.getByTestId('signals-contact').getByTestId('signals-fetched')).toContainText('Kept from');
    expect(await sandbox.requestsTo('/v3/contacts/signals')).toBe(before);
  } finally {
    await context.close();
  }
});

test('Ask Saber: ready and free-text questions, a visible working state, typed answers with confidence and sources', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    // The company's own LinkedIn page: recognised, and previewed by Lusha.
    const company = companyOf(datasetPerson(FEATURED.withEmailAndPhone));
    await routeLinkedIn(context, SANDBOX_URL);
    const url = `https://www.linkedin.com/company/${company.linkedinSlug}/`;
    const page = await context.newPage();
    await page.goto(url);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
    await expect(panel.getByTestId('company-name')).toHaveText(company.name);
    await expect(panel.getByTestId('reveal-company-profile')).toBeVisible();

    // Without a Saber key: what Saber does, and where to add the key.
    const ask = panel.getByTestId('ask-saber');
    await expect(ask.getByRole('button', { name: 'Add a Saber key' })).toBeVisible();
    await ask.screenshot({ path: `${SHOTS}/panel-saber-no-key.png` });

    await saveSaberKey(options, SABER_KEYS.valid);
    await expect(ask.getByRole('button', { name: 'Are they hiring SDRs?' })).toBeVisible();

    // A ready question: asked once after the price, "working…" while Saber researches, then a yes/no answer.
    await ask.getByRole('button', { name: 'Are they hiring SDRs?' }).click();
    await confirmSpend(panel, /Ask · up to 2 credits/);
    await expect(ask.getByTestId('saber-working').or(ask.locator('[data-status="processing"] .working'))).toBeVisible();
    await panel.screenshot({ path: `${SHOTS}/panel-saber-working.png`, fullPage: true });
    const first = ask.getByTestId('saber-question').first();
    await expect(first).toHaveAttribute('data-status', 'completed', { timeout: 15_000 });
    await expect(first.locator('[data-answer-type="boolean"]').or(first.getByText('Saber found no evidence'))).toBeVisible();

    // Free text with a list answer.
    await ask.getByLabel('Your question').fill('Which sales tools do they mention on their careers page?');
    await ask.getByLabel('Kind of answer').selectOption('list');
    await ask.getByTestId('ask-saber-submit').click();
    await confirmSpend(panel, /Ask · up to 2 credits/);
    const second = ask.getByTestId('saber-question').first();
    await expect(second).toContainText('Which sales tools');
    await expect(second).toHaveAttribute('data-status', 'completed', { timeout: 15_000 });
    const completed = ask.locator('[data-status="completed"]');
    await expect(completed.getByTestId('saber-confidence').first()).toContainText('% confident');
    await expect(completed.locator('.sources a').first()).toHaveAttribute('href', /^https?:\/\//);
    await ask.screenshot({ path: `${SHOTS}/panel-saber-answers.png` });

    // Saber's credits are booked as Saber's, not against the Lusha cap.
    const saberUsed = ((await sandbox.state()) as unknown as { saber: { accounts: Record<string, { creditsUsed: number }> } }).saber.accounts.valid!.creditsUsed;
    const saberBooked = await ledgerTotal(await liveWorker(context, extensionId), 'saber');
    expect(saberUsed).toBeGreaterThan(0);
    expect(saberBooked).toBe(saberUsed);
    // The popup shows them as Saber's, outside the Lusha cap.
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByTestId('saber-spent-today')).toContainText(`used ${saberUsed} today`);
    await expect(popup.getByTestId('spent-today')).toHaveText(String((await sandbox.state()).lusha.creditsUsed));
    await popup.setViewportSize({ width: 360, height: 760 });
    await popup.screenshot({ path: `${SHOTS}/popup-saber.png`, fullPage: true });
  } finally {
    await context.close();
  }
});

test('failures in the new views: Lusha out of credits for signals, Saber out of credits, each explained with nothing charged', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await routeLinkedIn(context, SANDBOX_URL);
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.lowCredits);
    await options.getByTestId('lusha-key-valid').waitFor();
    await saveSaberKey(options, SABER_KEYS.noCredits);

    const person = WITH_SIGNALS;
    const url = `https://www.linkedin.com/in/${person.linkedinSlug}/`;
    const page = await context.newPage();
    await page.goto(url);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
    await expect(panel.getByTestId('contact-name')).toHaveText(`${person.firstName} ${person.lastName}`);
    // One of the account's two credits goes on an email; the two signals then cost more than is left.
    await panel.getByRole('button', { name: 'Reveal email · 1 credit' }).click();
    await confirmSpend(panel, /Reveal · 1 credit/);
    await expect(panel.getByTestId('revealed-email').first()).toBeVisible();
    const usedBefore = (await sandbox.state()).lusha.creditsUsed;

    // Lusha: more signals than the account has credits for.
    const signals = panel.getByTestId('signals-contact');
    await signals.getByLabel('Since', { exact: true }).fill('2000-01-01');
    await signals.getByTestId('fetch-signals').click();
    await confirmSpend(panel, /Fetch · up to/);
    const lushaError = signals.locator('[data-error-kind]');
    await expect(lushaError).toHaveAttribute('data-error-kind', 'out-of-credits');
    await expect(lushaError).toContainText('Your Lusha account is out of credits');
    expect((await sandbox.state()).lusha.creditsUsed).toBe(usedBefore);

    // Saber: a question on an account with no credits.
    const ask = panel.getByTestId('ask-saber');
    await ask.getByRole('button', { name: 'What topics does this person post about?' }).click();
    await confirmSpend(panel, /Ask · up to 2 credits/);
    const saberError = ask.locator('[data-error-kind]');
    await expect(saberError).toHaveAttribute('data-error-kind', 'out-of-credits');
    await expect(saberError).toContainText('Your Saber account is out of credits');
    await expect(ask.getByTestId('saber-question')).toHaveCount(0);
    await panel.screenshot({ path: `${SHOTS}/panel-insight-errors.png`, fullPage: true });
    // Nothing on screen is a vendor's raw text.
    await expect(panel.getByText(/Insufficient credits|statusCode|Error:/)).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test('Ask Saber about a person from their profile', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await routeLinkedIn(context, SANDBOX_URL);
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    await saveSaberKey(options, SABER_KEYS.valid);
    const person = datasetPerson(FEATURED.withEmailAndPhone);
    const url = `https://www.linkedin.com/in/${person.linkedinSlug}/`;
    const page = await context.newPage();
    await page.goto(url);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
    const ask = panel.getByTestId('ask-saber');
    await expect(ask.getByRole('heading')).toHaveText('Ask Saber about this person');
    await ask.getByRole('button', { name: 'Did this person change roles in the last 6 months?' }).click();
    await confirmSpend(panel, /Ask · up to 2 credits/);
    const question = ask.getByTestId('saber-question').first();
    await expect(question).toHaveAttribute('data-status', 'completed', { timeout: 15_000 });
    await expect(question.locator('[data-answer-type]').or(question.getByText('Saber found no evidence'))).toBeVisible();
    // Kept: the panel opened again shows the answer without asking Saber again.
    const asked = (await sandbox.state()) as unknown as { saber: { accounts: Record<string, { signalsCreated: number }> } };
    await panel.reload();
    await expect(panel.getByTestId('ask-saber').getByTestId('saber-question').first()).toHaveAttribute('data-status', 'completed');
    const again = (await sandbox.state()) as unknown as { saber: { accounts: Record<string, { signalsCreated: number }> } };
    expect(again.saber.accounts.valid!.signalsCreated).toBe(asked.saber.accounts.valid!.signalsCreated);
    await panel.screenshot({ path: `${SHOTS}/panel-contact-insights.png`, fullPage: true });
  } finally {
    await context.close();
  }
});
