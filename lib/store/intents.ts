/**
 * The engine's paid intents (lib/engine), each with its whole lifecycle: reserved → sent → (uncertain →) settled.
 * Settling books the intent's charges in the ledger in the same transaction, so a charge is booked exactly once even
 * if the worker stops right after.
 */
import { z } from 'zod';
import { ledgerEntrySchema, type LedgerEntry } from '../domain/credits';
import { getDb, type IntentRecord } from './db';
import { ledgerId } from './ledger';

export const intentSchema = z.object({
  id: z.string().min(1),
  op: z.string().min(1),
  provider: z.enum(['lusha', 'saber']),
  args: z.unknown(),
  shareKey: z.string(),
  priority: z.union([z.literal(0), z.literal(1)]),
  origin: z.enum(['click', 'auto', 'bulk', 'watch']),
  price: z.number().min(0),
  reserved: z.number().min(0),
  state: z.enum(['reserved', 'sent', 'uncertain', 'settled']),
  createdAt: z.number(),
  sentAt: z.number().optional(),
  attempts: z.number().int().min(0),
  jobId: z.string().optional(),
  memo: z.unknown().optional(),
  outcome: z.enum(['charged', 'refused', 'failed', 'cancelled']).optional(),
  charged: z.number().min(0).optional(),
  summary: z.string().optional(),
  error: z.looseObject({ kind: z.string(), message: z.string() }).optional(),
  settledAt: z.number().optional(),
}) satisfies z.ZodType<IntentRecord>;

/** How long a settled intent is kept: a panel that lost its answer to a worker restart can still read it. */
export const SETTLED_INTENT_KEEP_MS = 24 * 60 * 60_000;

function valid(record: unknown): IntentRecord | undefined {
  const parsed = intentSchema.safeParse(record);
  return parsed.success ? (parsed.data as IntentRecord) : undefined;
}

export async function putIntents(intents: IntentRecord[]): Promise<void> {
  if (intents.length === 0) return;
  const tx = (await getDb()).transaction('intents', 'readwrite');
  await Promise.all([...intents.map((intent) => tx.store.put(intent)), tx.done]);
}

export async function getIntent(id: string): Promise<IntentRecord | undefined> {
  return valid(await (await getDb()).get('intents', id));
}

/** Every intent not yet settled (a corrupt one is dropped: nothing can be done with it). */
export async function loadOpenIntents(): Promise<IntentRecord[]> {
  const db = await getDb();
  const tx = db.transaction('intents', 'readwrite');
  const open: IntentRecord[] = [];
  for (const state of ['reserved', 'sent', 'uncertain'] as const) {
    for (let cursor = await tx.store.index('byState').openCursor(state); cursor; cursor = await cursor.continue()) {
      const intent = valid(cursor.value);
      if (intent) open.push(intent);
      else await cursor.delete();
    }
  }
  await tx.done;
  return open.sort((a, b) => a.createdAt - b.createdAt);
}

/** Every intent kept (open, and settled within the keep time). */
export async function listIntents(): Promise<IntentRecord[]> {
  return (await (await getDb()).getAll('intents')).flatMap((record) => valid(record) ?? []);
}

export async function listIntentsOfJob(jobId: string): Promise<IntentRecord[]> {
  const records = await (await getDb()).getAllFromIndex('intents', 'byJob', jobId);
  return records.flatMap((record) => valid(record) ?? []);
}

/**
 * Writes intents the way a burst needs: every write asked for in the same tick goes in one transaction (a list page
 * of 100 lookups is one write, not 100); a later write of the same intent replaces an earlier one not yet written.
 * `write` resolves once the transaction holding that version has committed.
 */
export function createIntentWriter() {
  let pending = new Map<string, IntentRecord>();
  let waiting: { resolve(): void; reject(error: unknown): void }[] = [];
  let scheduled = false;
  let inFlight: Promise<void> = Promise.resolve();

  function flush(): void {
    scheduled = false;
    const batch = [...pending.values()];
    const settle = waiting;
    pending = new Map();
    waiting = [];
    inFlight = inFlight.then(() => putIntents(batch)).then(
      () => settle.forEach((waiter) => waiter.resolve()),
      (error: unknown) => settle.forEach((waiter) => waiter.reject(error)),
    );
  }

  return {
    write(intents: IntentRecord[]): Promise<void> {
      for (const intent of intents) pending.set(intent.id, intent);
      const written = new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 0);
      }
      return written;
    },
    /** Forgets writes not yet made of these intents, and waits for the one being made: a settlement comes after them. */
    async supersede(ids: string[]): Promise<void> {
      for (const id of ids) pending.delete(id);
      await inFlight.catch(() => undefined);
    },
  };
}

export type IntentWriter = ReturnType<typeof createIntentWriter>;

/** Writes intents and books their charges together: both are stored, or neither. */
export async function saveIntentsWithCharges(intents: IntentRecord[], charges: Omit<LedgerEntry, 'id'>[]): Promise<LedgerEntry[]> {
  const entries = charges.filter((charge) => charge.credits > 0).map((charge) => ledgerEntrySchema.parse({ ...charge, id: ledgerId(charge.at) }));
  const tx = (await getDb()).transaction(['intents', 'ledger'], 'readwrite');
  await Promise.all([
    ...intents.map((intent) => tx.objectStore('intents').put(intent)),
    ...entries.map((entry) => tx.objectStore('ledger').put(entry)),
    tx.done,
  ]);
  return entries;
}

/** Drops settled intents older than `before`. */
export async function pruneSettledIntents(before: number): Promise<number> {
  const tx = (await getDb()).transaction('intents', 'readwrite');
  let removed = 0;
  for (let cursor = await tx.store.index('byState').openCursor('settled'); cursor; cursor = await cursor.continue()) {
    if ((cursor.value.settledAt ?? 0) < before) {
      await cursor.delete();
      removed += 1;
    }
  }
  await tx.done;
  return removed;
}
