/**
 * Lusha's asynchronous enrichment in the fake Lusha. People named by `POST /__sandbox/enrich-jobs` are not answered by
 * enrich at once: the enrich answer leaves them out of `results` (and of its billing) and carries
 * `job: { jobId, status: 'processing', retryAfter, covers }`. `GET /v3/contacts/jobs/{jobId}` answers `processing`
 * (with `retryAfter`, seconds) until `delayMs` after the enrich, then `complete` with the results and `billing`: the
 * job's reveals are charged when it completes (the first read that finds it done), as the job reports them, once;
 * reading again repeats the same answer. Reading is free. An unknown job → 404. Reset forgets the jobs and the list.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxCompany, SandboxPerson } from './dataset-types';
import { json, type ApiResponse } from './http';
import type { HandlerContext } from './lusha-contacts';
import type { RevealField } from './lusha-schemas';
import { charge, creditsRemaining, isRevealed, markRevealed } from './lusha-state';
import { ITEM_ERRORS, toEnriched } from './lusha-views';
import { PRICING } from './accounts';

export interface EnrichJob {
  jobId: string;
  ids: string[];
  reveal: RevealField[];
  readyAt: number;
  /** Set once complete: the answer every later read repeats. */
  answer?: Record<string, unknown>;
}

/** Which people enrich answers through a job, how long a job takes, and the jobs made. */
export interface EnrichJobs {
  ids: Set<string>;
  delayMs: number;
  jobs: Map<string, EnrichJob>;
}

export function createEnrichJobs(): EnrichJobs {
  return { ids: new Set(), delayMs: 1500, jobs: new Map() };
}

/** Splits enrich's ids: those answered now, and a job for the rest (undefined when none goes to a job). */
export function startJob(jobs: EnrichJobs, ids: string[], reveal: RevealField[], now: number): { now: string[]; job?: EnrichJob } {
  const later = ids.filter((id) => jobs.ids.has(id));
  if (later.length === 0) return { now: ids };
  const job: EnrichJob = { jobId: randomUUID(), ids: later, reveal, readyAt: now + jobs.delayMs };
  jobs.jobs.set(job.jobId, job);
  return { now: ids.filter((id) => !jobs.ids.has(id)), job };
}

export function jobView(job: EnrichJob, now: number): Record<string, unknown> {
  return { jobId: job.jobId, status: 'processing', retryAfter: Math.max(1, Math.ceil((job.readyAt - now) / 1000)), covers: job.ids };
}

const priceOf = (field: RevealField) => (field === 'emails' ? PRICING.revealEmail.credits : PRICING.revealPhone.credits);
const hasField = (person: SandboxPerson, field: RevealField) => (field === 'emails' ? person.emails.length > 0 : person.phones.length > 0);

/** `GET /v3/contacts/jobs/{jobId}`. */
export function readJob(jobs: EnrichJobs, ctx: HandlerContext): ApiResponse {
  const job = jobs.jobs.get(ctx.params.jobId ?? '');
  if (!job) return json(404, { statusCode: 404, message: 'Job not found' });
  if (job.answer) return json(200, job.answer);
  if (ctx.now < job.readyAt) return json(200, jobView(job, ctx.now));
  const people = job.ids.map((id) => ctx.index.byId.get(id));
  const due: { person: SandboxPerson; field: RevealField }[] = [];
  for (const person of people) {
    if (!person || person.restricted || person.gdprBlocked) continue;
    for (const field of job.reveal) if (hasField(person, field) && !isRevealed(ctx.account, person.id, field)) due.push({ person, field });
  }
  const cost = due.reduce((sum, { field }) => sum + priceOf(field), 0);
  if (cost > creditsRemaining(ctx.account)) {
    job.answer = { jobId: job.jobId, status: 'failed', covers: job.ids };
    return json(200, job.answer);
  }
  for (const { person, field } of due) {
    markRevealed(ctx.account, person.id, field);
    charge(ctx.account, field === 'emails' ? 'revealEmail' : 'revealPhone', priceOf(field));
  }
  let found = 0;
  const results = job.ids.map((id, index) => {
    const person = people[index];
    const company: SandboxCompany | undefined = person && ctx.index.companies.get(person.companyId);
    if (!person || !company) return { id, error: ITEM_ERRORS.notFound };
    if (person.restricted || person.gdprBlocked) return { id, error: ITEM_ERRORS.restricted };
    found += 1;
    return toEnriched(person, company, job.reveal);
  });
  job.answer = { requestId: randomUUID(), jobId: job.jobId, status: 'complete', covers: job.ids, results, billing: { creditsCharged: cost, resultsReturned: found } };
  return json(200, job.answer);
}
