/**
 * The Saber questions asked from Sidecar, one `storage.local` entry per subject (company domain or profile URL),
 * newest first and at most 20 each. Kept out of IndexedDB on purpose: a handful of small records per subject does
 * not need a schema version of its own.
 */
import { browser } from '#imports';
import { z } from 'zod';
import { askedQuestionSchema, type AskedQuestion, type SaberSubject } from '../messaging/insights';
import { normalizeDomain, normalizeProfileUrl } from '../providers/saber';

/** How many questions are kept per subject (the oldest go first). */
export const MAX_QUESTIONS_PER_SUBJECT = 20;
const PREFIX = 'saberQuestions:';

/** What is kept of one question: what the panel sees, plus what booking its credits needs once it completes. */
export const storedQuestionSchema = askedQuestionSchema.extend({
  /** Saber's balance read just before the question was sent; absent when that read failed. */
  balanceBefore: z.number().optional(),
  /** The number of the ask (counted per worker life) and whether no other question was in flight when it went. */
  askSeq: z.number().optional(),
  solo: z.boolean().optional(),
  /** The worker life it was asked in: a measurement across a restart cannot rule out other questions. */
  life: z.string().optional(),
});
export type StoredQuestion = z.infer<typeof storedQuestionSchema>;

/** One key per subject, normalised the way the Saber client sends it, so "www.acme.com/" and "acme.com" share one. */
export function subjectKey(subject: SaberSubject): string {
  if (subject.kind === 'company') return `${PREFIX}company:${normalizeDomain(subject.domain) ?? subject.domain.trim().toLowerCase()}`;
  return `${PREFIX}contact:${normalizeProfileUrl(subject.profileUrl) ?? subject.profileUrl.trim()}`;
}

/** The stored questions of one subject, newest first; unreadable entries are dropped rather than failing the list. */
export async function getStoredQuestions(subject: SaberSubject): Promise<StoredQuestion[]> {
  const key = subjectKey(subject);
  const raw: unknown = (await browser.storage.local.get(key))[key];
  if (!Array.isArray(raw)) return [];
  return raw
    .map((entry) => storedQuestionSchema.safeParse(entry))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .sort((a, b) => b.askedAt - a.askedAt);
}

/** Adds or replaces (by signal id) questions of one subject, keeping the newest 20. */
export async function putStoredQuestions(subject: SaberSubject, questions: StoredQuestion[]): Promise<void> {
  const ids = new Set(questions.map((question) => question.signal.id));
  const kept = (await getStoredQuestions(subject)).filter((question) => !ids.has(question.signal.id));
  const next = [...questions, ...kept].sort((a, b) => b.askedAt - a.askedAt).slice(0, MAX_QUESTIONS_PER_SUBJECT);
  await browser.storage.local.set({ [subjectKey(subject)]: next });
}

/** Drops every stored question (the key was removed, or the user erased everything). */
export async function clearSaberQuestions(): Promise<void> {
  const keys = Object.keys(await browser.storage.local.get(null)).filter((key) => key.startsWith(PREFIX));
  if (keys.length > 0) await browser.storage.local.remove(keys);
}

/** What the panel sees of a stored question. */
export function toAskedQuestion(stored: StoredQuestion): AskedQuestion {
  return { signal: stored.signal, askedAt: stored.askedAt, ...(stored.credits !== undefined ? { credits: stored.credits } : {}) };
}
