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
    const worker = await liveWorker(context, extensionId);
    const reported = () => worker.evaluate(async (id) => JSON.stringify((await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] ?? {}), tabId);
    const started = Date.now();
    await navigateInApp(page, secondUrl, secondHtml);
    // The background has the new page within a second, and it never names the previous person for the new URL.
    await expect.poll(reported, { timeout: 1000, intervals: [50] }).toContain(second.lastName);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await reported()).not.toContain(first.lastName);
    await expect(panel.getByTestId('contact-name')).toHaveText(`${second.firstName} ${second.lastName}`);

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

function crmFixture(site: string, name: string) {
  const base = `tests/fixtures/${site}/${name}`;
  return {
    url: fs.readFileSync(`${base}.url`, 'utf8').trim(),
    html: fs.readFileSync(`${base}.html`, 'utf8'),
    expected: JSON.parse(fs.readFileSync(`${base}.expected.json`, 'utf8')) as { entities: { fullName?: string; name?: string }[] },
  };
}

for (const [site, name] of [
  ['hubspot', 'contact-basic'],
  ['salesforce', 'contact-console-fr'],
  ['pipedrive', 'person-basic'],
] as const) {
  test(`a ${site} record page is recognised and shown in the panel (${name})`, async () => {
    const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
    try {
      await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
      const record = crmFixture(site, name);
      await context.route(record.url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: record.html }));
      const page = await context.newPage();
      await page.goto(record.url);
      const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), record.url));
      await expect(panel.getByTestId('contact-name')).toHaveText(record.expected.entities[0]!.fullName!);
      // What the record already holds, with copy buttons, beside what Lusha could add.
      const subject = record.expected.entities[0] as { email?: string; phone?: string };
      const crm = panel.getByTestId('crm-record');
      if (subject.email) await expect(crm.getByRole('button', { name: `Copy email ${subject.email}` })).toBeVisible();
      if (subject.phone) await expect(crm.getByRole('button', { name: `Copy phone ${subject.phone}` })).toBeVisible();
      await expect(crm).toContainText('In your CRM');
      await panel.screenshot({ path: `${SHOTS}/panel-${site}-record.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });
}

test('on a CRM record of someone Lusha knows, the panel shows what the record lacks and what adding it costs', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
    const person = datasetPerson(FEATURED.withEmailAndPhone);
    const email = person.emails[0]!.email;
    // The HubSpot fixture, made to describe this person, with no phone on the record.
    const record = crmFixture('hubspot', 'contact-basic');
    const html = record.html
      .replaceAll('Ana Ribeiro', `${person.firstName} ${person.lastName}`)
      .replace('Ana   Ribeiro', `${person.firstName}   ${person.lastName}`)
      .replace(/ana\.ribeiro@tidewater-freight\.example/gi, email)
      .replace(/<span data-test-id="phone">.*?<\/span><\/span>|<span data-test-id="phone">[\s\S]*?<\/div><\/div><\/span>/, '');
    await context.route(record.url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    const page = await context.newPage();
    await page.goto(record.url);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), record.url));
    const crm = panel.getByTestId('crm-record');
    await expect(crm.getByRole('button', { name: `Copy email ${email}` })).toBeVisible();
    await expect(crm).toContainText('Missing · Lusha can add it (5 credits)');
    await panel.screenshot({ path: `${SHOTS}/panel-crm-compare.png`, fullPage: true });
  } finally {
    await context.close();
  }
});

test('a Sales Navigator account list: every company, one click to its view, and back to the list', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    const base = 'tests/fixtures/salesnav/search-accounts';
    const url = fs.readFileSync(`${base}.url`, 'utf8').trim();
    const expected = JSON.parse(fs.readFileSync(`${base}.expected.json`, 'utf8')) as { entities: { name: string }[] };
    await context.route((target) => target.href.startsWith('https://www.linkedin.com/sales/search/company'), (route) => route.fulfill({ status: 200, contentType: 'text/html', body: fs.readFileSync(`${base}.html`, 'utf8') }));
    const page = await context.newPage();
    await page.goto(url);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
    const rows = panel.getByTestId('company-list').getByRole('button');
    await expect(rows).toHaveCount(expected.entities.length);
    await expect(rows.first()).toContainText(expected.entities[0]!.name);
    await panel.screenshot({ path: `${SHOTS}/panel-company-list.png`, fullPage: true });
    await rows.first().click();
    await expect(panel.getByTestId('company-name')).toHaveText(expected.entities[0]!.name);
    await expect(panel.getByTestId('subject-source')).toContainText(`From the list on this page: ${expected.entities[0]!.name}`);
    // A company outside the sandbox's dataset: Lusha does not know it, and nothing was charged.
    await expect(panel.locator('[data-result-status="not-found"]')).toBeVisible();
    await panel.getByRole('button', { name: 'Back to this page' }).click();
    await expect(rows).toHaveCount(expected.entities.length);
  } finally {
    await context.close();
  }
});
