/**
 * People's paid calls to Lusha, as engine operations: the search behind a preview (batched, up to 100 people a call;
 * Lusha charges about 1 credit per 25 results) and the reveal of an email or phone (batched by field; a datum already
 * revealed costs 0, so a lost answer is simply asked again).
 */
import { z } from 'zod';
import { revealFieldSchema, type ContactLookupResult, type RevealedData, type RevealField } from '../../domain/contact';
import { SidecarError, type SidecarErrorData } from '../../domain/errors';
import { lookupSchema, type Lookup } from '../../domain/page-context';
import { spreadCharge } from '../../engine/charges';
import type { CallAnswer, Charge, Intent, ItemOutcome, Operation } from '../../engine/types';
import type { LushaV3Client, ContactEnrichOutcome, LushaSearchItem } from '../../providers/lusha';
import { evictPreviews, getPreviewByContactId, markPreviewsBlocked, markPreviewsRevealed, mergeRevealed, putPreviews } from '../../store/contacts';
import { recordView } from '../../store/history';
import { isRevealBooked } from '../../store/ledger';
import { getSettings } from '../../store/settings';
import { LUSHA_LANE, quotasOf, type LushaOperationDeps } from '../lusha-calls';

export const CONTACT_SEARCH = 'lusha.contacts.search';
export const CONTACT_REVEAL = 'lusha.contacts.reveal';

const DAY_MS = 24 * 60 * 60 * 1000;
/** People per call in a bulk reveal: small enough that a cancel stops soon, and progress shows. */
export const BULK_CHUNK = 10;

/** A price per quantity, as the account's `pricing` gives it (contact search: 1 credit per 25 results). */
export const unitPriceSchema = z.object({ credits: z.number().min(0), perQuantity: z.number().positive() });
export type UnitPrice = z.infer<typeof unitPriceSchema>;

/** The most a call for `count` results can cost at this price. */
export function priceFor(count: number, unit: UnitPrice): number {
  return Math.ceil(count / unit.perQuantity) * unit.credits;
}

// ---- Search

export const contactSearchArgsSchema = z.object({ key: z.string().min(1), lookup: lookupSchema, unit: unitPriceSchema });
export type ContactSearchArgs = z.infer<typeof contactSearchArgsSchema>;

/** The Lusha contact search item for a person lookup (a name needs its company). */
export function toContactSearchItem(lookup: Lookup, clientReferenceId: string): LushaSearchItem {
  switch (lookup.kind) {
    case 'linkedin-profile':
      return { clientReferenceId, linkedinUrl: lookup.linkedinUrl };
    case 'email':
      return { clientReferenceId, email: lookup.email };
    case 'name':
      if (!lookup.companyName) {
        throw new SidecarError({
          kind: 'validation',
          message: 'To look up a person by name, Sidecar also needs their company. Which company is it?',
          reason: 'needs-company',
        });
      }
      return { clientReferenceId, firstName: lookup.firstName, lastName: lookup.lastName, companyName: lookup.companyName };
    case 'domain':
    case 'linkedin-company':
      throw new SidecarError({ kind: 'validation', message: 'That is a company, not a person: open it as a company.' });
  }
}

function withoutReference(outcome: { clientReferenceId?: string } & ContactLookupResult): ContactLookupResult {
  const { clientReferenceId: _ignored, ...result } = outcome;
  return result as ContactLookupResult;
}

export function createContactSearchOperation(deps: LushaOperationDeps): Operation<ContactSearchArgs, ContactLookupResult> {
  const op: Operation<ContactSearchArgs, ContactLookupResult> = {
    name: CONTACT_SEARCH,
    provider: 'lusha',
    lane: LUSHA_LANE,
    args: contactSearchArgsSchema,
    repeatIsFree: false,
    shareKey: (args) => args.key,
    ledger: (args) => ({ action: 'search', entityId: `search:${args.key}` }),
    batchKey: () => 'contacts',
    maxBatch: () => 100,
    callPrice: (intents) => (intents[0] ? priceFor(intents.length, intents[0].args.unit) : 0),
    async send(intents) {
      const client = await deps.client();
      const response = await client.searchContacts(
        intents.map((intent, index) => toContactSearchItem(intent.args.lookup, String(index))),
        { includePartialProfiles: true },
      );
      const byReference = new Map(response.data.map((item) => [item.clientReferenceId, item]));
      const outcomes = new Map<string, ItemOutcome<ContactLookupResult>>();
      for (const [index, intent] of intents.entries()) {
        const found = byReference.get(String(index));
        const value: ContactLookupResult = found ? withoutReference(found) : { status: 'not-found' };
        outcomes.set(intent.id, { ok: true, value, summary: value.status });
      }
      return { outcomes, charges: spreadCharge(op, intents, response.creditsCharged, response.requestId), quotas: quotasOf(response.rateLimits) };
    },
    investigate: deps.investigate,
    async store(settled) {
      const items = settled.flatMap(({ intent, outcome }) => (outcome.ok ? [{ key: intent.args.key, result: outcome.value }] : []));
      if (items.length === 0) return;
      const settings = await getSettings();
      await putPreviews(items, deps.now(), settings.previewTtlDays * DAY_MS);
      await evictPreviews();
    },
  };
  return op;
}

// ---- Reveal

export const contactRevealArgsSchema = z.object({ contactId: z.string().min(1), field: revealFieldSchema });
export type ContactRevealArgs = z.infer<typeof contactRevealArgsSchema>;

const FIELD_NOUN: Record<RevealField, string> = { emails: 'email', phones: 'phone' };

function revealOutcome(outcome: ContactEnrichOutcome | undefined, field: RevealField): ItemOutcome<RevealedData> {
  if (outcome?.status === 'revealed') return { ok: true, value: outcome.revealed, summary: 'revealed' };
  if (outcome?.status === 'pending') {
    return { ok: false, error: { kind: 'server', message: `Lusha did not finish revealing this ${FIELD_NOUN[field]} in time. Nothing was charged; try again later.` }, summary: 'job-unfinished' };
  }
  const error: SidecarErrorData =
    outcome?.status === 'restricted'
      ? { kind: 'gdpr-blocked', message: 'Lusha cannot share this person’s details for compliance reasons.', detail: outcome.message }
      : outcome?.status === 'failed'
        ? { kind: 'server', message: `Lusha could not reveal this ${FIELD_NOUN[field]} right now. Nothing was charged; try again later.`, detail: outcome.message }
        : { kind: 'not-found', message: 'Lusha no longer finds this person. Nothing was charged.', detail: outcome?.message };
  return { ok: false, error, summary: outcome?.status ?? 'not-found' };
}

function hasData(outcome: ContactEnrichOutcome | undefined, field: RevealField): boolean {
  return outcome?.status === 'revealed' && (outcome.revealed[field]?.length ?? 0) > 0;
}

/**
 * Splits an enrich call's `creditsCharged` over the people in it, at their quoted prices. When the call charged less
 * than the people it revealed were priced at, and some of them were sent before by a call whose answer was lost, the
 * difference was charged by that lost call: it is booked too (marked interrupted), so the ledger matches Lusha.
 * People whose charge is already booked (a datum is charged once, ever) take none of it.
 */
export function attributeRevealCharges(
  op: Pick<Operation<ContactRevealArgs>, 'ledger'>,
  items: { intent: Intent<ContactRevealArgs>; outcome: ContactEnrichOutcome | undefined; booked: boolean }[],
  creditsCharged: number,
  requestId: string | undefined,
): Charge[] {
  const charges: Charge[] = [];
  let remaining = creditsCharged;
  const line = (intent: Intent<ContactRevealArgs>, credits: number, note?: Charge['note']): Charge => {
    const charge: Charge = { ...op.ledger(intent.args), intentId: intent.id, credits };
    if (requestId !== undefined) charge.requestId = requestId;
    if (note) charge.note = note;
    return charge;
  };
  const paid = items.filter(({ intent, outcome, booked }) => hasData(outcome, intent.args.field) && !booked);
  const sentBefore = (intent: Intent) => intent.attempts > 1;
  // Fresh first: a person never sent before can only have been charged by this call.
  const ordered = [...paid.filter(({ intent }) => !sentBefore(intent)), ...paid.filter(({ intent }) => sentBefore(intent))];
  for (const { intent } of ordered) {
    const now = Math.min(intent.price, remaining);
    remaining -= now;
    if (now > 0) charges.push(line(intent, now));
    if (now < intent.price && sentBefore(intent)) charges.push(line(intent, intent.price - now, 'interrupted'));
  }
  const first = ordered[0]?.intent ?? items[0]?.intent;
  if (remaining > 0 && first) charges.push(line(first, remaining)); // charged more than quoted: booked, not lost
  return charges;
}

/** The intents waiting on each job an enrich answered with. */
function groupJobs(items: { intent: Intent<ContactRevealArgs>; outcome: ContactEnrichOutcome | undefined }[]) {
  const jobs = new Map<string, { intent: Intent<ContactRevealArgs>; retryAfterMs: number }[]>();
  for (const { intent, outcome } of items) {
    if (outcome?.status !== 'pending') continue;
    jobs.set(outcome.jobId, [...(jobs.get(outcome.jobId) ?? []), { intent, retryAfterMs: outcome.retryAfterMs }]);
  }
  return jobs;
}

/** How long one call follows a job before it gives up (a worker's request may not outlive 5 minutes). */
const JOB_PATIENCE_MS = 120_000;

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

export function createContactRevealOperation(deps: LushaOperationDeps): Operation<ContactRevealArgs, RevealedData> {
  const sleep = deps.sleep ?? defaultSleep;
  /** Reads a job after each `retryAfter` until it is complete (free reads); undefined when it expired, failed or took too long. */
  async function followJob(client: LushaV3Client, jobId: string, field: RevealField, firstWaitMs: number, signal: AbortSignal) {
    let waited = 0;
    let wait = firstWaitMs;
    for (;;) {
      const ms = Math.min(Math.max(wait, 250), 30_000);
      if (waited + ms > JOB_PATIENCE_MS) return undefined;
      await sleep(ms, signal);
      waited += ms;
      const read = await client.getContactsJob(jobId, [field], { signal });
      if (read.data.status === 'complete') return read;
      if (read.data.status !== 'processing') return undefined;
      wait = read.data.retryAfterMs ?? wait;
    }
  }

  const op: Operation<ContactRevealArgs, RevealedData> = {
    name: CONTACT_REVEAL,
    provider: 'lusha',
    lane: LUSHA_LANE,
    args: contactRevealArgsSchema,
    repeatIsFree: true,
    shareKey: (args) => `${args.contactId}:${args.field}`,
    ledger: (args) => ({ action: 'reveal', entityId: args.contactId, field: args.field }),
    batchKey: (args) => args.field,
    maxBatch: (priority) => (priority === 0 ? 100 : BULK_CHUNK),
    maxInFlight: (priority) => (priority === 0 ? 25 : 1),
    async send(intents, context): Promise<CallAnswer<RevealedData>> {
      const field = intents[0]!.args.field;
      const client = await deps.client();
      const response = await client.enrichContacts(
        intents.map((intent) => intent.args.contactId),
        [field],
      );
      const itemsOf = (data: ContactEnrichOutcome[], of: Intent<ContactRevealArgs>[]) =>
        Promise.all(
          of.map(async (intent) => ({
            intent,
            outcome: data.find((item) => item.id === intent.args.contactId),
            booked: await isRevealBooked(intent.args.contactId, field),
          })),
        );
      const items = await itemsOf(response.data, intents);
      const outcomes = new Map(items.map(({ intent, outcome }) => [intent.id, revealOutcome(outcome, field)]));
      const answered = items.filter(({ outcome }) => outcome?.status !== 'pending');
      const charges = attributeRevealCharges(op, answered, response.creditsCharged, response.requestId);
      // Lusha's asynchronous enrichment: the people it finishes later are read from their job (free) and charged
      // as the job reports; the call ends when every job has.
      for (const [jobId, waiting] of groupJobs(items)) {
        const done = await followJob(client, jobId, field, waiting[0]!.retryAfterMs, context.signal);
        if (!done) continue; // unfinished: those intents end as not revealed, with nothing charged for them
        const jobItems = await itemsOf(done.data.outcomes, waiting.map((entry) => entry.intent));
        for (const { intent, outcome } of jobItems) outcomes.set(intent.id, revealOutcome(outcome, field));
        charges.push(...attributeRevealCharges(op, jobItems, done.creditsCharged, done.requestId));
      }
      return { outcomes, charges, quotas: quotasOf(response.rateLimits) };
    },
    investigate: deps.investigate,
    async refused(intents, error) {
      // A lone person Lusha refuses under GDPR (451) stays refused: nobody pays a request to hear it again.
      if (error.kind === 'gdpr-blocked') for (const intent of intents) await markPreviewsBlocked(intent.args.contactId, 'gdpr');
    },
    async store(settled) {
      for (const { intent, outcome } of settled) {
        const { contactId, field } = intent.args;
        if (outcome.ok) {
          const revealed = outcome.value;
          await mergeRevealed({
            ...revealed,
            emails: field === 'emails' ? (revealed.emails ?? []) : revealed.emails,
            phones: field === 'phones' ? (revealed.phones ?? []) : revealed.phones,
            revealedAt: { [field]: deps.now() },
          });
          await markPreviewsRevealed(contactId, field);
          const seen = await getPreviewByContactId(contactId);
          if (seen?.result.status === 'found') await recordView(seen.result.preview, seen.key, deps.now(), true);
        } else if (outcome.summary === 'restricted') {
          await markPreviewsBlocked(contactId, 'restricted');
        }
      }
    },
  };
  return op;
}
