import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDbForTests, getDb } from '../store/db';
import { putIntents } from '../store/intents';
import { putSignals } from '../store/signals';
import { sweepStores } from './sweep';

beforeEach(async () => {
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe('sweepStores', () => {
  it('drops expired signals and old settled intents, and keeps what is open or fresh', async () => {
    const now = 10 * 24 * 60 * 60_000;
    await putSignals('old', [], 0, 1000);
    await putSignals('fresh', [], now, 60_000);
    const base = { op: 'x', provider: 'lusha' as const, args: {}, shareKey: 'k', priority: 0 as const, origin: 'click' as const, price: 1, reserved: 0, createdAt: 1, attempts: 1 };
    await putIntents([
      { ...base, id: 'settled-old', state: 'settled', outcome: 'charged', settledAt: 1 },
      { ...base, id: 'settled-new', state: 'settled', outcome: 'charged', settledAt: now - 1000 },
      { ...base, id: 'open', state: 'reserved', reserved: 1 },
    ]);
    await sweepStores(now);
    const db = await getDb();
    expect((await db.getAllKeys('signals')).sort()).toEqual(['fresh']);
    expect((await db.getAllKeys('intents')).sort()).toEqual(['open', 'settled-new']);
  });
});
