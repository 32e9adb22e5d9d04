/**
 * The watchlist, its events and the last check, in IndexedDB (out of content scripts' reach). Every record is read
 * through its schema; one that no longer reads is dropped, never thrown. Events are kept to `MAX_WATCH_EVENTS`, the
 * oldest going first; a watched item can be removed, its events stay until read away or pushed out.
 */
import { z } from 'zod';
import { watchCheckSchema, watchEventSchema, watchItemSchema, type WatchEvent, type WatchItem } from '../domain/watch';
import { getDb } from './db';
import { defineKvItem } from './kv';
import { listSpends, startOfDay } from './ledger';
import { getIntent } from './intents';

/** How many watched items one user may keep (a check of them all stays a few calls). */
export const MAX_WATCHES = 1000;
/** How many events are kept (the oldest go first). */
export const MAX_WATCH_EVENTS = 500;

export const lastWatchCheckItem = defineKvItem('watchCheck', watchCheckSchema.optional(), () => undefined);
/** The local day (midnight, epoch ms) the daily check last ran, so a browser start can tell a missed day. */
export const watchDayItem = defineKvItem('watchDay', z.number().optional(), () => undefined);

export function watchKeyOf(kind: WatchItem['kind'], id: string): string {
  return `${kind}:${id}`;
}

export async function listWatches(): Promise<WatchItem[]> {
  const db = await getDb();
  const valid: WatchItem[] = [];
  for (const record of await db.getAll('watches')) {
    const parsed = watchItemSchema.safeParse(record);
    if (parsed.success) valid.push(parsed.data);
    else await db.delete('watches', record.key).catch(() => undefined);
  }
  return valid.sort((a, b) => b.watchedAt - a.watchedAt);
}

export async function getWatch(key: string): Promise<WatchItem | undefined> {
  const record = await (await getDb()).get('watches', key);
  const parsed = watchItemSchema.safeParse(record);
  return parsed.success ? parsed.data : undefined;
}

export async function putWatches(items: WatchItem[]): Promise<void> {
  const db = await getDb();
  const tx = db.transaction('watches', 'readwrite');
  for (const item of items) await tx.store.put(watchItemSchema.parse(item));
  await tx.done;
}

export async function removeWatch(key: string): Promise<void> {
  await (await getDb()).delete('watches', key);
}

export async function countWatches(): Promise<number> {
  return (await getDb()).count('watches');
}

/** Events newest first; unreadable ones dropped. */
export async function listWatchEvents(): Promise<WatchEvent[]> {
  const db = await getDb();
  const valid: WatchEvent[] = [];
  for (const record of await db.getAllFromIndex('watchEvents', 'byAt')) {
    const parsed = watchEventSchema.safeParse(record);
    if (parsed.success) valid.push(parsed.data);
    else await db.delete('watchEvents', record.id).catch(() => undefined);
  }
  return valid.reverse();
}

/** Adds the events not already kept (same id: seen before); returns those that are new. */
export async function addWatchEvents(events: WatchEvent[]): Promise<WatchEvent[]> {
  const db = await getDb();
  const tx = db.transaction('watchEvents', 'readwrite');
  const added: WatchEvent[] = [];
  for (const event of events) {
    if (await tx.store.get(event.id)) continue;
    await tx.store.put(watchEventSchema.parse(event));
    added.push(event);
  }
  const excess = (await tx.store.count()) - MAX_WATCH_EVENTS;
  if (excess > 0) {
    let removed = 0;
    for (let cursor = await tx.store.index('byAt').openCursor(); cursor && removed < excess; cursor = await cursor.continue()) {
      await cursor.delete();
      removed += 1;
    }
  }
  await tx.done;
  return added;
}

/** Marks events read (all of them without ids); returns how many are still unread. */
export async function markWatchEventsRead(ids?: string[]): Promise<number> {
  const db = await getDb();
  const tx = db.transaction('watchEvents', 'readwrite');
  let unread = 0;
  for (const record of await tx.store.getAll()) {
    const parsed = watchEventSchema.safeParse(record);
    if (!parsed.success) continue;
    if (!parsed.data.read && (!ids || ids.includes(parsed.data.id))) await tx.store.put({ ...parsed.data, read: true });
    else if (!parsed.data.read) unread += 1;
  }
  await tx.done;
  return unread;
}

export async function unreadWatchEvents(): Promise<number> {
  return (await listWatchEvents()).filter((event) => !event.read).length;
}

/** Drops events older than `cutoff` (retention days); the watchlist itself stays (it is the user's choice). */
export async function dropWatchEventsBefore(cutoff: number): Promise<void> {
  const tx = (await getDb()).transaction('watchEvents', 'readwrite');
  for (let cursor = await tx.store.index('byAt').openCursor(IDBKeyRange.upperBound(cutoff, true)); cursor; cursor = await cursor.continue()) {
    await cursor.delete();
  }
  await tx.done;
}

export async function clearWatchData(): Promise<void> {
  const db = await getDb();
  await Promise.all([db.clear('watches'), db.clear('watchEvents')]);
  await lastWatchCheckItem.remove();
}

/** Credits of both pools booked today for watch intents (the watch budget's count), from the ledger. */
export async function watchSpentToday(now: number): Promise<number> {
  let total = 0;
  const origins = new Map<string, string | undefined>();
  for (const entry of await listSpends(startOfDay(now))) {
    if (!entry.intentId) continue;
    if (!origins.has(entry.intentId)) origins.set(entry.intentId, (await getIntent(entry.intentId))?.origin);
    if (origins.get(entry.intentId) === 'watch') total += entry.credits;
  }
  return total;
}
