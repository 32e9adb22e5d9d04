import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactLookupResult } from '../domain/contact';
import { closeDbForTests, getDb } from './db';
import { eraseAllData, eraseContact, evictPreviews, getPreview, getRevealed, mergeRevealed, putPreviews, touchPreviews } from './contacts';
import { listSpends, recordSpend } from './ledger';

const found = (id: string): ContactLookupResult => ({
  status: 'found',
  preview: { provider: 'lusha', id, departments: [], has: [], canReveal: [{ field: 'emails', credits: 1 }] },
});

beforeEach(async () => {
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe('previews', () => {
  it('expire after their lifetime', async () => {
    await putPreviews([{ key: 'a', result: found('1') }], 1000, 500);
    expect(await getPreview('a', 1400)).toBeDefined();
    expect(await getPreview('a', 1500)).toBeUndefined();
  });

  it('are bounded, evicting the least recently used and never paid data', async () => {
    await putPreviews([{ key: 'a', result: found('1') }], 1000);
    await putPreviews([{ key: 'b', result: found('2') }], 2000);
    await putPreviews([{ key: 'c', result: found('3') }], 3000);
    await mergeRevealed({ provider: 'lusha', id: '1', emails: [{ email: 'a@x.example' }], revealedAt: { emails: 1 } });
    touchPreviews('a', 4000);
    await vi.waitFor(async () => expect((await (await getDb()).get('previews', 'a'))?.usedAt).toBe(4000));
    expect(await evictPreviews(2)).toBe(1);
    expect(await getPreview('b', 5000)).toBeUndefined();
    expect(await getPreview('a', 5000)).toBeDefined();
    expect(await getPreview('c', 5000)).toBeDefined();
    expect((await getRevealed('1'))?.emails?.[0]?.email).toBe('a@x.example');
  });
});

describe('erasing', () => {
  it('erases one person, or everything, on request', async () => {
    await putPreviews([{ key: 'a', result: found('1') }, { key: 'b', result: found('2') }], Date.now());
    await mergeRevealed({ provider: 'lusha', id: '1', emails: [{ email: 'a@x.example' }], revealedAt: { emails: 1 } });
    await recordSpend({ provider: 'lusha', action: 'reveal', entityId: '1', field: 'emails', credits: 1, at: 1 });
    await eraseContact('1');
    expect(await getRevealed('1')).toBeUndefined();
    expect(await getPreview('a')).toBeUndefined();
    expect(await getPreview('b')).toBeDefined();
    await eraseAllData();
    expect(await getPreview('b')).toBeUndefined();
    expect(await listSpends()).toEqual([]);
  });
});

describe('spend by day', () => {
  it('sums the ledger per local day over the last week, today last', async () => {
    const { spentByDay } = await import('./ledger');
    const now = new Date(2026, 10, 22, 15, 0).getTime();
    const yesterday = new Date(2026, 10, 21, 9, 0).getTime();
    const lastWeek = new Date(2026, 10, 10, 9, 0).getTime();
    await recordSpend({ provider: 'lusha', action: 'reveal', entityId: 'a', field: 'emails', credits: 1, at: now - 1000 });
    await recordSpend({ provider: 'lusha', action: 'reveal', entityId: 'b', field: 'phones', credits: 5, at: yesterday });
    await recordSpend({ provider: 'lusha', action: 'reveal', entityId: 'c', field: 'phones', credits: 5, at: lastWeek });
    const week = await spentByDay(7, now);
    expect(week).toHaveLength(7);
    expect(week.map((day) => day.credits)).toEqual([0, 0, 0, 0, 0, 5, 1]);
  });
});
