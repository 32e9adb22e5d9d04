/**
 * Retention days (the organisation's policy, or the rep's own setting): what Sidecar looked up is kept only so long.
 * Dropped when older than that: previews, revealed emails and phones, companies (paid-for profiles too), signals,
 * history, Saber answers, research briefs, emails the waterfall found, What's new events, CRM writes already sent or
 * dropped, bulk jobs and settled paid intents (they hold who was looked up). Kept: the watchlist (the user's own
 * choice), CRM writes still waiting, the credit ledger
 * (provider, action, the provider's record id, credits, time: no name, email or phone), open paid intents (still being
 * settled), keys and settings. Revealing someone again after that may cost again where the provider charges again.
 */
import { pruneBulkJobs } from '../store/bulk-jobs';
import { pruneWrites } from '../store/crm-outbox';
import { dropEmailFindings } from '../store/email-findings';
import { dropResearchBefore } from '../store/research';
import { dropWatchEventsBefore } from '../store/watch';
import { dropCompaniesBefore } from '../store/companies';
import { dropContactsBefore } from '../store/contacts';
import { dropHistoryBefore } from '../store/history';
import { pruneSettledIntents } from '../store/intents';
import { dropQuestionsBefore } from '../store/saber-questions';
import { dropSignalsBefore } from '../store/signals';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Drops what is older than `days` (0: keep everything). Each store on its own: one failing does not stop the rest. */
export async function applyRetention(now: number, days: number): Promise<void> {
  if (days <= 0) return;
  const cutoff = now - days * DAY_MS;
  await Promise.allSettled([
    dropContactsBefore(cutoff),
    dropCompaniesBefore(cutoff),
    dropSignalsBefore(cutoff),
    dropHistoryBefore(cutoff),
    dropQuestionsBefore(cutoff),
    pruneBulkJobs(cutoff),
    pruneSettledIntents(cutoff),
    dropResearchBefore(cutoff),
    dropEmailFindings(cutoff),
    dropWatchEventsBefore(cutoff),
    pruneWrites(cutoff),
  ]);
}
