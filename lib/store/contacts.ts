/** Cached previews (with a TTL) and revealed data (kept until erased), keyed so any tab finds them. */
import type { ContactLookupResult, RevealedData, RevealField } from '../domain/contact';
import { createBatchedReader } from './batch';
import { getDb, type PreviewRecord } from './db';

export const PREVIEW_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Previews kept at most; beyond it the least recently used go (paid data lives elsewhere and is never evicted). */
export const PREVIEW_MAX_COUNT = 5000;

/**
 * The keys each store holds, loaded once per worker life (one `getAllKeys`) and kept in step by every write here
 * (the background is the only writer): a lookup of someone never seen costs no IndexedDB read at all.
 */
const knownByDb = new WeakMap<object, { previews?: Promise<Set<string>>; revealed?: Promise<Set<string>> }>();

async function knownKeys(store: 'previews' | 'revealed'): Promise<Set<string>> {
  const db = await getDb();
  let known = knownByDb.get(db);
  if (!known) knownByDb.set(db, (known = {}));
  known[store] ??= db.getAllKeys(store).then((keys) => new Set(keys.map(String)));
  return known[store];
}

const readPreview = createBatchedReader(async (keys: string[]) => {
  const tx = (await getDb()).transaction('previews');
  return Promise.all(keys.map((key) => tx.store.get(key)));
});

const readRevealed = createBatchedReader(async (ids: string[]) => {
  const tx = (await getDb()).transaction('revealed');
  return Promise.all(ids.map((id) => tx.store.get(id)));
});

export async function getPreview(key: string, now = Date.now()): Promise<PreviewRecord | undefined> {
  if (!(await knownKeys('previews')).has(key)) return undefined;
  const record = await readPreview(key);
  if (!record || record.expiresAt <= now) return undefined;
  return record;
}

function previewRecord(key: string, result: ContactLookupResult, now: number, ttlMs: number): PreviewRecord {
  const record: PreviewRecord = { key, result, fetchedAt: now, expiresAt: now + ttlMs, usedAt: now };
  if (result.status === 'found') record.contactId = result.preview.id;
  return record;
}

/** Notes that previews were just served (one write for all served in the same tick). */
export const touchPreviews = (() => {
  let keys = new Set<string>();
  let at = 0;
  const flush = async () => {
    const batch = [...keys];
    keys = new Set();
    const tx = (await getDb()).transaction('previews', 'readwrite');
    await Promise.all([
      ...batch.map(async (key) => {
        const record = await tx.store.get(key);
        if (record) await tx.store.put({ ...record, usedAt: at });
      }),
      tx.done,
    ]);
  };
  return (key: string, now = Date.now()) => {
    if (keys.size === 0) queueMicrotask(() => void flush().catch(() => undefined));
    keys.add(key);
    at = now;
  };
})();

/** Keeps at most `maxCount` previews, dropping the least recently used. */
export async function evictPreviews(maxCount = PREVIEW_MAX_COUNT): Promise<number> {
  const db = await getDb();
  const excess = (await db.count('previews')) - maxCount;
  if (excess <= 0) return 0;
  const tx = db.transaction('previews', 'readwrite');
  let cursor = await tx.store.index('byUsedAt').openCursor();
  let removed = 0;
  const keys = await knownKeys('previews');
  while (cursor && removed < excess) {
    keys.delete(String(cursor.primaryKey));
    await cursor.delete();
    removed += 1;
    cursor = await cursor.continue();
  }
  await tx.done;
  return removed;
}

/** Erases everything Sidecar holds about one person (their previews and revealed data). */
export async function eraseContact(contactId: string): Promise<void> {
  const db = await getDb();
  const tx = db.transaction(['previews', 'revealed', 'history'], 'readwrite');
  await tx.objectStore('history').delete(contactId);
  const previews = tx.objectStore('previews');
  const keys = await knownKeys('previews');
  for (const key of await previews.index('byContactId').getAllKeys(contactId)) {
    keys.delete(String(key));
    await previews.delete(key);
  }
  await tx.objectStore('revealed').delete(contactId);
  await tx.done;
  (await knownKeys('revealed')).delete(contactId);
}

/**
 * Erases every preview, every revealed datum, every company, every signal and the ledger (keys and settings stay).
 * `keepLedger` leaves the ledger (it names no one) for when an organisation's cap and accounting rely on it.
 */
export async function eraseAllData(options: { keepLedger?: boolean } = {}): Promise<void> {
  const db = await getDb();
  const tx = db.transaction(['previews', 'revealed', 'ledger', 'signals', 'history', 'companies'], 'readwrite');
  await Promise.all([
    tx.objectStore('companies').clear(),
    tx.objectStore('history').clear(),
    tx.objectStore('previews').clear(),
    tx.objectStore('revealed').clear(),
    options.keepLedger ? undefined : tx.objectStore('ledger').clear(),
    tx.objectStore('signals').clear(),
    tx.done,
  ]);
  (await knownKeys('previews')).clear();
  (await knownKeys('revealed')).clear();
}

/** Stores the previews of one search call in one transaction. */
export async function putPreviews(items: { key: string; result: ContactLookupResult }[], now = Date.now(), ttlMs = PREVIEW_TTL_MS): Promise<void> {
  const tx = (await getDb()).transaction('previews', 'readwrite');
  await Promise.all([...items.map((item) => tx.store.put(previewRecord(item.key, item.result, now, ttlMs))), tx.done]);
  const keys = await knownKeys('previews');
  for (const item of items) keys.add(item.key);
}

/** After a reveal, every cached preview of that person shows the field at 0 credits. */
export async function markPreviewsRevealed(contactId: string, field: RevealField): Promise<void> {
  const db = await getDb();
  const tx = db.transaction('previews', 'readwrite');
  for (const record of await tx.store.index('byContactId').getAll(contactId)) {
    if (record.result.status !== 'found') continue;
    const canReveal = record.result.preview.canReveal.map((entry) => (entry.field === field ? { ...entry, credits: 0 } : entry));
    await tx.store.put({ ...record, result: { ...record.result, preview: { ...record.result.preview, canReveal } } });
  }
  await tx.done;
}

/**
 * A person the provider refuses to share (HTTP 451, GDPR) stays refused: every cached preview of them becomes
 * "restricted" and is kept for good, so no one pays a request to hear the same answer again.
 */
export async function markPreviewsBlocked(contactId: string, message: string): Promise<void> {
  const db = await getDb();
  const tx = db.transaction('previews', 'readwrite');
  for (const record of await tx.store.index('byContactId').getAll(contactId)) {
    await tx.store.put({ ...record, result: { status: 'restricted', message }, expiresAt: Number.MAX_SAFE_INTEGER });
  }
  await tx.done;
}

/** Finds the freshest cached preview for a provider contact id. */
export async function getPreviewByContactId(contactId: string): Promise<PreviewRecord | undefined> {
  const records = await (await getDb()).getAllFromIndex('previews', 'byContactId', contactId);
  return records.sort((a, b) => b.fetchedAt - a.fetchedAt)[0];
}

export async function getRevealed(contactId: string): Promise<RevealedData | undefined> {
  if (!(await knownKeys('revealed')).has(contactId)) return undefined;
  return readRevealed(contactId);
}

/** Every revealed datum (for export). */
export async function listRevealed(): Promise<RevealedData[]> {
  return (await getDb()).getAll('revealed');
}

/** Merges newly revealed fields into what is stored; paid data is never dropped. */
export async function mergeRevealed(update: RevealedData): Promise<RevealedData> {
  const db = await getDb();
  const tx = db.transaction('revealed', 'readwrite');
  const existing = await tx.store.get(update.id);
  const merged: RevealedData = {
    ...existing,
    ...update,
    emails: update.emails ?? existing?.emails,
    phones: update.phones ?? existing?.phones,
    isEuContact: update.isEuContact ?? existing?.isEuContact,
    revealedAt: { ...existing?.revealedAt, ...update.revealedAt },
  };
  await tx.store.put(merged);
  await tx.done;
  (await knownKeys('revealed')).add(merged.id);
  return merged;
}

/**
 * Retention: drops previews fetched before `cutoff` and revealed data last revealed before it (the organisation keeps
 * looked-up data only so long). The ledger, which names no one, stays.
 */
export async function dropContactsBefore(cutoff: number): Promise<number> {
  const db = await getDb();
  const tx = db.transaction(['previews', 'revealed'], 'readwrite');
  const previewKeys = await knownKeys('previews');
  const revealedKeys = await knownKeys('revealed');
  let removed = 0;
  for (let cursor = await tx.objectStore('previews').openCursor(); cursor; cursor = await cursor.continue()) {
    if (cursor.value.fetchedAt >= cutoff) continue;
    previewKeys.delete(String(cursor.primaryKey));
    await cursor.delete();
    removed += 1;
  }
  for (let cursor = await tx.objectStore('revealed').openCursor(); cursor; cursor = await cursor.continue()) {
    const last = Math.max(0, ...Object.values(cursor.value.revealedAt ?? {}).filter((at): at is number => typeof at === 'number'));
    if (last >= cutoff) continue;
    revealedKeys.delete(String(cursor.primaryKey));
    await cursor.delete();
    removed += 1;
  }
  await tx.done;
  return removed;
}
