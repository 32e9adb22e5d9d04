/**
 * The watchlist: people and companies the user watches, checked once a day (and on demand) for what is new since the
 * last check: Lusha's job changes and promotions of people, head count, hiring, traffic, IT spend and news of
 * companies, and the answers to the Saber questions pinned on a company. A check is paid intents of origin `watch`
 * through the engine, reserved under the watch budget (and the daily cap) in one go: the longest first part that fits
 * is checked, the rest waits for the next check and the check says why it stopped. Intents are noted before they are
 * submitted, so what a check bought becomes events even when the worker stopped before it was answered (the next
 * life's `collect` reads it from the engine's records and the stored results).
 */
import { z } from 'zod';
import { SidecarError, type SidecarErrorData } from '../../domain/errors';
import type { QuestionSignal } from '../../domain/saber-answer';
import type { WatchCheck, WatchEvent, WatchItem } from '../../domain/watch';
import type { Engine } from '../../engine/engine';
import { getIntent } from '../../store/intents';
import { defineKvItem } from '../../store/kv';
import { getStoredQuestions } from '../../store/saber-questions';
import { getApiKey } from '../../store/secrets';
import { getSignals as getStoredSignals } from '../../store/signals';
import { getSettings } from '../../store/settings';
import {
  addWatchEvents,
  countWatches,
  getWatch,
  lastWatchCheckItem,
  listWatchEvents,
  listWatches,
  markWatchEventsRead,
  MAX_WATCHES,
  putWatches,
  removeWatch,
  watchDayItem,
  watchKeyOf,
} from '../../store/watch';
import { accountPrice } from '../companies/companies';
import { SABER_CREDITS_PER_QUESTION_MAX, SABER_QUESTION, type QuestionArgs } from '../saber/operations';
import type { SaberService } from '../saber/saber';
import { SIGNALS_FETCH, signalsPrice, type SignalsArgs } from '../signals/operations';
import { answerText } from '../../domain/answer-text';
import { featureEnabled, featureOffError } from '../policy/features';
import { answerEvent, signalEvent } from './events';
import { checkMaxCredits, isoDayOf, watchSignalsArgs, type UnitPrices } from './plan';

/** One intent of a check, noted before it is submitted. */
const pendingSchema = z.object({
  intentId: z.string(),
  watchKey: z.string(),
  kind: z.enum(['signals', 'question']),
  /** A question: which pinned question, and the Saber id once it was created and is still being answered. */
  question: z.string().optional(),
  signalId: z.string().optional(),
  notedAt: z.number(),
});
type Pending = z.infer<typeof pendingSchema>;
const watchPendingItem = defineKvItem('watchPending', z.array(pendingSchema), (): Pending[] => []);

export interface WatchInput {
  kind: WatchItem['kind'];
  id: string;
  name: string;
  title?: string;
  companyName?: string;
  domain?: string;
  linkedinUrl?: string;
}

export interface WatchListView {
  items: WatchItem[];
  lastCheck?: WatchCheck;
  budget: number;
  spentToday: number;
  /** The most a check of every watched item can cost now. */
  maxCheckCredits: number;
  unread: number;
}

export interface WatchDeps {
  engine: Engine;
  saber: SaberService;
  now(): number;
  /** New events arrived (notifications, badge); `unread` counts every unread event. */
  onEvents?(events: WatchEvent[], unread: number): void;
  /** The unread count changed without new events (read, unwatched). */
  onUnread?(unread: number): void;
}

function newId(now: number): string {
  return `w-${now.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function errorData(error: unknown): SidecarErrorData {
  return SidecarError.is(error) ? error.data : { kind: 'internal', message: 'Sidecar could not finish this check.' };
}

async function unitPrices(): Promise<UnitPrices> {
  return { contact: (await accountPrice('showSignalsContact')).credits, company: (await accountPrice('showSignalsCompany')).credits };
}

/** Least recently checked first (never checked before anything), so a check stopped by the budget rotates. */
function byLastChecked(a: WatchItem, b: WatchItem): number {
  return (a.lastCheckedAt ?? 0) - (b.lastCheckedAt ?? 0) || a.watchedAt - b.watchedAt;
}

export function createWatchService(deps: WatchDeps) {
  const { engine, now } = deps;
  let running: Promise<WatchCheck> | undefined;
  let collecting: Promise<WatchEvent[]> | undefined;

  async function unread(): Promise<number> {
    return (await listWatchEvents()).filter((event) => !event.read).length;
  }

  async function watch(input: WatchInput): Promise<WatchItem> {
    const key = watchKeyOf(input.kind, input.id);
    const existing = await getWatch(key);
    if (existing) return existing;
    if ((await countWatches()) >= MAX_WATCHES) throw new SidecarError({ kind: 'validation', message: `Sidecar watches at most ${MAX_WATCHES} people and companies. Unwatch some first.` });
    const item: WatchItem = { ...input, key, watchedAt: now(), sinceDay: isoDayOf(now()), pinned: [] };
    await putWatches([item]);
    return item;
  }

  async function watchMany(inputs: WatchInput[]): Promise<WatchItem[]> {
    const items: WatchItem[] = [];
    for (const input of inputs) items.push(await watch(input));
    return items;
  }

  async function unwatch(key: string): Promise<void> {
    await removeWatch(key);
  }

  async function pin(key: string, question: string, answerType: QuestionArgs['answerType'], lastAnswer?: string): Promise<WatchItem> {
    const item = await getWatch(key);
    if (!item) throw new SidecarError({ kind: 'not-found', message: 'Watch this company first, then pin questions to it.' });
    if (item.kind !== 'company' || !item.domain) throw new SidecarError({ kind: 'validation', message: 'Questions can be pinned on a watched company with a website.' });
    const text = question.trim();
    const rest = item.pinned.filter((pinned) => pinned.question !== text);
    if (rest.length >= 10) throw new SidecarError({ kind: 'validation', message: 'At most 10 questions can be pinned on one company.' });
    const updated = { ...item, pinned: [...rest, { question: text, answerType, ...(lastAnswer ? { lastAnswer } : {}) }] };
    await putWatches([updated]);
    return updated;
  }

  async function unpin(key: string, question: string): Promise<WatchItem | undefined> {
    const item = await getWatch(key);
    if (!item) return undefined;
    const updated = { ...item, pinned: item.pinned.filter((pinned) => pinned.question !== question.trim()) };
    await putWatches([updated]);
    return updated;
  }

  async function view(): Promise<WatchListView> {
    const [items, lastCheck, settings, spentToday, prices, count] = await Promise.all([
      listWatches(),
      lastWatchCheckItem.get(),
      getSettings(),
      engine.watchSpentTodayNow(),
      unitPrices(),
      unread(),
    ]);
    return { items, ...(lastCheck ? { lastCheck } : {}), budget: settings.watchBudget, spentToday, maxCheckCredits: checkMaxCredits(items, prices), unread: count };
  }

  /** Submits one group of a check's intents (partially, under the watch budget); notes them first. */
  async function submitGroup<A>(op: string, entries: { item: WatchItem; args: A; price: number; question?: string }[]): Promise<SidecarErrorData | undefined> {
    if (entries.length === 0) return undefined;
    const t = now();
    const noted = entries.map((entry) => ({ ...entry, intentId: newId(t) }));
    await watchPendingItem.set([
      ...(await watchPendingItem.get()),
      ...noted.map((entry) => ({ intentId: entry.intentId, watchKey: entry.item.key, kind: op === SIGNALS_FETCH ? ('signals' as const) : ('question' as const), notedAt: t, ...(entry.question ? { question: entry.question } : {}) })),
    ]);
    let settlements: Promise<unknown>[];
    try {
      settlements = await engine.submit(
        op,
        noted.map((entry) => ({ args: entry.args, price: entry.price, id: entry.intentId })),
        { origin: 'watch', priority: 1, what: 'This watch check', partial: true },
      );
    } catch (error) {
      const ids = new Set(noted.map((entry) => entry.intentId));
      await watchPendingItem.set((await watchPendingItem.get()).filter((entry) => !ids.has(entry.intentId)));
      return errorData(error);
    }
    const results = await Promise.allSettled(settlements);
    // A part refused at reservation (the watch budget, the cap) stops the check: what follows would be refused too.
    // Those intents were never made: they are no longer waited for.
    const isRefusal = (result: PromiseSettledResult<unknown>): result is PromiseRejectedResult =>
      result.status === 'rejected' && SidecarError.is(result.reason) && result.reason.data.intentId === undefined;
    const dropped = new Set(noted.filter((_entry, index) => isRefusal(results[index]!)).map((entry) => entry.intentId));
    if (dropped.size > 0) await watchPendingItem.set((await watchPendingItem.get()).filter((entry) => !dropped.has(entry.intentId)));
    const refused = results.find(isRefusal);
    return refused ? errorData(refused.reason) : undefined;
  }

  async function runCheck(clickId?: string): Promise<WatchCheck> {
    // What a previous life left is read first: its items count as checked before this check orders them.
    await collect();
    const items = (await listWatches()).sort(byLastChecked);
    const started = now();
    const record: WatchCheck = { at: started, checked: 0, total: items.length, credits: 0, events: 0, failed: 0, pending: 0, ...(clickId ? { clickId } : {}) };
    await lastWatchCheckItem.set(record);
    if (items.length === 0) return record;
    let stopped: SidecarErrorData | undefined;
    if (!(await featureEnabled('signals'))) stopped = featureOffError('signals').data;
    else if (!(await getApiKey('lusha'))) stopped = { kind: 'missing-key', message: 'Add your Lusha API key in options: watch checks ask Lusha for signals.' };
    // The day counts as checked once a check can ask (switched off or without a key, the next alarm tries again).
    else await watchDayItem.set(startOfLocalDay(started));
    const prices = await unitPrices();
    for (const kind of ['contact', 'company'] as const) {
      if (stopped) break;
      const group = items.filter((item) => item.kind === kind).map((item) => {
        const args: SignalsArgs = watchSignalsArgs(item, prices);
        return { item, args, price: signalsPrice(args) };
      });
      stopped = await submitGroup(SIGNALS_FETCH, group);
    }
    const questions = items.flatMap((item) =>
      item.kind === 'company' && item.domain
        ? item.pinned.map((pinned) => ({
            item,
            question: pinned.question,
            args: { subject: { kind: 'company' as const, domain: item.domain! }, question: pinned.question, answerType: pinned.answerType } satisfies QuestionArgs,
            price: SABER_CREDITS_PER_QUESTION_MAX,
          }))
        : [],
    );
    if (!stopped && questions.length > 0) {
      if (!(await featureEnabled('ask-saber'))) stopped = featureOffError('ask-saber').data;
      else if (await getApiKey('saber')) stopped = await submitGroup(SABER_QUESTION, questions);
      else stopped = { kind: 'missing-key', message: 'Add your Saber API key in options to follow pinned questions.' };
    }
    if (stopped) await lastWatchCheckItem.set({ ...((await lastWatchCheckItem.get()) ?? record), stopped: { kind: stopped.kind, message: stopped.message } });
    await collect();
    return (await lastWatchCheckItem.get()) ?? record;
  }

  /**
   * Checks every watched item now (one check at a time: a second caller gets the running one). A click's id makes it
   * asked once: the same click sent again (its answer lost with a stopped worker) gets that check's record.
   */
  async function check(clickId?: string): Promise<WatchCheck> {
    if (running) return running;
    const last = clickId ? await lastWatchCheckItem.get() : undefined;
    if (clickId && last?.clickId === clickId) return last;
    running ??= runCheck(clickId).finally(() => {
      running = undefined;
    });
    return running;
  }

  /** The daily check, once a local day (the alarm, and a browser start that missed a day). */
  async function checkIfDue(): Promise<WatchCheck | undefined> {
    const last = await watchDayItem.get();
    if (last !== undefined && last >= startOfLocalDay(now())) return undefined;
    if ((await countWatches()) === 0) return undefined;
    return check();
  }

  /**
   * Reads what the check's settled intents bought into events (and marks their items checked); polls pinned
   * questions still being answered (free). Returns the new events, also told to `onEvents`.
   */
  function collect(): Promise<WatchEvent[]> {
    collecting ??= collectOnce().finally(() => {
      collecting = undefined;
    });
    return collecting;
  }

  async function collectOnce(): Promise<WatchEvent[]> {
    const pending = await watchPendingItem.get();
    if (pending.length === 0) return [];
    await engine.start();
    const keep: Pending[] = [];
    const events: WatchEvent[] = [];
    const checkedItems = new Map<string, WatchItem>();
    let credits = 0;
    let checked = 0;
    let failed = 0;
    for (const entry of pending) {
      const intent = await getIntent(entry.intentId);
      if (!intent) {
        // Never reserved (refused at the budget) or pruned: nothing to read. A just-noted one may still be on its way.
        if (now() - entry.notedAt < 60_000 && running) keep.push(entry);
        continue;
      }
      if (intent.state !== 'settled' && !entry.signalId) {
        keep.push(entry);
        continue;
      }
      if (!entry.signalId) credits += intent.charged ?? 0;
      const succeeded = intent.outcome === 'charged' && !intent.error;
      const item = checkedItems.get(entry.watchKey) ?? (await getWatch(entry.watchKey));
      if (!succeeded && entry.kind === 'signals' && !entry.signalId) failed += 1;
      if (!item || !succeeded) continue;
      const at = now();
      if (entry.kind === 'signals') {
        const args = intent.args as SignalsArgs;
        const stored = await getStoredSignals(args.key, at);
        for (const signal of stored?.signals ?? []) events.push(signalEvent(item, signal, at));
        const sentAt = intent.sentAt ?? intent.createdAt;
        checkedItems.set(item.key, { ...item, lastCheckedAt: intent.settledAt ?? at, sinceDay: isoDayOf(sentAt) });
        checked += 1;
        continue;
      }
      // A pinned question: the answer may still be coming.
      const question = entry.question ?? '';
      const subject = { kind: 'company' as const, domain: item.domain ?? '' };
      let signal: QuestionSignal | undefined;
      if (entry.signalId) {
        signal = (await deps.saber.questions(subject)).find((asked) => asked.signal.id === entry.signalId)?.signal;
      } else {
        const askedAt = intent.sentAt ?? intent.createdAt;
        signal = (await getStoredQuestions(subject)).find((stored) => stored.askedAt === askedAt)?.signal;
        if (signal?.status === 'processing') signal = (await deps.saber.questions(subject)).find((asked) => asked.signal.id === signal!.id)?.signal ?? signal;
      }
      if (!signal) continue;
      if (signal.status === 'processing') {
        if (now() - entry.notedAt < 24 * 60 * 60_000) keep.push({ ...entry, signalId: signal.id });
        continue;
      }
      const pinned = item.pinned.find((candidate) => candidate.question === question);
      const event = answerEvent(item, question, signal, pinned?.lastAnswer, at);
      if (event && pinned) {
        const lastAnswer = signal.status === 'completed' ? answerText(signal.answer).slice(0, 500) : pinned.lastAnswer;
        const updated = { ...item, pinned: item.pinned.map((candidate) => (candidate === pinned ? { ...candidate, lastAnswer } : candidate)) };
        checkedItems.set(item.key, updated);
        events.push(event);
      }
    }
    // Items unwatched meanwhile are not brought back.
    const stillWatched = (await Promise.all([...checkedItems.values()].map(async (item) => ((await getWatch(item.key)) ? item : undefined)))).filter((item): item is WatchItem => item !== undefined);
    await putWatches(stillWatched);
    // Keep what is still open, and what another check noted meanwhile.
    const latest = await watchPendingItem.get();
    const seen = new Set(pending.map((entry) => entry.intentId));
    await watchPendingItem.set([...keep, ...latest.filter((entry) => !seen.has(entry.intentId))]);
    const added = await addWatchEvents(events);
    const last = await lastWatchCheckItem.get();
    if (last) await lastWatchCheckItem.set({ ...last, checked: last.checked + checked, credits: last.credits + credits, events: last.events + added.length, failed: last.failed + failed, pending: keep.length });
    if (added.length > 0) deps.onEvents?.(added, await unread());
    return added;
  }

  async function events(): Promise<WatchEvent[]> {
    return listWatchEvents();
  }

  async function markRead(ids?: string[]): Promise<number> {
    const left = await markWatchEventsRead(ids);
    deps.onUnread?.(left);
    return left;
  }

  /** Forgets the day of the last check, so the next daily alarm checks (tests simulate the next day so). */
  async function forgetDay(): Promise<void> {
    await watchDayItem.remove();
  }

  /** Intents of checks not yet read into events (the follow-up alarm runs while any are). */
  async function pendingCount(): Promise<number> {
    return (await watchPendingItem.get()).length;
  }

  return { watch, watchMany, unwatch, pin, unpin, view, check, checkIfDue, collect, events, markRead, unread, pendingCount, forgetDay };
}

function startOfLocalDay(at: number): number {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

export type WatchService = ReturnType<typeof createWatchService>;
