/**
 * Saber contact research requests and their briefs, in IndexedDB: kept (they were paid for) and listed newest first;
 * at most `MAX_RESEARCH` are kept, the oldest going first. Unreadable records are dropped, never thrown.
 */
import { researchRecordSchema, type ResearchRecord } from '../domain/watch';
import { getDb } from './db';

export const MAX_RESEARCH = 500;

export async function putResearch(record: ResearchRecord): Promise<void> {
  const db = await getDb();
  const tx = db.transaction('research', 'readwrite');
  await tx.store.put(researchRecordSchema.parse(record));
  const excess = (await tx.store.count()) - MAX_RESEARCH;
  if (excess > 0) {
    let removed = 0;
    for (let cursor = await tx.store.index('byRequestedAt').openCursor(); cursor && removed < excess; cursor = await cursor.continue()) {
      await cursor.delete();
      removed += 1;
    }
  }
  await tx.done;
}

export async function getResearch(id: string): Promise<ResearchRecord | undefined> {
  const parsed = researchRecordSchema.safeParse(await (await getDb()).get('research', id));
  return parsed.success ? parsed.data : undefined;
}

/** Every research request (of one subject, when given), newest first. */
export async function listResearch(subject?: string): Promise<ResearchRecord[]> {
  const db = await getDb();
  const records = subject === undefined ? await db.getAll('research') : await db.getAllFromIndex('research', 'bySubject', subject);
  const valid: ResearchRecord[] = [];
  for (const record of records) {
    const parsed = researchRecordSchema.safeParse(record);
    if (parsed.success) valid.push(parsed.data);
    else await db.delete('research', record.id).catch(() => undefined);
  }
  return valid.sort((a, b) => b.requestedAt - a.requestedAt);
}

export async function clearResearch(): Promise<void> {
  await (await getDb()).clear('research');
}

/** Drops research requested before `cutoff` (retention days): the briefs name and describe people. */
export async function dropResearchBefore(cutoff: number): Promise<void> {
  const tx = (await getDb()).transaction('research', 'readwrite');
  for (let cursor = await tx.store.index('byRequestedAt').openCursor(IDBKeyRange.upperBound(cutoff, true)); cursor; cursor = await cursor.continue()) {
    await cursor.delete();
  }
  await tx.done;
}
