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
import { createSaberClient } from '@/lib/providers/saber';

const LUSHA_BASE_URL = import.meta.env.WXT_LUSHA_BASE_URL;
const SABER_BASE_URL = import.meta.env.WXT_SABER_BASE_URL;
/** Set only in builds against the sandbox (tests, the demo): a shorter provider timeout, and the test hooks. */
const TEST_BUILD = import.meta.env.WXT_SIDECAR_TEST_BUILD === 'true';
/** Wakes the worker while paid intents are open, so waiting work completes even if the worker was stopped. */
const DRAIN_ALARM = 'sidecar-drain';
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
    if (area === MANAGED_AREA) void policyChanges.changed();
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
    if (alarm.name === SWEEP_ALARM) void sweepStores(Date.now());
  });

  // What older versions kept where content scripts reach moves into IndexedDB; then what a previous life of this
  // worker left open (stopped, or the browser restarted) continues.
  void migrateLegacyStorage()
    .catch(() => undefined)
    .then(() => background.engine.start())
    .then(() => policyChanges.start())
    .catch(() => undefined); // the drain alarm tries again

  // Automation cannot click a native context menu: sandbox builds (tests, the demo) drive the same handler through this.
  if (TEST_BUILD) Object.assign(globalThis, { sidecarTestHooks: { handleContextMenuClick } });
});
