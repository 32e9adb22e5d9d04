import { browser, defineBackground } from '#imports';
import { createContextMenus, handleContextMenuClick } from '@/lib/background/context-menu';
import { openSidePanel } from '@/lib/compat';
import { broadcast, createHandlers } from '@/lib/background/handlers';
import { createBackground } from '@/lib/background/wiring';
import { sweepStores } from '@/lib/background/sweep';
import { migrateLegacyStorage } from '@/lib/store/legacy';
import { removeTabState } from '@/lib/store/tab-state';
import { createMessageListener } from '@/lib/messaging/server';
import { createLushaClient } from '@/lib/providers/lusha';
import { createSaberClient } from '@/lib/providers/saber';

const LUSHA_BASE_URL = import.meta.env.WXT_LUSHA_BASE_URL;
const SABER_BASE_URL = import.meta.env.WXT_SABER_BASE_URL;
/** Build-time overrides of the CRM hosts ('' in the store build: each CRM's own). */
const CRM_ENDPOINTS = {
  hubspotBaseUrl: import.meta.env.WXT_HUBSPOT_BASE_URL || undefined,
  pipedriveBaseUrl: import.meta.env.WXT_PIPEDRIVE_BASE_URL || undefined,
  salesforceLoginUrl: import.meta.env.WXT_SALESFORCE_LOGIN_URL || undefined,
};
/** Set only in builds against the sandbox (tests, the demo): a shorter provider timeout, and the test hooks. */
const TEST_BUILD = import.meta.env.WXT_SIDECAR_TEST_BUILD === 'true';
/** Wakes the worker while paid intents are open, so waiting work completes even if the worker was stopped. */
const DRAIN_ALARM = 'sidecar-drain';
/** Wakes the worker when a waiting CRM write is due (after a rate limit or an outage). */
const CRM_ALARM = 'sidecar-crm-outbox';
/** Sweeps expired and least-recently-used records once a day. */
const SWEEP_ALARM = 'sidecar-sweep';

export default defineBackground(() => {
  const timeoutMs = TEST_BUILD ? 4_000 : undefined;
  const background = createBackground({
    createLushaClient: (apiKey) => createLushaClient({ apiKey, baseUrl: LUSHA_BASE_URL, timeoutMs }),
    createSaberClient: (apiKey) => createSaberClient({ apiKey, baseUrl: SABER_BASE_URL, timeoutMs }),
    isOnline: () => navigator.onLine,
    onChange: (event) => broadcast(event === 'credits' ? 'creditsChanged' : 'dataChanged'),
    onOpenCount: (open) => {
      if (open > 0) void browser.alarms.create(DRAIN_ALARM, { periodInMinutes: 0.5 });
      else void browser.alarms.clear(DRAIN_ALARM);
    },
    crm: {
      endpoints: CRM_ENDPOINTS,
      timeoutMs,
      identity: {
        redirectUrl: (path) => browser.identity.getRedirectURL(path),
        launchWebAuthFlow: async (url, interactive) => (await browser.identity.launchWebAuthFlow({ url, interactive })) ?? '',
      },
      hasHostPermission: (origins) => browser.permissions.contains({ origins }),
      // The stand-in's search lags 5 s; HubSpot's is reported up to 30 s (the default).
      ...(TEST_BUILD ? { searchLagMs: { hubspot: 6_000 } } : {}),
    },
    onCrmChange: () => broadcast('crmChanged'),
    onCrmWakeAt: (at) => {
      if (at === undefined) void browser.alarms.clear(CRM_ALARM);
      else void browser.alarms.create(CRM_ALARM, { when: Math.max(at, Date.now() + 1000) });
    },
  });

  // Every listener is registered synchronously, before anything is awaited.
  browser.runtime.onMessage.addListener(
    createMessageListener(createHandlers(background), {
      extensionId: browser.runtime.id,
      extensionOrigin: browser.runtime.getURL('/'),
    }),
  );
  browser.runtime.onInstalled.addListener(() => {
    void createContextMenus();
    void browser.alarms.create(SWEEP_ALARM, { periodInMinutes: 24 * 60, delayInMinutes: 1 });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => void handleContextMenuClick(info, tab));
  browser.tabs.onRemoved.addListener((tabId) => void removeTabState(tabId));
  // The keyboard shortcut (Alt+Shift+S by default) opens the side panel; a shortcut counts as the user's gesture.
  // Firefox's build binds it to `_execute_sidebar_action`, which the browser handles without this listener.
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'open-side-panel' && tab?.windowId !== undefined) void openSidePanel({ windowId: tab.windowId });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === DRAIN_ALARM) {
      void background.engine
        .start()
        .then(() => Promise.all([background.engine.investigate('lusha'), background.engine.investigate('saber')]))
        .catch(() => undefined);
    }
    if (alarm.name === CRM_ALARM) void background.crm.drain().catch(() => undefined);
    if (alarm.name === SWEEP_ALARM) void sweepStores(Date.now());
  });

  // What older versions kept where content scripts reach moves into IndexedDB; then what a previous life of this
  // worker left open (stopped, or the browser restarted) continues.
  void migrateLegacyStorage()
    .catch(() => undefined)
    .then(() => background.engine.start())
    .catch(() => undefined) // the drain alarm tries again
    // CRM writes a previous life left waiting (or in flight) go on.
    .then(() => background.crm.drain())
    .catch(() => undefined);

  // Automation cannot click a native context menu: sandbox builds (tests, the demo) drive the same handler through this.
  if (TEST_BUILD) Object.assign(globalThis, { sidecarTestHooks: { handleContextMenuClick } });
});
