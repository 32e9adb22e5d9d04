/**
 * What the CRM specs share: connecting a CRM through the options page as a user does, reading the stand-ins' state,
 * acting in a CRM as a colleague would (through its own API), and opening a LinkedIn profile or list with its panel.
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { SANDBOX_KEYS } from '../sandbox/accounts';
import { HUBSPOT_TOKENS, PIPEDRIVE_TOKENS, SALESFORCE_CONSUMER_KEY } from '../sandbox/crm/accounts';
import { crmExamples, crmSeed } from '../sandbox/crm/crm-dataset';
import { DEFAULT_DATASET } from '../sandbox/dataset';
import type { SandboxPerson } from '../sandbox/dataset-types';
import { launchWithExtension, liveWorker, openPanel, routeLinkedIn, saveLushaKey, tabIdOf } from './harness';
import { clearFaults } from './sandbox-client';
import { EXTENSION_PATH, SANDBOX_URL, sandbox } from './setup';

export interface CrmRequest {
  method: string;
  path: string;
  status: number;
  at: string;
  body?: unknown;
}

export interface CrmState {
  hubspot: { records: Record<string, number>; created: unknown[]; requests: CrmRequest[]; writes: number };
  salesforce: { records: Record<string, number>; created: unknown[]; requests: CrmRequest[]; writes: number };
  pipedrive: { records: Record<string, number>; created: unknown[]; requests: CrmRequest[]; writes: number };
}

export async function crmState(): Promise<CrmState> {
  return ((await (await fetch(`${SANDBOX_URL}/__sandbox/state`)).json()) as { crm: CrmState }).crm;
}

/** A request to a CRM stand-in with a valid credential: a colleague working in the CRM meanwhile. */
export async function asColleague(crm: 'hubspot' | 'pipedrive', method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(crm === 'hubspot' ? { authorization: `Bearer ${HUBSPOT_TOKENS.valid}` } : { 'x-api-token': PIPEDRIVE_TOKENS.valid }) };
  // The colleague shares the account's rate limits with Sidecar: a 429 is waited out, as a client should.
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${SANDBOX_URL}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    if (response.status === 429 && attempt < 5) {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      continue;
    }
    return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
}

/** Opens options and connects a CRM as the user does (the permission prompt is granted: the sandbox host is declared). */
export async function connectCrm(context: BrowserContext, extensionId: string, crm: 'hubspot' | 'salesforce' | 'pipedrive', token?: string): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const section = options.getByTestId('crm-section');
  await section.getByRole('radio', { name: crm === 'hubspot' ? 'HubSpot' : crm === 'salesforce' ? 'Salesforce' : 'Pipedrive' }).check();
  if (crm === 'hubspot') {
    await section.getByLabel('HubSpot access token').fill(token ?? HUBSPOT_TOKENS.valid);
    await section.getByRole('button', { name: 'Connect HubSpot' }).click();
  } else if (crm === 'pipedrive') {
    await section.getByLabel('Pipedrive API token').fill(token ?? PIPEDRIVE_TOKENS.valid);
    await section.getByLabel('Pipedrive company domain').fill('sidecar-sandbox');
    await section.getByRole('button', { name: 'Connect Pipedrive' }).click();
  } else {
    await section.getByLabel('Salesforce consumer key').fill(token ?? SALESFORCE_CONSUMER_KEY);
    await section.getByRole('button', { name: 'Sign in to Salesforce' }).click();
  }
  await expect(section.getByTestId('crm-connected')).toBeVisible({ timeout: 15_000 });
  return options;
}

/** A LinkedIn profile in a tab, and its panel. */
export async function openProfile(context: BrowserContext, extensionId: string, slug: string, width = 400): Promise<{ page: Page; panel: Page }> {
  await routeLinkedIn(context, SANDBOX_URL);
  const url = `https://www.linkedin.com/in/${slug}/`;
  const page = await context.newPage();
  await page.goto(url);
  const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url), width);
  return { page, panel };
}

/** A LinkedIn people search listing these people, and its panel. */
export async function openList(context: BrowserContext, extensionId: string, slugs: string[], keyword: string): Promise<{ page: Page; panel: Page }> {
  await routeLinkedIn(context, SANDBOX_URL);
  const url = `https://www.linkedin.com/search/results/people/?keywords=${keyword}&people=${slugs.join(',')}`;
  const page = await context.newPage();
  await page.goto(url);
  const panel = await openPanel(context, extensionId, await tabIdOf(await liveWorker(context, extensionId), url));
  return { page, panel };
}

/** Dark mode and a narrow panel for a screenshot of the same state. */
export async function shootVariants(panel: Page, path: (variant: string) => string): Promise<void> {
  await panel.screenshot({ path: path('light'), fullPage: true });
  await panel.emulateMedia({ colorScheme: 'dark' });
  await panel.screenshot({ path: path('dark'), fullPage: true });
  await panel.setViewportSize({ width: 320, height: 760 });
  await panel.screenshot({ path: path('dark-320'), fullPage: true });
  await panel.emulateMedia({ colorScheme: 'light' });
  await panel.setViewportSize({ width: 400, height: 760 });
}

/** People of the dataset a CRM does not hold (nor anyone of the same name): with a work email, not restricted. */
export function absentPeople(crm: 'hubspot' | 'salesforce' | 'pipedrive', count: number, skip = 0): SandboxPerson[] {
  const seed = crmSeed(DEFAULT_DATASET, crm);
  const stored = new Set(seed.people.map((s) => s.person.id));
  const names = new Set(seed.people.map((s) => `${s.person.firstName} ${s.person.lastName}`.toLowerCase()));
  return DEFAULT_DATASET.people
    .filter((p) => !stored.has(p.id) && !names.has(`${p.firstName} ${p.lastName}`.toLowerCase()) && !p.restricted && !p.gdprBlocked && p.emails.some((e) => e.type === 'work') && /^[a-z0-9-]+$/.test(p.linkedinSlug))
    .slice(skip, skip + count);
}

export const examples = (crm: 'hubspot' | 'salesforce' | 'pipedrive') => crmExamples(DEFAULT_DATASET, crm);
export const workEmail = (person: SandboxPerson): string => (person.emails.find((e) => e.type === 'work') ?? person.emails[0])!.email;

/**
 * Where each write of the extension's outbox stands, read from its IndexedDB by an extension page (the same origin
 * as the worker, so this does not depend on which life of the worker is running).
 */
export async function outboxStates(context: BrowserContext, extensionId: string): Promise<{ id: string; state: string; label: string; error?: unknown; nextAttemptAt?: number }[]> {
  let page = context.pages().find((p) => p.url().startsWith(`chrome-extension://${extensionId}/popup.html`));
  if (!page) {
    page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
  }
  return page.evaluate(
    () =>
      new Promise<{ id: string; state: string; label: string; error?: unknown; nextAttemptAt?: number }[]>((resolve, reject) => {
        const open = indexedDB.open('sidecar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('crmOutbox').objectStore('crmOutbox').getAll();
          request.onsuccess = () => {
            resolve((request.result as { id: string; state: string; label: string; error?: unknown; nextAttemptAt?: number }[]).map(({ id, state, label, error, nextAttemptAt }) => ({ id, state, label, error, nextAttemptAt })));
            open.result.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

let salesforceSession: string | undefined;
/** A colleague's Salesforce session (OAuth with PKCE against the stand-in, as any client of the org's app). */
async function colleagueSession(): Promise<string> {
  if (salesforceSession) return salesforceSession;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirect = 'http://127.0.0.1/colleague';
  const authorize = `${SANDBOX_URL}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: SALESFORCE_CONSUMER_KEY, redirect_uri: redirect, scope: 'api', code_challenge: challenge, code_challenge_method: 'S256', state: 's' })}`;
  const code = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '').searchParams.get('code') ?? '';
  const token = await fetch(`${SANDBOX_URL}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: SALESFORCE_CONSUMER_KEY, redirect_uri: redirect, code_verifier: verifier }).toString(),
  });
  salesforceSession = ((await token.json()) as { access_token: string }).access_token;
  return salesforceSession;
}

/** A Salesforce REST call as a colleague (`/services/data/v66.0/…`). */
export async function asSalesforceColleague(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${SANDBOX_URL}/services/data/v66.0${path}`, {
    method,
    headers: { authorization: `Bearer ${await colleagueSession()}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : {} };
}

/** The Salesforce records of a SOQL query, as a colleague sees them. */
export async function soql(query: string): Promise<Record<string, unknown>[]> {
  const found = await asSalesforceColleague('GET', `/query?${new URLSearchParams({ q: query })}`);
  return ((found.json as { records?: Record<string, unknown>[] }).records ?? []);
}

/**
 * The browser of a CRM spec: launched once with the sandbox build and a saved Lusha key (`launched` receives it),
 * closed after the file; faults are cleared after each test.
 */
export function withCrmBrowser(launched: (browser: { context: BrowserContext; extensionId: string }) => void): void {
  let context: BrowserContext | undefined;
  test.beforeAll(async () => {
    await sandbox.reset();
    const started = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
    context = started.context;
    const options = await saveLushaKey(started.context, started.extensionId, SANDBOX_KEYS.valid);
    await options.getByTestId('lusha-key-valid').waitFor();
    await options.close();
    launched(started);
  });
  test.afterAll(async () => {
    await context?.close();
  });
  test.afterEach(async () => clearFaults(SANDBOX_URL));
}

/** Reveals the open person's email behind its 1-credit confirmation, and waits for it. */
export async function revealEmail(panel: Page): Promise<void> {
  await panel.locator('button[data-reveal-field="emails"]').click();
  await panel.getByRole('dialog').getByRole('button', { name: /^Reveal · 1 credit/ }).click();
  await expect(panel.getByTestId('revealed-email').first()).toBeVisible();
}
