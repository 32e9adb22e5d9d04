import { browser, defineBackground } from '#imports';
import { createContextMenus, handleContextMenuClick } from '@/lib/background/context-menu';
import { openSidePanel } from '@/lib/compat';
import { broadcast, createHandlers } from '@/lib/background/handlers';
import { createLookupService } from '@/lib/background/lookup-service';
import { storageWorkStore } from '@/lib/background/engine-store';
import { removeTabState } from '@/lib/background/state';
import { createMessageListener } from '@/lib/messaging/server';
import { createLushaClient } from '@/lib/providers/lusha';
import { createSaberClient } from '@/lib/providers/saber';
import { createSaberService } from '@/lib/background/saber-service';
import { createCompanyService } from '@/lib/background/company-service';

const LUSHA_BASE_URL = import.meta.env.WXT_LUSHA_BASE_URL;
const SABER_BASE_URL = import.meta.env.WXT_SABER_BASE_URL;
/** Wakes the worker while provider work is queued, so waiting work completes even if the worker was stopped. */
const DRAIN_ALARM = 'sidecar-drain';

export default defineBackground(() => {
  const service = createLookupService({
    createClient: (apiKey) => createLushaClient({ apiKey, baseUrl: LUSHA_BASE_URL }),
    onChange: (event) => broadcast(event),
    workStore: storageWorkStore,
    engine: {
      isOnline: () => navigator.onLine,
      onQueueChange: (queued) => {
        if (queued > 0) void browser.alarms.create(DRAIN_ALARM, { periodInMinutes: 0.5 });
        else void browser.alarms.clear(DRAIN_ALARM);
      },
    },
  });

  const companies = createCompanyService({
    getClient: () => service.requireClient(),
    bookSpend: (spend) => service.bookSpend(spend),
    // Lusha's 25 requests/second are per account: company, signal and people calls count in the engine's window.
    limiter: service.limiter,
    onChange: (event) => broadcast(event),
  });

  const saber = createSaberService({
    createClient: (apiKey) => createSaberClient({ apiKey, baseUrl: SABER_BASE_URL }),
    onChange: (event) => broadcast(event),
  });

  // Every listener is registered synchronously, before anything is awaited.
  browser.runtime.onMessage.addListener(
    createMessageListener(createHandlers(service, saber, companies), {
      extensionId: browser.runtime.id,
      extensionOrigin: browser.runtime.getURL('/'),
    }),
  );
  browser.runtime.onInstalled.addListener(() => createContextMenus());
  browser.contextMenus.onClicked.addListener((info, tab) => void handleContextMenuClick(info, tab));
  browser.tabs.onRemoved.addListener((tabId) => void removeTabState(tabId));
  // The keyboard shortcut (Alt+Shift+S by default) opens the side panel; a shortcut counts as the user's gesture.
  // Firefox's build binds it to `_execute_sidebar_action`, which the browser handles without this listener.
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'open-side-panel' && tab?.windowId !== undefined) void openSidePanel({ windowId: tab.windowId });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === DRAIN_ALARM) void service.engine.start();
  });

  // Work queued by a previous life of this worker (stopped, or the browser restarted) resumes now.
  void service.engine.start();

  // Automation cannot click a native context menu; tests and the demo drive the same handler through this.
  Object.assign(globalThis, { sidecarTestHooks: { handleContextMenuClick } });
});
