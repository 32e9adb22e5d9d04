/**
 * The lookup service: what the panel asks for, answered from the store when possible, else through the request
 * engine. Every spend is checked against the user's threshold and daily cap before it is queued, and booked in the
 * ledger when the provider reports it.
 */
import type { RevealedData, RevealField } from '../domain/contact';
import type { AccountUsage, LedgerEntry } from '../domain/credits';
import { SidecarError } from '../domain/errors';
import type { Lookup } from '../domain/page-context';
import type { ContactView, CreditsView } from '../messaging/protocol';
import type { BulkJob } from '../messaging/insights';
import type { LushaClient } from '../providers/lusha';
import { createCallQueue } from '../scheduler/call-queue';
import { createEngine, type EngineOptions, type EngineSink } from '../scheduler/engine';
import { SlidingWindowLimiter } from '../scheduler/rate-limiter';
import { createMemoryWorkStore, type Priority, type WorkStore } from '../scheduler/work-store';
import {
  evictPreviews,
  getPreview,
  getPreviewByContactId,
  getRevealed,
  markPreviewsBlocked,
  markPreviewsRevealed,
  mergeRevealed,
  putPreviews,
  touchPreviews,
} from '../store/contacts';
import { isRevealBooked, listSpends, recordSpend, spentByDay, spentToday } from '../store/ledger';
import { recordView } from '../store/history';
import { getApiKey, keyHint, setApiKey } from '../store/secrets';
import { getCachedUsage, getSettings, getUsageBaseline, setCachedUsage, setUsageBaseline } from './state';
import { lookupKey, toContactSearchItem } from '../scheduler/lookup-keys';
import { checkSpend } from './spend-guard';

/** Account usage is limited to 5 requests a minute: never ask more often than this. */
export const USAGE_MIN_INTERVAL_MS = 15_000;
/** How old a usage snapshot may be before the popup asks again. */
export const USAGE_MAX_AGE_MS = 60_000;

export type ChangeEvent = 'dataChanged' | 'creditsChanged' | 'keysChanged';

export interface LookupServiceDeps {
  createClient(apiKey: string): LushaClient;
  now?: () => number;
  onChange?: (event: ChangeEvent) => void;
  /** Where queued work is kept between worker lives (default: memory only). */
  workStore?: WorkStore;
  engine?: Partial<Pick<EngineOptions, 'batchWindowMs' | 'timers' | 'random' | 'isOnline' | 'rateLimit' | 'onQueueChange'>>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PRICE_KEY: Record<RevealField, string> = { emails: 'revealEmail', phones: 'revealPhone' };
const FIELD_NOUN: Record<RevealField, string> = { emails: 'email', phones: 'phone' };

/** One Lusha charge to book: the engine's spends, and those of companies, signals and people. */
export interface BookedSpend {
  action: LedgerEntry['action'];
  entityId: string;
  field?: string;
  credits: number;
  requestId?: string;
}

export type LookupService = ReturnType<typeof createLookupService>;

export function createLookupService(deps: LookupServiceDeps) {
  const now = deps.now ?? Date.now;
  const notify = (event: ChangeEvent) => deps.onChange?.(event);
  let lastUsageRequestAt = 0;
  /** The client for the stored key, kept for the worker's life (saving or removing a key replaces it). */
  let client: Promise<LushaClient> | undefined;

  function requireClient(): Promise<LushaClient> {
    client ??= getApiKey('lusha').then((secret) => {
      if (!secret) {
        client = undefined;
        throw new SidecarError({ kind: 'missing-key', message: 'Add your Lusha API key in Sidecar’s options to look people up.' });
      }
      return deps.createClient(secret.key);
    });
    return client;
  }

  /** Books a spend in the ledger and in our running estimate of the account's credits. */
  async function bookSpend(spend: BookedSpend) {
    if (spend.credits <= 0) return;
    await recordSpend({ provider: 'lusha', action: spend.action, entityId: spend.entityId, field: spend.field, credits: spend.credits, requestId: spend.requestId, at: now() });
    const usage = await getCachedUsage();
    if (usage) {
      const used = usage.credits.used + spend.credits;
      await setCachedUsage({ ...usage, credits: { ...usage.credits, used, remaining: Math.max(0, usage.credits.total - used) } });
    }
    notify('creditsChanged');
  }

  const sink: EngineSink = {
    async searchSettled(settled) {
      const settings = await getSettings();
      await putPreviews(settled.map(({ work, result }) => ({ key: work.key, result })), now(), settings.previewTtlDays * DAY_MS);
      await evictPreviews();
    },
    async revealSettled(work, outcome) {
      if (outcome.status === 'revealed') {
        const revealed = outcome.revealed;
        await mergeRevealed({
          ...revealed,
          emails: work.field === 'emails' ? (revealed.emails ?? []) : revealed.emails,
          phones: work.field === 'phones' ? (revealed.phones ?? []) : revealed.phones,
          revealedAt: { [work.field]: now() },
        });
        await markPreviewsRevealed(work.contactId, work.field);
        const seen = await getPreviewByContactId(work.contactId);
        if (seen?.result.status === 'found') await recordView(seen.result.preview, seen.key, now(), true);
      } else if (outcome.status === 'restricted') {
        await markPreviewsBlocked(work.contactId, 'restricted');
      }
      notify('dataChanged');
    },
    async workFailed(work, error) {
      if (work.kind === 'reveal' && error.kind === 'gdpr-blocked') {
        await markPreviewsBlocked(work.contactId, 'gdpr');
        notify('dataChanged');
      }
    },
    spent: bookSpend,
    isBooked: (contactId, field) => isRevealBooked(contactId, field),
  };

  /** Account usage is its own endpoint class: 5 requests a minute. */
  const usageQueue = createCallQueue({ limiters: { usage: new SlidingWindowLimiter({ limit: 5, windowMs: 60_000 }) }, now });

  const engine = createEngine({
    getClient: requireClient,
    store: deps.workStore ?? createMemoryWorkStore(),
    sink,
    now,
    ...deps.engine,
  });

  /** The preview for one person: from the store when fresh, else through the engine (batched, shared). */
  async function lookupContact(lookup: Lookup, priority: Priority = 0): Promise<ContactView> {
    const key = lookupKey(lookup);
    toContactSearchItem(lookup, 'check'); // company lookups and names without a company fail here, clearly
    const cached = await getPreview(key, now());
    if (cached) touchPreviews(key, now());
    const result = cached ? cached.result : await engine.search({ key, lookup, priority });
    const revealed = result.status === 'found' ? await getRevealed(result.preview.id) : undefined;
    // Bulk lookups (priority 1) are not "looked at"; the person in front of the user is.
    if (result.status === 'found' && priority === 0) void recordView(result.preview, key, now()).catch(() => undefined);
    return { key, result, revealed, fromCache: Boolean(cached) };
  }

  async function priceOf(contactId: string, field: RevealField): Promise<number> {
    const preview = (await getPreviewByContactId(contactId))?.result;
    if (preview?.status === 'restricted') {
      throw new SidecarError({ kind: 'gdpr-blocked', message: 'Lusha cannot share this person’s details for compliance reasons.' });
    }
    if (preview?.status === 'found') {
      const offer = preview.preview.canReveal.find((entry) => entry.field === field);
      if (!offer) {
        throw new SidecarError({ kind: 'not-found', message: `Lusha has no ${FIELD_NOUN[field]} for this person, so there is nothing to reveal.` });
      }
      return offer.credits;
    }
    const price = (await getCachedUsage())?.pricing[PRICE_KEY[field]];
    if (!price) throw new SidecarError({ kind: 'validation', message: 'Look this person up again before revealing: Sidecar does not know the price yet.' });
    return price.credits;
  }

  /** Reveals one field of one person; already-paid data is served from the store, and two callers share one call. */
  async function revealContact(contactId: string, field: RevealField, confirmedCredits?: number, priority: Priority = 0): Promise<RevealedData> {
    const stored = await getRevealed(contactId);
    if (stored?.revealedAt[field] !== undefined) return stored;
    const cost = await priceOf(contactId, field);
    await checkSpend({ cost, confirmedCredits, what: `Revealing this ${FIELD_NOUN[field]}`, now: now() });
    const outcome = await engine.reveal({ contactId, field, priority, expectedCredits: cost });
    if (outcome.status === 'not-found') throw new SidecarError({ kind: 'not-found', message: 'Lusha no longer finds this person.' });
    if (outcome.status === 'restricted') {
      throw new SidecarError({ kind: 'gdpr-blocked', message: 'Lusha cannot share this person’s details for compliance reasons.' });
    }
    if (outcome.status === 'failed') {
      throw new SidecarError({ kind: 'server', message: 'Lusha could not reveal this person right now. Try again later.', detail: outcome.message });
    }
    const revealed = await getRevealed(contactId);
    if (!revealed) throw new SidecarError({ kind: 'internal', message: 'Sidecar could not keep what was revealed. Try again.' });
    return revealed;
  }

  /** The latest count Lusha itself reported (our cached usage also carries our own spends since). */
  let reported: { used: number; at: number } | undefined;

  async function fetchUsage(lushaClient: LushaClient): Promise<AccountUsage> {
    lastUsageRequestAt = now();
    const usage = (await usageQueue.run('usage', () => lushaClient.getAccountUsage())).data;
    reported = { used: usage.credits.used, at: now() };
    await setCachedUsage(usage);
    return usage;
  }

  /** Lusha's credits used since the key was saved, against what Sidecar's ledger booked over the same time. */
  async function reconcile(): Promise<CreditsView['lusha']['reconciliation']> {
    const baseline = await getUsageBaseline();
    if (!baseline || !reported) return undefined;
    const { used, at } = reported;
    const spends = await listSpends(baseline.at);
    // Only a reading taken after our last spend says anything about it.
    if (spends.some((entry) => entry.at > at)) return undefined;
    const sidecarSpent = spends.reduce((sum, entry) => sum + (entry.provider === 'lusha' ? entry.credits : 0), 0);
    return { providerUsed: Math.max(0, used - baseline.used), sidecarSpent, since: baseline.at };
  }

  async function getCredits(refresh: boolean): Promise<CreditsView> {
    const [secret, cached, today, settings, week] = await Promise.all([
      getApiKey('lusha'),
      getCachedUsage(),
      spentToday(now()),
      getSettings(),
      spentByDay(7, now()),
    ]);
    const view: CreditsView = {
      lusha: { key: { configured: Boolean(secret), hint: secret ? keyHint(secret.key) : undefined, savedAt: secret?.savedAt }, usage: cached },
      saber: { key: { configured: false } },
      spentToday: today.total,
      spentTodayByAction: today.byAction,
      spentByDay: week,
      dailyCreditCap: settings.dailyCreditCap,
    };
    if (!secret) return { ...view, lusha: { ...view.lusha, usage: undefined } };
    const stale = !cached || now() - cached.fetchedAt > (refresh ? USAGE_MIN_INTERVAL_MS : USAGE_MAX_AGE_MS);
    if (stale && now() - lastUsageRequestAt >= USAGE_MIN_INTERVAL_MS) {
      try {
        view.lusha.usage = await fetchUsage(deps.createClient(secret.key));
      } catch (error) {
        view.lusha.error = SidecarError.is(error) ? error.data : { kind: 'internal', message: 'Could not read your Lusha credits.' };
      }
    }
    const paused = engine.status().paused;
    if (paused && !view.lusha.error) view.lusha.error = paused;
    view.lusha.reconciliation = await reconcile();
    return view;
  }

  /** Checks a key against the provider before storing it; a key that fails is not stored. */
  async function saveLushaKey(rawKey: string) {
    const key = rawKey.trim();
    if (!key) throw new SidecarError({ kind: 'bad-key', message: 'Paste your Lusha API key first.' });
    usageQueue.resume(); // a new key is the user acting on whatever paused Lusha
    const usage = await fetchUsage(deps.createClient(key));
    const record = await setApiKey('lusha', key, now());
    await setUsageBaseline({ used: usage.credits.used, at: now() });
    client = undefined;
    engine.resume();
    notify('keysChanged');
    return { key: { configured: true, hint: keyHint(key), savedAt: record.savedAt }, usage };
  }

  /** After the user acted on a pause (more credits, plan change): check the account, then send what waited. */
  async function resumeProvider(): Promise<void> {
    usageQueue.resume();
    await fetchUsage(await requireClient());
    engine.resume();
  }

  /** The user removed the Lusha key: nothing more is sent with it. */
  function forgetLushaKey(): void {
    client = undefined;
  }

  // ---- Bulk reveals (list pages). TODO(helper): implement.
  async function startBulkReveal(contactIds: string[], field: RevealField, confirmedCredits: number): Promise<{ jobId: string }> {
    void [contactIds, field, confirmedCredits];
    throw new Error('not implemented');
  }
  async function getBulkJob(jobId: string): Promise<BulkJob> {
    void jobId;
    throw new Error('not implemented');
  }
  async function cancelBulkJob(jobId: string): Promise<BulkJob> {
    void jobId;
    throw new Error('not implemented');
  }

  return {
    lookupContact,
    revealContact,
    getCredits,
    saveLushaKey,
    resumeProvider,
    forgetLushaKey,
    engine,
    bookSpend,
    requireClient,
    startBulkReveal,
    getBulkJob,
    cancelBulkJob,
  };
}
