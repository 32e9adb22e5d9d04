/** Older versions kept settings, queued work and Saber answers in storage.local, where content scripts reach. */
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDbForTests } from './db';
import { loadOpenIntents } from './intents';
import { lushaReconciliationItem } from './kv';
import { migrateLegacyStorage } from './legacy';
import { getStoredQuestions } from './saber-questions';
import { getSettings } from './settings';

beforeEach(async () => {
  fakeBrowser.reset();
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe('migrateLegacyStorage', () => {
  it('moves settings, the baseline and Saber answers into IndexedDB, drops old queued work unsent, and empties storage.local', async () => {
    await fakeBrowser.storage.local.set({
      settings: { dailyCreditCap: 42, autoConfirmUnder: 3 },
      lushaBaseline: { used: 120, at: 1000 },
      pendingWork: [{ kind: 'reveal', contactId: 'p-1', field: 'emails', priority: 0, expectedCredits: 1, queuedAt: 5 }],
      'saberQuestions:company:acme.example': [
        { signal: { provider: 'saber', id: 's-1', subject: { kind: 'company', domain: 'acme.example' }, status: 'processing' }, askedAt: 7 },
        { broken: true },
      ],
      unrelated: 'kept',
    });
    await migrateLegacyStorage();
    expect(await getSettings()).toMatchObject({ dailyCreditCap: 42, autoConfirmUnder: 3, autoLookup: true });
    expect(await lushaReconciliationItem.get()).toMatchObject({ baselineUsed: 120, baselineAt: 1000 });
    expect((await getStoredQuestions({ kind: 'company', domain: 'acme.example' })).map((question) => question.id)).toEqual(['s-1']);
    expect(await loadOpenIntents()).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ unrelated: 'kept' });
    // A second run finds nothing to do.
    await migrateLegacyStorage();
    expect((await getSettings()).dailyCreditCap).toBe(42);
  });
});
