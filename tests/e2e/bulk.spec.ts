/**
 * The bulk view on a list page: everyone with a status from one batched search, select some or all, one
 * confirmation of the total, a progress bar, cancel, and a CSV of what was revealed.
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SANDBOX_KEYS } from '../sandbox/accounts';
import { DEFAULT_DATASET } from '../sandbox/dataset';
import { defaultSearchPeople } from '../sandbox/pages/linkedin-search';
import { addFault, clearFaults, faultsFired } from './sandbox-client';
import { launchWithExtension, ledgerTotal, liveWorker, openPanel, routeLinkedIn, saveLushaKey, stopServiceWorker, tabIdOf } from './harness';
import { datasetPerson, EXTENSION_PATH, SANDBOX_URL, SHOTS, sandbox } from './setup';

const SEARCH_URL = 'https://www.linkedin.com/search/results/people/?keywords=sidecar';

test.beforeEach(async () => sandbox.reset());
test.afterEach(async () => clearFaults(SANDBOX_URL));

async function openList(context: Parameters<typeof routeLinkedIn>[0], extensionId: string): Promise<{ panel: Page }> {
  await routeLinkedIn(context, SANDBOX_URL);
  const page = await context.newPage();
  await page.goto(SEARCH_URL);
  const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), SEARCH_URL));
  return { panel };
}

test('select all, reveal emails behind one confirmation, watch the progress, download the CSV', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    const slugs = defaultSearchPeople(DEFAULT_DATASET);
    const { panel } = await openList(context, extensionId);
    const list = panel.getByTestId('bulk-list');
    const rows = list.locator('.bulk-row');
    await expect(rows).toHaveCount(slugs.length);
    // Every status settles; everyone was checked in one search call.
    await expect(list.locator('[data-status="checking"]')).toHaveCount(0);
    expect(await sandbox.requestsTo('/v3/contacts/search')).toBe(1);
    // A GDPR-blocked person is found by the search; Lusha refuses only the reveal.
    const expected = slugs.map((slug) => {
      const person = datasetPerson(slug);
      return person.restricted ? 'restricted' : person.emails.length === 0 ? 'no-email' : 'found';
    });
    for (const [index, status] of expected.entries()) await expect(rows.nth(index)).toHaveAttribute('data-status', status);
    const blocked = slugs.filter((slug) => datasetPerson(slug).gdprBlocked && datasetPerson(slug).emails.length > 0).length;
    await panel.screenshot({ path: `${SHOTS}/panel-bulk-statuses.png`, fullPage: true });

    const revealable = expected.filter((status) => status === 'found').length;
    await list.getByLabel(/Select all/).check();
    const button = list.getByTestId('bulk-reveal');
    await expect(button).toHaveText(`Reveal emails for ${revealable} · ${revealable} ${revealable === 1 ? 'credit' : 'credits'}`);
    await panel.screenshot({ path: `${SHOTS}/panel-bulk-selected.png`, fullPage: true });
    await button.click();
    const dialog = panel.getByRole('dialog');
    await expect(dialog).toContainText(`Reveal ${revealable} emails for ${revealable} credits?`);
    await panel.screenshot({ path: `${SHOTS}/panel-bulk-confirm.png` }); // the modal dims the viewport only
    await dialog.getByRole('button', { name: /^Reveal \d+ ·/ }).click();

    const progress = list.getByTestId('bulk-progress');
    await expect(progress).toHaveAttribute('data-state', 'finished', { timeout: 20_000 });
    await expect(progress).toContainText(`${revealable - blocked} of ${revealable} revealed`);
    await expect(list.locator('[data-status="revealed"]')).toHaveCount(revealable - blocked);
    await panel.screenshot({ path: `${SHOTS}/panel-bulk-done.png`, fullPage: true });

    // Charged exactly once per email, booked exactly as the sandbox counted.
    const state = await sandbox.state();
    expect(state.lusha.creditsByAction.revealEmail).toBe(revealable - blocked);
    expect(await ledgerTotal(await liveWorker(context, extensionId))).toBe(state.lusha.creditsUsed);

    // The CSV holds each revealed person with their email.
    const [download] = await Promise.all([panel.waitForEvent('download'), list.getByTestId('bulk-csv').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(revealable - blocked + 1);
    for (const [index, slug] of slugs.entries()) {
      const person = datasetPerson(slug);
      if (expected[index] !== 'found' || person.gdprBlocked) continue;
      expect(csv).toContain(person.emails[0]!.email);
    }

    // Selecting again offers nobody: all are revealed; nothing is charged twice.
    await expect(list.getByTestId('bulk-reveal')).toBeDisabled();
  } finally {
    await context.close();
  }
});

test('cancel stops what is not yet sent; only what was revealed is charged', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    // A longer list (more than one chunk of 10), and a slow enrich, so there is time to cancel.
    const many = DEFAULT_DATASET.people.filter((person) => !person.restricted && !person.gdprBlocked && person.emails.length > 0).slice(0, 24);
    await routeLinkedIn(context, SANDBOX_URL);
    const url = `https://www.linkedin.com/search/results/people/?keywords=many&people=${many.map((person) => person.linkedinSlug).join(',')}`;
    const page = await context.newPage();
    await page.goto(url);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
    const list = panel.getByTestId('bulk-list');
    await expect(list.locator('.bulk-row')).toHaveCount(many.length);
    await expect(list.locator('[data-status="checking"]')).toHaveCount(0);

    await addFault(SANDBOX_URL, { kind: 'latency', path: '/v3/contacts/enrich', ms: 1500, times: 10 });
    await list.getByLabel(/Select all/).check();
    await list.getByTestId('bulk-reveal').click();
    await panel.getByRole('dialog').getByRole('button', { name: /^Reveal \d+ ·/ }).click();
    const progress = list.getByTestId('bulk-progress');
    await expect(progress).toHaveAttribute('data-state', 'running');
    await expect(list.getByRole('progressbar')).toBeVisible();
    await panel.screenshot({ path: `${SHOTS}/panel-bulk-running.png`, fullPage: true });
    await list.getByTestId('bulk-cancel').click();
    await expect(progress).toHaveAttribute('data-state', 'cancelled', { timeout: 20_000 });

    const revealed = await list.locator('[data-status="revealed"]').count();
    expect(revealed).toBeLessThan(many.length);
    const state = await sandbox.state();
    expect(state.lusha.creditsByAction.revealEmail).toBe(revealed);
    expect(await ledgerTotal(await liveWorker(context, extensionId))).toBe(state.lusha.creditsUsed);
    await panel.screenshot({ path: `${SHOTS}/panel-bulk-cancelled.png`, fullPage: true });
  } finally {
    await context.close();
  }
});

test('the service worker stopped mid-job: the job it accepted continues in the next life, every email paid once', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    const many = DEFAULT_DATASET.people.filter((person) => !person.restricted && !person.gdprBlocked && person.emails.length > 0).slice(0, 15);
    await routeLinkedIn(context, SANDBOX_URL);
    const url = `https://www.linkedin.com/search/results/people/?keywords=restart&people=${many.map((person) => person.linkedinSlug).join(',')}`;
    const page = await context.newPage();
    await page.goto(url);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
    const list = panel.getByTestId('bulk-list');
    await expect(list.locator('[data-status="checking"]')).toHaveCount(0);

    await addFault(SANDBOX_URL, { kind: 'latency', path: '/v3/contacts/enrich', ms: 1500, times: 1 });
    await list.getByLabel(/Select all/).check();
    await list.getByTestId('bulk-reveal').click();
    await panel.getByRole('dialog').getByRole('button', { name: /^Reveal \d+ ·/ }).click();
    await expect(list.getByTestId('bulk-progress')).toHaveAttribute('data-state', 'running');
    // The first chunk has reached the provider (which holds it), the rest of the job is stored, waiting its turn.
    await expect.poll(() => faultsFired(SANDBOX_URL)).toBe(1);
    await stopServiceWorker(context);

    // The next life picks the job up from what it stored: the chunk whose answer was lost goes again (a revealed
    // email costs 0 the second time), the rest is sent; the panel's poll wakes the worker and follows it to the end.
    const progress = list.getByTestId('bulk-progress');
    await expect(progress).toHaveAttribute('data-state', 'finished', { timeout: 20_000 });
    await expect(progress).toContainText(`Done: ${many.length} of ${many.length} revealed`);
    const state = await sandbox.state();
    expect(state.lusha.creditsByAction.revealEmail).toBe(many.length);
    await expect.poll(async () => ledgerTotal(await liveWorker(context, extensionId))).toBe(state.lusha.creditsUsed);
    await panel.screenshot({ path: `${SHOTS}/panel-bulk-restarted.png`, fullPage: true });
  } finally {
    await context.close();
  }
});
