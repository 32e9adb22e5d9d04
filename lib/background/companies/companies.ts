/**
 * Companies: the preview of the company on the page (from the store when fresh, else a search, priced from the account
 * and held against the cap) and its full profile and extras (one paid intent, each extra priced as the preview said).
 */
import { COMPANY_REVEAL_FIELDS, type Company, type CompanyLookupResult, type CompanyRevealField } from '../../domain/company';
import { creditWord } from '../../domain/credits';
import { SidecarError } from '../../domain/errors';
import { lookupKey } from '../../domain/lookup-keys';
import type { CompanyEntity } from '../../domain/page-context';
import type { Engine } from '../../engine/engine';
import type { CompanyView } from '../../messaging/insights';
import { canonicalLinkedInCompanyUrl, collapseWhitespace, normalizeDomain } from '../../domain/normalize';
import { getCompanyLookup, getCompanyLookupsById } from '../../store/companies';
import type { CompanyLookupRecord } from '../../store/db';
import { recordCompanyView } from '../../store/history';
import { lushaUsageItem } from '../../store/kv';
import { getSettings } from '../../store/settings';
import { priceFor, type UnitPrice } from '../contacts/operations';
import { COMPANY_ENRICH, COMPANY_SEARCH, type CompanyEnrichArgs, type CompanySearchArgs } from './operations';

const DEFAULT_COMPANY_SEARCH_PRICE: UnitPrice = { credits: 1, perQuantity: 25 };

const EXTRA_NOUN: Record<CompanyRevealField, string> = {
  employeesByDepartment: 'head count by department',
  employeesByLocation: 'head count by location',
  employeesBySeniority: 'head count by seniority',
  competitors: 'competitors',
  intent: 'intent topics',
  estimatedAnnualItSpend: 'IT spend estimate',
  monthlyWebsiteTraffic: 'website traffic',
};

/** "a", "a and b", "a, b and c". */
export function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The account's price of one unit of `action` (from the last account usage), or `fallback`. */
export async function accountPrice(action: string, fallback: UnitPrice = { credits: 1, perQuantity: 1 }): Promise<UnitPrice> {
  return (await lushaUsageItem.get())?.pricing[action] ?? fallback;
}

/**
 * A company entity's lookup key and the search item for it: by domain when the page shows one; else, on a page that
 * shows the company's LinkedIn page, by name with that LinkedIn page to check Lusha's match against (Lusha's company
 * search takes no LinkedIn identifier); by name alone only when the page shows nothing else.
 */
export function companyLookupOf(entity: CompanyEntity): { key: string; item: { domain: string } | { name: string }; linkedinUrl?: string } {
  const domain = entity.domain ? normalizeDomain(entity.domain) : null;
  const name = entity.name ? collapseWhitespace(entity.name) : '';
  if (domain) return { key: lookupKey({ kind: 'domain', domain }), item: { domain } };
  if (entity.linkedinUrl) {
    const url = canonicalLinkedInCompanyUrl(entity.linkedinUrl) ?? entity.linkedinUrl.trim();
    if (!name) {
      throw new SidecarError({
        kind: 'validation',
        message: 'Lusha cannot look a company up by its LinkedIn page alone. Open the company’s website, or select its name, and try again.',
      });
    }
    return { key: lookupKey({ kind: 'linkedin-company', linkedinUrl: url }), item: { name }, linkedinUrl: url };
  }
  if (name) return { key: `company-name:${name.toLowerCase()}`, item: { name } };
  throw new SidecarError({ kind: 'validation', message: 'To look a company up, Sidecar needs its website, its LinkedIn page with its name, or its name.' });
}

export interface CompaniesDeps {
  engine: Engine;
  now(): number;
}

export interface CompanyLookupOptions {
  origin: 'auto' | 'click';
  intentId?: string;
  confirmedCredits?: number;
}

export function createCompaniesService(deps: CompaniesDeps) {
  const { engine, now } = deps;

  async function viewOf(record: CompanyLookupRecord, fromCache: boolean, charged?: number): Promise<CompanyView> {
    const profileCredits = record.enriched ? 0 : (await accountPrice('revealCompany')).credits;
    const view: CompanyView = { key: record.key, result: record.result, profileCredits, fromCache };
    if (record.enriched) view.enriched = record.enriched;
    if (charged !== undefined) view.charged = charged;
    return view;
  }

  /** The company in front of the user goes into the history (never failing the lookup over it). */
  function noteView(view: CompanyView, revealed = false): CompanyView {
    if (view.result.status === 'found') {
      void recordCompanyView(view.enriched ?? view.result.company, view.key, now(), revealed).catch(() => undefined);
    }
    return view;
  }

  /** The company on the page: from the store when fresh, else one search. */
  async function lookupCompany(entity: CompanyEntity, options: CompanyLookupOptions = { origin: 'auto' }): Promise<CompanyView> {
    const { key, item, linkedinUrl } = companyLookupOf(entity);
    const stored = await getCompanyLookup(key);
    if (stored && stored.expiresAt > now()) return noteView(await viewOf(stored, true));
    const unit = await accountPrice('companySearch', DEFAULT_COMPANY_SEARCH_PRICE);
    const price = priceFor(1, unit);
    if (options.origin === 'auto' && !(await getSettings()).autoLookup) {
      throw new SidecarError({
        kind: 'needs-confirmation',
        reason: 'auto-lookup-off',
        credits: price,
        message: `Automatic lookups are off. Looking this company up costs up to ${creditWord(price)}.`,
      });
    }
    const settled = await engine.submitOne<CompanySearchArgs, CompanyLookupResult>(
      COMPANY_SEARCH,
      { args: { key, item, unit, ...(linkedinUrl ? { linkedinUrl } : {}) }, price, id: options.intentId },
      { origin: options.origin, confirmedCredits: options.confirmedCredits, what: 'Looking this company up' },
    );
    const charged = settled.intent.charged ?? 0;
    const result = settled.value ?? (await getCompanyLookup(key))?.result;
    if (!result) throw new SidecarError({ kind: 'internal', message: 'Sidecar could not keep this company. Try again.' });
    const record = (await getCompanyLookup(key)) ?? { kind: 'lookup' as const, key, result, fetchedAt: now(), expiresAt: now(), enriched: stored?.enriched };
    return noteView(await viewOf(result.status === 'failed' ? { ...record, result } : record, false, charged));
  }

  /**
   * The full profile (`fields: []`) and/or extras of a company found by `lookupCompany`. What is already stored is
   * not asked again; the price is the profile (unless paid) plus each new extra as the preview priced it.
   */
  async function revealCompany(companyId: string, fields: CompanyRevealField[], confirmedCredits?: number, intentId?: string): Promise<CompanyView> {
    const [record] = await getCompanyLookupsById(companyId);
    if (record?.result.status !== 'found') {
      throw new SidecarError({ kind: 'validation', message: 'Look this company up again before revealing: Sidecar does not know the price yet.' });
    }
    const preview = record.result.company;
    const wanted = COMPANY_REVEAL_FIELDS.filter((field) => fields.includes(field) && record.enriched?.[field] === undefined);
    if (record.enriched && wanted.length === 0) return viewOf(record, true);
    let price = record.enriched ? 0 : (await accountPrice('revealCompany')).credits;
    for (const field of wanted) {
      const offer = preview.canReveal.find((entry) => entry.field === field);
      if (!offer) throw new SidecarError({ kind: 'not-found', message: `Lusha has no ${EXTRA_NOUN[field]} for this company, so there is nothing to reveal.` });
      price += offer.credits;
    }
    const bought = [...(record.enriched ? [] : ['full profile']), ...wanted.map((field) => EXTRA_NOUN[field])];
    await engine.submitOne<CompanyEnrichArgs, Company>(
      COMPANY_ENRICH,
      { args: { companyId, fields: wanted }, price, id: intentId },
      { origin: 'click', confirmedCredits, what: `Revealing this company’s ${listOf(bought)}` },
    );
    const [updated] = await getCompanyLookupsById(companyId);
    return noteView(await viewOf(updated ?? record, false), true);
  }

  return { lookupCompany, revealCompany };
}

export type CompaniesService = ReturnType<typeof createCompaniesService>;
