/** "Enrich with Sidecar" on a selection or a link, from any page. */
import { browser, type Browser } from '#imports';
import { openSidePanel } from '../compat';
import type { Lookup } from '../domain/page-context';
import { classifySelection } from '../recognition';
import { broadcast } from './handlers';
import { updateTabState } from '../store/tab-state';

export const ENRICH_MENU_ID = 'sidecar-enrich';

export function createContextMenus(): Promise<void> {
  // Promise style: webextension-polyfill (Chrome) throws "Expected at most 0 arguments" when given a callback here.
  return browser.contextMenus
    .removeAll()
    .catch(() => undefined)
    .then(() => {
      browser.contextMenus.create({ id: ENRICH_MENU_ID, title: 'Enrich with Sidecar', contexts: ['selection', 'link'] });
    });
}

/** What the user pointed at: a link wins over a selection around it. */
export function lookupFromClick(info: Pick<Browser.contextMenus.OnClickData, 'linkUrl' | 'selectionText'>): { lookup: Lookup; source: 'link' | 'selection' } | null {
  if (info.linkUrl) {
    const lookup = classifySelection(info.linkUrl);
    if (lookup) return { lookup, source: 'link' };
  }
  if (info.selectionText) {
    const lookup = classifySelection(info.selectionText);
    if (lookup) return { lookup, source: 'selection' };
  }
  return null;
}

/**
 * Opens the side panel on the tab (Firefox: the sidebar of the window), synchronously while the click still counts
 * as a user gesture, and records what to look up there. Text that is neither a person nor a company still opens the
 * panel, which says so. Without a gesture (tests, automation) the browser refuses; the tab state is still recorded.
 */
export function handleContextMenuClick(info: Browser.contextMenus.OnClickData, tab: Browser.tabs.Tab | undefined): Promise<void> {
  const tabId = tab?.id;
  if (info.menuItemId !== ENRICH_MENU_ID || tabId === undefined) return Promise.resolve();
  const opened = openSidePanel({ tabId });
  const target = lookupFromClick(info);
  return Promise.all([
    opened,
    updateTabState(tabId, {
      requested: target ? { ...target, at: Date.now() } : undefined,
      unrecognizedSelection: target ? undefined : (info.selectionText ?? info.linkUrl ?? '').slice(0, 200),
    }),
  ]).then(([, state]) => broadcast('tabStateChanged', tabId, state));
}
