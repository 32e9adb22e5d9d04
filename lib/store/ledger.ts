/** The credit ledger: every spend Sidecar made, reconciled with the provider's `billing.creditsCharged`. */
import { ledgerEntrySchema, type LedgerEntry } from '../domain/credits';
import { getDb } from './db';

let counter = 0;

/** A ledger entry's id: unique, and sorting by time. */
export function ledgerId(at: number): string {
  return `${at}-${(counter += 1)}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function recordSpend(entry: Omit<LedgerEntry, 'id'>): Promise<LedgerEntry> {
  const full = ledgerEntrySchema.parse({ ...entry, id: ledgerId(entry.at) });
  await (await getDb()).put('ledger', full);
  return full;
}

/** Spends from `since` (epoch ms) on. An entry that no longer reads as one is left out (and kept, for support). */
export async function listSpends(since = 0): Promise<LedgerEntry[]> {
  const records = await (await getDb()).getAllFromIndex('ledger', 'byAt', IDBKeyRange.lowerBound(since));
  return records.flatMap((record) => {
    const parsed = ledgerEntrySchema.safeParse(record);
    return parsed.success ? [parsed.data] : [];
  });
}

/** One provider's credits booked from `since` on. */
export async function ledgerTotal(provider: LedgerEntry['provider'], since = 0): Promise<number> {
  return (await listSpends(since)).reduce((sum, entry) => sum + (entry.provider === provider ? entry.credits : 0), 0);
}

/** Whether a reveal of this datum is already in the ledger. */
export async function isRevealBooked(entityId: string, field: string): Promise<boolean> {
  const db = await getDb();
  const entries = await db.getAllFromIndex('ledger', 'byEntity', entityId);
  return entries.some((entry) => entry.action === 'reveal' && entry.field === field && entry.credits > 0);
}

/** Local midnight of the day `now` falls in. */
export function startOfDay(now = Date.now()): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/** Credits spent on each of the last `days` local days, oldest first (today last). */
export async function spentByDay(days = 7, now = Date.now()): Promise<{ day: number; credits: number }[]> {
  const starts: number[] = [];
  for (let back = days - 1; back >= 0; back -= 1) {
    const day = new Date(startOfDay(now));
    day.setDate(day.getDate() - back);
    starts.push(day.getTime());
  }
  const totals = starts.map((day) => ({ day, credits: 0 }));
  for (const entry of await listSpends(starts[0])) {
    if (entry.provider !== 'lusha') continue;
    let index = totals.length - 1;
    while (index > 0 && entry.at < totals[index]!.day) index -= 1;
    totals[index]!.credits += entry.credits;
  }
  return totals;
}

export async function spentToday(now = Date.now()): Promise<{ total: number; byAction: Record<string, number> }> {
  const byAction: Record<string, number> = {};
  let total = 0;
  for (const entry of await listSpends(startOfDay(now))) {
    if (entry.provider !== 'lusha') continue; // Saber credits are another pool: not counted against the Lusha cap
    total += entry.credits;
    byAction[entry.action] = (byAction[entry.action] ?? 0) + entry.credits;
  }
  return { total, byAction };
}

/** Saber credits booked today (questions); kept apart from Lusha's credits and the daily cap. */
export async function saberSpentToday(now = Date.now()): Promise<number> {
  return (await listSpends(startOfDay(now))).reduce((sum, entry) => sum + (entry.provider === 'saber' ? entry.credits : 0), 0);
}
