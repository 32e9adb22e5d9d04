/**
 * The whole path in real Chromium against the sandbox: key → profile → preview → reveal → paid once, kept across
 * tabs and browser restarts → popup meter → context menu.
 */
import { expect, test } from '@playwright/test';
import { SABER_KEYS, SANDBOX_KEYS } from '../sandbox/accounts';
import { DEFAULT_DATASET, FEATURED } from '../sandbox/dataset';
import { clickEnrichMenu, launchWithExtension, openPanel, saveLushaKey, tabIdOf } from './harness';
import { SANDBOX_URL, EXTENSION_PATH, SHOTS, sandbox, datasetPerson } from './setup';

test.beforeEach(async () => sandbox.reset());

test('a bad key and a key without V3 each show their exact reason, and are not stored', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, '99999999-9999-4999-8999-999999999999');
    await expect(options.getByRole('alert')).toContainText('Lusha did not accept your API key');
    await options.screenshot({ path: `${SHOTS}/options-bad-key.png`, fullPage: true });

    await options.getByLabel('Lusha API key').fill(SANDBOX_KEYS.v3Disabled);
    await options.getByRole('button', { name: /^Save Lusha/ }).click();
    await expect(options.getByRole('alert')).toContainText('API V3 is not enabled');
    await expect(options.getByText('No key').first()).toBeVisible();

    // With no stored key, a profile shows the missing-key state rather than a blank panel.
    const person0 = datasetPerson(FEATURED.withEmailAndPhone);
    const profileUrl = `https://www.linkedin.com/in/${person0.linkedinSlug}/`;
    const profile = await context.newPage();
    await profile.goto(profileUrl);
    const panel = await openPanel(context, extensionId, await tabIdOf(context.serviceWorkers()[0]!, profileUrl));
    await expect(panel.getByRole('alert')).toContainText('Add your Lusha API key');
    expect((await sandbox.state()).lusha.creditsUsed).toBe(0);
  } finally {
    await context.close();
  }
});

test('profile → preview → reveal email → paid once, kept across tabs and a browser restart → popup → context menu', async () => {
  const subject = datasetPerson(FEATURED.withEmailAndPhone);
  const profileUrl = `https://www.linkedin.com/in/${subject.linkedinSlug}/`;
  const first = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  const { userDataDir } = first;
  try {
    const { context, extensionId, worker } = first;
    // 1. The key is validated: plan and credits shown.
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await expect(options.getByTestId('lusha-key-valid')).toContainText('credits remaining');
    await options.screenshot({ path: `${SHOTS}/options-key-valid.png`, fullPage: true });

    // 2. The profile's free preview, with a priced reveal button per field.
    const profile = await context.newPage();
    await profile.goto(profileUrl);
    const panel = await openPanel(context, extensionId, await tabIdOf(worker, profileUrl));
    await expect(panel.getByTestId('contact-name')).toHaveText(`${subject.firstName} ${subject.lastName}`);
    await expect(panel.getByText(subject.title).first()).toBeVisible();
    const revealEmail = panel.getByRole('button', { name: 'Reveal email · 1 credit' });
    await expect(revealEmail).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Reveal phone · 5 credits' })).toBeVisible();
    await panel.screenshot({ path: `${SHOTS}/panel-preview.png`, fullPage: true });
    expect(await sandbox.requestsTo('/v3/contacts/search')).toBe(1);
    expect(await sandbox.requestsTo('/v3/contacts/enrich')).toBe(0);

    // 3. The click asks first, with the exact cost; confirming reveals and shows the email with a copy button.
    await revealEmail.click();
    const dialog = panel.getByRole('dialog');
    await expect(dialog).toContainText('Reveal email for 1 credit?');
    await panel.screenshot({ path: `${SHOTS}/panel-confirm.png` }); // the modal dims the viewport only
    await dialog.getByRole('button', { name: 'Reveal · 1 credit' }).click();
    const email = subject.emails[0]!.email;
    await expect(panel.getByTestId('revealed-email').first()).toContainText(email);
    await expect(panel.getByRole('button', { name: `Copy email ${email}` })).toBeVisible();
    await panel.screenshot({ path: `${SHOTS}/panel-revealed.png`, fullPage: true });
    // The same view in dark mode and at the side panel's narrowest width.
    await panel.emulateMedia({ colorScheme: 'dark' });
    await panel.setViewportSize({ width: 320, height: 700 });
    await expect(panel.getByRole('button', { name: `Copy email ${email}` })).toBeInViewport();
    await panel.screenshot({ path: `${SHOTS}/panel-revealed-dark-320.png`, fullPage: true });
    await panel.emulateMedia({ colorScheme: 'light' });

    // Exactly one credit: the sandbox, and Sidecar's own ledger, agree.
    let state = await sandbox.state();
    expect(state.lusha.creditsUsed).toBe(1);
    expect(state.lusha.creditsByAction.revealEmail).toBe(1);
    expect(await sandbox.requestsTo('/v3/contacts/enrich')).toBe(1);

    // 4a. Another tab on the same profile: the email is there at once, no request, no credit.
    const requestsBefore = state.lusha.requests.length;
    const again = await context.newPage();
    const againUrl = `https://www.linkedin.com/in/${subject.linkedinSlug}/overlay/contact-info/`;
    await again.goto(againUrl);
    const panel2 = await openPanel(context, extensionId, await tabIdOf(worker, againUrl));
    await expect(panel2.getByTestId('revealed-email').first()).toContainText(email);
    await expect(panel2.getByTestId('served-from-store')).toBeVisible();
    await panel2.screenshot({ path: `${SHOTS}/panel-from-store.png`, fullPage: true });
    state = await sandbox.state();
    expect(state.lusha.requests.length).toBe(requestsBefore);
    expect(state.lusha.creditsUsed).toBe(1);

    // 5. The popup: credits used / total / remaining, and what Sidecar spent today.
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByTestId('credits-used')).toContainText('1');
    await expect(popup.getByTestId('credits-total')).toContainText('1,000');
    await expect(popup.getByTestId('credits-remaining')).toContainText('999');
    await expect(popup.getByTestId('spent-today')).toHaveText('1');
    await popup.screenshot({ path: `${SHOTS}/popup.png` });
  } finally {
    await first.context.close();
  }

  // 4b. After relaunching the browser with the same profile directory: still there, still 1 credit, no request.
  const second = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL, userDataDir });
  try {
    const { context, extensionId, worker } = second;
    const requestsBefore = (await sandbox.state()).lusha.requests.length;
    const profile = await context.newPage();
    await profile.goto(profileUrl);
    const panel = await openPanel(context, extensionId, await tabIdOf(worker, profileUrl));
    await expect(panel.getByTestId('revealed-email').first()).toContainText(subject.emails[0]!.email);
    await expect(panel.getByTestId('served-from-store')).toBeVisible();
    const state = await sandbox.state();
    expect(state.lusha.creditsUsed).toBe(1);
    expect(state.lusha.requests.slice(requestsBefore).filter((request) => request.path.startsWith('/v3/contacts'))).toEqual([]);

    // 6. "Enrich with Sidecar" on a selected email on any page opens the panel on that contact.
    const article = await context.newPage();
    const articleUrl = `${SANDBOX_URL}/__sandbox/pages/web/article`;
    await article.goto(articleUrl);
    const articleTabId = await tabIdOf(worker, articleUrl);
    const selected = (await article.locator('[data-featured-email]').first().textContent())?.trim() ?? '';
    expect(selected).toContain('@');
    await clickEnrichMenu(worker, articleTabId, { selectionText: ` ${selected} `, pageUrl: articleUrl });
    const selectedPerson = DEFAULT_DATASET.people.find((candidate) => candidate.emails.some((entry) => entry.email === selected));
    expect(selectedPerson).toBeDefined();
    const contextPanel = await openPanel(context, extensionId, articleTabId);
    await expect(contextPanel.getByTestId('contact-name')).toHaveText(`${selectedPerson!.firstName} ${selectedPerson!.lastName}`);
    await expect(contextPanel.getByTestId('subject-source')).toContainText(selected);
    await contextPanel.screenshot({ path: `${SHOTS}/panel-context-menu.png`, fullPage: true });

    // The same from a link to a LinkedIn profile: the panel follows to that person.
    const linkUrl = await article.locator('[data-featured-profile]').first().getAttribute('href');
    const linked = DEFAULT_DATASET.people.find((candidate) => linkUrl?.includes(`/in/${candidate.linkedinSlug}`));
    expect(linked).toBeDefined();
    await clickEnrichMenu(worker, articleTabId, { linkUrl: linkUrl ?? undefined, pageUrl: articleUrl });
    await expect(contextPanel.getByTestId('subject-source')).toContainText('From the link you chose');
    await expect(contextPanel.getByTestId('contact-name')).toHaveText(`${linked!.firstName} ${linked!.lastName}`);
  } finally {
    await second.context.close();
  }
});

test('a Saber key is checked with Saber before it is stored, and its credits appear in the popup', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.getByLabel('Saber API key').fill('sk_test_NotAKeySaberKnows0000000000');
    await options.getByRole('button', { name: /^Save Saber/ }).click();
    await expect(options.locator('[data-provider="saber"]').getByRole('alert')).toContainText('did not accept');
    await options.getByLabel('Saber API key').fill(SABER_KEYS.valid);
    await options.getByRole('button', { name: /^Save Saber/ }).click();
    await expect(options.getByTestId('saber-key-valid')).toContainText('Saber credits remaining');
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByTestId('saber-credits')).toHaveText('500');
  } finally {
    await context.close();
  }
});
