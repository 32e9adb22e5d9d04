import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handleContextMenuClick } from '@/lib/background/context-menu';
import { getTabState } from '@/lib/store/tab-state';
import { closeDbForTests } from '@/lib/store/db';
import background from './index';

const PAGE_SENDER = { id: fakeBrowser.runtime.id, url: `chrome-extension://${fakeBrowser.runtime.id}/sidepanel.html` };

/**
 * Sends a message the way Chromium delivers it, with a sendResponse callback (the fake browser's typings omit
 * that third argument, but pass it through).
 */
async function send(message: unknown, sender: object = PAGE_SENDER): Promise<unknown> {
  const trigger = fakeBrowser.runtime.onMessage.trigger as unknown as (message: unknown, sender: object, respond: (value: unknown) => void) => Promise<unknown>;
  return new Promise((resolve) => {
    void trigger(message, sender, resolve);
  });
}

beforeEach(async () => {
  fakeBrowser.reset();
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
  // Not implemented by WXT's fake browser.
  vi.spyOn(fakeBrowser.contextMenus, 'create').mockImplementation(() => 1);
  vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockImplementation(((callback?: () => void) => {
    callback?.();
    return Promise.resolve();
  }) as typeof fakeBrowser.contextMenus.removeAll);
  vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
  background.main();
});

describe('background', () => {
  it('exposes no test hooks outside sandbox builds', () => {
    expect((globalThis as { sidecarTestHooks?: unknown }).sidecarTestHooks).toBeUndefined();
  });

  it('creates the "Enrich with Sidecar" menu on install', async () => {
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false });
    expect(fakeBrowser.contextMenus.create).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'sidecar-enrich', title: 'Enrich with Sidecar', contexts: ['selection', 'link'] }),
    );
  });

  it('answers extension pages, and validates what it answers', async () => {
    await expect(send({ sidecar: 1, type: 'getSettings', data: {} })).resolves.toEqual({ ok: true, data: { autoConfirmUnder: 0, dailyCreditCap: 100, previewTtlDays: 7, signalsTtlHours: 24, signalsLookbackMonths: 6, watchBudget: 20, retentionDays: 0, autoLookup: true, emailWaterfall: 'lusha-then-saber' } });
    await expect(send({ sidecar: 1, type: 'getKeyStatus', data: {} })).resolves.toEqual({
      ok: true,
      data: { lusha: { configured: false }, saber: { configured: false }, lookupCredits: 1 },
    });
  });

  it('records a content script’s page context for its tab, and refuses it anything else', async () => {
    const contentSender = { id: fakeBrowser.runtime.id, url: 'https://www.linkedin.com/in/ana-ruiz/', tab: { id: 5 } };
    const context = {
      url: 'https://www.linkedin.com/in/ana-ruiz/',
      kind: 'linkedin-profile',
      entities: [{ type: 'contact', fullName: 'Ana Ruiz', linkedinUrl: 'https://www.linkedin.com/in/ana-ruiz', confidence: 0.9 }],
    };
    const broadcasts = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    await expect(send({ sidecar: 1, type: 'reportPageContext', data: { context } }, contentSender)).resolves.toEqual({ ok: true, data: { ok: true } });
    expect((await getTabState(5)).page).toEqual(context);
    // Open panels hear of it with the tab's state itself (no second message to ask for it).
    expect(broadcasts).toHaveBeenCalledWith({ sidecarBroadcast: 1, event: 'tabStateChanged', tabId: 5, state: await getTabState(5) });
    broadcasts.mockRestore();
    await expect(send({ sidecar: 1, type: 'getKeyStatus', data: {} }, contentSender)).resolves.toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    await expect(
      send({ sidecar: 1, type: 'reportPageContext', data: { context: { ...context, kind: 'evil' } } }, contentSender),
    ).resolves.toMatchObject({ ok: false });
  });

  it('turns a context-menu click on a selected email into that tab’s subject', async () => {
    const hooks = { handleContextMenuClick: handleContextMenuClick as (info: object, tab: object) => Promise<void> };
    await hooks.handleContextMenuClick({ menuItemId: 'sidecar-enrich', selectionText: '  Ana.Ruiz@Northwind.EXAMPLE ', editable: false, pageUrl: 'https://example.org' }, { id: 9 });
    expect((await getTabState(9)).requested).toMatchObject({ lookup: { kind: 'email', email: 'Ana.Ruiz@northwind.example' }, source: 'selection' });
    await hooks.handleContextMenuClick({ menuItemId: 'sidecar-enrich', selectionText: 'lorem ipsum dolor sit amet consectetur', editable: false, pageUrl: 'https://example.org' }, { id: 9 });
    expect((await getTabState(9)).requested).toBeUndefined();
    expect((await getTabState(9)).unrecognizedSelection).toBe('lorem ipsum dolor sit amet consectetur');
  });

  it('on Firefox, a context-menu click opens the sidebar within the click, and still records the subject', async () => {
    const open = vi.fn(() => Promise.resolve());
    const { sidebarAction } = fakeBrowser as unknown as { sidebarAction: unknown };
    Object.assign(fakeBrowser, { sidebarAction: { open } });
    try {
      const hooks = { handleContextMenuClick: handleContextMenuClick as (info: object, tab: object) => Promise<void> };
      const done = hooks.handleContextMenuClick({ menuItemId: 'sidecar-enrich', linkUrl: 'https://www.linkedin.com/in/ana-ruiz/', editable: false, pageUrl: 'https://example.org' }, { id: 7 });
      expect(open).toHaveBeenCalledTimes(1);
      await done;
      expect((await getTabState(7)).requested).toMatchObject({ source: 'link' });
    } finally {
      Object.assign(fakeBrowser, { sidebarAction });
    }
  });
});
