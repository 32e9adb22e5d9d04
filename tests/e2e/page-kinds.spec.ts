/**
 * Every page kind end to end in Chromium, in one browser: the tab goes from page to page (served at the real URLs from
 * the fixtures, made to describe the sandbox's people and companies), the panel pinned to it follows, names the right
 * subject and does what that kind calls for, and the sandbox saw the lookup it should. Then the right person, checked:
 * a match that disagrees with the page is said before any reveal and its reveal asks first; a name without a company
 * asks for the company.
 */
import fs from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { SANDBOX_KEYS } from '../sandbox/accounts';
import { companyOf, DEFAULT_DATASET } from '../sandbox/dataset';
import type { SandboxCompany, SandboxPerson } from '../sandbox/dataset-types';
import { launchWithExtension, ledgerTotal, liveWorker, openPanel, saveLushaKey, tabIdOf } from './harness';
import { EXTENSION_PATH, SANDBOX_URL, SHOTS, sandbox } from './setup';

function fixture(path: string) {
  const base = `tests/fixtures/${path}`;
  return {
    url: fs.readFileSync(`${base}.url`, 'utf8').trim(),
    html: fs.readFileSync(`${base}.html`, 'utf8'),
    expected: JSON.parse(fs.readFileSync(`${base}.expected.json`, 'utf8')) as { entities: { fullName?: string; name?: string; email?: string }[] },
  };
}

/** People Lusha finds, shown under their plain name, each at a company of their own. */
const people = DEFAULT_DATASET.people.filter((p) => !p.restricted && !p.gdprBlocked && p.emails.length > 0 && p.displayName === `${p.firstName} ${p.lastName}`);
const nameOf = (person: SandboxPerson) => `${person.firstName} ${person.lastName}`;
const distinctCompanies = [...new Map(people.map((person) => [person.companyId, companyOf(person)])).values()];

/** The fixtures' company (Tidewater Freight Software) made into a dataset company: name, website and LinkedIn page. */
function asCompany(html: string, company: SandboxCompany): string {
  return html
    .replaceAll('Tidewater Freight Software', company.name)
    .replaceAll('tidewater-freight.example', company.domain)
    .replaceAll('tidewater-freight-software', company.linkedinSlug)
    .replaceAll('tidewater-freight', company.linkedinSlug);
}

/** Answers `url` with `html` (a document only) in this browser. */
async function serve(context: BrowserContext, url: string, html: string) {
  await context.route((target) => target.href === url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
}

/** The Lusha calls the sandbox saw since the last reset, with their bodies. */
async function lushaCalls(path: string): Promise<unknown[]> {
  const state = (await (await fetch(`${SANDBOX_URL}/__sandbox/state`)).json()) as { lusha: { requests: { path: string; body: unknown }[] } };
  return state.lusha.requests.filter((request) => request.path === path).map((request) => request.body);
}

async function start() {
  const launched = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  const options = await saveLushaKey(launched.context, launched.extensionId, SANDBOX_KEYS.valid);
  await options.getByTestId('lusha-key-valid').waitFor();
  return { ...launched, options };
}

/** Opens `url` in the tab and, the first time, the panel pinned to it. */
async function visit(context: BrowserContext, extensionId: string, tab: { page?: Page; panel?: Page }, url: string) {
  tab.page ??= await context.newPage();
  await tab.page.goto(url);
  tab.panel ??= await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
  return tab.panel;
}

test.beforeEach(async () => sandbox.reset());

test('every page kind reaches the panel with its subject, and the panel does what that kind calls for', async () => {
  const { context, extensionId } = await start();
  const tab: { page?: Page; panel?: Page } = {};
  try {
    await test.step('a record still loading: the panel says it is reading the page, not that nobody is there', async () => {
      const url = 'https://fictional-sales.pipedrive.com/person/9001';
      await serve(context, url, '<!doctype html><title>Pipedrive</title><main><div role="progressbar" aria-label="Loading"></div></main>');
      const panel = await visit(context, extensionId, tab, url);
      await expect(panel.getByLabel('Reading the page').first()).toBeVisible();
      await expect(panel.getByText('Nobody to look up')).toHaveCount(0);
      await panel.screenshot({ path: `${SHOTS}/panel-reading-page.png` });
    });

    await test.step('a Sales Navigator lead: a person, looked up by name and company', async () => {
      const lead = people[0]!;
      const at = companyOf(lead);
      const page = fixture('salesnav/lead-basic');
      await serve(context, page.url, asCompany(page.html.replace(/Mariana {1,2}Oyelaran-Costa/g, nameOf(lead)), at));
      const panel = await visit(context, extensionId, tab, page.url);
      await expect(panel.locator('section[aria-label="Contact"]').getByTestId('contact-name')).toHaveText(nameOf(lead));
      await expect(panel.getByTestId('match-warning')).toHaveCount(0);
      expect(await lushaCalls('/v3/contacts/search')).toContainEqual(
        expect.objectContaining({ contacts: [expect.objectContaining({ firstName: lead.firstName, lastName: lead.lastName, companyName: at.name })] }),
      );
      await panel.screenshot({ path: `${SHOTS}/panel-salesnav-lead.png`, fullPage: true });
    });

    await test.step('a Sales Navigator lead list: everyone on it, checked in one batched search', async () => {
      const page = fixture('salesnav/list-leads-grid');
      await serve(context, page.url, page.html);
      const before = (await lushaCalls('/v3/contacts/search')).length;
      const panel = await visit(context, extensionId, tab, page.url);
      const rows = panel.getByTestId('people-list').getByRole('button');
      await expect(rows).toHaveCount(page.expected.entities.length);
      await expect(rows.first()).toContainText(page.expected.entities[0]!.fullName!);
      await expect(panel.getByText('Checking…')).toHaveCount(0);
      const searches = (await lushaCalls('/v3/contacts/search')).slice(before) as { contacts: unknown[] }[];
      expect(searches).toHaveLength(1);
      expect(searches[0]!.contacts).toHaveLength(page.expected.entities.length);
      await panel.screenshot({ path: `${SHOTS}/panel-salesnav-lead-list.png`, fullPage: true });
    });

    const companyPages: [string, string, SandboxCompany][] = [
      ['a HubSpot company record', 'hubspot/company-basic', distinctCompanies.at(-1)!],
      ['a Salesforce Account', 'salesforce/account-basic', distinctCompanies.at(-2)!],
      ['a Pipedrive organization', 'pipedrive/organization-basic', distinctCompanies.at(-3)!],
    ];
    for (const [what, path, company] of companyPages) {
      await test.step(`${what}: the company view, looked up by its website`, async () => {
        const page = fixture(path);
        await serve(context, page.url, asCompany(page.html, company));
        const panel = await visit(context, extensionId, tab, page.url);
        await expect(panel.getByTestId('company-name')).toHaveText(company.name);
        await expect(panel.getByTestId('company-profile')).toBeVisible();
        expect(await lushaCalls('/v3/companies/search')).toContainEqual({ companies: [expect.objectContaining({ domain: company.domain })] });
        await panel.screenshot({ path: `${SHOTS}/panel-${path.replace('/', '-')}.png`, fullPage: true });
      });
    }

    await test.step('a Salesforce Lead: a person, looked up by the email on the record', async () => {
      const page = fixture('salesforce/lead-basic');
      const subject = page.expected.entities[0]!;
      await serve(context, page.url, page.html);
      const panel = await visit(context, extensionId, tab, page.url);
      await expect(panel.getByTestId('contact-name').first()).toHaveText(subject.fullName!);
      // Not one of the sandbox's people: Lusha does not know them, and nothing was charged.
      await expect(panel.locator('[data-result-status="not-found"]')).toBeVisible();
      expect(await lushaCalls('/v3/contacts/search')).toContainEqual({ contacts: [expect.objectContaining({ email: subject.email })], options: expect.anything() });
    });

    await test.step('a Pipedrive deal: its person, then its organization', async () => {
      const person = people[1]!;
      const org = companyOf(person);
      const page = fixture('pipedrive/deal-basic');
      const html = asCompany(page.html.replaceAll('ana.vidal@tidewater-freight.example', person.emails[0]!.email).replaceAll('Ana Vidal', nameOf(person)), org);
      await serve(context, page.url, html);
      const panel = await visit(context, extensionId, tab, page.url);
      const card = panel.locator('section[aria-label="Contact"]');
      await expect(card.getByTestId('contact-name')).toHaveText(nameOf(person));
      await expect(panel.getByTestId('match-warning')).toHaveCount(0);
      await expect(panel.getByTestId('deal-organization')).toBeVisible();
      await expect(panel.getByTestId('company-name')).toHaveText(org.name);
      // The person comes first, the organization after.
      expect(await card.evaluate((el) => Boolean(el.compareDocumentPosition(document.querySelector('[data-testid="deal-organization"]')!) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
      expect(await lushaCalls('/v3/companies/search')).toContainEqual({ companies: [expect.objectContaining({ domain: org.domain })] });
      await panel.screenshot({ path: `${SHOTS}/panel-pipedrive-deal.png`, fullPage: true });
    });

    await test.step('a LinkedIn company page: looked up by the website the page shows, not by its name', async () => {
      const company = distinctCompanies.at(-4)!;
      const url = `https://www.linkedin.com/company/${company.linkedinSlug}/`;
      const panel = await visit(context, extensionId, tab, url);
      await expect(panel.getByTestId('company-name')).toHaveText(company.name);
      await expect(panel.getByTestId('company-profile')).toBeVisible();
      const searches = (await lushaCalls('/v3/companies/search')) as { companies: { name?: string; domain?: string }[] }[];
      expect(searches.at(-1)).toEqual({ companies: [expect.objectContaining({ domain: company.domain })] });
      expect(searches.at(-1)!.companies[0]).not.toHaveProperty('name');
    });
    expect(await ledgerTotal(await liveWorker(context, extensionId))).toBe((await sandbox.state()).lusha.creditsUsed);
  } finally {
    await context.close();
  }
});

test('the right person: a match at another company is said before any reveal and asks first; a name alone asks for the company', async () => {
  const { context, extensionId, options } = await start();
  try {
    // Spends under 10 credits go through without asking, as the user chose.
    await options.getByLabel(/Ask before spending/).fill('10');
    await expect(async () => {
      await options.reload();
      await expect(options.getByLabel(/Ask before spending/)).toHaveValue('10', { timeout: 500 });
    }).toPass({ timeout: 5000 });

    // A profile whose page shows another current company than Lusha's record of the person.
    const person = people[2]!;
    const known = companyOf(person);
    const url = `https://www.linkedin.com/in/${person.linkedinSlug}/`;
    const html = (await (await fetch(`${SANDBOX_URL}/__sandbox/pages/linkedin/in/${person.linkedinSlug}`)).text()).replaceAll(known.name, 'Globex Maritime');
    await serve(context, url, html);
    const tab: { page?: Page; panel?: Page } = {};
    const panel = await visit(context, extensionId, tab, url);
    const warning = panel.getByTestId('match-warning');
    await expect(warning).toContainText(`Lusha’s match: ${nameOf(person)} at ${known.name}; this page: ${nameOf(person)} at Globex Maritime.`);
    // A search just paid for says so (it is not shown as if it came from Sidecar's store).
    await expect(panel.getByTestId('preview-cost')).toContainText('search cost');
    await panel.screenshot({ path: `${SHOTS}/panel-match-warning.png`, fullPage: true });
    await panel.setViewportSize({ width: 320, height: 760 });
    await panel.emulateMedia({ colorScheme: 'dark' });
    await panel.screenshot({ path: `${SHOTS}/panel-match-warning-dark-320.png`, fullPage: true });
    await panel.emulateMedia({ colorScheme: 'light' });
    await panel.setViewportSize({ width: 400, height: 760 });

    // Below the threshold, and still asked: the dialog says why; nothing is spent until the user confirms.
    const revealsBefore = (await lushaCalls('/v3/contacts/enrich')).length;
    await panel.getByRole('button', { name: /^Reveal email · 1 credit/ }).click();
    const dialog = panel.getByRole('dialog');
    await expect(dialog.getByTestId('confirm-warning')).toContainText('Globex Maritime');
    await panel.screenshot({ path: `${SHOTS}/panel-match-confirm.png` });
    expect(await lushaCalls('/v3/contacts/enrich')).toHaveLength(revealsBefore);
    await dialog.getByRole('button', { name: /^Reveal · 1 credit/ }).click();
    await expect(panel.getByTestId('revealed-email').first()).toContainText(person.emails[0]!.email);
    expect(await ledgerTotal(await liveWorker(context, extensionId))).toBe((await sandbox.state()).lusha.creditsUsed);

    // A name typed without a company: the panel asks which company, then looks up "First Last at Company".
    const other = people[3]!;
    await panel.getByRole('search').getByRole('textbox').fill(nameOf(other));
    await panel.getByRole('search').getByRole('button', { name: 'Look up' }).click();
    const ask = panel.getByTestId('ask-company');
    await expect(ask).toContainText(`Which company is ${nameOf(other)} at?`);
    await panel.screenshot({ path: `${SHOTS}/panel-ask-company.png`, fullPage: true });
    await panel.setViewportSize({ width: 320, height: 760 });
    await panel.emulateMedia({ colorScheme: 'dark' });
    await panel.screenshot({ path: `${SHOTS}/panel-ask-company-dark-320.png`, fullPage: true });
    await panel.emulateMedia({ colorScheme: 'light' });
    await panel.setViewportSize({ width: 400, height: 760 });
    await ask.getByRole('textbox').fill(companyOf(other).name);
    await ask.getByRole('button', { name: 'Look up' }).click();
    await expect(panel.locator('section[aria-label="Contact"]').getByTestId('contact-name')).toHaveText(nameOf(other));
    await expect(panel.getByTestId('subject-source')).toContainText(`${nameOf(other)} at ${companyOf(other).name}`);
    await expect(panel.getByTestId('match-warning')).toHaveCount(0);
  } finally {
    await context.close();
  }
});
