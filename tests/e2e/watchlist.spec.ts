/**
 * The watchlist, Saber contact research and the email waterfall in real Chromium against the sandbox: watch a person
 * and a company, the sandbox publishes new signals, the daily alarm fires (through the background's own handler),
 * notifications are created, the badge counts them, What's new lists them, and a check that would pass the watch
 * budget stops with nothing spent past it; research completes across a worker stop; the waterfall falls through to
 * Saber and shows both steps' costs. Every ledger equals the sandbox's count.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type Worker } from '@playwright/test';
import { SABER_KEYS, SANDBOX_KEYS } from '../sandbox/accounts';
import { companyOf, DEFAULT_DATASET, FEATURED } from '../sandbox/dataset';
import { defaultSearchPeople } from '../sandbox/pages/linkedin-search';
import { launchWithExtension, ledgerTotal, liveWorker, openPanel, saveLushaKey, saveSaberKey, stopServiceWorker, tabIdOf } from './harness';
import { datasetPerson, EXTENSION_PATH, SANDBOX_URL, SHOTS, sandbox } from './setup';

test.beforeEach(async () => sandbox.reset());

type Hooks = { fireAlarm(name: string): Promise<void>; clickNotification(id: string): Promise<void>; forgetWatchDay(): Promise<void> };

async function hooks<T>(worker: Worker, run: (hooks: Hooks) => Promise<T>): Promise<T> {
  return worker.evaluate(`(${run.toString()})(globalThis.sidecarTestHooks)`) as Promise<T>;
}

async function publish(entity: 'contact' | 'company', id: string, type: string): Promise<void> {
  const reply = await fetch(`${SANDBOX_URL}/__sandbox/signals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entity, id, type }) });
  expect(reply.status).toBe(200);
}

async function confirmSpend(panel: Page, label: RegExp) {
  const dialog = panel.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: label }).click();
  await expect(dialog).toBeHidden();
}

/** axe-core in light and dark: no serious or critical violation in a new state. */
async function noBlockingViolations(page: Page, state: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).analyze();
    const blocking = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(blocking.map((violation) => `${state} (${scheme}): ${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The three views every new state is looked at in: light, dark, and 320 px wide. */
async function shoot(panel: Page, name: string) {
  await panel.emulateMedia({ colorScheme: 'light' });
  await panel.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await panel.emulateMedia({ colorScheme: 'dark' });
  await panel.screenshot({ path: `${SHOTS}/${name}-dark.png`, fullPage: true });
  const size = panel.viewportSize();
  await panel.setViewportSize({ width: 320, height: size?.height ?? 760 });
  await panel.screenshot({ path: `${SHOTS}/${name}-320.png`, fullPage: true });
  if (size) await panel.setViewportSize(size);
  await panel.emulateMedia({ colorScheme: 'light' });
}

const notificationIds = (worker: Worker) => worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
const badge = (worker: Worker) => worker.evaluate(() => chrome.action.getBadgeText({}));

test('watch a person and a company: the daily check notifies, badges and lists what is new, within the watch budget', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    const person = datasetPerson(FEATURED.withEmailAndPhone);
    const company = companyOf(person);
    const profileUrl = `https://www.linkedin.com/in/${person.linkedinSlug}/`;
    const profile = await context.newPage();
    await profile.goto(profileUrl);
    let worker = await liveWorker(context, extensionId);
    const tabId = await tabIdOf(worker, profileUrl);
    const panel = await openPanel(context, extensionId, tabId);

    // Watch the person, then the company (typed): watching itself costs nothing.
    await expect(panel.getByTestId('contact-name')).toHaveText(`${person.firstName} ${person.lastName}`);
    const spentBefore = (await sandbox.state()).lusha.creditsUsed;
    await panel.getByTestId('person-tools').getByTestId('watch-button').click();
    await expect(panel.getByTestId('person-tools').getByTestId('watch-button')).toHaveText('★ Watching');
    await panel.getByRole('search').getByRole('textbox').fill(company.domain);
    await panel.getByRole('button', { name: 'Look up' }).click();
    await expect(panel.getByTestId('company-name')).toHaveText(company.name);
    const requestsBefore = (await sandbox.state()).lusha.requests.length;
    await panel.getByTestId('company-view').getByTestId('watch-button').click();
    await expect(panel.getByTestId('company-view').getByTestId('watch-button')).toHaveText('★ Watching');
    await shoot(panel, 'panel-watching-company');
    // Watching asked Lusha nothing: only the company's search (before) cost anything.
    expect((await sandbox.state()).lusha.requests.length).toBe(requestsBefore);
    expect((await sandbox.state()).lusha.creditsUsed).toBeLessThanOrEqual(spentBefore + 1);

    // Options show the watch budget with what a check of these two costs at most (2 + 14 credits).
    await options.reload();
    await expect(options.getByTestId('watch-budget-help')).toContainText('You watch 2: a check of them costs at most 16 credits');
    await options.getByLabel('Watch budget (credits a day)').scrollIntoViewIfNeeded();
    await shoot(options, 'options-watch');

    // The sandbox publishes what is new; the daily alarm fires; a grouped notification per subject, the badge counts.
    await publish('contact', person.id, 'promotion');
    await publish('company', company.id, 'surgeInHiring');
    const started = Date.now();
    worker = await liveWorker(context, extensionId);
    await hooks(worker, (h) => h.fireAlarm('sidecar-watch'));
    await expect.poll(() => notificationIds(worker)).toHaveLength(2);
    await expect.poll(() => badge(worker)).toBe('2');
    const alarmToNotified = Date.now() - started;
    const ids = await notificationIds(worker);
    expect(ids.every((id) => id.startsWith('sidecar-watch|'))).toBe(true);

    // What's new lists both, newest first, unread; the panel's button carries the count.
    await expect(panel.getByTestId('unread-count')).toHaveText('2');
    await panel.getByTestId('whats-new-button').click();
    const events = panel.getByTestId('watch-event');
    await expect(events).toHaveCount(2);
    await expect(events.filter({ hasText: 'Hiring surge' })).toHaveCount(1);
    await expect(events.filter({ hasText: 'Promoted' })).toHaveCount(1);
    await expect(events.first()).toHaveAttribute('data-read', 'false');
    await expect(panel.getByTestId('last-check')).toContainText('2 of 2 checked · 2 credits · 2 new');
    await shoot(panel, 'panel-whats-new');
    await noBlockingViolations(panel, 'whats-new');
    expect(await ledgerTotal(worker)).toBe((await sandbox.state()).lusha.creditsUsed);

    // Clicking the company's notification opens the panel on that company.
    const companyNote = ids.find((id) => id.includes(`company:${company.id}`))!;
    const opened = context.waitForEvent('page');
    await hooks(worker, new Function('h', `return h.clickNotification(${JSON.stringify(companyNote)})`) as (h: Hooks) => Promise<void>);
    const fromNote = await opened;
    await expect(fromNote.getByTestId('company-name')).toHaveText(company.name);
    await fromNote.close();

    // Reading one event lowers the badge.
    await events.filter({ hasText: 'Promoted' }).getByRole('button').click();
    await expect.poll(() => badge(worker)).toBe('1');

    // The next day, a budget of 13: the person's check (2 at most) fits, the company's (14) would pass it: the
    // check stops and says so, and nothing is spent or asked past it.
    await options.getByLabel('Watch budget (credits a day)').fill('13');
    await expect.poll(async () => (await (await liveWorker(context, extensionId)).evaluate(() => 1))).toBe(1);
    await publish('company', company.id, 'riskNews');
    const companyCalls = (await sandbox.state()).lusha.requests.filter((request) => request.path === '/v3/companies/signals').length;
    worker = await liveWorker(context, extensionId);
    await hooks(worker, (h) => h.forgetWatchDay());
    await hooks(worker, (h) => h.fireAlarm('sidecar-watch'));
    await panel.reload();
    await panel.getByTestId('whats-new-button').click();
    await expect(panel.getByTestId('check-stopped')).toContainText('watch budget of 13 credits');
    const state = await sandbox.state();
    expect(state.lusha.requests.filter((request) => request.path === '/v3/companies/signals').length).toBe(companyCalls);
    expect(await ledgerTotal(worker)).toBe(state.lusha.creditsUsed);
    await shoot(panel, 'panel-watch-budget-stop');
    test.info().annotations.push({ type: 'timing', description: `alarm → 2 notifications: ${alarmToNotified} ms` });
  } finally {
    await context.close();
  }
});

/** Someone whose only email Lusha grades B (not verified): the waterfall goes on to Saber. */
const UNVERIFIED = DEFAULT_DATASET.people.find(
  (p) => !p.restricted && !p.gdprBlocked && p.emails.length > 0 && p.emails.every((e) => e.type === 'work' && e.confidence === 'B') && /^[A-Za-z]+ [A-Za-z]+$/.test(p.displayName),
)!;

test('research completes across a worker stop; the email waterfall falls through to Saber and shows both steps’ costs', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    await saveSaberKey(options, SABER_KEYS.valid);
    const profileUrl = `https://www.linkedin.com/in/${UNVERIFIED.linkedinSlug}/`;
    const profile = await context.newPage();
    await profile.goto(profileUrl);
    let worker = await liveWorker(context, extensionId);
    const panel = await openPanel(context, extensionId, await tabIdOf(worker, profileUrl));
    await expect(panel.getByTestId('contact-name')).toHaveText(`${UNVERIFIED.firstName} ${UNVERIFIED.lastName}`);

    // The waterfall: each step's price on the button, one confirmation, both steps shown with what they cost.
    const find = panel.getByTestId('find-email');
    await expect(find).toHaveText('Find email: Lusha · 1 credit, then Saber · up to 1 Saber credit');
    await find.click();
    await confirmSpend(panel, /Find email · up to 2 credits/);
    const steps = panel.getByTestId('waterfall-steps');
    await expect(steps.locator('li[data-provider="lusha"]')).toContainText('1 credit');
    await expect(steps.locator('li[data-provider="lusha"]')).toContainText('(not verified)');
    await expect(steps.locator('li[data-provider="saber"]')).toContainText('1 Saber credit');
    await expect(steps.locator('li[data-provider="saber"]')).toContainText(/Saber: (risky|deliverable)/);
    await panel.getByTestId('email-waterfall').screenshot({ path: `${SHOTS}/panel-waterfall.png` });
    await shoot(panel, 'panel-waterfall-full');
    let state = await sandbox.state();
    expect(await ledgerTotal(worker)).toBe(state.lusha.creditsUsed);
    expect(await ledgerTotal(worker, 'saber')).toBe(state.saber.creditsUsed);
    expect(state.saber.requests.filter((request) => request.path === '/v1/contacts/find-email')).toHaveLength(1);

    // Research: priced, confirmed, created; the worker stops while Saber works; the brief arrives all the same.
    const research = panel.getByTestId('start-research');
    await expect(research).toHaveText('Research this person · up to 2 Saber credits');
    const started = Date.now();
    await research.click();
    await confirmSpend(panel, /Research · up to 2 Saber credits/);
    await expect(panel.getByTestId('research-processing')).toBeVisible();
    await shoot(panel, 'panel-research-processing');
    await stopServiceWorker(context);
    await expect(panel.getByTestId('research-brief')).toBeVisible({ timeout: 20_000 });
    const researchMs = Date.now() - started;
    await expect(panel.getByTestId('research-sources')).toBeVisible();
    await shoot(panel, 'panel-research-brief');
    await noBlockingViolations(panel, 'research brief and waterfall');
    worker = await liveWorker(context, extensionId);
    state = await sandbox.state();
    expect(state.saber.requests.filter((request) => request.method === 'POST' && request.path === '/v1/contacts/research')).toHaveLength(1);
    expect(await ledgerTotal(worker, 'saber')).toBe(state.saber.creditsUsed);

    // The popup shows Saber's rate windows beside Lusha's, as Saber's last answers reported them.
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 360, height: 700 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByTestId('saber-rate-windows')).toContainText('Questions, research');
    await expect(popup.getByTestId('rate-windows')).toBeVisible();
    await shoot(popup, 'popup-saber-rate-windows');
    await popup.close();

    // Kept, and listed in History.
    await panel.getByRole('button', { name: 'History' }).click();
    await expect(panel.getByTestId('research-history')).toContainText(`${UNVERIFIED.firstName} ${UNVERIFIED.lastName}`);
    test.info().annotations.push({ type: 'timing', description: `research click → brief across a worker stop: ${researchMs} ms` });
  } finally {
    await context.close();
  }
});

test('the bulk view: watch a selection, and reveal phones for it behind one confirmation', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    const searchUrl = 'https://www.linkedin.com/search/results/people/?keywords=watch';
    const page = await context.newPage();
    await page.goto(searchUrl);
    const worker = await liveWorker(context, extensionId);
    const panel = await openPanel(context, extensionId, await tabIdOf(worker, searchUrl));
    const list = panel.getByTestId('bulk-list');
    await expect(list.locator('[data-status="checking"]')).toHaveCount(0);

    // Phones: the selection and its price follow the field.
    await list.getByTestId('bulk-field').selectOption('phones');
    const withPhones = await list.locator('.bulk-row[data-status="found"]').count();
    expect(withPhones).toBeGreaterThan(0);
    await list.getByLabel(/Select all/).check();
    const reveal = list.getByTestId('bulk-reveal');
    await expect(reveal).toHaveText(new RegExp(`^Reveal phones for ${withPhones} · ${withPhones * 5} credits$`));

    // Watching the selection is free.
    const before = (await sandbox.state()).lusha.requests.length;
    await list.getByTestId('bulk-watch').click();
    await expect(list.getByText(`Watching ${withPhones} more`)).toBeVisible();
    expect((await sandbox.state()).lusha.requests.length).toBe(before);
    await shoot(panel, 'panel-bulk-phones-watch');

    await reveal.click();
    await confirmSpend(panel, /^Reveal \d+ ·/);
    await expect(list.getByTestId('bulk-progress')).toHaveAttribute('data-state', 'finished');
    // Everyone but a GDPR-blocked person (found by the search, refused only at the reveal, charged nothing).
    const blocked = defaultSearchPeople(DEFAULT_DATASET).filter((slug) => datasetPerson(slug).gdprBlocked && datasetPerson(slug).phones.length > 0).length;
    await expect(list.locator('.bulk-row[data-status="revealed"]')).toHaveCount(withPhones - blocked);
    const state = await sandbox.state();
    expect(state.lusha.creditsByAction.revealPhone).toBe((withPhones - blocked) * 5);
    expect(await ledgerTotal(worker)).toBe(state.lusha.creditsUsed);

    await panel.getByTestId('whats-new-button').click();
    await expect(panel.getByTestId('whats-new').getByText(`Watching ${withPhones}`)).toBeVisible();
  } finally {
    await context.close();
  }
});
