import { fakeBrowser } from 'wxt/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hasSidebar, openSidePanel, toolbarAction } from './compat';

type Apis = Record<string, unknown>;
const apis = fakeBrowser as unknown as Apis;
const saved = { action: apis.action, browserAction: apis.browserAction, sidebarAction: apis.sidebarAction };

/** Sets (or, with undefined, removes) one API on the fake browser for this test. */
function setApi(name: string, value: unknown): void {
  if (value === undefined) delete apis[name];
  else apis[name] = value;
}

afterEach(() => {
  delete apis.sidePanel; // WXT's fake browser has none (it has Firefox's sidebarAction, whose methods throw)
  Object.assign(apis, saved);
});

describe('openSidePanel', () => {
  it('opens Chrome’s side panel on the given tab or window', async () => {
    const open = vi.fn(() => Promise.resolve());
    setApi('sidePanel', { open });
    expect(hasSidebar()).toBe(false);
    await openSidePanel({ tabId: 4 });
    await openSidePanel({ windowId: 2 });
    await openSidePanel(); // nowhere to open it
    expect(open.mock.calls).toEqual([[{ tabId: 4 }], [{ windowId: 2 }]]);
  });

  it('opens Firefox’s sidebar synchronously, within the user’s gesture', async () => {
    const open = vi.fn(() => Promise.resolve());
    setApi('sidebarAction', { open });
    expect(hasSidebar()).toBe(true);
    const opened = openSidePanel({ tabId: 4 });
    expect(open).toHaveBeenCalledTimes(1); // before any await
    await opened;
  });

  it('never throws or rejects: no API, a refusal, or a synchronous throw', async () => {
    setApi('sidebarAction', undefined);
    await expect(openSidePanel({ tabId: 1 })).resolves.toBeUndefined();
    setApi('sidePanel', { open: () => Promise.reject(new Error('needs a user gesture')) });
    await expect(openSidePanel({ tabId: 1 })).resolves.toBeUndefined();
    setApi('sidePanel', undefined);
    setApi('sidebarAction', {
      open: () => {
        throw new Error('may only be called from a user input handler');
      },
    });
    await expect(openSidePanel()).resolves.toBeUndefined();
  });
});

describe('toolbarAction', () => {
  it('is `action` (MV3), else `browserAction` (Firefox MV2), else nothing', () => {
    const browserAction = { setBadgeText: vi.fn(), setBadgeBackgroundColor: vi.fn() };
    setApi('browserAction', browserAction);
    expect(toolbarAction()).toBe(saved.action);
    setApi('action', undefined);
    expect(toolbarAction()).toBe(browserAction);
    setApi('browserAction', undefined);
    expect(toolbarAction()).toBeUndefined();
  });
});
