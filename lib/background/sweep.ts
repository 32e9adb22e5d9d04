/**
 * Bounded growth: expired signals, settled intents and old bulk jobs are dropped on a daily alarm (previews, companies
 * and Saber questions are also kept to a count, least recently used first, as they are written), then whatever is older
 * than the retention days in force.
 */
import { BULK_JOB_KEEP_MS, pruneBulkJobs } from '../store/bulk-jobs';
import { evictPreviews } from '../store/contacts';
import { evictCompanies } from '../store/companies';
import { pruneSettledIntents, SETTLED_INTENT_KEEP_MS } from '../store/intents';
import { sweepSignals } from '../store/signals';
import { getSettings } from '../store/settings';
import { applyRetention } from './retention';

export async function sweepStores(now: number): Promise<void> {
  await Promise.allSettled([sweepSignals(now), pruneSettledIntents(now - SETTLED_INTENT_KEEP_MS), pruneBulkJobs(now - BULK_JOB_KEEP_MS), evictPreviews(), evictCompanies(now)]);
  // The retention days in force (policy > the rep's own); see retention.ts for what is kept.
  await applyRetention(now, (await getSettings()).retentionDays);
}
