import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from './server';
import { routeMessage } from './server';

const OPTIONS = { extensionId: 'ext', extensionOrigin: 'chrome-extension://ext/' };
const PAGE = { id: 'ext', url: 'chrome-extension://ext/sidepanel.html' };
const CONTENT = { id: 'ext', url: 'https://www.linkedin.com/in/ana', tab: { id: 7 } } as never;

function handlers(): Handlers {
  const fail = () => Promise.reject(new Error('unexpected'));
  return {
    reportPageContext: vi.fn(async () => ({ ok: true as const })),
    getTabState: vi.fn(async ({ tabId }) => ({ tabId, updatedAt: 1 })),
    lookupContact: fail,
    revealContact: vi.fn(fail),
    getIntent: fail,
    getCredits: fail,
    getSettings: fail,
    saveSettings: fail,
    getKeyStatus: fail,
    saveApiKey: vi.fn(fail),
    removeApiKey: fail,
    resumeProvider: fail,
    eraseData: fail,
    requestLookup: fail,
    exportData: fail,
    exportLedger: fail,
    getPolicy: fail,
    clearRequest: fail,
    getHistory: fail,
    lookupContacts: fail,
    requestCompany: fail,
    lookupCompany: fail,
    revealCompany: fail,
    getSignals: fail,
    findPeople: fail,
    askSaber: fail,
    getSaberQuestions: fail,
    getSaberTemplates: fail,
    startBulkReveal: fail,
    getBulkJob: fail,
    cancelBulkJob: fail,
    watch: fail,
    unwatch: fail,
    getWatchlist: fail,
    pinQuestion: fail,
    unpinQuestion: fail,
    checkWatchlist: fail,
    getWatchEvents: fail,
    markWatchEventsRead: fail,
    startResearch: fail,
    getResearch: fail,
    planEmailWaterfall: fail,
    findEmail: fail,
    getEmailWaterfall: fail,
    getCrmStatus: fail,
    connectCrm: vi.fn(fail),
    disconnectCrm: fail,
    findInCrm: fail,
    getCrmRecord: fail,
    previewCrmSave: fail,
    saveToCrm: vi.fn(fail),
    saveListToCrm: fail,
    getCrmOutbox: fail,
    actOnCrmWrite: fail,
    revealForCrm: vi.fn(fail),
  };
}

describe('routeMessage', () => {
  it('answers a valid page message with parsed output', async () => {
    const h = handlers();
    await expect(routeMessage({ sidecar: 1, type: 'getTabState', data: { tabId: 3 } }, PAGE, h, OPTIONS)).resolves.toEqual({
      ok: true,
      data: { tabId: 3, updatedAt: 1 },
    });
  });

  it('lets content scripts only report page context', async () => {
    const h = handlers();
    const spoofed = await routeMessage({ sidecar: 1, type: 'revealContact', data: { contactId: 'x', field: 'emails', confirmedCredits: 1 } }, CONTENT, h, OPTIONS);
    expect(spoofed).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(h.revealContact).not.toHaveBeenCalled();
    const report = await routeMessage(
      { sidecar: 1, type: 'reportPageContext', data: { context: { url: 'https://www.linkedin.com/in/ana', kind: 'linkedin-profile', entities: [] } } },
      CONTENT,
      h,
      OPTIONS,
    );
    expect(report).toEqual({ ok: true, data: { ok: true } });
  });

  it('lets no content script connect a CRM, save to it or pay to fill it', async () => {
    const h = handlers();
    const attempts = [
      { type: 'connectCrm', data: { crm: 'hubspot', token: 'pat-na1-x' } },
      { type: 'saveToCrm', data: { writes: [{ id: 'w-00000001', label: 'x', request: { action: 'create', person: {} } }] } },
      { type: 'revealForCrm', data: { contactId: 'c', fields: ['emails'], confirmedCredits: 5 } },
    ];
    for (const attempt of attempts) expect(await routeMessage({ sidecar: 1, ...attempt }, CONTENT, h, OPTIONS)).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(h.connectCrm).not.toHaveBeenCalled();
    expect(h.saveToCrm).not.toHaveBeenCalled();
    expect(h.revealForCrm).not.toHaveBeenCalled();
  });

  it('rejects messages from other extensions, unknown types and malformed input', async () => {
    const h = handlers();
    expect(await routeMessage({ sidecar: 1, type: 'getTabState', data: { tabId: 1 } }, { id: 'evil', url: PAGE.url }, h, OPTIONS)).toMatchObject({ ok: false });
    expect(await routeMessage({ sidecar: 1, type: 'stealKeys', data: {} }, PAGE, h, OPTIONS)).toMatchObject({ ok: false });
    expect(await routeMessage({ sidecar: 1, type: 'getTabState', data: { tabId: 'x' } }, PAGE, h, OPTIONS)).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(await routeMessage({ sidecar: 1, type: 'saveApiKey', data: { provider: 'lusha', key: 'k'.repeat(501) } }, PAGE, h, OPTIONS)).toMatchObject({ ok: false });
    expect(h.saveApiKey).not.toHaveBeenCalled();
    expect(await routeMessage('hello', PAGE, h, OPTIONS)).toMatchObject({ ok: false });
  });

  it('never lets an internal error text or stack reach the page as the message', async () => {
    const h = handlers();
    h.getTabState = vi.fn(async () => {
      throw new Error('secret stack detail');
    });
    const response = await routeMessage({ sidecar: 1, type: 'getTabState', data: { tabId: 1 } }, PAGE, h, OPTIONS);
    expect(response).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(response.ok === false && response.error.message).not.toContain('secret');
  });
});
