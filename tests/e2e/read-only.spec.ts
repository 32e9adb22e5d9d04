/** Sidecar only reads LinkedIn: no DOM writes, nothing exposed to the page, no requests of its own to LinkedIn. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FEATURED } from '../sandbox/dataset';
import { launchWithExtension, tabIdOf } from './harness';
import { EXTENSION_PATH, SANDBOX_URL } from './setup';

test('the manifest exposes no web-accessible resources and asks only for what it uses', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_PATH, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest.web_accessible_resources).toBeUndefined();
  // notifications: the watchlist's; identity: Salesforce's sign-in. A CRM's hosts are asked for when it is connected.
  expect(manifest.permissions).toEqual(['storage', 'contextMenus', 'alarms', 'notifications', 'identity', 'sidePanel']);
  expect(manifest.optional_host_permissions).toEqual(expect.arrayContaining(['https://*.hubapi.com/*', 'https://*.pipedrive.com/*', 'https://login.salesforce.com/*']));
  // Content scripts run on https only, on LinkedIn and the CRMs' web apps.
  const matches = (manifest.content_scripts as { matches: string[] }[]).flatMap((script) => script.matches);
  for (const match of matches) expect(match).toMatch(/^https:\/\/[^/]*(linkedin\.com|hubspot\.com|force\.com|pipedrive\.com)\/\*$/);
});

test('the content script recognises a profile without changing its DOM or calling LinkedIn', async () => {
  const { context, worker } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    const page = await context.newPage();
    // The fixture page has no scripts of its own: any mutation would be Sidecar's.
    await page.addInitScript(() => {
      const record = { mutations: 0 };
      Object.assign(window, { __mutations: record });
      // From the end of parsing on (the content script starts earlier, at document_start, but reads the parsed document
      // only from DOMContentLoaded on).
      document.addEventListener('DOMContentLoaded', () => {
        new MutationObserver((list) => {
          record.mutations += list.length;
        }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    });
    const linkedInRequests: string[] = [];
    page.on('request', (request) => {
      if (/linkedin\.com/.test(request.url()) && request.resourceType() !== 'document') linkedInRequests.push(request.url());
    });
    const url = `https://www.linkedin.com/in/${FEATURED.withEmailAndPhone}/`;
    await page.goto(url);
    const tabId = await tabIdOf(worker, url);
    // Wait until the background has the page's context: the content script has read the page (a page that does not
    // change is read once; any later read would come from a mutation, and there is none to come).
    await expect
      .poll(async () => worker.evaluate(async (id) => JSON.stringify(await chrome.storage.session.get(`tab:${id}`)), tabId))
      .toContain('linkedin-profile');
    expect(await page.evaluate(() => (window as unknown as { __mutations: { mutations: number } }).__mutations.mutations)).toBe(0);
    expect(linkedInRequests).toEqual([]);
  } finally {
    await context.close();
  }
});

test('the "Enrich with Sidecar" menu item exists in the browser, for selections and links', async () => {
  const { context, worker } = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxUrl: SANDBOX_URL });
  try {
    // Updating an item that does not exist fails; this one was created when the extension was installed.
    await expect
      .poll(() =>
        worker.evaluate(() =>
          chrome.contextMenus.update('sidecar-enrich', { title: 'Enrich with Sidecar', contexts: ['selection', 'link'] }).then(
            () => 'exists',
            (error: unknown) => String(error),
          ),
        ),
      )
      .toBe('exists');
  } finally {
    await context.close();
  }
});

