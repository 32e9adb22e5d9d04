/**
 * Companies looked up (previews with a TTL, like people's), what was paid for about them (kept until erased, and
 * shared by every lookup of the same company), and the people found at them.
 */
import { COMPANY_REVEAL_FIELDS, type Company, type CompanyLookupResult, type CompanyRevealField } from '../domain/company';
import { deleteWhere, getDb, type CompanyLookupRecord, type CompanyPeopleRecord } from './db';

const isLookup = (record: { kind: string } | undefined): record is CompanyLookupRecord => record?.kind === 'lookup';

/** The lookup stored under `key`, fresh or not: an expired preview still carries the paid-for profile. */
export async function getCompanyLookup(key: string): Promise<CompanyLookupRecord | undefined> {
  const record = await (await getDb()).get('companies', key);
  return isLookup(record) ? record : undefined;
}

/** Every stored lookup of one company, freshest first. */
export async function getCompanyLookupsById(companyId: string): Promise<CompanyLookupRecord[]> {
  const records = await (await getDb()).getAllFromIndex('companies', 'byCompanyId', companyId);
  return records.filter(isLookup).sort((a, b) => b.fetchedAt - a.fetchedAt);
}

/**
 * Stores a fresh lookup. What was paid for about the company (under this key or another lookup of it) is kept, and
 * so are the zero prices of extras already revealed.
 */
export async function putCompanyLookup(key: string, result: CompanyLookupResult, now: number, ttlMs: number): Promise<CompanyLookupRecord> {
  const db = await getDb();
  const tx = db.transaction('companies', 'readwrite');
  const companyId = result.status === 'found' ? result.company.id : undefined;
  const previous = await tx.store.get(key);
  const siblings = companyId ? (await tx.store.index('byCompanyId').getAll(companyId)).filter(isLookup) : [];
  const enriched = [previous, ...siblings].find((record): record is CompanyLookupRecord => isLookup(record) && record.companyId === companyId && record.enriched !== undefined)?.enriched;
  const record: CompanyLookupRecord = { kind: 'lookup', key, result: enriched ? withPaidExtras(result, enriched) : result, fetchedAt: now, expiresAt: now + ttlMs };
  if (companyId) record.companyId = companyId;
  if (enriched) record.enriched = enriched;
  await tx.store.put(record);
  await tx.done;
  return record;
}

/**
 * Merges a newly enriched company into what is stored for it (paid extras are never dropped: an extra the answer
 * leaves out keeps its earlier value) and writes it to every lookup of that company. Returns the merged record.
 */
export async function mergeEnrichedCompany(companyId: string, update: Company): Promise<Company> {
  const db = await getDb();
  const tx = db.transaction('companies', 'readwrite');
  const records = (await tx.store.index('byCompanyId').getAll(companyId)).filter(isLookup);
  const existing = records.find((record) => record.enriched !== undefined)?.enriched;
  const merged = mergeCompany(existing, update);
  for (const record of records) await tx.store.put({ ...record, enriched: merged, result: withPaidExtras(record.result, merged) });
  await tx.done;
  return merged;
}

/** `existing` with every defined field of `update` over it. */
export function mergeCompany(existing: Company | undefined, update: Company): Company {
  const defined = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined)) as Partial<Company>;
  return { ...existing, ...defined, detail: 'enriched' } as Company;
}

/** A preview whose `canReveal` shows 0 for what the enriched record already holds. */
function withPaidExtras(result: CompanyLookupResult, enriched: Company): CompanyLookupResult {
  if (result.status !== 'found') return result;
  const paid = new Set<string>(COMPANY_REVEAL_FIELDS.filter((field: CompanyRevealField) => enriched[field] !== undefined));
  const canReveal = result.company.canReveal.map((entry) => (paid.has(entry.field) ? { ...entry, credits: 0 } : entry));
  return { ...result, company: { ...result.company, canReveal } };
}

/** People found at a company, when still fresh. */
export async function getCompanyPeople(key: string, now: number): Promise<CompanyPeopleRecord | undefined> {
  const record = await (await getDb()).get('companies', key);
  return record?.kind === 'people' && record.expiresAt > now ? record : undefined;
}

export async function putCompanyPeople(
  key: string,
  people: CompanyPeopleRecord['people'],
  total: number | undefined,
  now: number,
  ttlMs: number,
): Promise<CompanyPeopleRecord> {
  const record: CompanyPeopleRecord = { kind: 'people', key, people, fetchedAt: now, expiresAt: now + ttlMs };
  if (total !== undefined) record.total = total;
  await (await getDb()).put('companies', record);
  return record;
}

/**
 * Erases what Sidecar holds about one company: its lookups (with the paid-for profile and extras), its signals and
 * its history entry. People found there stay until their previews expire (they are people, erasable one by one).
 */
export async function eraseCompany(companyId: string): Promise<void> {
  const db = await getDb();
  const tx = db.transaction(['companies', 'signals', 'history'], 'readwrite');
  for (const key of await tx.objectStore('companies').index('byCompanyId').getAllKeys(companyId)) await tx.objectStore('companies').delete(key);
  const prefix = `lusha:company:${companyId}:`;
  for (const key of await tx.objectStore('signals').getAllKeys(IDBKeyRange.bound(prefix, `${prefix}\uffff`))) await tx.objectStore('signals').delete(key);
  await tx.objectStore('history').delete(`company:${companyId}`);
  await tx.done;
}

/** Company records kept at most (paid-for profiles are never dropped: only previews and people pages are). */
export const COMPANIES_MAX_COUNT = 2000;

/**
 * Drops company previews and people pages that expired, then the oldest of the rest beyond `maxCount`. A lookup
 * holding a paid-for profile stays: it was paid for.
 */
export async function evictCompanies(now: number, maxCount = COMPANIES_MAX_COUNT): Promise<number> {
  const tx = (await getDb()).transaction('companies', 'readwrite');
  const droppable: { key: string; fetchedAt: number }[] = [];
  let removed = 0;
  let total = 0;
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    total += 1;
    const record = cursor.value;
    if (isLookup(record) && record.enriched) continue;
    if (record.expiresAt <= now) {
      await cursor.delete();
      removed += 1;
    } else {
      droppable.push({ key: record.key, fetchedAt: record.fetchedAt });
    }
  }
  const excess = total - removed - maxCount;
  for (const { key } of droppable.sort((a, b) => a.fetchedAt - b.fetchedAt).slice(0, Math.max(0, excess))) {
    await tx.store.delete(key);
    removed += 1;
  }
  await tx.done;
  return removed;
}

/** Retention: drops company lookups (paid-for profiles included) and people pages fetched before `cutoff`. */
export async function dropCompaniesBefore(cutoff: number): Promise<number> {
  return deleteWhere('companies', (record) => record.fetchedAt < cutoff);
}
