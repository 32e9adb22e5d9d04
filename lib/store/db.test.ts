/**
 * Migrations: a database written by every older version opens at the current one with its data kept and the newer
 * stores added; records that no longer read are dropped or skipped, never thrown.
 */
import { IDBFactory } from 'fake-indexeddb';
import { openDB, type IDBPDatabase } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { getPreview, getRevealed } from './contacts';
import { closeDbForTests, DB_NAME, DB_VERSION, getDb } from './db';
import { loadOpenIntents, putIntents } from './intents';
import { settingsItem } from './kv';
import { listSpends } from './ledger';
import { listResearch } from './research';
import { getCrmAuth } from './crm-auth';
import { addWrites, listWrites } from './crm-outbox';
import { getApiKey } from './secrets';
import { addWatchEvents, listWatchEvents, listWatches, putWatches } from './watch';

beforeEach(async () => {
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

/** The schema each older version had, built as that version's upgrade built it. */
function olderSchema(db: IDBPDatabase, version: number): void {
  db.createObjectStore('secrets', { keyPath: 'provider' });
  const previews = db.createObjectStore('previews', { keyPath: 'key' });
  previews.createIndex('byContactId', 'contactId');
  db.createObjectStore('revealed', { keyPath: 'id' });
  const ledger = db.createObjectStore('ledger', { keyPath: 'id' });
  ledger.createIndex('byAt', 'at');
  if (version >= 2) ledger.createIndex('byEntity', 'entityId');
  if (version >= 3) previews.createIndex('byUsedAt', 'usedAt');
  if (version >= 4) db.createObjectStore('signals', { keyPath: 'key' });
  if (version >= 5) db.createObjectStore('history', { keyPath: 'contactId' }).createIndex('byViewedAt', 'viewedAt');
  if (version >= 6) db.createObjectStore('companies', { keyPath: 'key' }).createIndex('byCompanyId', 'companyId');
  if (version >= 7) {
    const intents = db.createObjectStore('intents', { keyPath: 'id' });
    intents.createIndex('byState', 'state');
    intents.createIndex('byJob', 'jobId');
    db.createObjectStore('kv', { keyPath: 'key' });
    const questions = db.createObjectStore('questions', { keyPath: 'id' });
    questions.createIndex('bySubject', 'subject');
    questions.createIndex('byUsedAt', 'usedAt');
    db.createObjectStore('bulkJobs', { keyPath: 'jobId' }).createIndex('byStartedAt', 'startedAt');
  }
  if (version >= 8) {
    db.createObjectStore('watches', { keyPath: 'key' });
    db.createObjectStore('watchEvents', { keyPath: 'id' }).createIndex('byAt', 'at');
    const research = db.createObjectStore('research', { keyPath: 'id' });
    research.createIndex('bySubject', 'subject');
    research.createIndex('byRequestedAt', 'requestedAt');
  }
}

describe('database migrations', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('opens a version %i database at the current version with its data kept', async (version) => {
    const old = await openDB(DB_NAME, version, { upgrade: (db) => olderSchema(db as unknown as IDBPDatabase, version) });
    await old.put('secrets', { provider: 'lusha', key: 'k-123', savedAt: 1 });
    await old.put('previews', { key: 'email:ana@x.example', result: { status: 'not-found' }, fetchedAt: 1, expiresAt: Number.MAX_SAFE_INTEGER });
    await old.put('revealed', { id: 'c-1', provider: 'lusha', emails: [{ email: 'ana@x.example' }], revealedAt: { emails: 5 } });
    await old.put('ledger', { id: '5-1-a', provider: 'lusha', action: 'reveal', entityId: 'c-1', field: 'emails', credits: 1, at: 5 });
    old.close();

    const db = await getDb();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toEqual(
      expect.arrayContaining(['intents', 'kv', 'questions', 'bulkJobs', 'companies', 'history', 'signals', 'watches', 'watchEvents', 'research', 'crmAuth', 'crmOutbox']),
    );
    expect(await getApiKey('lusha')).toMatchObject({ key: 'k-123' });
    expect(await getPreview('email:ana@x.example')).toMatchObject({ result: { status: 'not-found' } });
    expect((await getRevealed('c-1'))?.emails?.[0]?.email).toBe('ana@x.example');
    expect(await listSpends()).toHaveLength(1);
  });

  it('version 9: a version 8 database keeps its intents, settings and watchlist, and gains the CRM stores, empty', async () => {
    const old = await openDB(DB_NAME, 8, { upgrade: (db) => olderSchema(db as unknown as IDBPDatabase, 8) });
    const watched = { key: 'company:1', kind: 'company' as const, id: '1', name: 'Acme', watchedAt: 1, sinceDay: '2026-12-01', pinned: [] };
    await old.put('watches', watched);
    await old.put('intents', { id: 'kept', op: 'x', provider: 'lusha', args: {}, shareKey: 'k', priority: 0, origin: 'click', price: 1, reserved: 1, state: 'reserved', createdAt: 1, attempts: 0 });
    await old.put('kv', { key: 'settings', value: { dailyCreditCap: 42 } });
    old.close();

    const db = await getDb();
    expect(DB_VERSION).toBe(9);
    expect(db.version).toBe(9);
    expect((await loadOpenIntents()).map((intent) => intent.id)).toEqual(['kept']);
    expect(await listWatches()).toEqual([watched]);
    expect((await settingsItem.get()).dailyCreditCap).toBe(42);
    expect(await getCrmAuth()).toBeUndefined();
    expect(await listWrites()).toEqual([]);
    expect([...db.transaction('crmOutbox').store.indexNames].sort()).toEqual(['byCreatedAt', 'byJob', 'byState']);
  });

  it('drops a CRM connection or an outbox write that no longer reads, and keeps the ones that do', async () => {
    const db = await getDb();
    await db.put('crmAuth', { crm: 'hubspot', savedAt: 1, credential: { crm: 'hubspot' } } as never);
    expect(await getCrmAuth()).toBeUndefined();
    expect(await db.count('crmAuth')).toBe(0);
    await db.put('crmOutbox', { id: 'broken-write', state: 'pending', createdAt: 1 } as never);
    const [good] = await addWrites([
      {
        id: 'good-write',
        crm: 'hubspot',
        accountId: '1',
        label: 'Vera',
        request: { action: 'create', person: { lastName: 'Lind' }, provider: 'Lusha' },
        state: 'pending',
        attempts: 0,
        createdAt: 2,
        updatedAt: 2,
        progress: {},
      },
    ]);
    expect(good?.id).toBe('good-write');
    expect((await listWrites()).map((w) => w.id)).toEqual(['good-write']);
    expect(await db.get('crmOutbox', 'broken-write')).toBeUndefined();
  });

  it('reads a corrupt setting as the defaults and a corrupt intent as nothing, without throwing', async () => {
    const db = await getDb();
    await db.put('kv', { key: 'settings', value: { dailyCreditCap: 'lots' } });
    expect((await settingsItem.get()).dailyCreditCap).toBe(100);
    expect(await db.get('kv', 'settings')).toBeUndefined();
    await db.put('intents', { id: 'broken', state: 'reserved', op: 42 } as never);
    await putIntents([
      { id: 'good', op: 'x', provider: 'lusha', args: {}, shareKey: 'k', priority: 0, origin: 'click', price: 1, reserved: 1, state: 'reserved', createdAt: 1, attempts: 0 },
    ]);
    expect((await loadOpenIntents()).map((intent) => intent.id)).toEqual(['good']);
    expect(await db.get('intents', 'broken')).toBeUndefined();
  });

  it('version 8: a version 7 database keeps its intents and settings and gains the watchlist, its events and research', async () => {
    const old = await openDB(DB_NAME, 7, { upgrade: (db) => olderSchema(db as unknown as IDBPDatabase, 7) });
    await old.put('kv', { key: 'settings', value: { dailyCreditCap: 40 } });
    old.close();
    expect((await settingsItem.get())).toMatchObject({ dailyCreditCap: 40, watchBudget: 20, emailWaterfall: 'lusha-then-saber' });
    const item = { key: 'company:1', kind: 'company' as const, id: '1', name: 'Acme', watchedAt: 1, sinceDay: '2026-12-01', pinned: [] };
    await putWatches([item]);
    const db = await getDb();
    await db.put('watches', { key: 'company:broken', kind: 'planet' });
    expect(await listWatches()).toEqual([item]);
    expect(await db.get('watches', 'company:broken')).toBeUndefined();
    await addWatchEvents([{ id: 'e1', watchKey: 'company:1', kind: 'signal', at: 5, subject: 'Acme', title: 'Hiring surge', read: false }]);
    await db.put('watchEvents', { id: 'e2', at: 6, title: 42 });
    expect((await listWatchEvents()).map((event) => event.id)).toEqual(['e1']);
    await db.put('research', { id: 'r1', subject: 'contact:x', requestedAt: 1, research: 'garbled' });
    expect(await listResearch()).toEqual([]);
  });

  it('skips a ledger entry that no longer reads as one (kept for support, not counted)', async () => {
    const db = await getDb();
    await db.put('ledger', { id: '1-1-a', provider: 'lusha', action: 'reveal', entityId: 'c', credits: 1, at: 1 });
    await db.put('ledger', { id: '2-1-b', provider: 'lusha', action: 'reveal', entityId: 'c', credits: -4, at: 2 } as never);
    expect((await listSpends()).map((entry) => entry.id)).toEqual(['1-1-a']);
    expect(await db.count('ledger')).toBe(2);
  });
});
