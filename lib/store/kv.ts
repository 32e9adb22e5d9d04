/**
 * Small singletons kept in the `kv` store, each defined once here with its schema: a stored value that no longer
 * fits its schema (corrupt, or written by an older version) reads as the fallback and is dropped, never thrown.
 */
import { z } from 'zod';
import { accountUsageSchema } from '../domain/credits';
import { sidecarErrorSchema } from '../domain/errors';
import { settingsSchema, type Settings } from '../domain/settings';
import { getDb } from './db';

export interface KvItem<T> {
  readonly key: string;
  get(): Promise<T>;
  set(value: T): Promise<void>;
  remove(): Promise<void>;
}

/**
 * One item of the `kv` store. The background is its only writer, so a value read once is kept for the database's
 * life (a test's fresh database starts afresh) and every write updates it.
 */
export function defineKvItem<T>(key: string, schema: z.ZodType<T>, fallback: () => T): KvItem<T> {
  const cache = new WeakMap<object, Promise<T>>();
  async function read(): Promise<T> {
    const db = await getDb();
    const record = await db.get('kv', key);
    if (!record) return fallback();
    const parsed = schema.safeParse(record.value);
    if (parsed.success) return parsed.data;
    await db.delete('kv', key).catch(() => undefined);
    return fallback();
  }
  return {
    key,
    async get() {
      const db = await getDb();
      let value = cache.get(db);
      if (!value) {
        value = read();
        cache.set(db, value);
        value.catch(() => cache.delete(db));
      }
      return value;
    },
    async set(value) {
      const db = await getDb();
      const parsed = schema.parse(value);
      await db.put('kv', { key, value: parsed });
      cache.set(db, Promise.resolve(parsed));
    },
    async remove() {
      const db = await getDb();
      await db.delete('kv', key);
      cache.set(db, Promise.resolve(fallback()));
    },
  };
}

export const settingsItem = defineKvItem<Settings>('settings', settingsSchema, () => settingsSchema.parse({}));

/** The last account usage Lusha reported (credits, rate windows, pricing). */
export const lushaUsageItem = defineKvItem('lushaUsage', accountUsageSchema.optional(), () => undefined);

/**
 * Reconciliation of Sidecar's ledger with Lusha's own count: Lusha's `credits.used` when the key was saved, and the
 * credits Lusha counted since that Sidecar did not spend (other users of the account), as last found.
 */
export const reconciliationSchema = z.object({
  baselineUsed: z.number(),
  baselineAt: z.number(),
  /** Credits Lusha counted that no spend of Sidecar explains (another user of the same account, or a lost charge). */
  unexplained: z.number().default(0),
  /** When Lusha's count was last read. */
  checkedAt: z.number().optional(),
  /** Lusha's `credits.used` at that reading. */
  providerUsed: z.number().optional(),
});
export type Reconciliation = z.infer<typeof reconciliationSchema>;
export const lushaReconciliationItem = defineKvItem('lushaReconciliation', reconciliationSchema.optional(), () => undefined);

/** One item per name, so that every caller shares its kept value. */
function itemFamily<T>(define: (name: string) => KvItem<T>): (name: string) => KvItem<T> {
  const items = new Map<string, KvItem<T>>();
  return (name) => {
    let item = items.get(name);
    if (!item) items.set(name, (item = define(name)));
    return item;
  };
}

/** Why a provider waits for the user (bad key, out of credits, account inactive): kept across worker lives. */
export const pauseItem = itemFamily((provider) => defineKvItem(`pause:${provider}`, sidecarErrorSchema.optional(), () => undefined));

/** When the last requests of a rate-limit lane left, so a restarted worker does not burst past the limit. */
export const sendTimesItem = itemFamily((lane) => defineKvItem(`sendTimes:${lane}`, z.array(z.number()), (): number[] => []));
