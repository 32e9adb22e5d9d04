/**
 * HubSpot end to end, in real Chromium against the HubSpot stand-in: connect with a private-app token, "In HubSpot"
 * on a profile (and a namesake as a possible match), CRM first then pay, save someone new, update with a conflict the
 * user settles, a duplicate HubSpot refuses (409) reconciled, a list saved in one go, HubSpot's ten-second limit, a
 * write whose answer was lost surviving a worker restart and applied exactly once, and a revoked token.
 * One browser for the whole file; the steps run in order.
 */
import fs from 'node:fs';
import { expect, test, type BrowserContext } from '@playwright/test';
import { HUBSPOT_TOKENS } from '../sandbox/crm/accounts';
import { crmSeed } from '../sandbox/crm/crm-dataset';
import { DEFAULT_DATASET, linkedinUrlOf } from '../sandbox/dataset';
import { absentPeople, asColleague, connectCrm, crmState, examples, openList, openProfile, outboxStates, shootVariants, withCrmBrowser, workEmail } from './crm-helpers';
import { ledgerTotal, liveWorker, openPanel, stopServiceWorker, tabIdOf } from './harness';
import { addFault, clearFaults } from './sandbox-client';
import { SANDBOX_URL, SHOTS, sandbox } from './setup';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let extensionId: string;
const ex = examples('hubspot');
const fresh = absentPeople('hubspot', 8);

/** The HubSpot contacts with this email (the stand-in's own API: email is unique there, so 0 or 1). */
async function contactByEmail(email: string): Promise<Record<string, unknown> | undefined> {
  const found = await asColleague('hubspot', 'GET', `/crm/v3/objects/contacts/${encodeURIComponent(email)}?idProperty=email&properties=email,jobtitle,hs_linkedin_url,associatedcompanyid,firstname`);
  return found.status === 200 ? found.json : undefined;
}
const contactCreates = async () => (await crmState()).hubspot.requests.filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts' && r.status === 201).length;

withCrmBrowser((launched) => ({ context, extensionId } = launched));

test('connect: the token is checked with a free call that names the portal and the user', async () => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByTestId('crm-section').scrollIntoViewIfNeeded();
  await options.screenshot({ path: `${SHOTS}/options-crm-connect.png`, fullPage: true });
  await options.close();
  const connected = await connectCrm(context, extensionId, 'hubspot');
  const card = connected.getByTestId('crm-connected');
  await expect(card).toContainText('Connected to HubSpot');
  await expect(card).toContainText('Portal 24400001');
  await expect(card).toContainText('morgan.reyes@sidecar-sandbox.example');
  await expect(card).toContainText('hs_linkedin_url');
  await expect(connected.locator('body')).not.toContainText(HUBSPOT_TOKENS.valid);
  await connected.getByTestId('crm-section').screenshot({ path: `${SHOTS}/options-crm-hubspot.png` });
  await connected.close();
});

test('in your CRM, then pay: HubSpot’s email on the reveal button, the owner named, a namesake only possible', async () => {
  const { page, panel } = await openProfile(context, extensionId, ex.full.person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'yes');
  await expect(block.getByTestId('crm-email')).toContainText(ex.full.email!);
  await expect(block).toContainText(/owner \w+ \w+/);
  const local = ex.full.email!.split('@')[0];
  await expect(panel.locator('button[data-reveal-field="emails"]')).toHaveText(`HubSpot already has ${local}@… · reveal anyway · 1 credit`);
  await expect(panel.getByTestId('crm-first').first()).toBeVisible();
  await shootVariants(panel, (v) => `${SHOTS}/panel-crm-first-${v}.png`);
  // Nothing was revealed: the CRM's email cost nothing.
  expect((await sandbox.state()).lusha.creditsByAction.revealEmail).toBe(0);
  await panel.close();
  await page.close();

  const namesake = await openProfile(context, extensionId, ex.namesake.person.linkedinSlug);
  await expect(namesake.panel.getByTestId('crm-person')).toHaveAttribute('data-in-crm', 'possible');
  await expect(namesake.panel.getByTestId('crm-possible')).toContainText('Only the name agrees');
  await namesake.panel.screenshot({ path: `${SHOTS}/panel-crm-possible.png`, fullPage: true });
  await namesake.panel.close();
  await namesake.page.close();
});

test('save new: revealed email, title, company and LinkedIn URL, filed under its company, with a source note', async () => {
  const person = fresh[0]!;
  const { page, panel } = await openProfile(context, extensionId, person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'no');
  await panel.locator('button[data-reveal-field="emails"]').click();
  await panel.getByRole('dialog').getByRole('button', { name: /^Reveal · 1 credit/ }).click();
  await expect(panel.getByTestId('revealed-email').first()).toBeVisible();
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog).toContainText('Create a contact in HubSpot');
  await expect(dialog).toContainText(workEmail(person));
  await dialog.getByLabel('Note on the record (optional)').fill('Met at the Sidecar demo.');
  await panel.screenshot({ path: `${SHOTS}/panel-crm-save-new.png` });
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Created in HubSpot/);
  await panel.screenshot({ path: `${SHOTS}/panel-crm-saved.png` });
  await dialog.getByRole('button', { name: 'Close' }).click();

  const contact = await contactByEmail(workEmail(person));
  const properties = contact?.properties as Record<string, string>;
  expect(properties).toMatchObject({ jobtitle: person.title, firstname: person.firstName });
  expect(properties.hs_linkedin_url).toBe(linkedinUrlOf(person));
  expect(properties.associatedcompanyid).toBeTruthy();
  const notes = (await crmState()).hubspot.requests.filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/notes');
  expect(JSON.stringify(notes.at(-1)?.body)).toContain('Met at the Sidecar demo.');
  // HubSpot's search does not see the new contact yet; the journal does.
  await expect(block).toHaveAttribute('data-in-crm', 'yes');
  const state = await sandbox.state();
  expect(await ledgerTotal(await liveWorker(context, extensionId))).toBe(state.lusha.creditsUsed);
  await panel.close();
  await page.close();
});

test('update with a conflict: empty fields filled, the differing title kept unless the user picks the new one', async () => {
  const subject = ex.emailOnly;
  const id = (await contactByEmail(subject.email!))!.id as string;
  await asColleague('hubspot', 'PATCH', `/crm/v3/objects/contacts/${id}`, { properties: { jobtitle: 'Head of Something Else' } });
  const { page, panel } = await openProfile(context, extensionId, subject.person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'yes');
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  const diff = dialog.getByTestId('crm-diff');
  await expect(diff.locator('[data-field="title"]')).toHaveAttribute('data-action', 'conflict');
  await expect(diff.locator('[data-field="linkedinUrl"]')).toHaveAttribute('data-action', 'fill');
  await expect(dialog.getByTestId('crm-save-confirm')).toHaveText('Write 1 field to HubSpot');
  await shootVariants(panel, (v) => `${SHOTS}/panel-crm-conflict-${v}.png`);
  await dialog.getByRole('radio', { name: /^Use Lusha’s/ }).check();
  await expect(dialog.getByTestId('crm-save-confirm')).toHaveText('Write 2 fields to HubSpot');
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Updated in HubSpot: filled title, LinkedIn URL|^Updated in HubSpot: filled LinkedIn URL, title/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  const properties = (await contactByEmail(subject.email!))!.properties as Record<string, string>;
  expect(properties.jobtitle).toBe(subject.title);
  expect(properties.hs_linkedin_url).toBe(linkedinUrlOf(subject.person));
  await panel.close();
  await page.close();
});

test('a duplicate HubSpot refuses (409) is reconciled: the existing contact gets its empty fields filled', async () => {
  const person = fresh[1]!;
  const { page, panel } = await openProfile(context, extensionId, person.linkedinSlug);
  await panel.locator('button[data-reveal-field="emails"]').click();
  await panel.getByRole('dialog').getByRole('button', { name: /^Reveal · 1 credit/ }).click();
  await expect(panel.getByTestId('revealed-email').first()).toBeVisible();
  const block = panel.getByTestId('crm-person');
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog).toContainText('Create a contact in HubSpot');
  // Meanwhile a colleague adds them by hand, with only the email.
  const created = await asColleague('hubspot', 'POST', '/crm/v3/objects/contacts', { properties: { email: workEmail(person), lastname: person.lastName }, associations: [] });
  expect(created.status).toBe(201);
  const before = await contactCreates();
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Already in HubSpot: filled /);
  await panel.screenshot({ path: `${SHOTS}/panel-crm-duplicate.png` });
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await contactCreates()).toBe(before);
  const properties = (await contactByEmail(workEmail(person)))!.properties as Record<string, string>;
  expect(properties).toMatchObject({ firstname: person.firstName, jobtitle: person.title });
  await panel.close();
  await page.close();
});

test('bulk: "Save 4 to HubSpot" behind one confirmation, each row’s result, nobody saved twice', async () => {
  const slugs = [ex.full.person.linkedinSlug, fresh[2]!.linkedinSlug, ex.linkedinOnly.person.linkedinSlug, fresh[3]!.linkedinSlug, fresh[4]!.linkedinSlug, fresh[5]!.linkedinSlug];
  const { page, panel } = await openList(context, extensionId, slugs, 'crm-bulk');
  const list = panel.getByTestId('bulk-list');
  await expect(list.locator('[data-status="checking"]')).toHaveCount(0);
  await expect(list.getByTestId('crm-row-chip')).toHaveCount(2);
  const button = list.getByTestId('crm-bulk-save');
  await expect(button).toHaveText('Save 4 to HubSpot');
  const before = await contactCreates();
  await button.click();
  const confirm = panel.getByTestId('crm-bulk-confirm');
  await expect(confirm).toContainText('Save 4 people to HubSpot?');
  await panel.screenshot({ path: `${SHOTS}/panel-crm-bulk-confirm.png` });
  await confirm.getByRole('button', { name: 'Save 4 to HubSpot' }).click();
  const results = list.getByTestId('crm-bulk-results');
  await expect(results.getByTestId('crm-write')).toHaveCount(4);
  await expect(results.locator('[data-testid="crm-write"][data-state="applied"]')).toHaveCount(4, { timeout: 20_000 });
  await expect(results).toContainText('HubSpot: 4 saved');
  // The list is read again: everyone is in HubSpot now (the new ones through the journal, search lags).
  await expect(list.getByTestId('crm-row-chip')).toHaveCount(6);
  await expect(button).toHaveText('Everyone is in HubSpot');
  await shootVariants(panel, (v) => `${SHOTS}/panel-crm-bulk-done-${v}.png`);
  expect(await contactCreates()).toBe(before + 4);
  await panel.close();
  await page.close();
});

test('rate limit: HubSpot’s ten-second limit (its policy named) is waited out, then the write goes', async () => {
  const person = fresh[6]!;
  const { page, panel } = await openProfile(context, extensionId, person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'no');
  const before = await contactCreates();
  await addFault(SANDBOX_URL, { kind: 'status', path: '/crm/v3/objects/contacts', method: 'POST', status: 429, times: 2 });
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.locator('[data-error-reason="TEN_SECONDLY_ROLLING"]')).toContainText('HubSpot asked Sidecar to slow down');
  await panel.screenshot({ path: `${SHOTS}/panel-crm-rate-limit.png` });
  // The dialog follows the write: once HubSpot's window has passed, it goes by itself.
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Created in HubSpot/, { timeout: 15_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await contactCreates()).toBe(before + 1);
  await panel.close();
  await page.close();
});

test('a write whose answer was lost survives a worker restart and is applied exactly once', async () => {
  const person = fresh[7]!;
  const { page, panel } = await openProfile(context, extensionId, person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'no');
  await panel.locator('button[data-reveal-field="emails"]').click();
  await panel.getByRole('dialog').getByRole('button', { name: /^Reveal · 1 credit/ }).click();
  await expect(panel.getByTestId('revealed-email').first()).toBeVisible();
  const before = await contactCreates();
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog.getByTestId('crm-save-confirm')).toBeEnabled();
  // HubSpot creates the contact, and the answer never reaches Sidecar; then the connection stays bad (the lookup
  // Sidecar makes before sending again fails too), so the write is still waiting when the worker stops.
  await addFault(SANDBOX_URL, { kind: 'drop', path: '/crm/v3/objects/contacts', method: 'POST', phase: 'after', times: 1 });
  await dialog.getByTestId('crm-save-confirm').click();
  await addFault(SANDBOX_URL, { kind: 'drop', path: '/crm/v3/objects/contacts/*', method: 'GET', times: 100 });
  await expect(dialog.getByTestId('crm-write')).toHaveAttribute('data-state', 'pending');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await stopServiceWorker(context);
  await clearFaults(SANDBOX_URL);
  // The next life finds the contact by email before sending anything again, then adds the note once.
  await expect.poll(async () => (await outboxStates(context, extensionId)).filter((w) => w.state !== 'applied'), { timeout: 15_000 }).toEqual([]);
  expect(await contactCreates()).toBe(before + 1);
  const contact = await contactByEmail(workEmail(person));
  expect(contact).toBeDefined();
  const notes = (await crmState()).hubspot.requests.filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/notes' && JSON.stringify(r.body).includes(`"id":"${String(contact!.id)}"`));
  expect(notes).toHaveLength(1);
  await panel.close();
  await page.close();
});

test('on a HubSpot record: "Fill 2 empty fields from Lusha · 6 credits" reveals what is missing and writes it back after the diff', async () => {
  // Someone HubSpot holds with their LinkedIn URL only (no email, no phone), whom Lusha knows with both.
  const seedPerson = crmSeed(DEFAULT_DATASET, 'hubspot').people.find(
    (s) => s.presence === 'linkedin-only' && !s.person.restricted && !s.person.gdprBlocked && s.person.emails.some((e) => e.type === 'work') && s.person.phones.length > 0 && !s.person.phones[0]!.doNotCall,
  )!;
  const person = seedPerson.person;
  const search = await asColleague('hubspot', 'POST', '/crm/v3/objects/contacts/search', {
    filterGroups: [{ filters: [{ propertyName: 'firstname', operator: 'EQ', value: person.firstName }, { propertyName: 'lastname', operator: 'EQ', value: person.lastName }] }],
  });
  const id = (search.json.results as { id: string }[])[0]!.id;
  // HubSpot's record page, as the fixture shows it, for this person (no email, no phone on the record).
  const fixture = 'tests/fixtures/hubspot/contact-basic';
  const url = `https://app.hubspot.com/contacts/24400001/record/0-1/${id}`;
  const html = fs
    .readFileSync(`${fixture}.html`, 'utf8')
    .replaceAll('Ana Ribeiro', `${person.firstName} ${person.lastName}`)
    .replace('Ana   Ribeiro', `${person.firstName}   ${person.lastName}`)
    .replaceAll('Head of Finance', person.title)
    .replaceAll('Tidewater Freight Software', seedPerson.company.name)
    .replace(/<div data-test-id="highlight-property-item-email">[\s\S]*?<\/div>/, '')
    .replace(/<span data-test-id="email">[\s\S]*?<\/div><\/div><\/span>/, '')
    .replace(/<span data-test-id="phone">[\s\S]*?<\/div><\/div><\/span>/, '');
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  const page = await context.newPage();
  await page.goto(url);
  const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
  const record = panel.getByTestId('crm-record');
  await expect(record).toHaveAttribute('data-live', 'yes');
  const fill = record.getByTestId('crm-fill');
  await expect(fill).toHaveText('Fill 2 empty fields from Lusha · 6 credits');
  await shootVariants(panel, (v) => `${SHOTS}/panel-crm-fill-${v}.png`);
  const before = (await sandbox.state()).lusha.creditsUsed;
  await fill.click();
  await panel.getByRole('dialog').getByRole('button', { name: 'Reveal · 6 credits' }).click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog.getByTestId('crm-diff').locator('[data-field="email"]')).toHaveAttribute('data-action', 'fill');
  await expect(dialog.getByTestId('crm-diff').locator('[data-field="phone"]')).toHaveAttribute('data-action', 'fill');
  await panel.screenshot({ path: `${SHOTS}/panel-crm-fill-diff.png` });
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Updated in HubSpot: filled (email, phone|phone, email)/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  const after = (await asColleague('hubspot', 'GET', `/crm/v3/objects/contacts/${id}?properties=email,phone,mobilephone`)).json.properties as Record<string, string | null>;
  expect(after.email).toBe(workEmail(person));
  expect(after.phone ?? after.mobilephone).toBeTruthy();
  // Paid through the engine: exactly what Lusha charged, booked.
  const state = await sandbox.state();
  expect(state.lusha.creditsUsed - before).toBe(6);
  expect(await ledgerTotal(await liveWorker(context, extensionId))).toBe(state.lusha.creditsUsed);
  await panel.close();
  await page.close();
});

test('a revoked token: the panel and options say so; reconnecting with a current one restores it', async () => {
  await addFault(SANDBOX_URL, { kind: 'status', path: '/crm/*', status: 401, times: 100 });
  const { page, panel } = await openProfile(context, extensionId, ex.linkedinOnly.person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block.locator('[data-error-kind="bad-key"]')).toContainText('HubSpot revoked Sidecar’s access');
  await shootVariants(panel, (v) => `${SHOTS}/panel-crm-revoked-${v}.png`);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByTestId('crm-connected').locator('[data-error-kind="bad-key"]')).toBeVisible();
  await options.getByTestId('crm-section').screenshot({ path: `${SHOTS}/options-crm-revoked.png` });
  await clearFaults(SANDBOX_URL);
  await options.getByRole('button', { name: 'Reconnect HubSpot' }).click();
  await options.close();
  const reconnected = await connectCrm(context, extensionId, 'hubspot');
  await expect(reconnected.getByTestId('crm-connected').locator('[data-error-kind="bad-key"]')).toHaveCount(0);
  await reconnected.close();
  await panel.reload();
  await expect(panel.getByTestId('crm-person')).toHaveAttribute('data-in-crm', 'yes');
  await panel.close();
  await page.close();
});
