/**
 * Saber in the background: the key (checked against Saber's credits endpoint before it is stored), the credit
 * balance, and questions about a company or a person, every call through a queue that keeps to Saber's documented
 * write and read limits.
 */
import type { CreditBalance } from '../domain/saber-prospect';
import { SidecarError, type SidecarErrorData } from '../domain/errors';
import type { KeyStatus } from '../messaging/protocol';
import type { AskedQuestion, SaberSubject } from '../messaging/insights';
import type { AnswerType, QuestionSignal, QuestionTemplate } from '../domain/saber-answer';
import type { SaberClient } from '../providers/saber';
import { createCallQueue } from '../scheduler/call-queue';
import { TokenBucket } from '../scheduler/rate-limiter';
import { recordSpend } from '../store/ledger';
import { clearSaberQuestions, getStoredQuestions, putStoredQuestions, toAskedQuestion, type StoredQuestion } from '../store/saber-questions';
import { getApiKey, keyHint, setApiKey } from '../store/secrets';
import { checkSpend } from './spend-guard';

export interface AskSaberInput {
  subject: SaberSubject;
  question?: string;
  templateId?: string;
  answerType: AnswerType;
  confirmedCredits?: number;
}

/**
 * What one question may cost. Saber's sources disagree (1 or 2 credits a signal, docs/providers.md §2.6), so the
 * confirmation asks for the upper bound, and the ledger books what the balance shows was used (2 when it cannot tell).
 */
export const SABER_CREDITS_PER_QUESTION_MAX = 2;
/** How long a question waits on Saber's side before the panel is told it is still processing (and polls). */
export const SABER_ASK_WAIT_SECONDS = 20;
/** Saved templates change rarely: list them at most this often. */
export const SABER_TEMPLATES_TTL_MS = 10 * 60_000;
/** A question still unanswered after this long no longer stops the next ones from being measured. */
const OPEN_QUESTION_MAX_AGE_MS = 30 * 60_000;
/** Failures after which a question may have been created (and charged): sent again, it could be paid twice. */
const UNSAFE_TO_RETRY = new Set(['server', 'timeout', 'network']);

/** Saber's documented limits per key: writes 2,000/min with bursts of 400; reads 100,000/min with bursts of 10,000. */
export const SABER_LIMITS = {
  write: { capacity: 400, refill: 2000, perMs: 60_000 },
  read: { capacity: 10_000, refill: 100_000, perMs: 60_000 },
} as const;

export interface SaberServiceDeps {
  createClient(apiKey: string): SaberClient;
  now?: () => number;
  /** Told when a question's credits were booked. */
  onChange?: (event: 'creditsChanged') => void;
}

export type SaberService = ReturnType<typeof createSaberService>;

export function createSaberService(deps: SaberServiceDeps) {
  const now = deps.now ?? Date.now;
  const queue = createCallQueue({ limiters: { write: new TokenBucket(SABER_LIMITS.write), read: new TokenBucket(SABER_LIMITS.read) }, now });
  let balance: CreditBalance | undefined;
  /** This worker's life: a balance measured across a restart cannot rule out questions the previous life sent. */
  const life = `${now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  let askSeq = 0;
  let sending = 0;
  /** Questions of this life still processing (by signal id → askedAt): their charge may land in anyone's measurement. */
  const open = new Map<string, number>();
  /** One settlement per question, however many polls ask for it at once. */
  const settling = new Map<string, Promise<StoredQuestion>>();
  let templateCache: { key: string; at: number; items: QuestionTemplate[] } | undefined;
  let storeChain: Promise<unknown> = Promise.resolve();

  async function readCredits(client: SaberClient): Promise<CreditBalance> {
    balance = (await queue.run('read', () => client.getCredits())).data;
    return balance;
  }

  /** Checks a key with Saber (reading credits costs none) and stores it only if Saber accepts it. */
  async function saveKey(rawKey: string): Promise<{ key: KeyStatus; saberCredits: number }> {
    const key = rawKey.trim();
    if (!/^sk_(live|test)_[A-Za-z0-9_-]{8,}$/.test(key)) {
      throw new SidecarError({ kind: 'bad-key', message: 'That does not look like a Saber API key: they start with “sk_live_” or “sk_test_”.' });
    }
    queue.resume();
    templateCache = undefined;
    const credits = await readCredits(deps.createClient(key));
    const record = await setApiKey('saber', key, now());
    return { key: { configured: true, hint: keyHint(key), savedAt: record.savedAt }, saberCredits: credits.remainingCredits };
  }

  /** The Saber balance for the popup: at most once a minute unless asked to refresh. */
  async function credits(refresh: boolean): Promise<{ key: KeyStatus; remaining?: number; error?: SidecarErrorData }> {
    const secret = await getApiKey('saber');
    if (!secret) return { key: { configured: false } };
    const key = { configured: true, hint: keyHint(secret.key), savedAt: secret.savedAt };
    try {
      const fresh = balance && now() - balance.fetchedAt < (refresh ? 15_000 : 60_000) ? balance : await readCredits(deps.createClient(secret.key));
      return { key, remaining: fresh.remainingCredits };
    } catch (error) {
      return { key, remaining: balance?.remainingCredits, error: SidecarError.is(error) ? error.data : { kind: 'internal', message: 'Could not read your Saber credits.' } };
    }
  }

  /** The user removed the key: nothing more is sent with it, and what was asked with it is dropped. */
  async function forgetKey(): Promise<void> {
    balance = undefined;
    templateCache = undefined;
    open.clear();
    queue.resume();
    await withStore(() => clearSaberQuestions());
  }

  // ---- Questions

  /** Store updates one at a time: each is a read-modify-write of a subject's list. */
  function withStore<T>(work: () => Promise<T>): Promise<T> {
    const next = storeChain.then(work, work);
    storeChain = next.catch(() => undefined);
    return next;
  }

  async function requireKey(): Promise<string> {
    const secret = await getApiKey('saber');
    if (!secret) throw new SidecarError({ kind: 'missing-key', message: 'Add your Saber API key in Sidecar’s options to ask Saber.' });
    return secret.key;
  }

  function othersOpen(): boolean {
    const cutoff = now() - OPEN_QUESTION_MAX_AGE_MS;
    for (const [id, at] of open) if (at < cutoff) open.delete(id);
    return open.size > 0;
  }

  /** A paid call sent once: the queue may retry a 429 (nothing was created) but not a failure after which it may have been. */
  async function sendOnce(call: () => Promise<{ data: QuestionSignal; status: number }>) {
    const outcome = await queue.run('write', async () => {
      try {
        return { ok: true as const, result: await call() };
      } catch (error) {
        if (SidecarError.is(error) && UNSAFE_TO_RETRY.has(error.kind)) return { ok: false as const, error };
        throw error;
      }
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  /**
   * Books a question that reached an end state: what the balance shows it used when it was the only question since
   * the balance was read before it, else the most a question costs. Reading the balance also refreshes the cache.
   */
  async function settle(client: SaberClient, stored: StoredQuestion): Promise<StoredQuestion> {
    let after: number | undefined;
    try {
      after = (await readCredits(client)).remainingCredits;
    } catch {
      balance = undefined; // the next popup asks Saber again rather than show a balance we know is old
    }
    open.delete(stored.signal.id);
    const measurable =
      stored.balanceBefore !== undefined && after !== undefined && stored.solo === true && stored.life === life && stored.askSeq === askSeq;
    const credits = measurable ? Math.max(0, stored.balanceBefore! - after!) : SABER_CREDITS_PER_QUESTION_MAX;
    if (credits > 0) {
      await recordSpend({ provider: 'saber', action: 'question', entityId: stored.signal.id, credits, at: now() });
      deps.onChange?.('creditsChanged');
    }
    return { ...stored, credits };
  }

  /** Asks Saber about a company or a person and waits up to 20 s for the answer; a slower one comes back processing. */
  async function ask(input: AskSaberInput): Promise<AskedQuestion> {
    const key = await requireKey();
    const question = input.question?.trim() || undefined;
    const templateId = input.templateId?.trim() || undefined;
    if (!question && !templateId) throw new SidecarError({ kind: 'validation', message: 'Type a question for Saber, or pick a saved one.' });
    if (question && (question.length < 3 || question.length > 500)) {
      throw new SidecarError({ kind: 'validation', message: 'A question for Saber has 3 to 500 characters.' });
    }
    await checkSpend({ cost: SABER_CREDITS_PER_QUESTION_MAX, confirmedCredits: input.confirmedCredits, what: 'Asking Saber', pool: 'saber', now: now() });
    const client = deps.createClient(key);

    const solo = sending === 0 && !othersOpen();
    const seq = (askSeq += 1);
    sending += 1;
    let signal: QuestionSignal;
    let balanceBefore: number | undefined;
    try {
      balanceBefore = await readCredits(client).then((credits) => credits.remainingCredits, () => undefined);
      const options = { question, signalTemplateId: templateId, answerType: input.answerType };
      const wait = { waitSeconds: SABER_ASK_WAIT_SECONDS };
      const { subject } = input;
      const result =
        subject.kind === 'company'
          ? await sendOnce(() => client.createCompanySignalAndWait({ ...options, domain: subject.domain }, wait))
          : await sendOnce(() => client.createContactSignalAndWait({ ...options, contactProfileUrl: subject.profileUrl }, wait));
      signal = result.data;
      if (signal.status === 'processing') open.set(signal.id, now());
    } finally {
      sending -= 1;
    }

    let stored: StoredQuestion = { signal, askedAt: now(), balanceBefore, askSeq: seq, solo, life };
    if (signal.status !== 'processing') stored = await settle(client, stored);
    await withStore(() => putStoredQuestions(input.subject, [stored]));
    return toAskedQuestion(stored);
  }

  /** Polls one processing question (free) and settles it once it is answered; a failed poll leaves it as it was. */
  function refresh(client: SaberClient, subject: SaberSubject, stored: StoredQuestion): Promise<StoredQuestion> {
    const id = stored.signal.id;
    const running = settling.get(id);
    if (running) return running;
    const work = (async () => {
      let signal: QuestionSignal;
      try {
        const read = subject.kind === 'company' ? () => client.getCompanySignal(id) : () => client.getContactSignal(id);
        signal = (await queue.run('read', read)).data;
      } catch {
        return stored;
      }
      if (signal.status === 'processing') return stored;
      // Another poll may have settled it while this one was reading: book once.
      const current = (await getStoredQuestions(subject)).find((question) => question.signal.id === id);
      if (current && current.signal.status !== 'processing') return current;
      const settled = await settle(client, { ...stored, signal });
      await withStore(() => putStoredQuestions(subject, [settled]));
      return settled;
    })().finally(() => settling.delete(id));
    settling.set(id, work);
    return work;
  }

  /** The questions asked about a subject, newest first; those still processing are checked again (free). */
  async function questions(subject: SaberSubject): Promise<AskedQuestion[]> {
    const stored = await getStoredQuestions(subject);
    if (!stored.some((question) => question.signal.status === 'processing')) return stored.map(toAskedQuestion);
    const secret = await getApiKey('saber');
    if (!secret) return stored.map(toAskedQuestion);
    const client = deps.createClient(secret.key);
    const fresh = await Promise.all(stored.map((question) => (question.signal.status === 'processing' ? refresh(client, subject, question) : question)));
    return fresh.map(toAskedQuestion);
  }

  /** The account's saved question templates (free): listed at most every 10 minutes, none without a key. */
  async function templates(): Promise<QuestionTemplate[]> {
    const secret = await getApiKey('saber');
    if (!secret) return [];
    if (templateCache && templateCache.key === secret.key && now() - templateCache.at < SABER_TEMPLATES_TTL_MS) return templateCache.items;
    const client = deps.createClient(secret.key);
    const page = await queue.run('read', () => client.listSignalTemplates({ limit: 50 }));
    templateCache = { key: secret.key, at: now(), items: page.data.items };
    return page.data.items;
  }

  return { saveKey, credits, forgetKey, queue, ask, questions, templates };
}
