/**
 * A thin, typed HTTP client for Lusha V3: contacts (search, enrich, signals), companies (search, enrich, signals),
 * people at a company (prospecting, buying group) and account usage: the calls Sidecar makes, nothing more
 * (COVERAGE.md lists what it leaves out). One call = one HTTP request: no retries, no caching, no spending policy
 * (the scheduler and store own those). Every answer is parsed by a zod schema and mapped to Sidecar's domain types.
 *
 * Errors are SidecarErrors (see transport.ts for timeouts and cancellation, errors.ts for the HTTP statuses);
 * per-item errors inside a 200 stay per-item outcomes. Bad arguments fail with kind 'validation' before any
 * request is sent.
 */
import type { z } from 'zod';
import type { CompanyRevealField } from '../../domain/company';
import type { RevealField } from '../../domain/contact';
import {
  buyingGroupBody,
  checkCompanyReveal,
  checkContactReveal,
  checkIds,
  companyItemsBody,
  contactItemsBody,
  prospectingBody,
  searchOptions,
  signalFilterBody,
  signalsBody,
} from './requests';
import {
  lushaAccountUsageResponseSchema,
  lushaContactsEnrichResponseSchema,
  lushaContactsJobResponseSchema,
  lushaContactsSearchResponseSchema,
} from './schemas';
import { lushaCompaniesEnrichResponseSchema, lushaCompaniesSearchResponseSchema } from './schemas-companies';
import { lushaBuyingGroupResponseSchema, lushaProspectingContactsResponseSchema } from './schemas-people';
import { lushaSignalsResponseSchema } from './schemas-signals';
import { toCompanyEnrichOutcome, toCompanySearchOutcome } from './to-company';
import { toAccountUsage, toEnrichOutcome, toSearchOutcome } from './to-domain';
import { toBuyingGroupOutcome } from './to-people';
import { toSignalsOutcomes } from './to-signal';
import { createTransport, type BodyMeta } from './transport';
import {
  LUSHA_COMPANY_SIGNAL_TYPES,
  LUSHA_CONTACT_SIGNAL_TYPES,
  type LushaCallInit,
  type LushaCallResult,
  type LushaClientOptions,
  type LushaV3Client,
} from './types';

/** Create a client bound to one key and base URL. Never throws; problems surface on the first call. */
export function createLushaClient(options: LushaClientOptions): LushaV3Client {
  const transport = createTransport(options);
  const now = options.now ?? Date.now;

  /** POST/GET one endpoint, then map the parsed body; billing and rate limits come from `meta`. */
  async function call<S extends z.ZodType, T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    init: LushaCallInit | undefined,
    map: (data: z.output<S>) => T,
  ): Promise<LushaCallResult<T>> {
    const { data, headers } = await transport.request({ method, path, body, schema, signal: init?.signal });
    const bodyMeta: BodyMeta = typeof data === 'object' && data !== null ? (data as BodyMeta) : {};
    return { data: map(data), ...transport.meta(headers, bodyMeta) };
  }

  return {
    async searchContacts(items, init) {
      const body: Record<string, unknown> = { contacts: contactItemsBody(items), ...searchOptions(init) };
      if (init?.signals !== undefined) body.signals = signalFilterBody(init.signals, LUSHA_CONTACT_SIGNAL_TYPES);
      return call('POST', '/v3/contacts/search', body, lushaContactsSearchResponseSchema, init, (data) =>
        data.results.map(toSearchOutcome),
      );
    },

    async enrichContacts(ids: string[], reveal: RevealField[], init?: LushaCallInit) {
      checkIds(ids);
      // Lusha reads an omitted reveal as "both"; never risk spending on a field nobody asked for.
      const fields = checkContactReveal(reveal);
      return call('POST', '/v3/contacts/enrich', { ids, reveal: fields }, lushaContactsEnrichResponseSchema, init, (data) => {
        const outcomes = data.results.map((raw, index) => toEnrichOutcome(raw, index, ids, fields));
        if (!data.job) return outcomes;
        // People the job covers (or, when it does not say, every asked id without a result) come later.
        const answered = new Set(outcomes.map((outcome) => outcome.id));
        const covered = data.job.covers ?? ids.filter((id) => !answered.has(id));
        const retryAfterMs = Math.max(0, (data.job.retryAfter ?? 1) * 1000);
        return [...outcomes, ...covered.filter((id) => !answered.has(id)).map((id) => ({ id, status: 'pending' as const, jobId: data.job!.jobId, retryAfterMs }))];
      });
    },

    async getContactsJob(jobId: string, reveal: RevealField[], init?: LushaCallInit) {
      const fields = checkContactReveal(reveal);
      return call('GET', `/v3/contacts/jobs/${encodeURIComponent(jobId)}`, undefined, lushaContactsJobResponseSchema, init, (data) => ({
        jobId: data.jobId,
        status: data.status,
        ...(data.retryAfter != null ? { retryAfterMs: Math.max(0, data.retryAfter * 1000) } : {}),
        covers: data.covers ?? [],
        outcomes: (data.results ?? []).map((raw, index) => toEnrichOutcome(raw, index, data.covers ?? [], fields)),
      }));
    },

    async getContactSignals(ids, types, init) {
      const body = signalsBody(ids, types, LUSHA_CONTACT_SIGNAL_TYPES, init ?? {});
      return call('POST', '/v3/contacts/signals', body, lushaSignalsResponseSchema, init, (data) => ({
        ...(data.startDate ? { startDate: data.startDate } : {}),
        ...(data.endDate ? { endDate: data.endDate } : {}),
        results: toSignalsOutcomes('contact', ids, data.results),
      }));
    },

    async searchCompanies(items, init) {
      const body: Record<string, unknown> = { companies: companyItemsBody(items), ...searchOptions(init) };
      if (init?.signals !== undefined) body.signals = signalFilterBody(init.signals, LUSHA_COMPANY_SIGNAL_TYPES);
      return call('POST', '/v3/companies/search', body, lushaCompaniesSearchResponseSchema, init, (data) =>
        data.results.map(toCompanySearchOutcome),
      );
    },

    async enrichCompanies(ids: string[], reveal: CompanyRevealField[] = [], init?: LushaCallInit) {
      checkIds(ids);
      const fields = checkCompanyReveal(reveal);
      return call('POST', '/v3/companies/enrich', { ids, reveal: fields }, lushaCompaniesEnrichResponseSchema, init, (data) =>
        data.results.map((raw, index) => toCompanyEnrichOutcome(raw, index, ids, fields)),
      );
    },

    async getCompanySignals(ids, types, init) {
      const body = signalsBody(ids, types, LUSHA_COMPANY_SIGNAL_TYPES, init ?? {});
      const categories = (init?.intentCategories ?? []).map((c) => c.trim()).filter(Boolean);
      if (categories.length > 0) body.filters = { include: { intentCategories: [...new Set(categories)] } };
      return call('POST', '/v3/companies/signals', body, lushaSignalsResponseSchema, init, (data) => ({
        ...(data.startDate ? { startDate: data.startDate } : {}),
        ...(data.endDate ? { endDate: data.endDate } : {}),
        results: toSignalsOutcomes('company', ids, data.results),
      }));
    },

    async prospectContacts(query, init) {
      const body = prospectingBody(query, init);
      const sent = body.pagination as { page: number; size: number };
      return call('POST', '/v3/contacts/prospecting', body, lushaProspectingContactsResponseSchema, init, (data) => {
        const page = {
          results: data.results.map(toSearchOutcome),
          page: data.pagination?.page ?? sent.page,
          size: data.pagination?.size ?? sent.size,
        };
        const total = data.pagination?.total;
        return total == null ? page : { ...page, total };
      });
    },

    async getBuyingGroup(companies, init) {
      const body = buyingGroupBody(companies, init);
      return call('POST', '/v3/contacts/buying-group', body, lushaBuyingGroupResponseSchema, init, (data) => {
        const page: { results: ReturnType<typeof toBuyingGroupOutcome>[]; page?: number; size?: number; total?: number } = {
          results: data.results.map(toBuyingGroupOutcome),
        };
        if (data.pagination?.page != null) page.page = data.pagination.page;
        if (data.pagination?.size != null) page.size = data.pagination.size;
        if (data.pagination?.total != null) page.total = data.pagination.total;
        return page;
      });
    },

    async getAccountUsage(init) {
      // Account usage carries no billing block: spend 0.
      return call('GET', '/v3/account/usage', undefined, lushaAccountUsageResponseSchema, init, (data) => toAccountUsage(data, now()));
    },
  };
}
