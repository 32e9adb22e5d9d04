/**
 * Launching Debian's Chromium with the sandbox build of Sidecar, and answering LinkedIn URLs from the sandbox's
 * fixture pages. Shared by the e2e tests and the demo.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { sandboxPathForLinkedIn } from '../sandbox/pages/linkedin-routes';

export const CHROMIUM_PATH = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

export interface LaunchOptions {
  extensionPath: string;
  userDataDir?: string;
  headless?: boolean;
  sandboxUrl: string;
}

export interface Launched {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  userDataDir: string;
}

/** Fictional profile photos are served as a small inline SVG instead of reaching LinkedIn's CDN. */
const PHOTO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200" fill="#c9d6f2"/><circle cx="100" cy="80" r="38" fill="#8aa2d6"/><rect x="40" y="130" width="120" height="70" rx="35" fill="#8aa2d6"/></svg>`;

/**
 * Answers linkedin.com documents from the sandbox's fixture pages (see tests/sandbox/pages/linkedin-routes.ts): profiles
 * `/in/<slug>/` (in `layout`), people search `/search/results/people/?people=<slug>,…` and company pages
 * `/company/<slug>/`. Everything else on linkedin.com gets an empty 204; nothing reaches the internet.
 */
export async function routeLinkedIn(context: BrowserContext, sandboxUrl: string, layout?: 'sdui' | 'legacy' | 'public'): Promise<void> {
  await context.route(/^https:\/\/([a-z]{2,3}\.|www\.)?linkedin\.com\//, async (route) => {
    const url = new URL(route.request().url());
    const path = sandboxPathForLinkedIn(url, layout);
    if (path && route.request().resourceType() === 'document') {
      const target = `${sandboxUrl}${path}`;
      const response = await route.fetch({ url: target });
      await route.fulfill({ response, headers: { 'content-type': 'text/html; charset=utf-8' } });
      return;
    }
    await route.fulfill({ status: 204, body: '' });
  });
  await context.route(/^https:\/\/media\.licdn\.com\//, (route) =>
    route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PHOTO_SVG }),
  );
}

export async function launchWithExtension(options: LaunchOptions): Promise<Launched> {
  if (!fs.existsSync(path.join(options.extensionPath, 'manifest.json'))) {
    throw new Error(`No built extension at ${options.extensionPath}: run node scripts/build-sandbox.mjs first.`);
  }
  const userDataDir = options.userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    viewport: { width: 1280, height: 800 },
    args: [
      `--disable-extensions-except=${options.extensionPath}`,
      `--load-extension=${options.extensionPath}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  await routeLinkedIn(context, options.sandboxUrl);
  return { context, worker, extensionId, userDataDir };
}

/**
 * The id Chromium gave a tab showing `url`, read from inside the extension. Sidecar has no "tabs" permission, so a
 * tab's URL is visible only on hosts it may reach (the sandbox); for LinkedIn and CRM pages the tab is found by what
 * its content script reported (the background keeps each tab's page in session storage).
 */
export async function tabIdOf(worker: Worker, url: string, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const id = await worker.evaluate(async (target) => {
      const tabs = await chrome.tabs.query({});
      const visible = tabs.find((tab) => tab.url === target || tab.pendingUrl === target)?.id;
      if (visible !== undefined) return visible;
      const session = (await chrome.storage.session.get(null)) as Record<string, { state?: { page?: { url?: string } } }>;
      const reported = Object.entries(session).find(([key, value]) => key.startsWith('tab:') && value?.state?.page?.url === target);
      return reported ? Number(reported[0].slice('tab:'.length)) : undefined;
    }, url);
    if (id !== undefined) return id;
    if (Date.now() - started > timeoutMs) throw new Error(`No tab shows ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens the side panel's view of a tab as an ordinary page (automation cannot see the real side panel). */
export async function openPanel(context: BrowserContext, extensionId: string, tabId: number, width = 400): Promise<Page> {
  const panel = await context.newPage();
  await panel.setViewportSize({ width, height: 760 });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tabId=${tabId}`);
  return panel;
}

/** Saves a Lusha key through the options page, as a user would. */
export async function saveLushaKey(context: BrowserContext, extensionId: string, key: string): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Lusha API key').fill(key);
  await options.getByRole('button', { name: /^Save Lusha/ }).click();
  return options;
}

/** Saves a Saber key through the options page and waits until Saber accepted it. */
export async function saveSaberKey(options: Page, key: string): Promise<void> {
  await options.getByLabel('Saber API key').fill(key);
  await options.getByRole('button', { name: /^Save Saber/ }).click();
  await options.getByTestId('saber-key-valid').waitFor();
}

/** Chooses "Enrich with Sidecar" for a tab, as the native context menu would, through the background's own handler. */
export async function clickEnrichMenu(worker: Worker, tabId: number, info: { selectionText?: string; linkUrl?: string; pageUrl: string }): Promise<void> {
  await worker.evaluate(
    async ({ tabId, info }) => {
      const hooks = (globalThis as unknown as { sidecarTestHooks: { handleContextMenuClick(info: unknown, tab: unknown): Promise<void> } }).sidecarTestHooks;
      await hooks.handleContextMenuClick({ menuItemId: 'sidecar-enrich', editable: false, ...info }, await chrome.tabs.get(tabId));
    },
    { tabId, info },
  );
}

/** Stops the extension's service worker the way Chrome does when it is idle or killed (DevTools protocol). */
export async function stopServiceWorker(context: BrowserContext): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  const stopped = new Promise<void>((resolve) => {
    cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: { runningStatus: string; scriptURL: string }[] }) => {
      if (event.versions.some((version) => version.scriptURL.endsWith('/background.js') && version.runningStatus === 'stopped')) resolve();
    });
  });
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
  await cdp.detach();
}

/** The running service worker, waking it if needed (a page's message starts it again). */
export async function liveWorker(context: BrowserContext, extensionId: string): Promise<Worker> {
  const ours = context.serviceWorkers().filter((worker) => worker.url().startsWith(`chrome-extension://${extensionId}/`));
  for (const worker of ours.reverse()) {
    try {
      await Promise.race([worker.evaluate(() => 1), new Promise((_, reject) => setTimeout(() => reject(new Error('stale')), 1000))]);
      return worker;
    } catch {
      // A stopped worker's handle.
    }
  }
  const waiting = context.waitForEvent('serviceworker');
  const waker = await context.newPage();
  await waker.goto(`chrome-extension://${extensionId}/popup.html`);
  const worker = await waiting;
  await waker.close();
  return worker;
}

/** Sidecar's own ledger total of one provider's credits (Lusha's by default), read from its IndexedDB inside the extension. */
export async function ledgerTotal(worker: Worker, provider: 'lusha' | 'saber' = 'lusha'): Promise<number> {
  return worker.evaluate(
    (provider) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('sidecar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('ledger').objectStore('ledger').getAll();
          request.onsuccess = () =>
            resolve(
              (request.result as { provider: string; credits: number }[])
                .filter((entry) => entry.provider === provider)
                .reduce((sum, entry) => sum + entry.credits, 0),
            );
          request.onerror = () => reject(request.error);
        };
      }),
    provider,
  );
}
