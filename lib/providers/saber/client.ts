/**
 * A thin, typed HTTP client for Saber v1: company and contact signals (ask, get, list), signal templates, contact
 * research, Sales Navigator contact search, email finder and credits. One call = one HTTP request: no retries, no
 * polling loops, no caching, no spending policy (the scheduler and store own those). Runs in the MV3 service
 * worker: only `fetch`, `setTimeout` and `AbortController`.
 *
 * Questions are asked without waiting: the signal comes back `processing` (or at once, from Saber's cache) and the
 * caller polls its id from an alarm. Not implemented, because Sidecar does not use them (the sandbox still serves
 * them): the sync endpoints `POST /v1/{companies|contacts}/signals/sync`, which hold the request open while Saber
 * works, and `GET /v1/contacts/research?externalId=&externalSource=`.
 *
 * Errors: every failure is a SidecarError (see errors.ts), with one exception: when the caller's own `signal`
 * aborts, the call rejects with that signal's reason (a DOMException named "AbortError"), exactly as `fetch`
 * would. Our own timeout is a SidecarError of kind 'timeout'.
 */
import type { z } from 'zod';
import type { QuestionSignal } from '../../domain/saber-answer';
import { createHttpClient, type HttpRequest } from '../request';
import { errorFromResponse, saberError } from './errors';
import { parseRateLimitHeaders } from './rate-limit-headers';
import {
  companyQuestionBody,
  companySignalQuery,
  contactQuestionBody,
  contactResearchBody,
  contactSignalQuery,
  findEmailBody,
  idSegment,
  prospectSearchBody,
  templateQuery,
} from './requests';
import {
  saberContactResearchSchema,
  saberContactSearchSchema,
  saberCreditsSchema,
  saberFindEmailSchema,
  saberSignalListSchema,
  saberSignalSchema,
  saberTemplateListSchema,
} from './schemas';
import {
  toContactResearch,
  toCreditBalance,
  toEmailFinding,
  toProspectSearchResult,
  toQuestionSignal,
  toSignalPage,
  toTemplatePage,
  type SubjectKind,
} from './to-domain';
import type {
  CompanyQuestion,
  ContactQuestion,
  SaberCallInit,
  SaberCallResult,
  SaberClient,
  SaberClientOptions,
} from './types';

const DEFAULT_TIMEOUT_MS = 15_000;

/** Create a client bound to one key and base URL. Never throws; problems surface on the first call. */
export function createSaberClient(options: SaberClientOptions): SaberClient {
  const apiKey = options.apiKey.trim();
  const now = options.now ?? Date.now;
  const http = createHttpClient({
    label: 'Saber',
    baseUrl: options.baseUrl,
    secret: apiKey,
    authHeaders: { authorization: `Bearer ${apiKey}` },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch,
    now,
    providerError: saberError,
    errorFromResponse,
  });

  /** Run `spec` and map its data; the result carries status, rate-limit window and request id. */
  async function call<S extends z.ZodType, T>(spec: HttpRequest<S>, map: (data: z.output<S>) => T): Promise<SaberCallResult<T>> {
    const { data, status, headers } = await http.request(spec);
    const result: SaberCallResult<T> = { data: map(data), status, rateLimit: parseRateLimitHeaders(headers, now()) };
    const requestId = headers.get('x-request-id');
    if (requestId) result.requestId = requestId;
    return result;
  }

  /** Build a request body; a validation failure rejects the call instead of throwing synchronously. */
  async function built<T>(build: () => T): Promise<T> {
    return build();
  }

  async function createSignal(
    kind: SubjectKind,
    question: CompanyQuestion | ContactQuestion,
    init: SaberCallInit | undefined,
  ): Promise<SaberCallResult<QuestionSignal>> {
    const body = await built(() =>
      kind === 'company' ? companyQuestionBody(question as CompanyQuestion) : contactQuestionBody(question as ContactQuestion),
    );
    const subject = String(kind === 'company' ? body.domain : body.contactProfileUrl);
    const path = kind === 'company' ? '/v1/companies/signals' : '/v1/contacts/signals';
    return call({ method: 'POST', path, body, schema: saberSignalSchema, signal: init?.signal }, (raw) =>
      toQuestionSignal(raw, kind, subject),
    );
  }

  async function getSignal(kind: SubjectKind, id: string, init: SaberCallInit | undefined): Promise<SaberCallResult<QuestionSignal>> {
    const segment = await built(() => idSegment(id, 'signal id'));
    const base = kind === 'company' ? '/v1/companies/signals' : '/v1/contacts/signals';
    return call({ method: 'GET', path: `${base}/${segment}`, schema: saberSignalSchema, signal: init?.signal }, (raw) =>
      toQuestionSignal(raw, kind),
    );
  }

  return {
    createCompanySignal: (question, init) => createSignal('company', question, init),
    getCompanySignal: (id, init) => getSignal('company', id, init),
    async listCompanySignals(filters, init) {
      const query = await built(() => companySignalQuery(filters));
      return call(
        { method: 'GET', path: `/v1/companies/signals${query}`, schema: saberSignalListSchema, signal: init?.signal },
        (raw) => toSignalPage(raw, 'company'),
      );
    },
    async listSignalTemplates(filters, init) {
      const query = await built(() => templateQuery(filters));
      return call(
        { method: 'GET', path: `/v1/companies/signals/templates${query}`, schema: saberTemplateListSchema, signal: init?.signal },
        toTemplatePage,
      );
    },

    createContactSignal: (question, init) => createSignal('contact', question, init),
    getContactSignal: (id, init) => getSignal('contact', id, init),
    async listContactSignals(filters, init) {
      const query = await built(() => contactSignalQuery(filters));
      return call(
        { method: 'GET', path: `/v1/contacts/signals${query}`, schema: saberSignalListSchema, signal: init?.signal },
        (raw) => toSignalPage(raw, 'contact'),
      );
    },

    async createContactResearch(input, init) {
      const body = await built(() => contactResearchBody(input));
      return call(
        { method: 'POST', path: '/v1/contacts/research', body, schema: saberContactResearchSchema, signal: init?.signal },
        toContactResearch,
      );
    },
    async getContactResearch(id, init) {
      const segment = await built(() => idSegment(id, 'research id'));
      return call(
        { method: 'GET', path: `/v1/contacts/research/${segment}`, schema: saberContactResearchSchema, signal: init?.signal },
        toContactResearch,
      );
    },

    async searchContacts(input, init) {
      const body = await built(() => prospectSearchBody(input));
      return call(
        { method: 'POST', path: '/v1/contacts/search', body, schema: saberContactSearchSchema, signal: init?.signal },
        toProspectSearchResult,
      );
    },
    async findEmail(fullName, domain, init) {
      const body = await built(() => findEmailBody(fullName, domain));
      return call(
        { method: 'POST', path: '/v1/contacts/find-email', body, schema: saberFindEmailSchema, signal: init?.signal },
        toEmailFinding,
      );
    },
    async getCredits(init) {
      return call({ method: 'GET', path: '/v1/credits', schema: saberCreditsSchema, signal: init?.signal }, (raw) =>
        toCreditBalance(raw, now()),
      );
    },
  };
}
