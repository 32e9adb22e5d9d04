/**
 * The fake Lusha's endpoint bodies: contact search, contact enrich and account usage. Auth, rate limits and logging
 * happen before these run (see lusha.ts); every function here returns the full response and never throws.
 */
import { randomUUID } from 'node:crypto';
import { jobView, startJob, type EnrichJobs } from './lusha-jobs';
import { PRICING } from './accounts';
import { personSignals } from './dataset';
import type { SandboxPerson } from './dataset-types';
import { json, type ApiRequest, type ApiResponse } from './http';
import { findContact, type DatasetIndex } from './lusha-matching';
import {
  contactsEnrichRequestSchema,
  contactsSearchRequestSchema,
  identifierForm,
  validate,
  type ContactSignals,
  type RevealField,
} from './lusha-schemas';
import {
  charge,
  creditsRemaining,
  isRevealed,
  markRevealed,
  revealPrice,
  searchCharge,
  type AccountState,
} from './lusha-state';
import { hasField, ITEM_ERRORS, toEnriched, toPreview } from './lusha-views';

/** What an endpoint body needs. */
export interface HandlerContext {
  index: DatasetIndex;
  account: AccountState;
  now: number;
  /** The request (for query parameters). */
  request: ApiRequest;
  /** Path parameters of the matched route, e.g. `{ filterType }`. */
  params: Record<string, string>;
  /** Asynchronous enrichment: who goes through a job, and the jobs (lusha-jobs.ts). */
  jobs?: EnrichJobs;
}

/** Lusha's error bodies. */
export const LUSHA_ERRORS = {
  invalidParameters: (errors: string[]) => ({ statusCode: 400, message: 'Invalid request parameters', errors }),
  notFound: { statusCode: 404, message: 'Resource not found' },
  serverError: { statusCode: 500, message: 'Internal server error. Please try again later.' },
  badGateway: { statusCode: 502, message: 'Identity resolution provider is temporarily unavailable. Retry with backoff.' },
  insufficientCredits: { statusCode: 402, message: 'Insufficient credits for this operation' },
  gdpr: { statusCode: 451, message: 'We are unable to process this contact request due to our GDPR regulations' },
} as const;

/** A 400 with Lusha's validation body. */
export const badRequest = (errors: string[]): ApiResponse => json(400, LUSHA_ERRORS.invalidParameters(errors));

/** A partial profile has neither email nor phone; search returns it only with `options.includePartialProfiles`. */
export function isPartial(person: SandboxPerson): boolean {
  return person.emails.length === 0 && person.phones.length === 0;
}

/** The person's signal types that pass the request's `signals.types` filter. */
function matchingSignals(person: SandboxPerson, signals: ContactSignals): string[] {
  const wanted = new Set<string>(signals.types);
  return personSignals(person).filter((type) => wanted.has('allSignals') || wanted.has(type));
}

/** `POST /v3/contacts/search`. */
export function searchContacts(ctx: HandlerContext, body: unknown): ApiResponse {
  const parsed = validate(contactsSearchRequestSchema, body);
  if (!parsed.ok) return badRequest(parsed.errors);
  const { contacts, options, signals } = parsed.value;
  const forms = contacts.map((item, i) => identifierForm(item, i));
  const formErrors = forms.flatMap((f) => ('error' in f ? [f.error] : []));
  if (formErrors.length > 0) return badRequest(formErrors);

  const priceOf = (person: SandboxPerson) => (field: RevealField) =>
    isRevealed(ctx.account, person.id, field) ? 0 : revealPrice(field).credits;
  let found = 0;
  const results = contacts.map((item, i) => {
    const ref = item.clientReferenceId === undefined ? {} : { clientReferenceId: item.clientReferenceId };
    const form = forms[i];
    const person = form && 'form' in form ? findContact(ctx.index, item, form.form) : undefined;
    const company = person && ctx.index.companies.get(person.companyId);
    const signalTypes = person && signals ? matchingSignals(person, signals) : undefined;
    if (!person || !company) return { ...ref, error: ITEM_ERRORS.notFound };
    if (person.restricted) return { ...ref, error: ITEM_ERRORS.restricted };
    if (isPartial(person) && options?.includePartialProfiles !== true) return { ...ref, error: ITEM_ERRORS.notFound };
    if (signalTypes?.length === 0) return { ...ref, error: ITEM_ERRORS.notFound };
    found += 1;
    return toPreview(person, company, { ...ref, priceOf: priceOf(person), ...(signalTypes ? { signalTypes } : {}) });
  });

  const cost = searchCharge(ctx.account, found);
  if (cost > creditsRemaining(ctx.account)) return json(402, LUSHA_ERRORS.insufficientCredits);
  ctx.account.searchResults += found;
  charge(ctx.account, 'search', cost);
  return json(200, { requestId: randomUUID(), results, billing: { creditsCharged: cost, resultsReturned: found } });
}

/** `POST /v3/contacts/enrich`. */
export function enrichContacts(ctx: HandlerContext, body: unknown): ApiResponse {
  const parsed = validate(contactsEnrichRequestSchema, body);
  if (!parsed.ok) return badRequest(parsed.errors);
  const reveal: RevealField[] = parsed.value.reveal ?? ['emails', 'phones'];
  // People set to go through a job are answered later (lusha-jobs.ts): left out of this answer and its billing.
  const split = ctx.jobs ? startJob(ctx.jobs, parsed.value.ids, reveal, ctx.now) : { now: parsed.value.ids };
  const ids = split.now;
  const people = ids.map((id) => ctx.index.byId.get(id));
  const [single] = people;
  if (ids.length === 1 && single?.gdprBlocked) return json(451, LUSHA_ERRORS.gdpr);

  const eligible = (person: SandboxPerson | undefined): person is SandboxPerson =>
    person !== undefined && !person.restricted && !person.gdprBlocked;
  // Fields to pay for: held by the person, not yet revealed by this account; each (person, field) once.
  const due = new Map<string, { person: SandboxPerson; field: RevealField }>();
  for (const person of people.filter(eligible)) {
    for (const field of reveal) {
      if (hasField(person, field) && !isRevealed(ctx.account, person.id, field)) due.set(`${person.id}:${field}`, { person, field });
    }
  }
  const cost = [...due.values()].reduce((sum, { field }) => sum + revealPrice(field).credits, 0);
  if (cost > creditsRemaining(ctx.account)) return json(402, LUSHA_ERRORS.insufficientCredits);

  for (const { person, field } of due.values()) {
    markRevealed(ctx.account, person.id, field);
    charge(ctx.account, field === 'emails' ? 'revealEmail' : 'revealPhone', revealPrice(field).credits);
  }
  let found = 0;
  const results = ids.map((id, i) => {
    const person = people[i];
    const company = person && ctx.index.companies.get(person.companyId);
    if (!person || !company) return { id, error: ITEM_ERRORS.notFound };
    if (!eligible(person)) return { id, error: ITEM_ERRORS.restricted };
    found += 1;
    return toEnriched(person, company, reveal);
  });
  const job = split.job ? { job: jobView(split.job, ctx.now) } : {};
  return json(200, { requestId: randomUUID(), results, billing: { creditsCharged: cost, resultsReturned: found }, ...job });
}

/** `GET /v3/account/usage`. */
export function accountUsage(ctx: HandlerContext): ApiResponse {
  const { account, now } = ctx;
  return json(200, {
    credits: { total: account.config.creditsTotal, used: account.creditsUsed, remaining: creditsRemaining(account) },
    rateLimits: {
      daily: account.windows.daily.snapshot(now),
      hourly: account.windows.hourly.snapshot(now),
      minute: account.windows.minute.snapshot(now),
    },
    plan: { ...account.config.plan },
    pricing: structuredClone(PRICING),
  });
}
