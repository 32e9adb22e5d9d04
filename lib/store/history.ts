/** The people and companies the user looked at and revealed, most recent first: searchable, each erasable. */
import type { Company } from '../domain/company';
import type { ContactPreview } from '../domain/contact';
import type { IDBPTransaction } from 'idb';
import { deleteWhere, getDb, type HistoryRecord, type SidecarDb } from './db';

export const HISTORY_MAX = 500;

/** Notes that the user looked at this person (and, with `revealedAt`, revealed something of theirs). */
export async function recordView(preview: ContactPreview, lookupKey: string, now = Date.now(), revealed = false): Promise<void> {
  const db = await getDb();
  const tx = db.transaction('history', 'readwrite');
  const previous = await tx.store.get(preview.id);
  const record: HistoryRecord = {
    contactId: preview.id,
    kind: 'contact',
    lookupKey,
    fullName: preview.fullName ?? ([preview.firstName, preview.lastName].filter(Boolean).join(' ') || undefined),
    title: preview.title,
    companyName: preview.companyName,
    linkedinUrl: preview.linkedinUrl,
    viewedAt: now,
    revealedAt: revealed ? now : previous?.revealedAt,
  };
  await putKeepingNewest(tx, record);
}

/** The history id of a company. */
export const companyHistoryId = (companyId: string) => `company:${companyId}`;

/** Notes that the user looked at this company (and, with `revealed`, paid for its profile or an extra). */
export async function recordCompanyView(company: Company, lookupKey: string, now = Date.now(), revealed = false): Promise<void> {
  const db = await getDb();
  const tx = db.transaction('history', 'readwrite');
  const id = companyHistoryId(company.id);
  const previous = await tx.store.get(id);
  await putKeepingNewest(tx, {
    contactId: id,
    kind: 'company',
    lookupKey,
    fullName: company.name,
    title: company.industry,
    companyName: company.domain,
    linkedinUrl: company.linkedinUrl,
    viewedAt: now,
    revealedAt: revealed ? now : previous?.revealedAt,
  });
}

async function putKeepingNewest(tx: IDBPTransaction<SidecarDb, ['history'], 'readwrite'>, record: HistoryRecord): Promise<void> {
  const store = tx.store;
  await store.put(record);
  // Keep the newest HISTORY_MAX.
  if ((await store.count()) > HISTORY_MAX) {
    const oldest = await store.index('byViewedAt').openCursor();
    await oldest?.delete();
  }
  await tx.done;
}

/** Most recent first; `query` matches name, title or company, case- and accent-insensitively. */
export async function listHistory(query = '', limit = 50): Promise<HistoryRecord[]> {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const needle = fold(query.trim());
  const records = (await (await getDb()).getAllFromIndex('history', 'byViewedAt')).reverse();
  return records.filter((record) => !needle || fold([record.fullName, record.title, record.companyName].filter(Boolean).join(' ')).includes(needle)).slice(0, limit);
}

export async function removeFromHistory(contactId: string): Promise<void> {
  await (await getDb()).delete('history', contactId);
}

export async function clearHistory(): Promise<void> {
  await (await getDb()).clear('history');
}

/** Retention: drops people and companies last viewed (or revealed) before `cutoff`. */
export async function dropHistoryBefore(cutoff: number): Promise<number> {
  return deleteWhere('history', (record) => Math.max(record.viewedAt, record.revealedAt ?? 0) < cutoff);
}
