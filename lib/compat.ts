/**
 * The few places where Chrome and Firefox differ, feature-tested rather than sniffed: Chrome's side panel is
 * Firefox's sidebar, and Firefox's MV2 build has `browserAction` where MV3 has `action`. Nothing here throws.
 */
import { browser } from '#imports';

/** Firefox's `sidebarAction` (not in WXT's Chrome-shaped types). */
interface SidebarAction {
  open(): Promise<void>;
}

function sidePanel(): typeof browser.sidePanel | undefined {
  return (browser as { sidePanel?: typeof browser.sidePanel }).sidePanel;
}

/** Firefox's sidebar, where there is no side panel (Chrome has no `sidebarAction`, Firefox no `sidePanel`). */
function sidebarAction(): SidebarAction | undefined {
  return sidePanel() ? undefined : (browser as unknown as { sidebarAction?: SidebarAction }).sidebarAction;
}

/** True where Sidecar's panel is Firefox's sidebar, which `openSidePanel` opens without knowing a tab or window. */
export function hasSidebar(): boolean {
  return sidebarAction() !== undefined;
}

/**
 * Opens Sidecar's panel: Firefox's sidebar in the current window (`where` is not needed there), or Chrome's side
 * panel on the given tab or window. Both browsers only allow this during a user gesture (a click, a context-menu
 * click, a command), so call it synchronously from the handler, before anything is awaited. Never throws or
 * rejects: refused is simply not opened.
 */
export function openSidePanel(where?: { tabId: number } | { windowId: number }): Promise<void> {
  try {
    const panel = sidePanel();
    if (panel) return where ? Promise.resolve(panel.open(where)).catch(() => undefined) : Promise.resolve();
    const sidebar = sidebarAction();
    if (sidebar) return Promise.resolve(sidebar.open()).catch(() => undefined);
  } catch {
    // An API that is present but refuses synchronously (no gesture, fake browser in tests).
  }
  return Promise.resolve();
}

/** The toolbar button's API: `action` (MV3) or `browserAction` (Firefox MV2); undefined if neither exists. */
export function toolbarAction(): Pick<typeof browser.action, 'setBadgeText' | 'setBadgeBackgroundColor'> | undefined {
  const apis = browser as { action?: typeof browser.action; browserAction?: unknown };
  return apis.action ?? (apis.browserAction as typeof browser.action | undefined);
}
