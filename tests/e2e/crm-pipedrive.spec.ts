/**
 * Pipedrive end to end, in real Chromium against the Pipedrive stand-in: connect with a personal API token and
 * company, "In Pipedrive" and CRM first, save someone new (the title in the note: v2 persons have no job title),
 * update with a conflict, a duplicate Pipedrive would have accepted found by searching first, a namesake the user
 * confirms, a list saved in one go, Pipedrive's two-second limit, a write whose answer was lost applied exactly once
 * across a worker restart, and a revoked token. One browser for the whole file; the steps run in order.
 */
import { expect, test, type BrowserContext } from '@playwright/test';
import { PIPEDRIVE_LINKEDIN_FIELD } from '../sandbox/crm/pipedrive';
import { absentPeople, asColleague, connectCrm, crmState, examples, openList, openProfile, outboxStates, shootVariants, withCrmBrowser, workEmail } from './crm-helpers';
import { stopServiceWorker } from './harness';
import { addFault, clearFaults } from './sandbox-client';
import { SANDBOX_URL, SHOTS, sandbox } from './setup';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let extensionId: string;
const ex = examples('pipedrive');
const fresh = absentPeople('pipedrive', 8);

interface Person {
  id: number;
  name: string;
  emails: { value: string }[];
  org_id: number | null;
  custom_fields: Record<string, string | null>;
}

/** Every Pipedrive person with this email (Pipedrive refuses no duplicate: there could be several). */
async function personsWithEmail(email: string): Promise<Person[]> {
  const found = await asColleague('pipedrive', 'GET', `/api/v2/persons/search?term=${encodeURIComponent(email)}&fields=email&exact_match=true`);
  const items = ((found.json.data as { items?: { item: { id: number } }[] } | undefined)?.items ?? []).map((i) => i.item.id);
  return Promise.all(items.map(async (id) => (await asColleague('pipedrive', 'GET', `/api/v2/persons/${id}`)).json.data as Person));
}
const personCreates = async () => (await crmState()).pipedrive.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/persons' && r.status === 200).length;

async function revealEmail(panel: import('@playwright/test').Page) {
  await panel.locator('button[data-reveal-field="emails"]').click();
  await panel.getByRole('dialog').getByRole('button', { name: /^Reveal · 1 credit/ }).click();
  await expect(panel.getByTestId('revealed-email').first()).toBeVisible();
}

withCrmBrowser((launched) => ({ context, extensionId } = launched));

test('connect: token and company checked with a free call; the company, the user and the LinkedIn field named', async () => {
  const options = await connectCrm(context, extensionId, 'pipedrive');
  const card = options.getByTestId('crm-connected');
  await expect(card).toContainText('Connected to Pipedrive');
  await expect(card).toContainText('Sidecar Sandbox');
  await expect(card).toContainText(PIPEDRIVE_LINKEDIN_FIELD);
  await options.getByTestId('crm-section').screenshot({ path: `${SHOTS}/options-crm-pipedrive.png` });
  await options.close();
});

test('in your CRM, then pay: Pipedrive’s email on the reveal button, the owner named from the company’s users', async () => {
  const { page, panel } = await openProfile(context, extensionId, ex.full.person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'yes');
  await expect(block).toContainText(/owner \w+ \w+/);
  await expect(panel.locator('button[data-reveal-field="emails"]')).toHaveText(`Pipedrive already has ${ex.full.email!.split('@')[0]}@… · reveal anyway · 1 credit`);
  expect((await sandbox.state()).lusha.creditsByAction.revealEmail).toBe(0);
  await panel.screenshot({ path: `${SHOTS}/panel-crm-pipedrive-first.png`, fullPage: true });
  await panel.close();
  await page.close();
});

test('save new: the person in their organization, lists labelled, the title in the note', async () => {
  const person = fresh[0]!;
  const { page, panel } = await openProfile(context, extensionId, person.linkedinSlug);
  await revealEmail(panel);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'no');
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog).toContainText('Create a person in Pipedrive');
  await expect(dialog).toContainText('in the note: Pipedrive has no title field to write');
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Created in Pipedrive/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  const [stored] = await personsWithEmail(workEmail(person));
  expect(stored).toMatchObject({ name: `${person.firstName} ${person.lastName}` });
  expect(stored!.org_id).toBeTruthy();
  expect(stored!.custom_fields[PIPEDRIVE_LINKEDIN_FIELD]).toContain(person.linkedinSlug);
  const note = (await crmState()).pipedrive.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/notes').at(-1);
  expect(JSON.stringify(note?.body)).toContain(`Title: ${person.title}`);
  await panel.close();
  await page.close();
});

test('update with a conflict: a LinkedIn URL that differs is kept unless the user picks the new one', async () => {
  const subject = ex.full;
  const [stored] = await personsWithEmail(subject.email!);
  await asColleague('pipedrive', 'PATCH', `/api/v2/persons/${stored!.id}`, { custom_fields: { [PIPEDRIVE_LINKEDIN_FIELD]: 'https://www.linkedin.com/in/someone-else' } });
  const { page, panel } = await openProfile(context, extensionId, subject.person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'yes');
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog.getByTestId('crm-diff').locator('[data-field="linkedinUrl"]')).toHaveAttribute('data-action', 'conflict');
  await expect(dialog.getByTestId('crm-save-confirm')).toBeDisabled();
  await dialog.getByRole('radio', { name: /^Use Lusha’s/ }).check();
  await panel.screenshot({ path: `${SHOTS}/panel-crm-pipedrive-conflict.png` });
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Updated in Pipedrive: filled LinkedIn URL/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  const [after] = await personsWithEmail(subject.email!);
  expect(after!.custom_fields[PIPEDRIVE_LINKEDIN_FIELD]).toContain(subject.person.linkedinSlug);
  await panel.close();
  await page.close();
});

test('a duplicate Pipedrive would accept is found by searching first: the existing person is updated instead', async () => {
  const person = fresh[1]!;
  const { page, panel } = await openProfile(context, extensionId, person.linkedinSlug);
  await revealEmail(panel);
  const block = panel.getByTestId('crm-person');
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog).toContainText('Create a person in Pipedrive');
  const colleague = await asColleague('pipedrive', 'POST', '/api/v2/persons', { name: `${person.firstName} ${person.lastName}`, emails: [{ value: workEmail(person), primary: true, label: 'work' }] });
  expect(colleague.status).toBe(200);
  const before = await personCreates();
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Already in Pipedrive: filled /);
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await personCreates()).toBe(before);
  const stored = await personsWithEmail(workEmail(person));
  expect(stored).toHaveLength(1);
  expect(stored[0]!.custom_fields[PIPEDRIVE_LINKEDIN_FIELD]).toContain(person.linkedinSlug);
  await panel.close();
  await page.close();
});

test('a namesake: search first, then the user confirms (in the list, it waits for them in the outbox)', async () => {
  const slugs = [ex.namesake.person.linkedinSlug, fresh[2]!.linkedinSlug, fresh[3]!.linkedinSlug];
  const { page, panel } = await openList(context, extensionId, slugs, 'crm-pipedrive-bulk');
  const list = panel.getByTestId('bulk-list');
  await expect(list.locator('[data-status="checking"]')).toHaveCount(0);
  await expect(list.getByTestId('crm-row-chip')).toHaveText(['Maybe in Pipedrive']);
  const before = await personCreates();
  await list.getByTestId('crm-bulk-save').click();
  await panel.getByTestId('crm-bulk-confirm').getByRole('button', { name: /^Save 3 to Pipedrive/ }).click();
  const results = list.getByTestId('crm-bulk-results');
  await expect(results.locator('[data-testid="crm-write"][data-state="applied"]')).toHaveCount(2, { timeout: 20_000 });
  const review = results.locator('[data-testid="crm-write"][data-state="review"]');
  await expect(review).toHaveCount(1);
  await expect(review).toContainText('Pipedrive may already hold this person');
  await shootVariants(panel, (v) => `${SHOTS}/panel-crm-pipedrive-review-${v}.png`);
  expect(await personCreates()).toBe(before + 2);
  await review.getByRole('button', { name: 'Create a new one anyway' }).click();
  await expect(results.locator('[data-testid="crm-write"][data-state="applied"]')).toHaveCount(3, { timeout: 10_000 });
  expect(await personCreates()).toBe(before + 3);
  await panel.close();
  await page.close();
});

test('rate limit: Pipedrive’s two-second limit is waited out, then the write goes', async () => {
  const person = fresh[4]!;
  const { page, panel } = await openProfile(context, extensionId, person.linkedinSlug);
  const block = panel.getByTestId('crm-person');
  await expect(block).toHaveAttribute('data-in-crm', 'no');
  await block.getByTestId('crm-save').click();
  const dialog = panel.getByTestId('crm-save-dialog');
  await expect(dialog.getByTestId('crm-save-confirm')).toBeEnabled();
  const before = await personCreates();
  await addFault(SANDBOX_URL, { kind: 'status', path: '/api/v2/persons', method: 'POST', status: 429, times: 2 });
  await dialog.getByTestId('crm-save-confirm').click();
  await expect(dialog.locator('[data-error-reason="burst"]')).toContainText('Pipedrive asked Sidecar to slow down');
  await panel.screenshot({ path: `${SHOTS}/panel-crm-pipedrive-rate-limit.png` });
  await expect(dialog.getByTestId('crm-write-outcome')).toHaveText(/^Created in Pipedrive/, { timeout: 15_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await personCreates()).toBe(before + 1);
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
  const before = await personCreates();
  // Pipedrive creates the person and the answer is lost; then its search is unreachable, so the write still waits
  // when the worker stops.
  await addFault(SANDBOX_URL, { kind: 'drop', path: '/api/v2/persons', method: 'POST', phase: 'after', times: 1 });
  await dialog.getByTestId('crm-save-confirm').click();
  await addFault(SANDBOX_URL, { kind: 'drop', path: '/api/v2/persons/search', method: 'GET', times: 100 });
  await expect(dialog.getByTestId('crm-write')).toHaveAttribute('data-state', 'pending');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await stopServiceWorker(context);
  await clearFaults(SANDBOX_URL);
  await expect.poll(async () => (await outboxStates(context, extensionId)).filter((w) => w.state !== 'applied' && w.state !== 'review'), { timeout: 20_000 }).toEqual([]);
  expect(await personCreates()).toBe(before + 1);
  expect(await personsWithEmail(workEmail(person))).toHaveLength(1);
  await panel.close();
  await page.close();
});

test('a revoked token: the panel says so', async () => {
  await addFault(SANDBOX_URL, { kind: 'status', path: '/api/*', status: 401, times: 100 });
  const { page, panel } = await openProfile(context, extensionId, ex.linkedinOnly.person.linkedinSlug);
  await expect(panel.getByTestId('crm-person').locator('[data-error-kind="bad-key"]')).toContainText('Pipedrive revoked Sidecar’s access');
  await panel.close();
  await page.close();
});
