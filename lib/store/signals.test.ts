import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Signal } from '../domain/signal';
import { closeDbForTests } from './db';
import { getSignals, putSignals, signalsKey, sweepSignals } from './signals';

beforeEach(async () => {
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe('signals store', () => {
  it('keys by provider, entity and types (in any order), and serves them until they expire', async () => {
    const key = signalsKey('lusha', 'company', '42', ['headcount', 'news']);
    expect(signalsKey('lusha', 'company', '42', ['news', 'headcount'])).toBe(key);
    await putSignals(key, [] as Signal[], 1000, 500);
    expect(await getSignals(key, 1499)).toMatchObject({ fetchedAt: 1000 });
    expect(await getSignals(key, 1500)).toBeUndefined();
    expect(await sweepSignals(1500)).toBe(1);
    expect(await sweepSignals(1500)).toBe(0);
  });
});
