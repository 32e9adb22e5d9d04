/**
 * The Saber questions asked from Sidecar, in IndexedDB (out of content scripts' reach): at most 20 per subject
 * (company domain or profile URL), newest first, and at most `MAX_QUESTIONS` in all, the least recently read going
 * first. A record that no longer reads as a question is dropped, never thrown.
 */
import { z } from 'zod';
import { questionSignalSchema } from '../domain/saber-answer';
import { canonicalLinkedInProfileUrl, normalizeDomain } from '../domain/normalize';
import type { SaberSubject } from '../domain/saber-answer';
import { deleteWhere, getDb } from './db';

/** How many questions are kept per subject (the oldest go first). */
export const MAX_QUESTIONS_PER_SUBJECT = 20;
/** How many questions are kept in all (the least recently read go first). */
export const MAX_QUESTIONS = 2000;

export const storedQuestionSchema = z.object({
  id: z.string().min(1),
  subject: z.string().min(1),
  signal: questionSignalSchema,
  askedAt: z.number(),
  usedAt: z.number(),
  /** The Saber credits the question used, when known. */
  credits: z.number().min(0).optional(),
});
export type StoredQuestion = z.infer<typeof storedQuestionSchema>;

/** One key per subject, normalised the way the Saber client sends it, so "www.acme.com/" and "acme.com" share one. */
export function subjectKey(subject: SaberSubject): string {
  if (subject.kind === 'company') return `company:${normalizeDomain(subject.domain) ?? subject.domain.trim().toLowerCase()}`;
  return `contact:${canonicalLinkedInProfileUrl(subject.profileUrl) ?? subject.profileUrl.trim()}`;
}

/** The stored questions of one subject, newest first; unreadable entries are dropped. */
export async function getStoredQuestions(subject: SaberSubject): Promise<StoredQuestion[]> {
  const db = await getDb();
  const records = await db.getAllFromIndex('questions', 'bySubject', subjectKey(subject));
  const valid: StoredQuestion[] = [];
  for (const record of records) {
    const parsed = storedQuestionSchema.safeParse(record);
    if (parsed.success) valid.push(parsed.data);
    else await db.delete('questions', record.id).catch(() => undefined);
  }
  return valid.sort((a, b) => b.askedAt - a.askedAt);
}

/** Adds or replaces questions of one subject, keeping its newest 20 and the store's most recently read. */
export async function putStoredQuestions(subject: SaberSubject, questions: Omit<StoredQuestion, 'subject'>[]): Promise<void> {
  const key = subjectKey(subject);
  const db = await getDb();
  const tx = db.transaction('questions', 'readwrite');
  for (const question of questions) await tx.store.put(storedQuestionSchema.parse({ ...question, subject: key }));
  const mine = (await tx.store.index('bySubject').getAll(key)).sort((a, b) => b.askedAt - a.askedAt);
  for (const old of mine.slice(MAX_QUESTIONS_PER_SUBJECT)) await tx.store.delete(old.id);
  const excess = (await tx.store.count()) - MAX_QUESTIONS;
  if (excess > 0) {
    let removed = 0;
    for (let cursor = await tx.store.index('byUsedAt').openCursor(); cursor && removed < excess; cursor = await cursor.continue()) {
      await cursor.delete();
      removed += 1;
    }
  }
  await tx.done;
}

/** Drops every stored question (the key was removed, or the user erased everything). */
export async function clearSaberQuestions(): Promise<void> {
  await (await getDb()).clear('questions');
}

/** What the panel sees of a stored question (the protocol's `AskedQuestion`). */
export function toAskedQuestion(stored: StoredQuestion): { signal: StoredQuestion['signal']; askedAt: number; credits?: number } {
  return { signal: stored.signal, askedAt: stored.askedAt, ...(stored.credits !== undefined ? { credits: stored.credits } : {}) };
}

/** Retention: drops Saber questions asked before `cutoff`. */
export async function dropQuestionsBefore(cutoff: number): Promise<number> {
  return deleteWhere('questions', (record) => !(typeof record.askedAt === 'number' && record.askedAt >= cutoff));
}
