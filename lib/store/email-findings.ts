/**
 * What the email waterfall learnt about one person, kept (it was paid for): Saber's finding with its credits, and the
 * steps of the last waterfall as the panel shows them. In the `kv` store under `emailFinding:<contact id>`, read
 * through its schema (a record that no longer reads is dropped).
 */
import { z } from 'zod';
import { emailFindingSchema } from '../domain/saber-prospect';
import { waterfallStepSchema } from '../domain/watch';
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
