/**
 * Saber in the background: its balance, and questions about a company or a person. Asking is a paid intent through
 * the engine (priced at the most a question costs); following a question that is still processing, the balance and
 * the saved templates are free reads through Saber's read lane.
 */
import { SidecarError, type SidecarErrorData, errorDataOf } from '../../domain/errors';
import type { AnswerType, QuestionSignal, QuestionTemplate } from '../../domain/saber-answer';
import type { Engine } from '../../engine/engine';
import type { KeyStatus } from '../../messaging/protocol';
import type { AskedQuestion, SaberSubject } from '../../messaging/insights';
import type { SaberClient } from '../../providers/saber';
import { getStoredQuestions, putStoredQuestions, toAskedQuestion, type StoredQuestion } from '../../store/saber-questions';
import { getApiKey, keyStatusOf } from '../../store/secrets';
import { SABER_CREDITS_PER_QUESTION_MAX, SABER_QUESTION, SABER_READ_LANE, type QuestionArgs } from './operations';

/** Saved templates change rarely: list them at most this often. */
export const SABER_TEMPLATES_TTL_MS = 10 * 60_000;

export interface AskSaberInput {
  subject: SaberSubject;
  question?: string;
  templateId?: string;
  answerType: AnswerType;
  confirmedCredits?: number;
  intentId?: string;
}

export interface SaberDeps {
  engine: Engine;
  createClient(apiKey: string): SaberClient;
  now(): number;
}

export function createSaberService(deps: SaberDeps) {
  const { engine, now } = deps;
  let lastBalance: { remaining: number; at: number } | undefined;
  let templateCache: { key: string; at: number; items: QuestionTemplate[] } | undefined;

  /** The client for the stored key (throws `missing-key` without one). */
  async function client(): Promise<SaberClient> {
    const secret = await getApiKey('saber');
    if (!secret) throw new SidecarError({ kind: 'missing-key', message: 'Add your Saber API key in Sidecar’s options to ask Saber.' });
    return deps.createClient(secret.key);
  }

  /** Saber's balance now (free), through the read lane. */
  async function balance(saber: SaberClient): Promise<number> {
    const remaining = (await engine.freeCall(SABER_READ_LANE, () => saber.getCredits())).data.remainingCredits;
    lastBalance = { remaining, at: now() };
    return remaining;
  }

  /** The Saber balance for the popup: at most once a minute unless asked to refresh. */
  async function credits(refresh: boolean): Promise<{ key: KeyStatus; remaining?: number; error?: SidecarErrorData }> {
    const secret = await getApiKey('saber');
    if (!secret) return { key: { configured: false } };
    const key = keyStatusOf(secret);
    try {
      const fresh = lastBalance && now() - lastBalance.at < (refresh ? 15_000 : 60_000) ? lastBalance.remaining : await balance(deps.createClient(secret.key));
      return { key, remaining: fresh };
    } catch (error) {
      return { key, remaining: lastBalance?.remaining, error: errorDataOf(error, 'Could not read your Saber credits.') };
    }
  }

  /** The key changed or was removed: what was cached with it goes. */
  function forgetKey(): void {
    lastBalance = undefined;
    templateCache = undefined;
  }

  /** Asks Saber about a company or a person: created now (paid once), answered later (polled for free). */
  async function ask(input: AskSaberInput): Promise<AskedQuestion> {
    await client();
    const question = input.question?.trim() || undefined;
    const templateId = input.templateId?.trim() || undefined;
    if (!question && !templateId) throw new SidecarError({ kind: 'validation', message: 'Type a question for Saber, or pick a saved one.' });
    if (question && (question.length < 3 || question.length > 500)) {
      throw new SidecarError({ kind: 'validation', message: 'A question for Saber has 3 to 500 characters.' });
    }
    const args: QuestionArgs = { subject: input.subject, answerType: input.answerType, ...(question ? { question } : {}), ...(templateId ? { templateId } : {}) };
    const settled = await engine.submitOne<QuestionArgs, QuestionSignal>(
      SABER_QUESTION,
      { args, price: SABER_CREDITS_PER_QUESTION_MAX, id: input.intentId },
      { origin: 'click', confirmedCredits: input.confirmedCredits, what: 'Asking Saber' },
    );
    // A click asking again with its intent id (its answer was lost) gets no value back, only the intent: its question
    // is the one stored when that intent was sent (operations.ts keys `askedAt` so), not the subject's newest one.
    const askedAt = settled.intent.sentAt ?? settled.intent.createdAt;
    const kept = await getStoredQuestions(input.subject);
    const stored = settled.value ? kept.find((candidate) => candidate.signal.id === settled.value?.id) : kept.find((candidate) => candidate.askedAt === askedAt);
    if (stored) return toAskedQuestion(stored);
    if (settled.value) return { signal: settled.value, askedAt: now(), credits: settled.intent.charged };
    throw new SidecarError({ kind: 'internal', message: 'Sidecar could not keep Saber’s answer. Try again.' });
  }

  /** Polls of a question in flight, by its id: lists asked for at once (two panels, a re-render) share one poll. */
  const polling = new Map<string, Promise<StoredQuestion>>();

  /**
   * Polls one processing question (free); a failed poll leaves it as it was. Simultaneous callers share the poll in
   * flight (the old service did; without it every open panel sent its own read of the same question).
   */
  function refresh(saber: SaberClient, subject: SaberSubject, stored: StoredQuestion): Promise<StoredQuestion> {
    const running = polling.get(stored.id);
    if (running) return running;
    const poll = pollOnce(saber, subject, stored).finally(() => polling.delete(stored.id));
    polling.set(stored.id, poll);
    return poll;
  }

  async function pollOnce(saber: SaberClient, subject: SaberSubject, stored: StoredQuestion): Promise<StoredQuestion> {
    try {
      const read = subject.kind === 'company' ? () => saber.getCompanySignal(stored.id) : () => saber.getContactSignal(stored.id);
      const signal = (await engine.freeCall(SABER_READ_LANE, read)).data;
      if (signal.status === 'processing') return stored;
      const updated = { ...stored, signal, usedAt: now() };
      await putStoredQuestions(subject, [updated]);
      return updated;
    } catch {
      return stored;
    }
  }

  /** The questions asked about a subject, newest first; those still processing are checked again (free). */
  async function questions(subject: SaberSubject): Promise<AskedQuestion[]> {
    const stored = await getStoredQuestions(subject);
    if (!stored.some((question) => question.signal.status === 'processing')) return stored.map(toAskedQuestion);
    const secret = await getApiKey('saber');
    if (!secret) return stored.map(toAskedQuestion);
    const saber = deps.createClient(secret.key);
    const fresh = await Promise.all(stored.map((question) => (question.signal.status === 'processing' ? refresh(saber, subject, question) : question)));
    return fresh.map(toAskedQuestion);
  }

  /** The account's saved question templates (free): listed at most every 10 minutes, none without a key. */
  async function templates(): Promise<QuestionTemplate[]> {
    const secret = await getApiKey('saber');
    if (!secret) return [];
    if (templateCache && templateCache.key === secret.key && now() - templateCache.at < SABER_TEMPLATES_TTL_MS) return templateCache.items;
    const saber = deps.createClient(secret.key);
    const page = await engine.freeCall(SABER_READ_LANE, () => saber.listSignalTemplates({ limit: 50 }));
    templateCache = { key: secret.key, at: now(), items: page.data.items };
    return page.data.items;
  }

  return { client, balance, credits, forgetKey, ask, questions, templates };
}

export type SaberService = ReturnType<typeof createSaberService>;
