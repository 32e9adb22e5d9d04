/**
 * Recognition in Chromium across LinkedIn's in-app navigation: profile → profile → company → people search, the
 * panel following each step, never showing the previous person for the new URL.
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SANDBOX_KEYS } from '../sandbox/accounts';
import { FEATURED } from '../sandbox/dataset';
import { launchWithExtension, liveWorker, openPanel, saveLushaKey, tabIdOf } from './harness';
import { datasetPerson, EXTENSION_PATH, SANDBOX_URL, SHOTS, sandbox } from './setup';

function fixture(name: string) {
  const base = `tests/fixtures/linkedin/${name}`;
  return {
    url: fs.readFileSync(`${base}.url`, 'utf8').trim(),
    html: fs.readFileSync(`${base}.html`, 'utf8'),
    expected: JSON.parse(fs.readFileSync(`${base}.expected.json`, 'utf8')) as { entities: { name?: string; fullName?: string }[] },
  };
}

/** What LinkedIn's app does on an in-app link: swap the page's content and push the new URL, without a load. */
async function navigateInApp(page: Page, url: string, html: string) {
  await page.evaluate(
    ({ url, html }) => {
      const next = new DOMParser().parseFromString(html, 'text/html');
      document.title = next.title;
      document.body.replaceWith(document.importNode(next.body, true));
      history.pushState({}, '', url);
    },
    { url, html },
  );
}

test.beforeEach(async () => sandbox.reset());

test('the panel follows in-app navigation between profiles, a company and a people search', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
    const first = datasetPerson(FEATURED.withEmailAndPhone);
    const second = datasetPerson(FEATURED.noPhone);
    const page = await context.newPage();
    const firstUrl = `https://www.linkedin.com/in/${first.linkedinSlug}/`;
    await page.goto(firstUrl);
    const tabId = await tabIdOf(await liveWorker(context, extensionId), firstUrl);
    const panel = await openPanel(context, extensionId, tabId);
    await expect(panel.getByTestId('contact-name')).toHaveText(`${first.firstName} ${first.lastName}`);

    // Profile → another profile, in-app: the new person within a second, never the previous one for the new URL.
    const secondUrl = `https://www.linkedin.com/in/${second.linkedinSlug}/`;
    const secondHtml = await (await fetch(`${SANDBOX_URL}/__sandbox/pages/linkedin/in/${second.linkedinSlug}`)).text();
    const started = Date.now();
    await navigateInApp(page, secondUrl, secondHtml);
    await expect(panel.getByTestId('contact-name')).toHaveText(`${second.firstName} ${second.lastName}`, { timeout: 3000 });
    expect(Date.now() - started).toBeLessThan(2500);
    const state = await (await liveWorker(context, extensionId)).evaluate(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`], tabId);
    expect(JSON.stringify(state)).not.toContain(first.lastName);

    // → a company page.
    const company = fixture('company-legacy-home');
    await navigateInApp(page, company.url, company.html);
    await expect(panel.getByTestId('company-name')).toHaveText(company.expected.entities[0]!.name!);
    await panel.screenshot({ path: `${SHOTS}/panel-company.png`, fullPage: true });

    // → a people search: every person in page order; choosing one looks them up.
    const search = fixture('search-sdui-basic');
    await navigateInApp(page, search.url, search.html);
    const rows = panel.getByTestId('people-list').getByRole('button');
    await expect(rows).toHaveCount(search.expected.entities.length);
    await expect(rows.first()).toContainText(search.expected.entities[0]!.fullName!);
    await panel.screenshot({ path: `${SHOTS}/panel-people-list.png`, fullPage: true });
    await rows.nth(1).click();
    await expect(panel.getByTestId('contact-name')).toHaveText(search.expected.entities[1]!.fullName!);
    await expect(panel.locator('[data-result-status="not-found"]')).toBeVisible();
    await panel.getByRole('button', { name: /All 3 people on this page/ }).click();
    await expect(rows).toHaveCount(search.expected.entities.length);
  } finally {
    await context.close();
  }
});
