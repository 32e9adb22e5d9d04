/**
 * Credits: Lusha's account usage (free, 5 a minute, through its own lane), what Sidecar spent today and this week,
 * and the reconciliation of Sidecar's ledger with Lusha's own count, for the popup.
 */
import type { AccountUsage } from '../../domain/credits';
import { SidecarError, errorDataOf } from '../../domain/errors';
import type { Engine } from '../../engine/engine';
import type { CreditsView } from '../../messaging/protocol';
import type { LushaClient } from '../../providers/lusha';
import { lushaReconciliationItem, lushaUsageItem } from '../../store/kv';
import { ledgerTotal, saberSpentToday, spentByDay, spentToday } from '../../store/ledger';
import { getApiKey, keyStatusOf } from '../../store/secrets';
import { getSettings } from '../../store/settings';
import { LUSHA_USAGE_LANE } from '../lusha-calls';
import { setBaseline, unexplainedSince } from './reconcile';

/** Account usage is limited to 5 requests a minute: never ask more often than this. */
export const USAGE_MIN_INTERVAL_MS = 15_000;
/** How old a usage snapshot may be before the popup asks again. */
export const USAGE_MAX_AGE_MS = 60_000;

export interface CreditsDeps {
  engine: Engine;
  createClient(apiKey: string): LushaClient;
  now(): number;
}

export function createCreditsService(deps: CreditsDeps) {
  const { engine, now } = deps;
  let lastReadAt = 0;

  /** Lusha's account usage now (free), kept as the latest known. */
  async function readUsage(client: LushaClient): Promise<AccountUsage> {
    lastReadAt = now();
    const usage = (await engine.freeCall(LUSHA_USAGE_LANE, () => client.getAccountUsage())).data;
    await lushaUsageItem.set(usage);
    // No baseline yet (a key saved before Sidecar kept one): start counting from a reading with nothing open, so a
    // charge lost later can still be found.
    const status = engine.status();
    if (!(await lushaReconciliationItem.get()) && status.inFlight === 0 && status.queued === 0 && status.uncertain === 0) {
      await setBaseline(usage.credits.used, now());
    }
    return usage;
  }

  /** With the stored key (throws `missing-key` without one). */
  async function readUsageWithStoredKey(): Promise<AccountUsage> {
    const secret = await getApiKey('lusha');
    if (!secret) throw new SidecarError({ kind: 'missing-key', message: 'Add your Lusha API key in Sidecar’s options.' });
    return readUsage(deps.createClient(secret.key));
  }

  /** The usage as last read, with what Sidecar spent since (Lusha's count moves with every charge). */
  async function estimatedUsage(usage: AccountUsage): Promise<AccountUsage> {
    const since = await ledgerTotal('lusha', usage.fetchedAt + 1);
    if (since === 0) return usage;
    const used = usage.credits.used + since;
    return { ...usage, credits: { ...usage.credits, used, remaining: Math.max(0, usage.credits.total - used) } };
  }

  /** Lusha's count since the key was saved, against the ledger, and what neither explains (read with nothing open). */
  async function reconciliation(usage: AccountUsage | undefined): Promise<CreditsView['lusha']['reconciliation']> {
    const stored = await lushaReconciliationItem.get();
    if (!stored || !usage || usage.fetchedAt < stored.baselineAt) return undefined;
    const status = engine.status();
    // Only a reading taken with nothing in flight says anything about the gap.
    if (status.inFlight > 0 || status.uncertain > 0 || (await ledgerTotal('lusha', usage.fetchedAt + 1)) > 0) return undefined;
    const sidecarSpent = await ledgerTotal('lusha', stored.baselineAt);
    const gap = Math.max(0, stored.unexplained + (await unexplainedSince(stored, usage.credits.used)));
    return { providerUsed: Math.max(0, usage.credits.used - stored.baselineUsed), sidecarSpent, since: stored.baselineAt, gap };
  }

  async function getCredits(refresh: boolean): Promise<Omit<CreditsView, 'saber'>> {
    const [secret, cached, today, settings, week, saberToday] = await Promise.all([
      getApiKey('lusha'),
      lushaUsageItem.get(),
      spentToday(now()),
      getSettings(),
      spentByDay(7, now()),
      saberSpentToday(now()),
    ]);
    const view: Omit<CreditsView, 'saber'> = {
      lusha: { key: keyStatusOf(secret) },
      spentToday: today.total,
      spentTodayByAction: today.byAction,
      saberSpentToday: saberToday,
      spentByDay: week,
      dailyCreditCap: settings.dailyCreditCap,
      heldToday: engine.held('lusha'),
    };
    if (!secret) return view;
    let usage = cached;
    // A reading older than Sidecar's last spend cannot be compared with the ledger: read again when the limit allows.
    const moved = cached !== undefined && (await ledgerTotal('lusha', cached.fetchedAt + 1)) > 0;
    const stale = !cached || moved || now() - cached.fetchedAt > (refresh ? USAGE_MIN_INTERVAL_MS : USAGE_MAX_AGE_MS);
    if (stale && now() - lastReadAt >= USAGE_MIN_INTERVAL_MS) {
      try {
        usage = await readUsage(deps.createClient(secret.key));
      } catch (error) {
        view.lusha.error = errorDataOf(error, 'Could not read your Lusha credits.');
      }
    }
    if (usage) view.lusha.usage = await estimatedUsage(usage);
    const paused = engine.pausedBy('lusha');
    if (paused && !view.lusha.error) view.lusha.error = paused;
    view.lusha.reconciliation = await reconciliation(usage);
    return view;
  }

  return { readUsage, readUsageWithStoredKey, getCredits };
}

export type CreditsService = ReturnType<typeof createCreditsService>;
