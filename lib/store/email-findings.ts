/**
 * What the email waterfall learnt about one person, kept (it was paid for): Saber's finding with its credits, and the
 * steps of the last waterfall as the panel shows them. In the `kv` store under `emailFinding:<contact id>`, read
 * through its schema (a record that no longer reads is dropped).
 */
import { z } from 'zod';
import { emailFindingSchema } from '../domain/saber-prospect';
import { waterfallStepSchema } from '../domain/watch';
import { getDb } from './db';
import { defineKvItem } from './kv';

export const emailFindingRecordSchema = z.object({
  /** Saber's answer, when Saber was asked. */
  finding: emailFindingSchema.optional(),
  at: z.number(),
  /** The Saber credits the finding used, when known. */
  credits: z.number().min(0).optional(),
  /** The last waterfall's steps, in order. */
  steps: z.array(waterfallStepSchema).default([]),
});
export type EmailFindingRecord = z.infer<typeof emailFindingRecordSchema>;

export function emailFindingItem(contactId: string) {
  return defineKvItem(`emailFinding:${contactId}`, emailFindingRecordSchema.optional(), () => undefined);
}

const PREFIX = 'emailFinding:';

/** Drops every email finding (erase everything), or those made before `cutoff` (retention days). */
export async function dropEmailFindings(cutoff = Infinity): Promise<void> {
  const tx = (await getDb()).transaction('kv', 'readwrite');
  for (let cursor = await tx.store.openCursor(IDBKeyRange.bound(PREFIX, `${PREFIX}\uffff`)); cursor; cursor = await cursor.continue()) {
    const parsed = emailFindingRecordSchema.safeParse(cursor.value.value);
    if (!parsed.success || parsed.data.at < cutoff) await cursor.delete();
  }
  await tx.done;
}

/** Forgets what the waterfall found about one person (their erase). */
export async function eraseEmailFinding(contactId: string): Promise<void> {
  await emailFindingItem(contactId).remove();
}
