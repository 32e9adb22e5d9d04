/**
 * The lookup service: what the panel asks for, answered from the store when possible, else through the request
 * engine. Every spend is checked against the user's threshold and daily cap before it is queued, and booked in the
 * ledger when the provider reports it.
 */
import { storage } from '#imports';
import type { ContactLookupResult, RevealedData, RevealField } from '../domain/contact';
import type { AccountUsage, LedgerEntry } from '../domain/credits';
import { SidecarError, type SidecarErrorData } from '../domain/errors';
import type { Lookup } from '../domain/page-context';
import type { ContactView, CreditsView } from '../messaging/protocol';
import { bulkJobSchema, type BulkJob } from '../messaging/insights';
import type { LushaClient } from '../providers/lusha';
import { createCallQueue } from '../scheduler/call-queue';
import { pausesProvider } from '../scheduler/backoff';
import { createEngine, type EngineOptions, type EngineSink, type RevealOutcome } from '../scheduler/engine';
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
import { isRevealBooked, listSpends, recordSpend, saberSpentToday, spentByDay, spentToday } from '../store/ledger';
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

/** `C` is the client type `createClient` returns, so a caller that builds the full V3 client gets it back typed. */
export interface LookupServiceDeps<C extends LushaClient = LushaClient> {
  createClient(apiKey: string): C;
  now?: () => number;
  onChange?: (event: ChangeEvent) => void;
  /** Where queued work is kept between worker lives (default: memory only). */
  workStore?: WorkStore;
  engine?: Partial<Pick<EngineOptions, 'batchWindowMs' | 'timers' | 'random' | 'isOnline' | 'rateLimit' | 'onQueueChange'>>;
  /** Lusha's requests/second limit is per account: pass one to share it (default: one made here, see `limiter`). */
  limiter?: SlidingWindowLimiter;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PRICE_KEY: Record<RevealField, string> = { emails: 'revealEmail', phones: 'revealPhone' };
const FIELD_NOUN: Record<RevealField, string> = { emails: 'email', phones: 'phone' };
/** People per engine batch in a bulk reveal: small enough that a cancel stops soon, and progress shows. */
export const BULK_CHUNK = 10;
const BULK_JOB_PREFIX = 'session:bulkJob:';
/** How long a finished bulk job can still be read back. */
const BULK_JOB_KEEP_MS = 60 * 60_000;

/** Errors after which no more of a bulk job should be sent: the provider waits for the user, or the day's cap is used up. */
function stopsBulkJob(error: SidecarErrorData): boolean {
  return pausesProvider(error) || error.kind === 'budget-exceeded' || error.kind === 'rate-limited';
}

/** One Lusha charge to book: the engine's spends, and those of companies, signals and people. */
export interface BookedSpend {
  action: LedgerEntry['action'];
  entityId: string;
  field?: string;
  credits: number;
  requestId?: string;
}

export type LookupService = ReturnType<typeof createLookupService>;

export function createLookupService<C extends LushaClient = LushaClient>(deps: LookupServiceDeps<C>) {
  const now = deps.now ?? Date.now;
  const notify = (event: ChangeEvent) => deps.onChange?.(event);
  let lastUsageRequestAt = 0;
  /** The client for the stored key, kept for the worker's life (saving or removing a key replaces it). */
  let client: Promise<C> | undefined;

  function requireClient(): Promise<C> {
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

  /** The engine's limiter, shared with every other caller of Lusha's data endpoints (companies, signals, people). */
  const limiter = deps.limiter ?? new SlidingWindowLimiter(deps.engine?.rateLimit ?? { limit: 25, windowMs: 1000 });

  const engine = createEngine({
    getClient: requireClient,
    store: deps.workStore ?? createMemoryWorkStore(),
    sink,
    now,
    ...deps.engine,
    limiter,
  });

  /** A lookup's key and its fresh stored preview, if any, before any request (a bad lookup throws here, clearly). */
  async function fromStore(lookup: Lookup) {
    const key = lookupKey(lookup);
    toContactSearchItem(lookup, 'check'); // company lookups and names without a company fail here
    const cached = await getPreview(key, now());
    if (cached) touchPreviews(key, now());
    return { key, lookup, cached };
  }

  async function viewOf(key: string, result: ContactLookupResult, fromCache: boolean): Promise<ContactView> {
    const revealed = result.status === 'found' ? await getRevealed(result.preview.id) : undefined;
    return { key, result, revealed, fromCache };
  }

  /** The preview for one person: from the store when fresh, else through the engine (batched, shared). */
  async function lookupContact(lookup: Lookup, priority: Priority = 0): Promise<ContactView> {
    const { key, cached } = await fromStore(lookup);
    const result = cached ? cached.result : await engine.search({ key, lookup, priority });
    // Bulk lookups (priority 1) are not "looked at"; the person in front of the user is.
    if (result.status === 'found' && priority === 0) void recordView(result.preview, key, now()).catch(() => undefined);
    return viewOf(key, result, Boolean(cached));
  }

  /**
   * Everyone on a list page at once: the store is read for all first, then every miss is queued in the same tick,
   * so the engine sends them as one batched search (separate messages would straddle its short batch window).
   * Each item answers on its own: a bad lookup fails only itself.
   */
  async function lookupContacts(lookups: Lookup[]): Promise<({ ok: true; view: ContactView } | { ok: false; error: SidecarErrorData })[]> {
    const prepared = await Promise.all(lookups.map((lookup) => fromStore(lookup).catch((error: unknown) => ({ error }))));
    return Promise.all(
      prepared.map(async (item) => {
        try {
          if ('error' in item) throw item.error;
          const result = item.cached?.result ?? (await engine.search({ key: item.key, lookup: item.lookup, priority: 1 }));
          return { ok: true as const, view: await viewOf(item.key, result, Boolean(item.cached)) };
        } catch (error) {
          return {
            ok: false as const,
            error: SidecarError.is(error) ? error.data : { kind: 'internal' as const, message: 'Sidecar could not look this person up.' },
          };
        }
      }),
    );
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
    const [secret, cached, today, settings, week, saberToday] = await Promise.all([
      getApiKey('lusha'),
      getCachedUsage(),
      spentToday(now()),
      getSettings(),
      spentByDay(7, now()),
      saberSpentToday(now()),
    ]);
    const view: CreditsView = {
      lusha: { key: { configured: Boolean(secret), hint: secret ? keyHint(secret.key) : undefined, savedAt: secret?.savedAt }, usage: cached },
      saber: { key: { configured: false } },
      spentToday: today.total,
      spentTodayByAction: today.byAction,
      saberSpentToday: saberToday,
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

  // ---- Bulk reveals (list pages)

  /** A bulk job as the panel sees it, plus what only the runner needs. */
  interface BulkRun {
    job: BulkJob;
    prices: Map<string, number>;
    /** Ids handed to the engine: a cancel no longer reaches them. */
    sent: Set<string>;
    cancelRequested: boolean;
  }
  const bulkJobs = new Map<string, BulkRun>();

  /** Mirrors a job to session storage so that a restarted worker can still say how it ended (best effort). */
  function mirrorJob(job: BulkJob): void {
    const copy = structuredClone(job);
    void Promise.resolve()
      .then(() => storage.setItem(`${BULK_JOB_PREFIX}${copy.jobId}`, copy))
      .catch(() => undefined);
  }

  /** Forgets jobs that ended long ago, in memory and in session storage. */
  function pruneJobs(): void {
    for (const [jobId, run] of bulkJobs) {
      if (run.job.state !== 'running' && now() - run.job.startedAt > BULK_JOB_KEEP_MS) {
        bulkJobs.delete(jobId);
        void Promise.resolve()
          .then(() => storage.removeItem(`${BULK_JOB_PREFIX}${jobId}`))
          .catch(() => undefined);
      }
    }
  }

  function setItem(run: BulkRun, contactId: string, status: BulkJob['items'][number]['status'], message?: string): void {
    const item = run.job.items.find((entry) => entry.contactId === contactId);
    if (!item || item.status !== 'queued') return;
    item.status = status;
    if (message) item.message = message;
    if (status !== 'cancelled') run.job.done += 1;
  }

  function cancelUnsent(run: BulkRun): void {
    for (const item of run.job.items) if (item.status === 'queued' && !run.sent.has(item.contactId)) setItem(run, item.contactId, 'cancelled');
  }

  /** What one answered reveal means for its item. */
  function settleRevealed(run: BulkRun, contactId: string, outcome: RevealOutcome): void {
    if (outcome.status === 'revealed') {
      // Lusha charges only for data it returns.
      if ((outcome.revealed[run.job.field]?.length ?? 0) > 0) run.job.credits += run.prices.get(contactId) ?? 0;
      setItem(run, contactId, 'revealed');
    } else if (outcome.status === 'failed') {
      setItem(run, contactId, 'failed', 'Lusha could not reveal this person right now.');
    } else {
      setItem(run, contactId, outcome.status);
    }
  }

  /** What a refused reveal means for its item; an error that stops the provider stops the job (returned). */
  function settleRefused(run: BulkRun, contactId: string, reason: unknown): SidecarError | undefined {
    const error = SidecarError.is(reason) ? reason : new SidecarError({ kind: 'internal', message: 'Sidecar could not finish this reveal.', detail: String(reason) });
    if (stopsBulkJob(error.data)) return error;
    if (error.kind === 'gdpr-blocked') setItem(run, contactId, 'restricted');
    else if (error.kind === 'not-found') setItem(run, contactId, 'not-found');
    else setItem(run, contactId, 'failed', error.message);
    return undefined;
  }

  /** Sends the job's people ten at a time (one enrich call each), each chunk after the previous one settled. */
  async function runBulkJob(run: BulkRun): Promise<void> {
    const { job } = run;
    const pending = job.items.filter((item) => item.status === 'queued').map((item) => item.contactId);
    let stopped: SidecarError | undefined;
    for (let start = 0; start < pending.length && !run.cancelRequested && !stopped; start += BULK_CHUNK) {
      const chunk = pending.slice(start, start + BULK_CHUNK);
      const chunkCost = chunk.reduce((sum, id) => sum + (run.prices.get(id) ?? 0), 0);
      try {
        // The total was confirmed; spends made elsewhere since may still have used up the day's cap.
        await checkSpend({ cost: chunkCost, confirmedCredits: chunkCost, what: 'This bulk reveal', now: now() });
      } catch (error) {
        stopped = SidecarError.is(error) ? error : new SidecarError({ kind: 'internal', message: 'Sidecar could not check your daily cap.' });
        break;
      }
      for (const id of chunk) run.sent.add(id);
      // Called together, the engine sends them as one enrich call.
      await Promise.all(
        chunk.map((contactId) =>
          engine.reveal({ contactId, field: job.field, priority: 1, expectedCredits: run.prices.get(contactId) ?? 0 }).then(
            (outcome) => settleRevealed(run, contactId, outcome),
            (reason: unknown) => {
              stopped ??= settleRefused(run, contactId, reason);
            },
          ),
        ),
      );
      mirrorJob(job);
      notify('dataChanged');
    }
    if (stopped) {
      job.state = 'failed';
      job.error = { kind: stopped.kind, message: stopped.message };
      for (const item of job.items) if (item.status === 'queued') setItem(run, item.contactId, 'cancelled');
    } else if (run.cancelRequested) {
      job.state = 'cancelled';
      cancelUnsent(run);
    } else {
      job.state = 'finished';
    }
    mirrorJob(job);
    notify('dataChanged');
  }

  /**
   * Reveals one field for many people behind one confirmation of the total: what was paid for already costs nothing
   * and is not sent again, people without the field or restricted end at once, and the rest go in chunks of ten.
   */
  async function startBulkReveal(contactIds: string[], field: RevealField, confirmedCredits: number): Promise<{ jobId: string }> {
    await requireClient();
    const paused = engine.status().paused;
    if (paused) throw new SidecarError(paused);
    const ids = [...new Set(contactIds)];
    const prices = new Map<string, number>();
    const items: BulkJob['items'] = [];
    for (const contactId of ids) {
      if ((await getRevealed(contactId))?.revealedAt[field] !== undefined) {
        items.push({ contactId, status: 'revealed' });
        continue;
      }
      const preview = (await getPreviewByContactId(contactId))?.result;
      if (preview?.status === 'restricted') {
        items.push({ contactId, status: 'restricted' });
        continue;
      }
      const offer = preview?.status === 'found' ? preview.preview.canReveal.find((entry) => entry.field === field) : undefined;
      if (!offer) {
        const message = preview?.status === 'found' ? `Lusha has no ${FIELD_NOUN[field]} for this person.` : 'Look this person up before revealing.';
        items.push({ contactId, status: 'not-found', message });
        continue;
      }
      prices.set(contactId, offer.credits);
      items.push({ contactId, status: 'queued' });
    }
    const total = [...prices.values()].reduce((sum, credits) => sum + credits, 0);
    const count = prices.size;
    await checkSpend({ cost: total, confirmedCredits, what: `Revealing ${count} ${FIELD_NOUN[field]}${count === 1 ? '' : 's'}`, now: now() });

    pruneJobs();
    const job: BulkJob = {
      jobId: `bulk-${now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
      field,
      total: ids.length,
      done: items.filter((item) => item.status !== 'queued').length,
      items,
      credits: 0,
      state: count > 0 ? 'running' : 'finished',
      startedAt: now(),
    };
    const run: BulkRun = { job, prices, sent: new Set(), cancelRequested: false };
    bulkJobs.set(job.jobId, run);
    mirrorJob(job);
    if (count > 0) {
      void runBulkJob(run).catch(() => {
        job.state = 'failed';
        job.error = { kind: 'internal', message: 'Sidecar could not finish this bulk reveal.' };
        for (const item of job.items) if (item.status === 'queued') setItem(run, item.contactId, 'cancelled');
        mirrorJob(job);
        notify('dataChanged');
      });
    }
    return { jobId: job.jobId };
  }

  /** Where a bulk reveal stands; after a worker restart, how it ended (one still running then is reported as stopped). */
  async function getBulkJob(jobId: string): Promise<BulkJob> {
    const run = bulkJobs.get(jobId);
    if (run) return structuredClone(run.job);
    const stored = await Promise.resolve()
      .then(() => storage.getItem<unknown>(`${BULK_JOB_PREFIX}${jobId}`))
      .catch(() => undefined);
    const parsed = bulkJobSchema.safeParse(stored);
    if (!parsed.success) throw new SidecarError({ kind: 'not-found', message: 'That bulk reveal is no longer known.' });
    const job = parsed.data;
    if (job.state !== 'running') return job;
    // Its runner was lost with the previous worker: what was not sent will not be.
    return {
      ...job,
      state: 'failed',
      error: { kind: 'internal', message: 'Sidecar restarted before this bulk reveal finished. Start it again for the rest.' },
      items: job.items.map((item) => (item.status === 'queued' ? { ...item, status: 'cancelled' as const } : item)),
    };
  }

  /** Stops a bulk reveal: nobody not yet sent is sent; the chunk already with Lusha finishes. */
  async function cancelBulkJob(jobId: string): Promise<BulkJob> {
    const run = bulkJobs.get(jobId);
    if (!run) return getBulkJob(jobId);
    if (run.job.state === 'running') {
      run.cancelRequested = true;
      cancelUnsent(run);
      mirrorJob(run.job);
      notify('dataChanged');
    }
    return structuredClone(run.job);
  }

  return {
    lookupContact,
    lookupContacts,
    revealContact,
    getCredits,
    saveLushaKey,
    resumeProvider,
    forgetLushaKey,
    engine,
    limiter,
    bookSpend,
    requireClient,
    startBulkReveal,
    getBulkJob,
    cancelBulkJob,
  };
}
