import { browser, defineBackground } from '#imports';
import { createContextMenus, handleContextMenuClick } from '@/lib/background/context-menu';
import { openSidePanel } from '@/lib/compat';
import { broadcast, createHandlers } from '@/lib/background/handlers';
import { createBackground } from '@/lib/background/wiring';
import { sweepStores } from '@/lib/background/sweep';
import { migrateLegacyStorage } from '@/lib/store/legacy';
import { removeTabState } from '@/lib/store/tab-state';
import { createMessageListener } from '@/lib/messaging/server';
import { createPolicyChanges } from '@/lib/background/policy/policy-changes';
import { MANAGED_AREA } from '@/lib/store/managed-policy';
import { createLushaClient } from '@/lib/providers/lusha';
import { ensureWatchAlarm, handleWatchAlarm, scheduleFollowUp } from '@/lib/background/watch/alarms';
import { notifyEvents, openFromNotification, rememberFocusedWindow, showUnreadCount } from '@/lib/background/watch/notify';
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
    onWatchEvents: (events, unread) => {
      void notifyEvents(events, unread);
      broadcast('dataChanged');
    },
    onWatchUnread: showUnreadCount,
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

  // The organisation's policy (storage.managed) applies live: every reader asks it afresh; this follows key changes.
  const policyChanges = createPolicyChanges({
    engine: background.engine,
    forgetSaberKey: () => background.saber.forgetKey(),
    readLushaUsage: () => background.credits.readUsageWithStoredKey(),
    sweep: () => sweepStores(Date.now()),
    notify: ({ keys }) => {
      broadcast('policyChanged');
      broadcast('creditsChanged');
      if (keys) broadcast('keysChanged');
    },
  });

  // Every listener is registered synchronously, before anything is awaited.
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === MANAGED_AREA) void policyChanges.changed().then(() => background.crm.drain()).catch(() => undefined);
  });
  browser.runtime.onMessage.addListener(
    createMessageListener(createHandlers(background), {
      extensionId: browser.runtime.id,
      extensionOrigin: browser.runtime.getURL('/'),
    }),
  );
  browser.runtime.onInstalled.addListener(() => {
    void createContextMenus();
    void browser.alarms.create(SWEEP_ALARM, { periodInMinutes: 24 * 60, delayInMinutes: 1 });
    void ensureWatchAlarm();
  });
  // A browser start that missed a day of watching checks now (once a day at most).
  browser.runtime.onStartup.addListener(() => {
    void ensureWatchAlarm();
    void background.watchlist.checkIfDue().then(() => scheduleFollowUp(background)).catch(() => undefined);
  });
  browser.notifications?.onClicked.addListener((id) => {
    void openFromNotification(id, (tabId) => broadcast('tabStateChanged', tabId));
  });
  browser.windows?.onFocusChanged.addListener((windowId) => rememberFocusedWindow(windowId));
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
    void handleWatchAlarm(background, alarm.name);
  });

  // What older versions kept where content scripts reach moves into IndexedDB; then what a previous life of this
  // worker left open (stopped, or the browser restarted) continues.
  void migrateLegacyStorage()
    .catch(() => undefined)
    .then(() => background.engine.start())
    .then(() => policyChanges.start())
    .then(async () => {
      // What a stopped worker's watch check bought becomes events; research still running is followed.
      await background.watchlist.collect();
      showUnreadCount(await background.watchlist.unread());
      await scheduleFollowUp(background);
    })
    .catch(() => undefined) // the drain alarm tries again
    // CRM writes a previous life left waiting (or in flight) go on.
    .then(() => background.crm.drain())
    .catch(() => undefined);

  // Automation cannot click a native context menu: sandbox builds (tests, the demo) drive the same handler through this.
  // Alarms and notification clicks cannot be fired by automation either: the same handlers, reachable from tests.
  if (TEST_BUILD) {
    Object.assign(globalThis, {
      sidecarTestHooks: {
        handleContextMenuClick,
        fireAlarm: (name: string) => handleWatchAlarm(background, name),
        clickNotification: (id: string) => openFromNotification(id, (tabId) => broadcast('tabStateChanged', tabId)),
        forgetWatchDay: () => background.watchlist.forgetDay(),
      },
    });
  }
});
