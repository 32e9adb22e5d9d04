/**
 * Bulk reveals on list pages: one confirmation of the total, reserved against the cap at once; what was paid for
 * already costs nothing and is not sent; people without the field, or restricted, end at once; the rest are paid
 * intents of one job, sent ten per call, one call at a time. A cancel cancels inside the engine (persisted): nothing
 * not yet sent is sent, whatever restarts.
 */
import type { RevealField } from '../../domain/contact';
import { SidecarError } from '../../domain/errors';
import type { Engine } from '../../engine/engine';
import type { BulkJob } from '../../messaging/insights';
import type { IntentRecord } from '../../store/db';
import { BULK_JOB_KEEP_MS, deleteBulkJob, getBulkJobRecord, pruneBulkJobs, putBulkJob, type BulkJobRecord } from '../../store/bulk-jobs';
import { getPreviewByContactId, getRevealed } from '../../store/contacts';
import { listIntentsOfJob } from '../../store/intents';
import { CONTACT_REVEAL, type ContactRevealArgs } from '../contacts/operations';

const FIELD_NOUN: Record<RevealField, string> = { emails: 'email', phones: 'phone' };

/** Refusals that end a whole job (nothing more of it can be sent): the provider waits for the user, or the cap. */
const STOPS_JOB = new Set(['out-of-credits', 'bad-key', 'missing-key', 'forbidden', 'budget-exceeded']);

export interface BulkDeps {
  engine: Engine;
  now(): number;
}

type ItemStatus = BulkJob['items'][number]['status'];

/** An item's status from its intent. */
function statusOf(intent: IntentRecord | undefined): { status: ItemStatus; message?: string } {
  if (!intent || intent.state !== 'settled') return { status: 'queued' };
  if (intent.outcome === 'cancelled' || intent.summary === 'job-stopped') return { status: 'cancelled' };
  if (intent.outcome === 'charged' && !intent.error) return { status: 'revealed' };
  if (intent.summary === 'restricted' || intent.error?.kind === 'gdpr-blocked') return { status: 'restricted' };
  if (intent.summary === 'not-found' || intent.error?.kind === 'not-found') return { status: 'not-found' };
  return { status: 'failed', message: intent.error?.message };
}

/** What the panel sees of a job: each item's status from its intent, the credits they were charged, the job's state. */
export function jobView(record: BulkJobRecord, intents: IntentRecord[]): BulkJob {
  const byId = new Map(intents.map((intent) => [intent.id, intent]));
  let credits = 0;
  let stopping: IntentRecord | undefined;
  const items = record.items.map((item) => {
    if (item.settled) return { contactId: item.contactId, status: item.settled, ...(item.message ? { message: item.message } : {}) };
    const intent = item.intentId ? byId.get(item.intentId) : undefined;
    credits += intent?.charged ?? 0;
    if (intent?.error && STOPS_JOB.has(intent.error.kind)) stopping ??= intent;
    const { status, message } = statusOf(intent);
    return { contactId: item.contactId, status, ...(message ? { message } : {}) };
  });
  const running = items.some((item) => item.status === 'queued');
  const job: BulkJob = {
    jobId: record.jobId,
    field: record.field,
    total: items.length,
    done: items.filter((item) => item.status !== 'queued' && item.status !== 'cancelled').length,
    items,
    credits,
    state: running ? 'running' : stopping ? 'failed' : record.cancelRequested ? 'cancelled' : 'finished',
    startedAt: record.startedAt,
  };
  if (!running && stopping?.error) job.error = { kind: stopping.error.kind, message: stopping.error.message };
  return job;
}

export function createBulkService(deps: BulkDeps) {
  const { engine, now } = deps;

  async function readJob(jobId: string): Promise<BulkJob> {
    const record = await getBulkJobRecord(jobId);
    if (!record) throw new SidecarError({ kind: 'not-found', message: 'That bulk reveal is no longer known.' });
    return jobView(record, await listIntentsOfJob(jobId));
  }

  /** Items as they start: paid for already, restricted, nothing to reveal, or to be revealed at its price. */
  async function plan(contactIds: string[], field: RevealField) {
    const items: BulkJobRecord['items'] = [];
    const toReveal: { contactId: string; price: number }[] = [];
    for (const contactId of [...new Set(contactIds)]) {
      if ((await getRevealed(contactId))?.revealedAt[field] !== undefined) {
        items.push({ contactId, settled: 'revealed' });
        continue;
      }
      const preview = (await getPreviewByContactId(contactId))?.result;
      if (preview?.status === 'restricted') {
        items.push({ contactId, settled: 'restricted' });
        continue;
      }
      const offer = preview?.status === 'found' ? preview.preview.canReveal.find((entry) => entry.field === field) : undefined;
      if (!offer) {
        const message = preview?.status === 'found' ? `Lusha has no ${FIELD_NOUN[field]} for this person.` : 'Look this person up before revealing.';
        items.push({ contactId, settled: 'not-found', message });
        continue;
      }
      items.push({ contactId });
      toReveal.push({ contactId, price: offer.credits });
    }
    return { items, toReveal };
  }

  /** Reveals one field for many people behind one confirmation of the total. */
  async function startBulkReveal(contactIds: string[], field: RevealField, confirmedCredits: number, requestedJobId?: string): Promise<{ jobId: string }> {
    // The same click asking again (its answer was lost): the job it started, never a second one.
    if (requestedJobId && (await getBulkJobRecord(requestedJobId))) return { jobId: requestedJobId };
    const { items, toReveal } = await plan(contactIds, field);
    const total = toReveal.reduce((sum, item) => sum + item.price, 0);
    const count = toReveal.length;
    const what = `Revealing ${count} ${FIELD_NOUN[field]}${count === 1 ? '' : 's'}`;
    if (total > 0 && confirmedCredits < total) {
      throw new SidecarError({ kind: 'needs-confirmation', message: `${what} costs ${total} credits.`, credits: total });
    }
    await pruneBulkJobs(now() - BULK_JOB_KEEP_MS).catch(() => undefined);
    const jobId = requestedJobId ?? `bulk-${now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const intentIds = new Map(toReveal.map(({ contactId }, index) => [contactId, `${jobId}-${index}`]));
    const record: BulkJobRecord = {
      jobId,
      field,
      startedAt: now(),
      items: items.map((item) => (item.settled ? item : { ...item, intentId: intentIds.get(item.contactId) })),
      cancelRequested: false,
    };
    await putBulkJob(record);
    if (count > 0) {
      try {
        // All reserved at once under the cap: the whole job fits, or nothing of it starts.
        const settlements = await engine.submit<ContactRevealArgs, unknown>(
          CONTACT_REVEAL,
          toReveal.map(({ contactId, price }) => ({ args: { contactId, field }, price, id: intentIds.get(contactId) })),
          { origin: 'bulk', priority: 1, jobId, what },
        );
        for (const settlement of settlements) settlement.catch(() => undefined); // each item's end is read from its intent
      } catch (error) {
        await deleteBulkJob(jobId).catch(() => undefined);
        throw error;
      }
    }
    return { jobId };
  }

  /** Stops a job: nobody not yet sent is sent (the call already with Lusha finishes). */
  async function cancelBulkJob(jobId: string): Promise<BulkJob> {
    const record = await getBulkJobRecord(jobId);
    if (!record) throw new SidecarError({ kind: 'not-found', message: 'That bulk reveal is no longer known.' });
    await putBulkJob({ ...record, cancelRequested: true });
    await engine.cancel({ jobId });
    return readJob(jobId);
  }

  return { startBulkReveal, getBulkJob: readJob, cancelBulkJob };
}

export type BulkService = ReturnType<typeof createBulkService>;
