/**
 * Saber in the background: the key (checked against Saber's credits endpoint before it is stored) and the credit
 * balance, every call through a queue that keeps to Saber's documented write and read limits.
 */
import type { CreditBalance } from '../domain/saber-prospect';
import { SidecarError, type SidecarErrorData } from '../domain/errors';
import type { KeyStatus } from '../messaging/protocol';
import type { AskedQuestion, SaberSubject } from '../messaging/insights';
import type { AnswerType, QuestionTemplate } from '../domain/saber-answer';

export interface AskSaberInput {
  subject: SaberSubject;
  question?: string;
  templateId?: string;
  answerType: AnswerType;
  confirmedCredits?: number;
}
import type { SaberClient } from '../providers/saber';
import { createCallQueue } from '../scheduler/call-queue';
import { TokenBucket } from '../scheduler/rate-limiter';
import { getApiKey, keyHint, setApiKey } from '../store/secrets';

/** Saber's documented limits per key: writes 2,000/min with bursts of 400; reads 100,000/min with bursts of 10,000. */
export const SABER_LIMITS = {
  write: { capacity: 400, refill: 2000, perMs: 60_000 },
  read: { capacity: 10_000, refill: 100_000, perMs: 60_000 },
} as const;

export interface SaberServiceDeps {
  createClient(apiKey: string): SaberClient;
  now?: () => number;
}

export type SaberService = ReturnType<typeof createSaberService>;

export function createSaberService(deps: SaberServiceDeps) {
  const now = deps.now ?? Date.now;
  const queue = createCallQueue({ limiters: { write: new TokenBucket(SABER_LIMITS.write), read: new TokenBucket(SABER_LIMITS.read) }, now });
  let balance: CreditBalance | undefined;

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

  function forgetKey(): void {
    balance = undefined;
    queue.resume();
  }

  // ---- Questions. TODO(helper): implement.
  async function ask(input: AskSaberInput): Promise<AskedQuestion> {
    void input;
    throw new Error('not implemented');
  }
  async function questions(subject: SaberSubject): Promise<AskedQuestion[]> {
    void subject;
    throw new Error('not implemented');
  }
  async function templates(): Promise<QuestionTemplate[]> {
    throw new Error('not implemented');
  }

  return { saveKey, credits, forgetKey, queue, ask, questions, templates };
}
