import { browser, defineBackground } from '#imports';
import { createContextMenus, handleContextMenuClick } from '@/lib/background/context-menu';
import { broadcast, createHandlers } from '@/lib/background/handlers';
import { createLookupService } from '@/lib/background/lookup-service';
import { removeTabState } from '@/lib/background/state';
import { createMessageListener } from '@/lib/messaging/server';
import { createLushaClient } from '@/lib/providers/lusha';

const LUSHA_BASE_URL = import.meta.env.WXT_LUSHA_BASE_URL;

export default defineBackground(() => {
  const service = createLookupService({
    createClient: (apiKey) => createLushaClient({ apiKey, baseUrl: LUSHA_BASE_URL }),
    onChange: (event) => broadcast(event),
  });

  // Every listener is registered synchronously, before anything is awaited.
  browser.runtime.onMessage.addListener(
    createMessageListener(createHandlers(service), {
      extensionId: browser.runtime.id,
      extensionOrigin: browser.runtime.getURL('/'),
    }),
  );
  browser.runtime.onInstalled.addListener(() => createContextMenus());
  browser.contextMenus.onClicked.addListener((info, tab) => void handleContextMenuClick(info, tab));
  browser.tabs.onRemoved.addListener((tabId) => void removeTabState(tabId));

  // Automation cannot click a native context menu; tests and the demo drive the same handler through this.
  Object.assign(globalThis, { sidecarTestHooks: { handleContextMenuClick } });
});
