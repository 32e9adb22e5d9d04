/**
 * Raw Lusha company shapes (schemas-companies.ts) → Sidecar's `Company` (lib/domain/company.ts). Pure functions.
 *
 * Paid extras follow the domain rule: requested → set (a value, or `null` / `[]` when Lusha has none); not
 * requested → set only when Lusha sent something anyway, so an empty answer never overwrites data cached earlier.
 */
import {
  COMPANY_REVEAL_FIELDS,
  type Company,
  type CompanyIntent,
  type CompanyPlace,
  type CompanyRevealField,
  type Funding,
  type IndustryCode,
} from '../../domain/company';
import {
  lushaFundingSchema,
  lushaIntentSchema,
  type LushaCompanyPreview,
  type LushaEnrichedCompany,
} from './schemas-companies';
import { formatLocation, itemFailure, normalizeDomain } from './to-domain';
import type { CompanyEnrichOutcome, CompanySearchOutcome, LushaCompanySearchItem } from './types';

type RawCompany = LushaCompanyPreview | LushaEnrichedCompany;

/** `null`, `undefined` and blank strings become undefined; other strings are trimmed. */
export function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A finite number, or undefined. */
export function finite(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** An object with at least one defined field, else undefined. */
function nonEmpty<T extends object>(value: T): T | undefined {
  const clean = dropUndefined(value);
  return Object.keys(clean).length > 0 ? clean : undefined;
}

function texts(values: readonly (string | null | undefined)[] | null | undefined): string[] {
  const out: string[] = [];
  for (const value of values ?? []) {
    const t = text(value);
    if (t !== undefined && !out.includes(t)) out.push(t);
  }
  return out;
}

function place(raw: RawCompany['location']): CompanyPlace | undefined {
  if (!raw) return undefined;
  return nonEmpty({
    city: text(raw.city),
    state: text(raw.state),
    stateCode: text(raw.stateCode),
    country: text(raw.country),
    countryIso2: text(raw.countryIso2),
    continent: text(raw.continent),
    zipCode: 'zipCode' in raw ? text(raw.zipCode) : undefined,
  });
}

function codes(raw: LushaEnrichedCompany['sicCodes']): IndustryCode[] {
  return (raw ?? []).flatMap((entry) => {
    const code = typeof entry.code === 'number' ? String(entry.code) : text(entry.code);
    return code === undefined ? [] : [dropUndefined({ code, description: text(entry.description) })];
  });
}

function funding(raw: unknown): Funding | undefined {
  const parsed = lushaFundingSchema.safeParse(raw);
  if (raw == null || !parsed.success) return undefined;
  const f = parsed.data;
  const rounds = (f.rounds ?? []).map((r) =>
    dropUndefined({ type: text(r.roundType), amount: finite(r.roundAmount), currency: text(r.currency), date: text(r.roundDate) }),
  );
  const result = dropUndefined({
    totalRounds: finite(f.totalRounds),
    totalAmount: finite(f.totalRoundsAmount),
    currency: text(f.currency),
    isIpo: f.isIpo ?? undefined,
    lastRoundType: text(f.lastRoundType),
    lastRoundAmount: finite(f.lastRoundAmount),
    lastRoundDate: text(f.lastRoundDate),
  });
  return Object.keys(result).length > 0 || rounds.length > 0 ? { ...result, rounds } : undefined;
}

/** `intent` → topics; `null` when Lusha sent an explicit nothing, undefined when it sent nothing readable. */
function intent(raw: unknown): CompanyIntent | null | undefined {
  if (raw === null) return null;
  const parsed = lushaIntentSchema.safeParse(raw);
  if (raw === undefined || !parsed.success) return undefined;
  const topics = (parsed.data.detectedTopics ?? []).flatMap((topic) => {
    const name = text(topic.topicName);
    if (!name) return [];
    const rawScore = topic.metadata?.topicScore;
    const score = typeof rawScore === 'string' ? Number(rawScore) : rawScore;
    return [dropUndefined({ name, score: finite(score), trend: text(topic.metadata?.topicTrend) })];
  });
  return dropUndefined({ topics, topicCount: finite(parsed.data.topicCount) });
}

function slices<T>(list: T[] | null | undefined, read: (item: T) => { label?: string; count?: number }) {
  return (list ?? []).flatMap((item) => {
    const { label, count } = read(item);
    return label !== undefined && count !== undefined ? [{ label, count: Math.max(0, count) }] : [];
  });
}

/** Each paid extra of an enriched record, mapped; `undefined` when Lusha sent nothing for it. */
function extras(raw: LushaEnrichedCompany): { [F in CompanyRevealField]: Company[F] } {
  const it = raw.estimatedAnnualItSpend;
  const traffic = raw.monthlyWebsiteTraffic;
  return {
    employeesByDepartment:
      raw.employeesByDepartment == null ? undefined : slices(raw.employeesByDepartment, (d) => ({ label: text(d.department), count: finite(d.count) })),
    employeesBySeniority:
      raw.employeesBySeniority == null ? undefined : slices(raw.employeesBySeniority, (d) => ({ label: text(d.seniority), count: finite(d.count) })),
    employeesByLocation:
      raw.employeesByLocation == null
        ? undefined
        : raw.employeesByLocation.flatMap((l) => {
            const count = finite(l.count);
            return count === undefined ? [] : [dropUndefined({ country: text(l.country), state: text(l.state), count: Math.max(0, count) })];
          }),
    competitors:
      raw.competitors == null
        ? undefined
        : raw.competitors.flatMap((c) => {
            const ref = nonEmpty({ id: text(c.id), name: text(c.name), domain: normalizeDomain(c.domain) });
            return ref ? [ref] : [];
          }),
    intent: intent(raw.intent),
    estimatedAnnualItSpend:
      it === null ? null : it === undefined ? undefined : (nonEmpty({ value: finite(it.value), currency: text(it.currency), valueUsd: finite(it.valueUsd) }) ?? null),
    monthlyWebsiteTraffic:
      traffic === null
        ? null
        : traffic === undefined
          ? undefined
          : (nonEmpty({ visits: finite(traffic.visits), momChangePercent: finite(traffic.momChangePercent), month: text(traffic.month) }) ?? null),
  };
}

/** Whether an extra holds something (a non-empty list or a non-null value). */
function holds(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined;
}

const EMPTY_EXTRA: { [F in CompanyRevealField]: Company[F] } = {
  employeesByDepartment: [],
  employeesBySeniority: [],
  employeesByLocation: [],
  competitors: [],
  intent: null,
  estimatedAnnualItSpend: null,
  monthlyWebsiteTraffic: null,
};

/**
 * A company search preview or enriched record → `Company`. `reveal` lists the extras that were asked for
 * (enrich only); see the module comment for how they are set.
 */
export function toCompany(raw: RawCompany, id: string, detail: Company['detail'], reveal: readonly CompanyRevealField[] = []): Company {
  const enriched: Partial<LushaEnrichedCompany> = detail === 'enriched' ? (raw as LushaEnrichedCompany) : {};
  const headquarters = place(raw.location);
  const employees = raw.employeeCount
    ? nonEmpty({ exact: finite(raw.employeeCount.exact), min: finite(raw.employeeCount.min), max: finite(raw.employeeCount.max) })
    : undefined;
  const company: Company = {
    provider: 'lusha',
    id,
    detail,
    name: text(raw.name),
    alternativeName: text(enriched.alternativeName),
    domain: normalizeDomain(raw.domain),
    alternativeDomains: texts(enriched.alternativeDomains).map((d) => normalizeDomain(d) ?? d),
    emailDomain: normalizeDomain(enriched.emailDomain),
    description: text(enriched.description),
    offering: text(enriched.companyOffering),
    companyType: text(enriched.companyType),
    yearFounded: finite(enriched.yearFounded),
    industry: text(raw.industry),
    subIndustry: text(enriched.subIndustry),
    additionalIndustries: (enriched.additionalIndustries ?? []).flatMap((a) => {
      const entry = nonEmpty({ industry: text(a.industry), subIndustry: text(a.subIndustry) });
      return entry ? [entry] : [];
    }),
    industryTags: texts(enriched.industryTags),
    specialities: texts(enriched.specialities),
    keywords: texts(enriched.keywords),
    technologies: texts(enriched.technologies),
    businessModel: texts(enriched.businessModel),
    sicCodes: codes(enriched.sicCodes),
    naicsCodes: codes(enriched.naicsCodes),
    employees,
    revenue: enriched.revenueRange ? nonEmpty({ min: finite(enriched.revenueRange.min), max: finite(enriched.revenueRange.max) }) : undefined,
    location: formatLocation(raw.location),
    headquarters,
    additionalLocations: (enriched.additionalLocations ?? []).flatMap((l) => {
      const p = place(l);
      return p ? [p] : [];
    }),
    linkedinUrl: text(raw.socialLinks?.linkedin),
    facebookUrl: text(raw.socialLinks?.facebook),
    xUrl: text(raw.socialLinks?.x),
    logoUrl: text(enriched.logoUrl),
    linkedinFollowers: finite(enriched.linkedinFollowers),
    popularityTier: finite(enriched.popularityTier),
    phones: texts([enriched.phone, ...(enriched.phones ?? []).map((p) => p.number)]),
    emails: texts([enriched.email, ...(enriched.emails ?? []).map((e) => e.email)]),
    funding: funding(enriched.funding),
    has: texts(raw.has),
    canReveal: (raw.canReveal ?? []).map((item) => ({ field: item.field, credits: Math.max(0, item.credits) })),
    signalTypes: detail === 'preview' ? texts((raw as LushaCompanyPreview).signalTypes) : [],
  };
  if (detail === 'enriched') {
    const paid = extras(raw as LushaEnrichedCompany);
    for (const field of COMPANY_REVEAL_FIELDS) {
      const value = paid[field];
      if (holds(value) || (reveal.includes(field) && value !== undefined)) Object.assign(company, { [field]: value });
      else if (reveal.includes(field)) Object.assign(company, { [field]: EMPTY_EXTRA[field] });
    }
  }
  return dropUndefined(company);
}

/** One `results[]` entry of a company search → an outcome. */
export function toCompanySearchOutcome(raw: LushaCompanyPreview): CompanySearchOutcome {
  const clientReferenceId = text(raw.clientReferenceId);
  const ref = clientReferenceId ? { clientReferenceId } : {};
  if (raw.error) return { ...ref, ...itemFailure(raw.error) };
  const id = text(raw.id);
  if (!id) return { ...ref, status: 'failed', message: 'result has neither an id nor an error' };
  return { ...ref, status: 'found', company: toCompany(raw, id, 'preview') };
}

/** One `results[]` entry of a company enrich → an outcome; the id falls back to the requested one at that position. */
export function toCompanyEnrichOutcome(
  raw: LushaEnrichedCompany,
  index: number,
  requestedIds: readonly string[],
  reveal: readonly CompanyRevealField[],
): CompanyEnrichOutcome {
  const id = text(raw.id) ?? requestedIds[index] ?? '';
  if (raw.error) return { id, ...itemFailure(raw.error) };
  if (!id) return { id, status: 'failed', message: 'result has neither an id nor an error' };
  return { id, status: 'enriched', company: toCompany(raw, id, 'enriched', reveal) };
}

/** A company search item as `V3CompanySearchItem`: only its known keys, no blank or undefined values. */
export function toCompanySearchItemBody(item: LushaCompanySearchItem): Record<string, string> {
  const source = item as Partial<Record<'clientReferenceId' | 'id' | 'name' | 'domain', unknown>>;
  const body: Record<string, string> = {};
  for (const key of ['clientReferenceId', 'id', 'name', 'domain'] as const) {
    const value = source[key];
    if (typeof value === 'string' && value.trim() !== '') body[key] = value.trim();
  }
  return body;
}
