/**
 * The outbox of CRM writes: every save to the CRM is stored here before anything is sent, and stays until the CRM
 * confirmed it or the user dropped it, across worker and browser restarts. Each record keeps what each step of the
 * write established as soon as the CRM confirmed it, and marks a step whose request left while its answer is not in:
 * that is how a restart never applies a write twice (see lib/background/crm/outbox.ts). Applied writes are kept a
 * while as the write journal (HubSpot's search lags its writes).
 */
import { z } from 'zod';
import { crmNameSchema } from '../domain/crm';
import { crmCandidateSchema, crmSaveRequestSchema, crmWriteIdSchema, crmWriteProgressSchema, crmWriteStateSchema, type CrmWriteState } from '../domain/crm-save';
import { sidecarErrorSchema } from '../domain/errors';
import { getDb } from './db';

export const crmWriteRecordSchema = z.object({
  id: crmWriteIdSchema,
  crm: crmNameSchema,
  /** The CRM account it was asked for (a write never goes to another account the user connects later). */
  accountId: z.string(),
  label: z.string(),
  request: crmSaveRequestSchema,
  state: crmWriteStateSchema,
  attempts: z.number().int().min(0),
  createdAt: z.number(),
  updatedAt: z.number(),
  nextAttemptAt: z.number().optional(),
  progress: crmWriteProgressSchema.default({}),
  error: sidecarErrorSchema.optional(),
  /** Records the CRM may already hold for this person (Pipedrive's search before creating). */
  candidates: z.array(crmCandidateSchema).optional(),
  /** The user saw the candidates and chose to create a new record anyway. */
  createAnyway: z.boolean().optional(),
  /** The bulk save it belongs to. */
  jobId: z.string().optional(),
});
export type CrmWriteRecord = z.infer<typeof crmWriteRecordSchema>;

/** How long an applied or dropped write is kept (the journal that covers HubSpot's search lag, and the panel's results). */
export const CRM_WRITE_KEEP_MS = 7 * 24 * 60 * 60_000;

function valid(value: unknown): CrmWriteRecord | undefined {
  const parsed = crmWriteRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Adds writes that are not there yet, in one transaction; a write whose id is already stored keeps what it has
 * (a message sent again joins its write). Returns each write as stored.
 */
export async function addWrites(records: CrmWriteRecord[]): Promise<CrmWriteRecord[]> {
  const tx = (await getDb()).transaction('crmOutbox', 'readwrite');
  const out: CrmWriteRecord[] = [];
  for (const record of records) {
    const existing = valid(await tx.store.get(record.id));
    if (existing) {
      out.push(existing);
      continue;
    }
    const parsed = crmWriteRecordSchema.parse(record);
    await tx.store.put(parsed);
    out.push(parsed);
  }
  await tx.done;
  return out;
}

export async function getWrite(id: string): Promise<CrmWriteRecord | undefined> {
  return valid(await (await getDb()).get('crmOutbox', id));
}

/** Changes one write in a transaction of its own; undefined when it is gone (or no longer reads). */
export async function updateWrite(id: string, change: (record: CrmWriteRecord) => CrmWriteRecord): Promise<CrmWriteRecord | undefined> {
  const tx = (await getDb()).transaction('crmOutbox', 'readwrite');
  const current = valid(await tx.store.get(id));
  if (!current) {
    await tx.done;
    return undefined;
  }
  const next = crmWriteRecordSchema.parse(change(current));
  await tx.store.put(next);
  await tx.done;
  return next;
}

/** Every write (a record that no longer reads is dropped), oldest first; optionally only some states or one job. */
export async function listWrites(filter: { states?: readonly CrmWriteState[]; jobId?: string } = {}): Promise<CrmWriteRecord[]> {
  const db = await getDb();
  const raw = filter.jobId !== undefined ? await db.getAllFromIndex('crmOutbox', 'byJob', filter.jobId) : await db.getAllFromIndex('crmOutbox', 'byCreatedAt');
  const out: CrmWriteRecord[] = [];
  for (const value of raw) {
    const record = valid(value);
    if (!record) {
      await db.delete('crmOutbox', (value as { id: string }).id).catch(() => undefined);
      continue;
    }
    if (!filter.states || filter.states.includes(record.state)) out.push(record);
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** Drops applied and dropped writes last changed before `before`. */
export async function pruneWrites(before: number): Promise<void> {
  const tx = (await getDb()).transaction('crmOutbox', 'readwrite');
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    const record = valid(cursor.value);
    if (!record || ((record.state === 'applied' || record.state === 'dropped') && record.updatedAt < before)) await cursor.delete();
  }
  await tx.done;
}

/** Forgets every write (the user disconnected and chose to drop what waited). */
export async function clearWrites(): Promise<void> {
  await (await getDb()).clear('crmOutbox');
}
