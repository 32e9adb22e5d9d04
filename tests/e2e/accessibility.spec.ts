/**
 * Accessibility of the side panel, the popup and the options page, in light and dark, at the side panel's narrowest
 * and widest widths (axe-core: no serious or critical violation), and the reveal flow by keyboard alone.
 */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { SABER_KEYS, SANDBOX_KEYS } from '../sandbox/accounts';
import { companyOf, FEATURED } from '../sandbox/dataset';
import { launchWithExtension, liveWorker, openPanel, routeLinkedIn, saveLushaKey, saveSaberKey, tabIdOf } from './harness';
import { datasetPerson, EXTENSION_PATH, SANDBOX_URL, SHOTS, sandbox } from './setup';

const SCHEMES = ['light', 'dark'] as const;
const WIDTHS = [320, 500] as const;
const BLOCKING = new Set(['serious', 'critical']);

interface Finding {
  state: string;
  scheme: (typeof SCHEMES)[number];
  width: number;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Everything axe said about the states one test audited; fails the test on serious or critical findings. */
class Audit {
  readonly findings: Finding[] = [];
  readonly runs: { state: string; scheme: string; width: number; passes: number; violations: number; incomplete: string[] }[] = [];

  /** Runs axe on `page` in light and dark at 320 and 500 px, screenshots each, and leaves the page light at 500 px. */
  async check(page: Page, state: string, height = 760): Promise<void> {
    for (const scheme of SCHEMES) {
      for (const width of WIDTHS) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize({ width, height });
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const results = await new AxeBuilder({ page }).analyze();
        this.runs.push({
          state,
          scheme,
          width,
          passes: results.passes.length,
          violations: results.violations.length,
          // What axe could not decide by itself (kept for review in axe-findings.json).
          incomplete: results.incomplete.map((item) => `${item.id}: ${item.nodes.map((node) => `${node.target.join(' ')} (${node.any.map((check) => check.message).join('; ')})`).join(', ')}`),
        });
        for (const violation of results.violations) {
          this.findings.push({
            state,
            scheme,
            width,
            id: violation.id,
            impact: violation.impact ?? 'unknown',
            help: violation.help,
            targets: violation.nodes.map((node) => node.target.join(' ')),
          });
        }
        await page.screenshot({ path: `${SHOTS}/a11y-${state}-${scheme}-${width}.png`, fullPage: true });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 500, height });
  }

  async finish(): Promise<void> {
    const testInfo = test.info();
    const blocking = this.findings.filter((finding) => BLOCKING.has(finding.impact));
    const lines = (list: Finding[]) =>
      list.map((f) => `  [${f.impact}] ${f.id} (${f.state}, ${f.scheme}, ${f.width}px): ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n');
    const others = this.findings.filter((finding) => !BLOCKING.has(finding.impact));
    const states = [...new Set(this.runs.map((run) => run.state))];
    const summary = [
      `axe: ${this.runs.length} runs over ${states.length} states (${states.join(', ')}); ` +
        `${blocking.length} serious/critical, ${others.length} moderate/minor findings`,
      ...(others.length ? ['Moderate/minor (not failing):', lines(others)] : []),
      `Needs review (axe incomplete): ${[...new Set(this.runs.flatMap((run) => run.incomplete))].join(' | ') || 'none'}`,
    ].join('\n');
    console.log(summary);
    await testInfo.attach('axe-summary', { body: summary, contentType: 'text/plain' });
    fs.writeFileSync(testInfo.outputPath('axe-findings.json'), JSON.stringify({ runs: this.runs, findings: this.findings }, null, 2));
    expect(blocking, `serious/critical axe violations:\n${lines(blocking)}`).toEqual([]);
  }
}

async function profileTab(context: BrowserContext, worker: Worker, slug: string) {
  const url = `https://www.linkedin.com/in/${slug}/`;
  const page = await context.newPage();
  await page.goto(url);
  return { page, tabId: await tabIdOf(worker, url) };
}

function fixture(name: string) {
  const base = `tests/fixtures/linkedin/${name}`;
  return {
    url: fs.readFileSync(`${base}.url`, 'utf8').trim(),
    html: fs.readFileSync(`${base}.html`, 'utf8'),
    expected: JSON.parse(fs.readFileSync(`${base}.expected.json`, 'utf8')) as { entities: { name?: string; fullName?: string }[] },
  };
}

/** LinkedIn's in-app navigation: swap the page's content and push the new URL, without a load. */
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

test('options and popup: empty, with an error notice, with a saved key', async () => {
  test.setTimeout(120_000);
  const audit = new Audit();
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(options.getByText('No key').first()).toBeVisible();
    await audit.check(options, 'options-empty');

    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByRole('alert')).toContainText('Add your Lusha API key');
    await audit.check(popup, 'popup-no-key', 600);

    await options.getByLabel('Lusha API key').fill('99999999-9999-4999-8999-999999999999');
    await options.getByRole('button', { name: /^Save Lusha/ }).click();
    await expect(options.getByRole('alert')).toContainText('Lusha did not accept your API key');
    await audit.check(options, 'options-error');

    await options.getByLabel('Lusha API key').fill(SANDBOX_KEYS.valid);
    await options.getByRole('button', { name: /^Save Lusha/ }).click();
    await expect(options.getByTestId('lusha-key-valid')).toContainText('credits remaining');
    await audit.check(options, 'options-saved-key');

    await popup.reload();
    await expect(popup.getByTestId('credits-total')).toContainText('1,000');
    await audit.check(popup, 'popup', 600);
  } finally {
    await context.close();
  }
  await audit.finish();
});

test('side panel: preview, confirmation, revealed email, restricted, missing key', async () => {
  test.setTimeout(150_000);
  const audit = new Audit();
  const { context, extensionId, worker } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const subject = datasetPerson(FEATURED.withEmailAndPhone);
    const { tabId } = await profileTab(context, worker, subject.linkedinSlug);
    const panel = await openPanel(context, extensionId, tabId);
    await expect(panel.getByRole('alert')).toContainText('Add your Lusha API key');
    await audit.check(panel, 'panel-missing-key');

    await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
    await panel.reload();
    const revealEmail = panel.getByRole('button', { name: 'Reveal email · 1 credit' });
    await expect(revealEmail).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Reveal phone · 5 credits' })).toBeVisible();
    await audit.check(panel, 'panel-preview');

    await revealEmail.click();
    const dialog = panel.getByRole('dialog');
    await expect(dialog).toContainText('Reveal email for 1 credit?');
    await audit.check(panel, 'panel-confirm');

    await dialog.getByRole('button', { name: 'Reveal · 1 credit' }).click();
    const email = subject.emails[0]!.email;
    await expect(panel.getByTestId('revealed-email').first()).toContainText(email);
    await audit.check(panel, 'panel-revealed');

    const restricted = await openPanel(context, extensionId, (await profileTab(context, worker, FEATURED.restricted)).tabId);
    await expect(restricted.locator('[data-result-status="restricted"]')).toContainText('Not available for compliance reasons');
    await audit.check(restricted, 'panel-restricted');
  } finally {
    await context.close();
  }
  await audit.finish();
});

test('side panel: idle, a company, a people list, a person Lusha does not know', async () => {
  test.setTimeout(150_000);
  const audit = new Audit();
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
    const articleUrl = `${SANDBOX_URL}/__sandbox/pages/web/article`;
    const article = await context.newPage();
    await article.goto(articleUrl);
    const idle = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), articleUrl));
    await expect(idle.getByRole('heading', { name: 'Nobody to look up on this page' })).toBeVisible();
    await audit.check(idle, 'panel-idle');

    const first = datasetPerson(FEATURED.withEmailAndPhone);
    const { page, tabId } = await profileTab(context, await liveWorker(context, extensionId), first.linkedinSlug);
    const panel = await openPanel(context, extensionId, tabId);
    await expect(panel.getByTestId('contact-name')).toHaveText(`${first.firstName} ${first.lastName}`);

    const company = fixture('company-legacy-home');
    await navigateInApp(page, company.url, company.html);
    await expect(panel.getByTestId('company-name')).toHaveText(company.expected.entities[0]!.name!);
    await audit.check(panel, 'panel-company');

    const search = fixture('search-sdui-basic');
    await navigateInApp(page, search.url, search.html);
    const rows = panel.getByTestId('people-list').getByRole('button');
    await expect(rows).toHaveCount(search.expected.entities.length);
    await audit.check(panel, 'panel-people-list');

    await rows.nth(1).click();
    await expect(panel.locator('[data-result-status="not-found"]')).toBeVisible();
    await audit.check(panel, 'panel-not-found');
  } finally {
    await context.close();
  }
  await audit.finish();
});

test('side panel: a company with its profile, extras, signals, people and Saber answers; a list mid-way and done', async () => {
  test.setTimeout(180_000);
  const audit = new Audit();
  const { context, extensionId } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await routeLinkedIn(context, SANDBOX_URL);
    const options = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    await saveSaberKey(options, SABER_KEYS.valid);
    await saveSettingsThroughOptions(options);

    const company = companyOf(datasetPerson(FEATURED.withEmailAndPhone));
    const url = `https://www.linkedin.com/company/${company.linkedinSlug}/`;
    const page = await context.newPage();
    await page.goto(url);
    const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
    await expect(panel.getByTestId('reveal-company-profile')).toBeVisible();
    await audit.check(panel, 'panel-company-preview', 1400);

    // Spends without prompts (threshold raised above), so the audit sees the results.
    await panel.getByTestId('reveal-company-profile').click();
    await panel.locator('[data-extra="employeesBySeniority"]').getByRole('button').click();
    await expect(panel.locator('[data-extra="employeesBySeniority"] .slices li').first()).toBeVisible();
    await panel.getByTestId('signals-company').getByTestId('fetch-signals').click();
    await expect(panel.getByTestId('signals-company').getByTestId('signal').first()).toBeVisible();
    await panel.getByTestId('find-decision-makers').click();
    await expect(panel.getByTestId('company-person').first()).toBeVisible();
    await panel.getByRole('button', { name: 'What CRM do they use?' }).click();
    await expect(panel.getByTestId('saber-question').first()).toHaveAttribute('data-status', 'completed', { timeout: 15_000 });
    await audit.check(panel, 'panel-company-insights', 2400);

    const listUrl = 'https://www.linkedin.com/search/results/people/?keywords=a11y';
    const list = await context.newPage();
    await list.goto(listUrl);
    const listPanel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), listUrl));
    await expect(listPanel.getByTestId('bulk-list').locator('[data-status="checking"]')).toHaveCount(0);
    await listPanel.getByLabel(/Select all/).check();
    await audit.check(listPanel, 'panel-bulk-selected', 1000);
    await listPanel.getByTestId('bulk-reveal').click();
    await listPanel.getByRole('dialog').getByRole('button', { name: /^Reveal \d+ ·/ }).click();
    await expect(listPanel.getByTestId('bulk-progress')).toHaveAttribute('data-state', 'finished', { timeout: 20_000 });
    await audit.check(listPanel, 'panel-bulk-done', 1000);
  } finally {
    await context.close();
  }
  await audit.finish();
});

/** Raises the "ask above" threshold so spends in the audit go through without prompts. */
async function saveSettingsThroughOptions(options: Page) {
  await options.reload();
  const threshold = options.getByLabel(/Ask before spending/);
  await threshold.fill('100');
  await expect(threshold).toHaveValue('100');
  // Saved when the background answers: a reload shows the stored value.
  await expect(async () => {
    await options.reload();
    await expect(options.getByLabel(/Ask before spending/)).toHaveValue('100', { timeout: 500 });
  }).toPass({ timeout: 5000 });
}

interface Focused {
  inDialog: boolean;
  tag: string;
  name: string;
  focusVisible: boolean;
  outlineStyle: string;
  outlineWidth: number;
}

/** What has the keyboard focus, and whether it shows a focus ring. */
function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    return {
      inDialog: element.closest('[role="dialog"], dialog') !== null,
      tag: element.tagName.toLowerCase(),
      name: (element.getAttribute('aria-label') ?? element.textContent ?? '').trim(),
      focusVisible: element.matches(':focus-visible'),
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
    };
  });
}

function expectRing(element: Focused | null) {
  expect(element, 'something has the focus').not.toBeNull();
  expect(element!.focusVisible, `${element!.tag} "${element!.name}" matches :focus-visible`).toBe(true);
  expect(element!.outlineStyle, `${element!.tag} "${element!.name}" has an outline`).not.toBe('none');
  expect(element!.outlineWidth, `${element!.tag} "${element!.name}" outline width`).toBeGreaterThanOrEqual(2);
}

test('keyboard: Tab reaches every reveal button with a visible focus ring; the prompt is confirmed and cancelled by keyboard', async () => {
  const { context, extensionId, worker } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    await (await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid)).getByTestId('lusha-key-valid').waitFor();
    const subject = datasetPerson(FEATURED.withEmailAndPhone);
    const panel = await openPanel(context, extensionId, (await profileTab(context, worker, subject.linkedinSlug)).tabId);
    await panel.bringToFront();
    const revealEmail = panel.getByRole('button', { name: 'Reveal email · 1 credit' });
    const revealPhone = panel.getByRole('button', { name: 'Reveal phone · 5 credits' });
    await expect(revealEmail).toBeVisible();
    await expect(revealPhone).toBeVisible();

    // From the top of the panel, Tab walks every control, each with a focus ring, to both reveal buttons.
    await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const walked: string[] = [];
    for (let step = 0; step < 20 && !walked.includes('Reveal phone · 5 credits'); step += 1) {
      await panel.keyboard.press('Tab');
      const now = await focused(panel);
      expectRing(now);
      walked.push(now!.name);
    }
    expect(walked).toContain('Reveal email · 1 credit');
    expect(walked).toContain('Reveal phone · 5 credits');
    expect(walked.indexOf('Reveal email · 1 credit')).toBeLessThan(walked.indexOf('Reveal phone · 5 credits'));

    // Back to the email button; Enter opens the prompt with the focus inside it.
    await panel.keyboard.press('Shift+Tab');
    await expect(revealEmail).toBeFocused();
    await panel.keyboard.press('Enter');
    const dialog = panel.getByRole('dialog');
    await expect(dialog).toContainText('Reveal email for 1 credit?');
    const confirm = dialog.getByRole('button', { name: 'Reveal · 1 credit' });
    await expect(confirm).toBeFocused();
    expectRing(await focused(panel));
    await panel.screenshot({ path: `${SHOTS}/a11y-keyboard-confirm-focus.png` });
    // Tab stays inside the prompt.
    for (let step = 0; step < 6; step += 1) {
      await panel.keyboard.press('Tab');
      const now = await focused(panel);
      if (now) {
        expect(now.inDialog, `Tab left the prompt for ${now.tag} "${now.name}"`).toBe(true);
        expectRing(now);
      }
    }

    // Escape cancels: nothing spent, and the focus is back on the button that opened the prompt.
    await panel.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(revealEmail).toBeFocused();
    expectRing(await focused(panel));
    expect((await sandbox.state()).lusha.creditsUsed).toBe(0);

    // Enter again, then Enter on the focused confirm button: revealed, one credit, the focus on the new value's copy button.
    await panel.keyboard.press('Enter');
    await expect(confirm).toBeFocused();
    await panel.keyboard.press('Enter');
    const email = subject.emails[0]!.email;
    await expect(panel.getByTestId('revealed-email').first()).toContainText(email);
    await expect(dialog).toHaveCount(0);
    await expect(panel.getByRole('button', { name: `Copy email ${email}` })).toBeFocused();
    expectRing(await focused(panel));
    await panel.screenshot({ path: `${SHOTS}/a11y-keyboard-revealed-focus.png` });
    expect((await sandbox.state()).lusha.creditsUsed).toBe(1);

    // The phone's prompt, cancelled with its Cancel button by keyboard.
    await revealPhone.focus();
    await panel.keyboard.press('Enter');
    await expect(dialog).toContainText('Reveal phone for 5 credits?');
    await panel.keyboard.press('Shift+Tab');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await panel.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(revealPhone).toBeFocused();
    expectRing(await focused(panel));
    expect((await sandbox.state()).lusha.creditsUsed).toBe(1);
  } finally {
    await context.close();
  }
});
