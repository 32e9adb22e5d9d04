/**
 * Salesforce end to end, in real Chromium against the Salesforce stand-in: sign in with OAuth 2.0 + PKCE through
 * `identity.launchWebAuthFlow` (the stand-in's authorize page redirects straight back, as an already signed-in user's
 * would), "In Salesforce" and CRM first, a Contact saved under its Account with a Task as the note, an update with a
 * conflict, the org's duplicate rule reconciled, a list saved, a lost answer applied once across a worker restart, an
 * admin revoking Sidecar's access, and the org's daily allocation (403 REQUEST_LIMIT_EXCEEDED). One browser, in order.
 */
import { expect, test, type BrowserContext } from '@playwright/test';
import { SALESFORCE_CONSUMER_KEY, SALESFORCE_ORG_ID } from '../sandbox/crm/accounts';
import { absentPeople, asSalesforceColleague, connectCrm, crmState, examples, openList, openProfile, outboxStates, revealEmail, shootVariants, soql, withCrmBrowser, workEmail } from './crm-helpers';
import { stopServiceWorker } from './harness';
import { addFault, clearFaults } from './sandbox-client';
import { SANDBOX_URL, SHOTS, sandbox } from './setup';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let extensionId: string;
const ex = examples('salesforce');
const fresh = absentPeople('salesforce', 8);
const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const contactsWithEmail = (email: string) => soql(`SELECT Id, AccountId, Title, LinkedIn_URL__c, FirstName FROM Contact WHERE Email = ${quote(email)}`);
const contactCreates = async () => (await crmState()).salesforce.requests.filter((r) => r.method === 'POST' && r.path === '/services/data/v66.0/sobjects/Contact' && r.status === 201).length;

withCrmBrowser((launched) => ({ context, extensionId } = launched));

test('sign in: OAuth 2.0 with PKCE through the browser’s web auth flow, the org and the user named', async () => {
  const options = await connectCrm(context, extensionId, 'salesforce');
  const card = options.getByTestId('crm-connected');
  await expect(card).toContainText('Connected to Salesforce');
  await expect(card).toContainText(`Org ${SALESFORCE_ORG_ID}`);
  await expect(card).toContainText('Morgan Reyes');
  await expect(card).toContainText('LinkedIn_URL__c');
  // The sign-in used PKCE: the token request carried the verifier of the challenge the authorize page was given.
  const token = (await crmState()).salesforce.requests.find((r) => r.path === '/services/oauth2/token');
  expect(token?.status).toBe(200);
  await options.getByTestId('crm-section').screenshot({ path: `${SHOTS}/options-crm-salesforce.png` });
  await options.close();
});

test('in your CRM, then pay: the Contact’s email on the reveal button, its owner from Salesforce', async () => {
  const { page, panel } = await openProfile(context, extensionId, ex.full.person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'yes');
  await expect(block).toContainText(/Contact · .* · owner \w+ \w+/);
  await expect(panel.locator('button[data-reveal-field="emails"]')).toHaveText(`Salesforce already has ${ex.full.email!.split('@')[0]}@… · reveal anyway · 1 credit`);
  expect((await sandbox.state()).lusha.creditsByAction.revealEmail).toBe(0);
  await panel.screenshot({ path: `${SHOTS}/panel-crm-salesforce-first.png`, fullPage: true });
  await panel.close();
  await page.close();
});

test('save new: a Contact under its Account, with a completed Task as the source note', async () => {
  const person = fresh[0]!;
  const { page, panel } = await openProfile(context, extensionId, person.linkedinSlug);
  await revealEmail(panel);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'no');
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog).toContainText('Create a contact in Salesforce');
  await expect(dialog.getByRole('radio', { name: 'Contact' })).toBeChecked();
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Created in Salesforce/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  const [contact] = await contactsWithEmail(workEmail(person));
  expect(contact).toMatchObject({ Title: person.title, FirstName: person.firstName });
  expect(String(contact!.AccountId)).toMatch(/^001/);
  expect(String(contact!.LinkedIn_URL__c)).toContain(person.linkedinSlug);
  const tasks = await soql(`SELECT Id, Status, Description FROM Task WHERE WhoId = ${quote(String(contact!.Id))}`);
  expect(tasks).toHaveLength(1);
  expect(tasks[0]).toMatchObject({ Status: 'Completed', Description: expect.stringMatching(/^from Sidecar, Lusha, /) });
  await panel.close();
  await page.close();
});

test('update with a conflict: the differing Title is the user’s choice, empty fields are filled', async () => {
  const subject = ex.emailOnly;
  const [contact] = await contactsWithEmail(subject.email!);
  expect((await asSalesforceColleague('PATCH', `/sobjects/Contact/${String(contact!.Id)}`, { Title: 'Head of Something Else' })).status).toBe(204);
  const { page, panel } = await openProfile(context, extensionId, subject.person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'yes');
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  const diff = dialog.getByTestId('crm-diff');
  await expect(diff.locator('[data-field="title"]')).toHaveAttribute('data-action', 'conflict');
  await expect(diff.locator('[data-field="linkedinUrl"]')).toHaveAttribute('data-action', 'fill');
  await dialog.getByRole('radio', { name: /^Use Lusha’s/ }).check();
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Updated in Salesforce/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  const [after] = await contactsWithEmail(subject.email!);
  expect(after).toMatchObject({ Title: subject.title });
  expect(String(after!.LinkedIn_URL__c)).toContain(subject.person.linkedinSlug);
  await panel.close();
  await page.close();
});

test('the org’s duplicate rule (DUPLICATES_DETECTED) is reconciled: the existing Contact gets its empty fields', async () => {
  const person = fresh[1]!;
  const { page, panel } = await openProfile(context, extensionId, person.linkedinSlug);
  await revealEmail(panel);
  const block = panel.getByTestId('crm-person');
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog.getByTestId('crm-save-confirm')).toHaveText('Create contact in Salesforce');
  const colleague = await asSalesforceColleague('POST', '/sobjects/Contact', { LastName: person.lastName, Email: workEmail(person) });
  expect(colleague.status).toBe(201);
  const before = await contactCreates();
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Already in Salesforce: filled /);
  await panel.screenshot({ path: `${SHOTS}/panel-crm-salesforce-duplicate.png` });
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await contactCreates()).toBe(before);
  const contacts = await contactsWithEmail(workEmail(person));
  expect(contacts).toHaveLength(1);
  expect(contacts[0]).toMatchObject({ FirstName: person.firstName, Title: person.title });
  await panel.close();
  await page.close();
});

test('bulk: the people Salesforce does not hold, saved behind one confirmation', async () => {
  const slugs = [ex.full.person.linkedinSlug, fresh[2]!.linkedinSlug, fresh[3]!.linkedinSlug, fresh[4]!.linkedinSlug];
  const { page, panel } = await openList(context, extensionId, slugs, 'crm-salesforce-bulk');
  const list = panel.getByTestId('bulk-list');
  await expect(list.locator('[data-status="checking"]')).toHaveCount(0);
  const button = list.getByTestId('crm-bulk-save');
  await expect(button).toHaveText('Save 3 to Salesforce');
  const before = await contactCreates();
  await button.click();
  await panel.getByTestId('crm-bulk-confirm').getByRole('button', { name: 'Save 3 to Salesforce' }).click();
  await expect(list.getByTestId('crm-bulk-results').locator('[data-testid="crm-write"][data-state="applied"]')).toHaveCount(3, { timeout: 20_000 });
  await expect(button).toHaveText('Everyone is in Salesforce');
  expect(await contactCreates()).toBe(before + 3);
  await panel.close();
  await page.close();
});

test('a write whose answer was lost survives a worker restart and is applied exactly once', async () => {
  const person = fresh[5]!;
  const { page, panel } = await openProfile(context, extensionId, person.linkedinSlug);
  await revealEmail(panel);
  const block = panel.getByTestId('crm-person');
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog.getByTestId('crm-save-confirm')).toBeEnabled();
  const before = await contactCreates();
  // The Contact is created and the connection breaks mid-answer (a drop before any byte would be resent by the
  // browser itself, which Salesforce's duplicate rule would then catch).
  await addFault(SANDBOX_URL, { kind: 'truncated', cut: 'connection', path: '/services/data/v66.0/sobjects/Contact', method: 'POST', phase: 'after', times: 1 });
  await dialog.getByTestId('crm-save-confirm').click();
  await addFault(SANDBOX_URL, { kind: 'drop', path: '/services/data/v66.0/composite', method: 'POST', times: 100 });
  await expect(dialog.getByTestId('crm-write')).toHaveAttribute('data-state', 'pending');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await stopServiceWorker(context);
  await clearFaults(SANDBOX_URL);
  await expect.poll(async () => (await outboxStates(context, extensionId)).filter((w) => w.state !== 'applied'), { timeout: 20_000 }).toEqual([]);
  expect(await contactCreates()).toBe(before + 1);
  const contacts = await contactsWithEmail(workEmail(person));
  expect(contacts).toHaveLength(1);
  expect(await soql(`SELECT Id FROM Task WHERE WhoId = ${quote(String(contacts[0]!.Id))}`)).toHaveLength(1);
  await panel.close();
  await page.close();
});

test('an admin revokes Sidecar’s access: the panel and options say so, and signing in again restores it', async () => {
  // The org's admin revokes the app's refresh token (and with it every session it issued).
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const refreshToken = await options.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('sidecar');
        open.onsuccess = () => {
          const request = open.result.transaction('crmAuth').objectStore('crmAuth').get('salesforce');
          request.onsuccess = () => resolve((request.result as { credential: { refreshToken: string } }).credential.refreshToken);
          request.onerror = () => reject(request.error);
        };
      }),
  );
  await fetch(`${SANDBOX_URL}/services/oauth2/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: refreshToken }).toString() });
  const { page, panel } = await openProfile(context, extensionId, ex.linkedinOnly.person.linkedinSlug);
  await expect(panel.getByTestId('crm-person').locator('[data-error-kind="bad-key"]')).toContainText('Salesforce revoked Sidecar’s access');
  await shootVariants(panel, (v) => `${SHOTS}/panel-crm-salesforce-revoked-${v}.png`);
  await options.reload();
  await options.getByRole('button', { name: 'Sign in to Salesforce again' }).click();
  await options.getByLabel('Salesforce consumer key').fill(SALESFORCE_CONSUMER_KEY);
  await options.getByRole('button', { name: 'Sign in to Salesforce' }).click();
  await expect(options.getByTestId('crm-connected')).toBeVisible();
  await options.close();
  await panel.reload();
  await expect(panel.getByTestId('crm-person')).toHaveAttribute('data-in-crm', 'yes');
  await panel.close();
  await page.close();
});

test('the org’s daily allocation (403 REQUEST_LIMIT_EXCEEDED) is a limit, not a permission: the write waits', async () => {
  const person = fresh[6]!;
  const { page, panel } = await openProfile(context, extensionId, person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'no');
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog.getByTestId('crm-save-confirm')).toBeEnabled();
  await addFault(SANDBOX_URL, { kind: 'status', path: '/services/data/v66.0/sobjects/Contact', method: 'POST', status: 403, times: 1 });
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.locator('[data-error-reason="REQUEST_LIMIT_EXCEEDED"]')).toContainText('Your Salesforce org used its daily API requests');
  await shootVariants(panel, (v) => `${SHOTS}/panel-crm-salesforce-limit-${v}.png`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  // Nothing more goes to the org while it is held off: a look-up now fails at once, with the same reason.
  const sent = (await crmState()).salesforce.requests.length;
  const other = await openProfile(context, extensionId, ex.nameCompany.person.linkedinSlug);
  await expect(other.panel.getByTestId('crm-person').locator('[data-error-reason="REQUEST_LIMIT_EXCEEDED"]')).toBeVisible();
  expect((await crmState()).salesforce.requests.length).toBe(sent);
  expect((await outboxStates(context, extensionId)).filter((w) => w.state === 'pending')).toHaveLength(1);
  await other.panel.close();
  await other.page.close();
  await panel.close();
  await page.close();
});
