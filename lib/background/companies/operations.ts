/**
 * Companies' paid calls to Lusha, as engine operations: the search behind a company preview (about 1 credit per 25
 * results) and the enrich that buys its full profile and extras (each charged per company; never repeated on its own).
 */
import { z } from 'zod';
import { companyRevealFieldSchema, type Company, type CompanyLookupResult } from '../../domain/company';
import type { SidecarErrorData } from '../../domain/errors';
import { spreadCharge } from '../../engine/charges';
import type { ItemOutcome, Operation } from '../../engine/types';
import type { ItemFailure } from '../../providers/lusha';
import { mergeEnrichedCompany, putCompanyLookup } from '../../store/companies';
import { getSettings } from '../../store/settings';
import { unitPriceSchema } from '../contacts/operations';
import { sameLinkedInCompany } from './identity';
import { LUSHA_LANE, quotasOf, type LushaOperationDeps } from '../lusha-calls';

export const COMPANY_SEARCH = 'lusha.companies.search';
export const COMPANY_ENRICH = 'lusha.companies.enrich';

const DAY_MS = 24 * 60 * 60 * 1000;

export const companySearchArgsSchema = z.object({
  key: z.string().min(1),
  item: z.union([z.object({ domain: z.string().min(1) }), z.object({ name: z.string().min(1) })]),
  unit: unitPriceSchema,
  /** The LinkedIn company page the user is on, when the search goes by name: Lusha's match must be that company. */
  linkedinUrl: z.string().optional(),
});
export type CompanySearchArgs = z.infer<typeof companySearchArgsSchema>;

/** A company found by name that has another LinkedIn page than the one the user is on is not the page's company. */
function onThePage(result: CompanyLookupResult, linkedinUrl: string | undefined): CompanyLookupResult {
  if (!linkedinUrl || result.status !== 'found' || sameLinkedInCompany(linkedinUrl, result.company.linkedinUrl)) return result;
  return { status: 'not-found', message: `Lusha’s “${result.company.name ?? 'company'}” of that name has another LinkedIn page (${result.company.linkedinUrl}).` };
}

export function createCompanySearchOperation(deps: LushaOperationDeps): Operation<CompanySearchArgs, CompanyLookupResult> {
  const op: Operation<CompanySearchArgs, CompanyLookupResult> = {
    name: COMPANY_SEARCH,
    provider: 'lusha',
    lane: LUSHA_LANE,
    args: companySearchArgsSchema,
    repeatIsFree: false,
    shareKey: (args) => args.key,
    ledger: (args) => ({ action: 'search', entityId: `company-search:${args.key}` }),
    batchKey: () => 'companies',
    maxBatch: () => 100,
    callPrice: (intents) => (intents[0] ? Math.ceil(intents.length / intents[0].args.unit.perQuantity) * intents[0].args.unit.credits : 0),
    async send(intents) {
      const client = await deps.client();
      const response = await client.searchCompanies(intents.map((intent, index) => ({ clientReferenceId: String(index), ...intent.args.item })));
      const outcomes = new Map<string, ItemOutcome<CompanyLookupResult>>();
      for (const [index, intent] of intents.entries()) {
        const found = response.data.find((item) => item.clientReferenceId === String(index));
        const { clientReferenceId: _ignored, ...answer } = found ?? { status: 'not-found' as const };
        const result = onThePage(answer as CompanyLookupResult, intent.args.linkedinUrl);
        outcomes.set(intent.id, { ok: true, value: result, summary: result.status });
      }
      return { outcomes, charges: spreadCharge(op, intents, response.creditsCharged, response.requestId), quotas: quotasOf(response.rateLimits) };
    },
    investigate: deps.investigate,
    async store(settled) {
      const ttlMs = (await getSettings()).previewTtlDays * DAY_MS;
      for (const { intent, outcome } of settled) {
        // A failure inside the answer is not kept: the next look asks again.
        if (outcome.ok && outcome.value.status !== 'failed') await putCompanyLookup(intent.args.key, outcome.value, deps.now(), ttlMs);
      }
    },
  };
  return op;
}

export const companyEnrichArgsSchema = z.object({ companyId: z.string().min(1), fields: z.array(companyRevealFieldSchema) });
export type CompanyEnrichArgs = z.infer<typeof companyEnrichArgsSchema>;

/** A company enrich that did not enrich, in Sidecar's words (Lusha's go to `detail`). */
export function companyFailure(outcome: ItemFailure | undefined): SidecarErrorData {
  if (!outcome || outcome.status === 'not-found') {
    return { kind: 'not-found', message: 'Lusha no longer finds this company. Nothing was revealed.', detail: outcome?.message };
  }
  if (outcome.status === 'restricted') {
    return { kind: 'gdpr-blocked', message: 'Lusha cannot share this company’s details for compliance reasons.', detail: outcome.message };
  }
  return { kind: 'server', message: 'Lusha could not reveal this company right now. Try again later.', detail: outcome.message };
}

export function createCompanyEnrichOperation(deps: LushaOperationDeps): Operation<CompanyEnrichArgs, Company> {
  const op: Operation<CompanyEnrichArgs, Company> = {
    name: COMPANY_ENRICH,
    provider: 'lusha',
    lane: LUSHA_LANE,
    args: companyEnrichArgsSchema,
    repeatIsFree: false,
    shareKey: (args) => `${args.companyId}:${[...args.fields].sort().join(',')}`,
    ledger: (args) => ({ action: 'company', entityId: args.companyId, field: args.fields.length > 0 ? args.fields.join(',') : 'profile' }),
    async send(intents) {
      const intent = intents[0]!;
      const client = await deps.client();
      const response = await client.enrichCompanies([intent.args.companyId], intent.args.fields);
      const outcome = response.data.find((item) => item.id === intent.args.companyId) ?? response.data[0];
      const result: ItemOutcome<Company> =
        outcome?.status === 'enriched' ? { ok: true, value: outcome.company, summary: 'enriched' } : { ok: false, error: companyFailure(outcome), summary: outcome?.status };
      return { outcomes: new Map([[intent.id, result]]), charges: spreadCharge(op, intents, response.creditsCharged, response.requestId), quotas: quotasOf(response.rateLimits) };
    },
    investigate: deps.investigate,
    async store(settled) {
      for (const { intent, outcome } of settled) if (outcome.ok) await mergeEnrichedCompany(intent.args.companyId, outcome.value);
    },
  };
  return op;
}
