/**
 * The fake Saber's signal endpoints: create (async and sync), get, list, and signal templates. Auth, rate limits and
 * logging happen before these run (saber.ts). A signal is `processing` until `completionDelayMs` after creation;
 * nothing runs in the background, the state is read off the clock. A cached answer (same subject, question and
 * answer type, answered less than 12 h ago) completes at once.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SaberKeyName } from './accounts';
import { normalizeSlug } from './dataset';
import type { SandboxCompany, SandboxDataset, SandboxPerson } from './dataset-types';
import { json, type ApiResponse } from './http';
import {
  companyFacts,
  companyOutcome,
  personOutcome,
  unknownCompanyOutcome,
  unknownPersonOutcome,
  type CompanyFacts,
  type SignalOutcome,
} from './saber-answers';
import {
  DOMAIN_PATTERN,
  SIGNAL_STATUSES,
  UUID_PATTERN,
  companySignalRequestSchema,
  contactSignalRequestSchema,
  flatError,
  platformError,
  validate,
  type SaberAnswerType,
  type SignalStatus,
} from './saber-schemas';
import { cacheKey, cachedSignal, saberCreditsRemaining, type SaberAccountState, type SignalRecord, type SubjectKind } from './saber-state';

/** Resolved options of the fake Saber. */
export interface SaberBehaviour {
  /** How long a new (uncached) signal or research job stays `processing`. */
  completionDelayMs: number;
  /** The longest a sync call really waits, whatever `X-Sbr-Timeout-Sec` asks. */
  maxSyncWaitMs: number;
  /** Server-side wait when the sync call sends no `X-Sbr-Timeout-Sec`. */
  defaultSyncWaitSeconds: number;
  /** How long an answer is served from the cache. */
  cacheTtlMs: number;
  /** Whether a cache hit costs a credit like a fresh answer. */
  chargeCachedAnswers: boolean;
  /** Credits per signal. */
  creditsPerSignal: number;
  /** Credits one contact research job costs (charged when it is created). */
  researchCredits: number;
  /** Credits the email finder costs when it finds an email (not found: free). */
  findEmailCredits: number;
  /** Waits `ms` (sync calls). Tests inject one that advances their clock. */
  sleep: (ms: number) => Promise<void>;
}

/** Lookup tables over a dataset. */
export interface SaberIndex {
  dataset: SandboxDataset;
  companiesByDomain: Map<string, SandboxCompany>;
  companiesById: Map<string, SandboxCompany>;
  companiesBySlug: Map<string, SandboxCompany>;
  peopleBySlug: Map<string, SandboxPerson>;
  peopleByCompany: Map<string, SandboxPerson[]>;
  facts: Map<string, CompanyFacts>;
}

export function indexSaberDataset(dataset: SandboxDataset): SaberIndex {
  const peopleByCompany = new Map<string, SandboxPerson[]>();
  for (const person of dataset.people) {
    const list = peopleByCompany.get(person.companyId) ?? [];
    list.push(person);
    peopleByCompany.set(person.companyId, list);
  }
  return {
    dataset,
    companiesByDomain: new Map(dataset.companies.map((c) => [c.domain.toLowerCase(), c])),
    companiesById: new Map(dataset.companies.map((c) => [c.id, c])),
    companiesBySlug: new Map(dataset.companies.map((c) => [c.linkedinSlug.toLowerCase(), c])),
    peopleBySlug: new Map(dataset.people.map((p) => [normalizeSlug(p.linkedinSlug), p])),
    peopleByCompany,
    facts: new Map(),
  };
}

export function factsOf(index: SaberIndex, company: SandboxCompany): CompanyFacts {
  let facts = index.facts.get(company.id);
  if (!facts) {
    facts = companyFacts(company, index.peopleByCompany.get(company.id) ?? []);
    index.facts.set(company.id, facts);
  }
  return facts;
}

/** What an endpoint body needs. */
export interface SaberContext {
  index: SaberIndex;
  account: SaberAccountState;
  keyName: SaberKeyName;
  /** The live clock: sync waits read it again after sleeping. */
  now: () => number;
  behaviour: SaberBehaviour;
  ids: { signal(): string; research(): string; request(): string; seq(): number };
}

/** Signal templates every sandbox account has. */
export const SABER_TEMPLATES = [
  {
    id: '7e3a0000-0000-4000-8000-000000000001',
    version: 1,
    name: 'Hiring SDRs',
    description: 'Is the company hiring sales development representatives?',
    question: 'Are they hiring SDRs?',
    answerType: 'boolean',
    weight: 'important',
    createdAt: '2026-01-05T09:00:00Z',
    source: 'user',
  },
  {
    id: '7e3a0000-0000-4000-8000-000000000002',
    version: 2,
    name: 'CRM in use',
    description: 'Which CRM the company runs on.',
    question: 'What CRM do they use?',
    answerType: 'open_text',
    weight: 'nice_to_have',
    createdAt: '2026-01-06T09:00:00Z',
    source: 'user',
  },
  {
    id: '7e3a0000-0000-4000-8000-000000000003',
    version: 1,
    name: 'Headcount',
    description: 'Current number of employees.',
    question: 'How many employees do they have?',
    answerType: 'number',
    weight: 'nice_to_have',
    createdAt: '2026-01-07T09:00:00Z',
    source: 'user',
  },
] as const;

/** The profile slug of a LinkedIn `/in/` URL (any subdomain, any case, encoded or not), normalised. */
export function profileSlug(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim()) ? raw.trim() : `https://${raw.trim()}`);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  if (host !== 'linkedin.com' && !host.endsWith('.linkedin.com')) return undefined;
  const [section, slug] = url.pathname.split('/').filter(Boolean);
  return section?.toLowerCase() === 'in' && slug ? normalizeSlug(slug) : undefined;
}

/** A domain as the cache and filters compare it: lower-case, no `www.`. */
export const domainKey = (domain: string): string => domain.trim().toLowerCase().replace(/^www\./, '');

const iso = (ms: number): string => new Date(ms).toISOString();

/** The signal as Saber shows it at `now`. */
export function signalView(record: SignalRecord, now: number): Record<string, unknown> {
  const done = now >= record.completesAt;
  const view: Record<string, unknown> = {
    id: record.id,
    status: done ? record.outcome.status : 'processing',
    signalType: record.kind === 'company' ? 'COMPANY' : 'CONTACT',
    [record.kind === 'company' ? 'domain' : 'contactProfileUrl']: record.subject,
    question: record.question,
    answerType: record.answerType,
    createdAt: iso(record.createdAt),
  };
  if (record.weight) view.weight = record.weight;
  if (record.verificationMode) view.verificationMode = record.verificationMode;
  if (!done) return view;
  view.completedAt = iso(record.completesAt);
  const outcome = record.outcome;
  if (outcome.status === 'completed') {
    view.answer = outcome.answer;
    view.confidence = outcome.confidence;
    view.reasoning = outcome.reasoning;
    view.sources = outcome.sources;
  } else {
    view.error = outcome.error;
    view.errorCode = outcome.errorCode;
  }
  return view;
}

interface NewSignal {
  kind: SubjectKind;
  subject: string;
  question?: string;
  answerType?: SaberAnswerType;
  outputSchema?: Record<string, unknown>;
  weight?: string;
  verificationMode?: 'strict' | 'lenient';
  signalTemplateId?: string;
  forceRefresh?: boolean;
}

type Created = { ok: true; record: SignalRecord } | { ok: false; response: ApiResponse };

/** Validate, price, charge and store a new signal. */
function createSignal(ctx: SaberContext, input: NewSignal): Created {
  const now = ctx.now();
  const template = input.signalTemplateId ? SABER_TEMPLATES.find((t) => t.id === input.signalTemplateId) : undefined;
  if (input.signalTemplateId && !template) {
    return {
      ok: false,
      response: platformError(404, { type: 'NOT_FOUND', code: 'TEMPLATE_NOT_FOUND', message: 'Signal template not found' }, ctx.ids.request()),
    };
  }
  const question = input.question ?? template?.question ?? '';
  const answerType: SaberAnswerType = input.answerType ?? (template?.answerType as SaberAnswerType | undefined) ?? 'open_text';
  const questionInput = { question, answerType, outputSchema: input.outputSchema, verificationMode: input.verificationMode };

  let subjectKey: string;
  let companyId: string | undefined;
  let outcome: SignalOutcome;
  if (input.kind === 'company') {
    subjectKey = domainKey(input.subject);
    const company = ctx.index.companiesByDomain.get(subjectKey);
    companyId = company?.id;
    outcome = company ? companyOutcome(factsOf(ctx.index, company), questionInput) : unknownCompanyOutcome(input.subject);
  } else {
    const slug = profileSlug(input.subject);
    subjectKey = slug ? `in/${slug}` : input.subject.trim().toLowerCase();
    const person = slug ? ctx.index.peopleBySlug.get(slug) : undefined;
    const company = person ? ctx.index.companiesById.get(person.companyId) : undefined;
    companyId = company?.id;
    outcome =
      person && company
        ? personOutcome(person, company, ctx.index.peopleByCompany.get(company.id) ?? [], questionInput)
        : unknownPersonOutcome();
  }

  const hit =
    input.forceRefresh || outcome.status === 'failed'
      ? undefined
      : cachedSignal(ctx.account, cacheKey(input.kind, subjectKey, question, answerType), now, ctx.behaviour.cacheTtlMs);
  const cost = outcome.status === 'failed' || (hit && !ctx.behaviour.chargeCachedAnswers) ? 0 : ctx.behaviour.creditsPerSignal;
  const remaining = saberCreditsRemaining(ctx.account);
  if (cost > remaining) {
    return {
      ok: false,
      response: platformError(
        402,
        {
          type: 'PAYMENT_REQUIRED',
          code: 'INSUFFICIENT_CREDITS',
          message: `Insufficient credits: this signal costs ${cost} credit${cost === 1 ? '' : 's'}, ${remaining} remaining`,
        },
        ctx.ids.request(),
      ),
    };
  }

  const completesAt = hit ? now : now + ctx.behaviour.completionDelayMs;
  const record: SignalRecord = {
    id: ctx.ids.signal(),
    seq: ctx.ids.seq(),
    kind: input.kind,
    subject: input.subject,
    subjectKey,
    ...(companyId ? { companyId } : {}),
    question,
    answerType,
    ...(input.weight ? { weight: input.weight } : {}),
    ...(input.verificationMode ? { verificationMode: input.verificationMode } : {}),
    ...(input.signalTemplateId ? { signalTemplateId: input.signalTemplateId } : {}),
    createdAt: now,
    completesAt,
    answeredAt: hit ? hit.answeredAt : completesAt,
    outcome: hit ? hit.outcome : outcome,
    cached: hit !== undefined,
    charged: cost,
  };
  ctx.account.creditsUsed += cost;
  ctx.account.signalsCreated += 1;
  if (hit) ctx.account.cacheHits += 1;
  ctx.account.signals.push(record);
  return { ok: true, record };
}

function parseSignalBody(ctx: SaberContext, kind: SubjectKind, body: unknown): { ok: true; input: NewSignal } | { ok: false; response: ApiResponse } {
  if (kind === 'company') {
    const parsed = validate(companySignalRequestSchema, body, ctx.ids.request);
    if (!parsed.ok) return parsed;
    const { domain, ...rest } = parsed.value;
    return { ok: true, input: { kind, subject: domain.toLowerCase(), ...rest } };
  }
  const parsed = validate(contactSignalRequestSchema, body, ctx.ids.request);
  if (!parsed.ok) return parsed;
  const { contactProfileUrl, ...rest } = parsed.value;
  return { ok: true, input: { kind, subject: contactProfileUrl, ...rest } };
}

/** `POST /v1/{companies|contacts}/signals`: answers 202 with the processing signal (200 when a cache hit finished it). */
export function createSignalAsync(ctx: SaberContext, kind: SubjectKind, body: unknown): ApiResponse {
  const parsed = parseSignalBody(ctx, kind, body);
  if (!parsed.ok) return parsed.response;
  const created = createSignal(ctx, parsed.input);
  if (!created.ok) return created.response;
  const now = ctx.now();
  return json(now >= created.record.completesAt ? 200 : 202, signalView(created.record, now));
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `POST /v1/{companies|contacts}/signals/sync`: creates the signal, then waits until it completes or
 * `X-Sbr-Timeout-Sec` (1..900, capped at `maxSyncWaitMs`) runs out: 200 with the finished signal, else 202 with the
 * processing one (408 instead when `X-Sbr-Timeout-Error: true`).
 */
export async function createSignalSync(ctx: SaberContext, kind: SubjectKind, body: unknown, headers: IncomingHttpHeaders): Promise<ApiResponse> {
  const timeoutHeader = header(headers, 'x-sbr-timeout-sec')?.trim();
  const timeoutError = header(headers, 'x-sbr-timeout-error')?.trim().toLowerCase();
  const fields: { field: string; message: string }[] = [];
  const seconds = timeoutHeader === undefined ? ctx.behaviour.defaultSyncWaitSeconds : Number(timeoutHeader);
  if (timeoutHeader !== undefined && (!/^\d+$/.test(timeoutHeader) || seconds < 1 || seconds > 900)) {
    fields.push({ field: 'X-Sbr-Timeout-Sec', message: 'must be an integer from 1 to 900' });
  }
  if (timeoutError !== undefined && timeoutError !== 'true' && timeoutError !== 'false') {
    fields.push({ field: 'X-Sbr-Timeout-Error', message: "must be 'true' or 'false'" });
  }
  const [first] = fields;
  if (first) {
    return platformError(
      400,
      { type: 'VALIDATION', code: 'VALIDATION_ERROR', message: `validation failed for '${first.field}': ${first.message}`, fields },
      ctx.ids.request(),
    );
  }

  const parsed = parseSignalBody(ctx, kind, body);
  if (!parsed.ok) return parsed.response;
  const created = createSignal(ctx, parsed.input);
  if (!created.ok) return created.response;
  const { record } = created;

  const waitMs = Math.min(seconds * 1000, ctx.behaviour.maxSyncWaitMs);
  const deadline = ctx.now() + waitMs;
  const realDeadline = Date.now() + waitMs; // A frozen test clock without an injected sleep must still end.
  while (ctx.now() < record.completesAt && ctx.now() < deadline && Date.now() < realDeadline) {
    await ctx.behaviour.sleep(Math.max(1, Math.min(record.completesAt, deadline) - ctx.now()));
  }
  const now = ctx.now();
  if (now >= record.completesAt) return json(200, signalView(record, now));
  if (timeoutError === 'true') {
    return platformError(
      408,
      { type: 'TIMEOUT', code: 'SIGNAL_TIMEOUT', message: `Signal ${record.id} did not complete within ${seconds} seconds` },
      ctx.ids.request(),
    );
  }
  return json(202, signalView(record, now));
}

/** `GET /v1/{companies|contacts}/signals/{id}`: only this account's signals of this kind. */
export function getSignal(ctx: SaberContext, kind: SubjectKind, id: string): ApiResponse {
  if (!UUID_PATTERN.test(id)) {
    return platformError(
      400,
      {
        type: 'VALIDATION',
        code: 'VALIDATION_ERROR',
        message: "validation failed for 'signalId': must be a UUID",
        fields: [{ field: 'signalId', message: 'must be a UUID' }],
      },
      ctx.ids.request(),
    );
  }
  const record = ctx.account.signals.find((s) => s.id === id && s.kind === kind);
  if (!record) return flatError(404, 'NOT_FOUND', 'Signal not found or access denied');
  return json(200, signalView(record, ctx.now()));
}

/** A 400 VALIDATION_ERROR about one query parameter. */
function queryError(ctx: SaberContext, field: string, message: string): ApiResponse {
  return platformError(
    400,
    { type: 'VALIDATION', code: 'VALIDATION_ERROR', message: `validation failed for '${field}': ${message}`, fields: [{ field, message }] },
    ctx.ids.request(),
  );
}

/** `limit` (1..max, default 25) and `offset` (≥ 0) from a query string. */
function paging(ctx: SaberContext, query: URLSearchParams, max: number): { ok: true; limit: number; offset: number } | { ok: false; response: ApiResponse } {
  const rawLimit = query.get('limit');
  const rawOffset = query.get('offset');
  const limit = rawLimit === null ? 25 : Number(rawLimit);
  const offset = rawOffset === null ? 0 : Number(rawOffset);
  if (rawLimit !== null && (!/^\d+$/.test(rawLimit) || limit < 1 || limit > max)) {
    return { ok: false, response: queryError(ctx, 'limit', `must be an integer from 1 to ${max}`) };
  }
  if (rawOffset !== null && !/^\d+$/.test(rawOffset)) {
    return { ok: false, response: queryError(ctx, 'offset', 'must be an integer of 0 or more') };
  }
  return { ok: true, limit, offset };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** `GET /v1/companies/signals` and `GET /v1/contacts/signals`: newest first, `{results,total,limit,offset,count}`. */
export function listSignals(ctx: SaberContext, kind: SubjectKind, query: URLSearchParams): ApiResponse {
  const page = paging(ctx, query, 25);
  if (!page.ok) return page.response;
  const now = ctx.now();
  let records = ctx.account.signals.filter((s) => s.kind === kind);

  if (kind === 'company') {
    const domain = query.get('domain');
    if (domain !== null) {
      if (!DOMAIN_PATTERN.test(domain)) {
        return queryError(ctx, 'domain', "'domain' must be a valid hostname (e.g., 'example.com') without protocol (https://) or path");
      }
      records = records.filter((s) => s.subjectKey === domainKey(domain));
    }
    const companyId = query.get('companyId');
    if (companyId !== null) records = records.filter((s) => s.companyId === companyId);
    const statuses = query.getAll('status');
    for (const status of statuses) {
      if (!(SIGNAL_STATUSES as readonly string[]).includes(status)) {
        return queryError(ctx, 'status', `invalid value: ${status}`);
      }
    }
    if (statuses.length > 0) {
      records = records.filter((s) => statuses.includes((now >= s.completesAt ? s.outcome.status : 'processing') satisfies SignalStatus));
    }
    for (const [field, keep] of [
      ['fromDate', (at: number, bound: number) => at >= bound],
      ['toDate', (at: number, bound: number) => at <= bound],
    ] as const) {
      const value = query.get(field);
      if (value === null) continue;
      if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
        return queryError(ctx, field, 'must be an RFC 3339 date-time');
      }
      const bound = Date.parse(value);
      records = records.filter((s) => now >= s.completesAt && keep(s.completesAt, bound));
    }
    const subscriptionId = query.get('subscriptionId');
    if (subscriptionId !== null) {
      if (!UUID_PATTERN.test(subscriptionId)) {
        return queryError(ctx, 'subscriptionId', 'must be a UUID');
      }
      records = []; // The sandbox has no subscriptions.
    }
  } else {
    const profile = query.get('contactProfileUrl');
    if (profile !== null) {
      const slug = profileSlug(profile);
      const key = slug ? `in/${slug}` : profile.trim().toLowerCase();
      records = records.filter((s) => s.subjectKey === key);
    }
  }

  const sorted = [...records].sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  const results = sorted.slice(page.offset, page.offset + page.limit).map((s) => signalView(s, now));
  return json(200, { results, total: sorted.length, limit: page.limit, offset: page.offset, count: results.length });
}

/** `GET /v1/companies/signals/templates`: `{items,total,limit,offset,hasMore}`. */
export function listTemplates(ctx: SaberContext, query: URLSearchParams): ApiResponse {
  const page = paging(ctx, query, 100);
  if (!page.ok) return page.response;
  const includeDeleted = query.get('includeDeleted');
  if (includeDeleted !== null && includeDeleted !== 'true' && includeDeleted !== 'false') {
    return queryError(ctx, 'includeDeleted', "must be 'true' or 'false'");
  }
  const items = SABER_TEMPLATES.slice(page.offset, page.offset + page.limit).map((t) => ({ ...t, organizationId: `org_${ctx.keyName}` }));
  return json(200, {
    items,
    total: SABER_TEMPLATES.length,
    limit: page.limit,
    offset: page.offset,
    hasMore: page.offset + items.length < SABER_TEMPLATES.length,
  });
}
