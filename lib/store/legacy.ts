/**
 * Before version 7, settings, the last account usage, the reconciliation baseline, queued paid work and Saber answers
 * lived in `storage.local`, where content scripts can read and write. This moves what can be kept into IndexedDB and
 * removes every one of those keys. Queued work from then is dropped, never sent: its callers were told long ago.
 */
import { browser } from '#imports';
import { z } from 'zod';
import { accountUsageSchema } from '../domain/credits';
import { settingsSchema } from '../domain/settings';
import { questionSignalSchema } from '../domain/saber-answer';
import { getDb } from './db';
import { lushaReconciliationItem, lushaUsageItem, settingsItem } from './kv';

const LEGACY_KEYS = ['settings', 'lushaUsage', 'lushaBaseline', 'pendingWork'];
const QUESTIONS_PREFIX = 'saberQuestions:';

const legacyQuestionSchema = z.object({ signal: questionSignalSchema, askedAt: z.number(), credits: z.number().min(0).optional() });

export async function migrateLegacyStorage(): Promise<void> {
  const all = await browser.storage.local.get(null);
  const keys = Object.keys(all).filter((key) => LEGACY_KEYS.includes(key) || key.startsWith(QUESTIONS_PREFIX));
  if (keys.length === 0) return;
  const settings = settingsSchema.safeParse(all.settings ?? {});
  if (settings.success && all.settings !== undefined) await settingsItem.set(settings.data);
  const usage = accountUsageSchema.safeParse(all.lushaUsage);
  if (usage.success) await lushaUsageItem.set(usage.data);
  const baseline = z.object({ used: z.number(), at: z.number() }).safeParse(all.lushaBaseline);
  if (baseline.success) await lushaReconciliationItem.set({ baselineUsed: baseline.data.used, baselineAt: baseline.data.at, unexplained: 0 });
  const db = await getDb();
  for (const key of keys.filter((candidate) => candidate.startsWith(QUESTIONS_PREFIX))) {
    const subject = key.slice(QUESTIONS_PREFIX.length);
    const list = z.array(z.unknown()).safeParse(all[key]);
    for (const entry of list.success ? list.data : []) {
      const question = legacyQuestionSchema.safeParse(entry);
      if (!question.success) continue;
      const { signal, askedAt, credits } = question.data;
      await db.put('questions', { id: signal.id, subject, signal, askedAt, usedAt: askedAt, ...(credits === undefined ? {} : { credits }) });
    }
  }
  await browser.storage.local.remove(keys);
}
