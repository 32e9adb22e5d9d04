/** Looking someone up by hand, exporting what was revealed, and erasing everything. */
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { SANDBOX_KEYS } from '../sandbox/accounts';
import { FEATURED } from '../sandbox/dataset';
import { launchWithExtension, liveWorker, openPanel, saveLushaKey, tabIdOf } from './harness';
import { datasetPerson, EXTENSION_PATH, SANDBOX_URL, SHOTS, sandbox } from './setup';

test.beforeEach(async () => sandbox.reset());

test('a typed lookup, a CSV export of what was revealed, and erasing everything', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    const person = datasetPerson(FEATURED.eu);
    const articleUrl = `${SANDBOX_URL}/__sandbox/pages/web/article`;
    const article = await context.newPage();
    await article.goto(articleUrl);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), articleUrl));

    // Text that is nobody: guidance, no request.
    const search = panel.getByRole('search').getByRole('textbox');
    await search.fill('hello there general kenobi');
    await panel.getByRole('button', { name: 'Look up' }).click();
    await expect(panel.getByRole('search').getByRole('status')).toContainText('needs an email address');
    // An email: the person, then a reveal.
    await search.fill(person.emails[0]!.email);
    await panel.getByRole('button', { name: 'Look up' }).click();
    await expect(panel.getByTestId('contact-name')).toHaveText(`${person.firstName} ${person.lastName}`);
    await expect(panel.getByTestId('subject-source')).toContainText('You looked up');
    await panel.getByRole('button', { name: 'Reveal phone · 5 credits' }).click();
    await panel.getByRole('dialog').getByRole('button', { name: 'Reveal · 5 credits' }).click();
    await expect(panel.getByTestId('revealed-phone').first()).toContainText(person.phones[0]!.number);
    await panel.screenshot({ path: `${SHOTS}/panel-typed-lookup.png`, fullPage: true });

    // History: the person, marked revealed; searchable; one click looks again.
    await panel.getByRole('button', { name: 'History' }).click();
    const history = panel.getByTestId('history-list');
    await expect(history.getByRole('listitem').first()).toContainText(`${person.firstName} ${person.lastName}`);
    await expect(history.getByRole('listitem').first()).toContainText('Revealed');
    await panel.getByRole('textbox', { name: 'Search history' }).fill('no such person');
    await expect(history.getByRole('listitem')).toHaveCount(0);
    await panel.getByRole('textbox', { name: 'Search history' }).fill(person.lastName.slice(0, 4));
    await expect(history.getByRole('listitem')).toHaveCount(1);
    await panel.screenshot({ path: `${SHOTS}/panel-history.png`, fullPage: true });
    await history.getByRole('button', { name: new RegExp(`^${person.firstName} ${person.lastName}`) }).click();
    await expect(panel.getByTestId('revealed-phone').first()).toContainText(person.phones[0]!.number);

    // The popup: request windows, and the week's spend by day.
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 360, height: 700 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByTestId('rate-windows')).toContainText('requests left');
    await expect(popup.getByTestId('spent-week')).toHaveText('5 credits this week');
    await popup.screenshot({ path: `${SHOTS}/popup-week.png`, fullPage: true });

    // The CSV holds the person, their phone as is, and the EU mark.
    await options.reload();
    const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export contacts (CSV)' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[1]).toContain(`${person.firstName} ${person.lastName}`);
    expect(csv).toContain(person.phones[0]!.number);
    await options.screenshot({ path: `${SHOTS}/options-your-data.png`, fullPage: true });

    // Erase everything: asked first; afterwards the phone is gone from Sidecar (Lusha still knows it was paid for).
    await options.getByRole('button', { name: 'Erase everything…' }).click();
    await options.getByRole('alertdialog').getByRole('button', { name: 'Erase everything' }).click();
    await expect(options.getByRole('status').filter({ hasText: 'Erased.' })).toBeVisible();
    await panel.reload();
    await expect(panel.getByRole('button', { name: 'Show phone · already paid' })).toBeVisible();
    await expect(panel.getByTestId('revealed-phone')).toHaveCount(0);
  } finally {
    await context.close();
  }
});
