/**
 * The request engine in real Chromium: a service worker stopped mid-request, a browser relaunched with work queued,
 * two tabs revealing the same datum at once. After each, the sandbox's credit count and Sidecar's ledger agree.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { SANDBOX_KEYS } from '../sandbox/accounts';
import { FEATURED } from '../sandbox/dataset';
import { launchWithExtension, ledgerTotal, liveWorker, openPanel, saveLushaKey, stopServiceWorker, tabIdOf } from './harness';
import { addFault, clearFaults, faultsFired } from './sandbox-client';
import { datasetPerson, EXTENSION_PATH, SANDBOX_URL, sandbox } from './setup';

const subject = datasetPerson(FEATURED.withEmailAndPhone);
const email = subject.emails[0]!.email;
const profileUrl = (suffix = '') => `https://www.linkedin.com/in/${subject.linkedinSlug}/${suffix}`;

async function profilePanel(context: BrowserContext, extensionId: string, url = profileUrl()): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  return openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
}

async function confirmReveal(panel: Page) {
  await panel.getByRole('button', { name: 'Reveal email · 1 credit' }).click();
  await panel.getByRole('dialog').getByRole('button', { name: 'Reveal · 1 credit' }).click();
}

async function expectLedgerMatchesSandbox(context: BrowserContext, extensionId: string) {
  const state = await sandbox.state();
  await expect.poll(async () => ledgerTotal(await liveWorker(context, extensionId))).toBe(state.lusha.creditsUsed);
}

test.beforeEach(async () => {
  await sandbox.reset();
  await clearFaults(SANDBOX_URL);
});
test.afterEach(async () => clearFaults(SANDBOX_URL));

test('a worker stopped while a reveal is in flight: the reveal completes on return, paid once', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
    const panel = await profilePanel(context, extensionId);
    await addFault(SANDBOX_URL, { kind: 'latency', path: '/v3/contacts/enrich', ms: 1500, times: 1 });
    await confirmReveal(panel);
    // The request has reached the provider, which is working on it.
    await expect.poll(() => faultsFired(SANDBOX_URL)).toBe(1);
    await stopServiceWorker(context);

    // The worker returns (the panel asks again): the queued reveal is sent again, answered at 0, booked once.
    await panel.reload();
    await expect(panel.getByTestId('revealed-email').first()).toContainText(email);
    const state = await sandbox.state();
    expect(state.lusha.creditsByAction.revealEmail).toBe(1);
    expect(state.lusha.requests.filter((request) => request.path === '/v3/contacts/enrich').length).toBeGreaterThanOrEqual(1);
    await expectLedgerMatchesSandbox(context, extensionId);
  } finally {
    await context.close();
  }
});

test('a worker stopped after the provider charged but before its answer arrived: booked once, never paid twice', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
    const panel = await profilePanel(context, extensionId);
    await addFault(SANDBOX_URL, { kind: 'latency', path: '/v3/contacts/enrich', ms: 1500, times: 1, phase: 'after' });
    await confirmReveal(panel);
    // The provider has charged; its answer is still on the way when the worker stops.
    await expect.poll(async () => (await sandbox.state()).lusha.creditsByAction.revealEmail, { timeout: 5000 }).toBe(1);
    await stopServiceWorker(context);

    await panel.reload();
    await expect(panel.getByTestId('revealed-email').first()).toContainText(email);
    const state = await sandbox.state();
    expect(state.lusha.creditsByAction.revealEmail).toBe(1);
    expect(state.lusha.requests.filter((request) => request.path === '/v3/contacts/enrich')).toHaveLength(2);
    await expectLedgerMatchesSandbox(context, extensionId);
  } finally {
    await context.close();
  }
});

test('a worker stopped with a lookup in flight and a reveal queued behind it: both complete on return', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
    const other = datasetPerson(FEATURED.eu);
    const panel = await profilePanel(context, extensionId);
    await addFault(SANDBOX_URL, { kind: 'latency', path: '/v3/*', ms: 1200 });
    // A lookup of another person (slow), and a reveal queued while it is in flight.
    const otherPage = await context.newPage();
    await otherPage.goto(`https://www.linkedin.com/in/${other.linkedinSlug}/`);
    const otherPanel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), `https://www.linkedin.com/in/${other.linkedinSlug}/`));
    await confirmReveal(panel);
    // Both the lookup and the reveal have reached the (slow) provider.
    await expect.poll(() => faultsFired(SANDBOX_URL)).toBeGreaterThanOrEqual(2);
    await stopServiceWorker(context);
    await clearFaults(SANDBOX_URL);

    await Promise.all([panel.reload(), otherPanel.reload()]);
    await expect(panel.getByTestId('revealed-email').first()).toContainText(email);
    await expect(otherPanel.getByTestId('contact-name')).toHaveText(`${other.firstName} ${other.lastName}`);
    expect((await sandbox.state()).lusha.creditsByAction.revealEmail).toBe(1);
    await expectLedgerMatchesSandbox(context, extensionId);
  } finally {
    await context.close();
  }
});

test('a browser quit with a reveal in flight: on relaunch the reveal completes, paid once', async () => {
  const first = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  const { userDataDir } = first;
  try {
    await (await saveLushaKey(first.context, first.extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
    const panel = await profilePanel(first.context, first.extensionId);
    await addFault(SANDBOX_URL, { kind: 'latency', path: '/v3/contacts/enrich', ms: 1500, times: 1 });
    await confirmReveal(panel);
    await expect.poll(() => faultsFired(SANDBOX_URL)).toBe(1);
  } finally {
    await first.context.close();
  }

  const second = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL, userDataDir });
  try {
    const panel = await profilePanel(second.context, second.extensionId);
    await expect(panel.getByTestId('revealed-email').first()).toContainText(email);
    expect((await sandbox.state()).lusha.creditsByAction.revealEmail).toBe(1);
    await expectLedgerMatchesSandbox(second.context, second.extensionId);
  } finally {
    await second.context.close();
  }
});

test('the same profile in two tabs, revealed in both at once: one enrich call, one charge', async () => {
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
    const panelA = await profilePanel(context, extensionId);
    const panelB = await profilePanel(context, extensionId, profileUrl('details/experience/'));
    await addFault(SANDBOX_URL, { kind: 'latency', path: '/v3/contacts/enrich', ms: 400 });
    await Promise.all([panelA, panelB].map((panel) => panel.getByRole('button', { name: 'Reveal email · 1 credit' }).click()));
    await Promise.all([panelA, panelB].map((panel) => panel.getByRole('dialog').getByRole('button', { name: 'Reveal · 1 credit' }).click()));
    await expect(panelA.getByTestId('revealed-email').first()).toContainText(email);
    await expect(panelB.getByTestId('revealed-email').first()).toContainText(email);
    const state = await sandbox.state();
    expect(state.lusha.requests.filter((request) => request.path === '/v3/contacts/enrich')).toHaveLength(1);
    expect(state.lusha.creditsByAction.revealEmail).toBe(1);
    await expectLedgerMatchesSandbox(context, extensionId);
  } finally {
    await context.close();
  }
});
