/**
 * Sidecar's IndexedDB (extension origin: no web page or content script can open it). Holds the API keys,
 * cached previews, revealed data (kept until the user erases it: it was paid for), companies, signals, history, the
 * credit ledger, the engine's paid intents, settings and small state (`kv`), Saber questions, bulk jobs, the
 * connected CRM and the outbox of CRM writes. Each version's migration runs in the upgrade step; every record is
 * validated when read.
 */
import { openDB, type DBSchema, type IDBPDatabase, type StoreNames, type StoreValue } from 'idb';
import type { Company, CompanyLookupResult } from '../domain/company';
import type { ContactLookupResult, ContactPreview, RevealedData } from '../domain/contact';
import type { LedgerEntry } from '../domain/credits';
import type { Signal } from '../domain/signal';

export const DB_NAME = 'sidecar';
export const DB_VERSION = 9;

export interface SecretRecord {
  provider: 'lusha' | 'saber';
  key: string;
  savedAt: number;
}

export interface PreviewRecord {
  /** Lookup key, e.g. `linkedin:https://www.linkedin.com/in/ana-ruiz`. */
  key: string;
  result: ContactLookupResult;
  /** The provider's id of the person, when found (indexed: a reveal updates every preview of that person). */
  contactId?: string;
  fetchedAt: number;
  /** Last time a panel was served this preview: the least recently used go first when the store is full. */
  usedAt?: number;
  expiresAt: number;
}

export interface SignalsRecord {
  /** `<provider>:<entity type>:<entity id>:<signal types, sorted>`. */
  key: string;
  signals: Signal[];
  fetchedAt: number;
  expiresAt: number;
}

/** One company lookup: the preview (with a TTL) and, once paid for, the full profile with its extras (kept). */
export interface CompanyLookupRecord {
  kind: 'lookup';
  /** `domain:acme.example`, `linkedin-company:https://www.linkedin.com/company/acme` or `company-name:acme`. */
  key: string;
  result: CompanyLookupResult;
  /** The provider's id of the company, when found (indexed: a reveal updates every lookup of that company). */
  companyId?: string;
  fetchedAt: number;
  expiresAt: number;
  /** The enriched record merged with every extra revealed so far; it was paid for, so it outlives `expiresAt`. */
  enriched?: Company;
}

/** People found at a company (decision makers, or by title), kept for the preview TTL so asking again is free. */
export interface CompanyPeopleRecord {
  kind: 'people';
  /** `people:<company>:<mode>:<title>`. */
  key: string;
  people: { preview: ContactPreview; roles: string[]; score?: number }[];
  total?: number;
  fetchedAt: number;
  expiresAt: number;
}

export type CompanyRecord = CompanyLookupRecord | CompanyPeopleRecord;

/** One person or company the user looked at (and perhaps revealed), for the panel's history. */
export interface HistoryRecord {
  /** The person's id, or `company:<id>` for a company. */
  contactId: string;
  /** Absent on records written before companies were kept: those are people. */
  kind?: 'contact' | 'company';
  lookupKey: string;
  fullName?: string;
  title?: string;
  companyName?: string;
  linkedinUrl?: string;
  viewedAt: number;
  revealedAt?: number;
}

/** One paid intent of the engine (see lib/engine): its whole lifecycle, persisted. Validated by `intentSchema`. */
export interface IntentRecord {
  id: string;
  op: string;
  provider: 'lusha' | 'saber';
  args: unknown;
  shareKey: string;
  priority: 0 | 1;
  origin: 'click' | 'auto' | 'bulk' | 'watch';
  /** The most it may cost, as priced when it was created. */
  price: number;
  /** Credits still held against the cap: the price until it settles (or is found out), then 0. */
  reserved: number;
  state: 'reserved' | 'sent' | 'uncertain' | 'settled';
  createdAt: number;
  sentAt?: number;
  attempts: number;
  jobId?: string;
  /** What the operation keeps between attempts (e.g. Saber's balance before the call). */
  memo?: unknown;
  outcome?: 'charged' | 'refused' | 'failed' | 'cancelled';
  /** Credits booked for it. */
  charged?: number;
  /** A word about its result for those who read it later (e.g. 'revealed', 'not-found'). */
  summary?: string;
  error?: { kind: string; message: string; [extra: string]: unknown };
  settledAt?: number;
}

/** Small singletons (settings, the last account usage, reconciliation, pauses, send times), by name. */
export interface KvRecord {
  key: string;
  value: unknown;
}

/** One Saber question asked from Sidecar. Validated by `questionRecordSchema`. */
export interface QuestionRecord {
  /** Saber's signal id. */
  id: string;
  /** `company:<domain>` or `contact:<profile url>`. */
  subject: string;
  askedAt: number;
  usedAt: number;
  [field: string]: unknown;
}

/** A bulk reveal job: what was asked; where it stands comes from its intents. Validated by `bulkJobRecordSchema`. */
export interface BulkJobRecord {
  jobId: string;
  startedAt: number;
  [field: string]: unknown;
}

/** A watched person or company. Validated by `watchItemSchema` (lib/domain/watch.ts). */
export interface WatchRecord {
  key: string;
  [field: string]: unknown;
}

/** Something new about a watched subject. Validated by `watchEventSchema`. */
export interface WatchEventRecord {
  id: string;
  at: number;
  [field: string]: unknown;
}

/** A Saber contact research request and its brief. Validated by `researchRecordSchema`. */
export interface ResearchStoreRecord {
  id: string;
  subject: string;
  requestedAt: number;
  [field: string]: unknown;
}

/** The connected CRM: its credential (background only, never shown) and what its check found. Validated by `crmAuthRecordSchema`. */
export interface CrmAuthRecord {
  crm: 'hubspot' | 'salesforce' | 'pipedrive';
  savedAt: number;
  [field: string]: unknown;
}

/** One write to the CRM, kept until it is applied or dropped. Validated by `crmWriteRecordSchema`. */
export interface CrmWriteRecord {
  id: string;
  state: string;
  createdAt: number;
  jobId?: string;
  [field: string]: unknown;
}

export interface SidecarDb extends DBSchema {
  watches: { key: string; value: WatchRecord };
  watchEvents: { key: string; value: WatchEventRecord; indexes: { byAt: number } };
  research: { key: string; value: ResearchStoreRecord; indexes: { bySubject: string; byRequestedAt: number } };
  crmAuth: { key: string; value: CrmAuthRecord };
  crmOutbox: { key: string; value: CrmWriteRecord; indexes: { byState: string; byJob: string; byCreatedAt: number } };
  intents: { key: string; value: IntentRecord; indexes: { byState: string; byJob: string } };
  kv: { key: string; value: KvRecord };
  questions: { key: string; value: QuestionRecord; indexes: { bySubject: string; byUsedAt: number } };
  bulkJobs: { key: string; value: BulkJobRecord; indexes: { byStartedAt: number } };
  history: { key: string; value: HistoryRecord; indexes: { byViewedAt: number } };
  signals: { key: string; value: SignalsRecord };
  companies: { key: string; value: CompanyRecord; indexes: { byCompanyId: string } };
  secrets: { key: string; value: SecretRecord };
  previews: { key: string; value: PreviewRecord; indexes: { byContactId: string; byUsedAt: number } };
  revealed: { key: string; value: RevealedData };
  ledger: { key: string; value: LedgerEntry; indexes: { byAt: number; byEntity: string } };
}

let dbPromise: Promise<IDBPDatabase<SidecarDb>> | undefined;

/** Opens (once per worker life) and upgrades the database. */
export function getDb(): Promise<IDBPDatabase<SidecarDb>> {
  dbPromise ??= openDB<SidecarDb>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('secrets', { keyPath: 'provider' });
        const previews = db.createObjectStore('previews', { keyPath: 'key' });
        previews.createIndex('byContactId', 'contactId');
        db.createObjectStore('revealed', { keyPath: 'id' });
        const ledger = db.createObjectStore('ledger', { keyPath: 'id' });
        ledger.createIndex('byAt', 'at');
      }
      if (oldVersion < 2) tx.objectStore('ledger').createIndex('byEntity', 'entityId');
      if (oldVersion < 3) tx.objectStore('previews').createIndex('byUsedAt', 'usedAt');
      if (oldVersion < 4) db.createObjectStore('signals', { keyPath: 'key' });
      if (oldVersion < 5) db.createObjectStore('history', { keyPath: 'contactId' }).createIndex('byViewedAt', 'viewedAt');
      if (oldVersion < 6) db.createObjectStore('companies', { keyPath: 'key' }).createIndex('byCompanyId', 'companyId');
      if (oldVersion < 7) {
        // What lived in storage.local (pending work, settings, Saber questions) moves here, where content scripts
        // cannot reach it; `migrateLegacyStorage` copies what was there once the database is open.
        const intents = db.createObjectStore('intents', { keyPath: 'id' });
        intents.createIndex('byState', 'state');
        intents.createIndex('byJob', 'jobId');
        db.createObjectStore('kv', { keyPath: 'key' });
        const questions = db.createObjectStore('questions', { keyPath: 'id' });
        questions.createIndex('bySubject', 'subject');
        questions.createIndex('byUsedAt', 'usedAt');
        db.createObjectStore('bulkJobs', { keyPath: 'jobId' }).createIndex('byStartedAt', 'startedAt');
      }
      if (oldVersion < 8) {
        // The watchlist, what its checks found, and Saber contact research: new stores, nothing to move.
        db.createObjectStore('watches', { keyPath: 'key' });
        db.createObjectStore('watchEvents', { keyPath: 'id' }).createIndex('byAt', 'at');
        const research = db.createObjectStore('research', { keyPath: 'id' });
        research.createIndex('bySubject', 'subject');
        research.createIndex('byRequestedAt', 'requestedAt');
      }
      if (oldVersion < 9) {
        // The connected CRM (its credential stays here, like the provider keys) and the outbox of CRM writes.
        db.createObjectStore('crmAuth', { keyPath: 'crm' });
        const outbox = db.createObjectStore('crmOutbox', { keyPath: 'id' });
        outbox.createIndex('byState', 'state');
        outbox.createIndex('byJob', 'jobId');
        outbox.createIndex('byCreatedAt', 'createdAt');
      }
    },
    terminated() {
      dbPromise = undefined;
    },
  });
  return dbPromise;
}

/** Deletes the records of one store that `drop` picks, in one transaction; answers how many went. */
export async function deleteWhere<S extends StoreNames<SidecarDb>>(store: S, drop: (record: StoreValue<SidecarDb, S>) => boolean): Promise<number> {
  const tx = (await getDb()).transaction(store, 'readwrite');
  let removed = 0;
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    if (!drop(cursor.value)) continue;
    await cursor.delete();
    removed += 1;
  }
  await tx.done;
  return removed;
}

/** For tests: forget the open connection so the next call opens a fresh one. */
export async function closeDbForTests(): Promise<void> {
  const db = await dbPromise;
  db?.close();
  dbPromise = undefined;
}
