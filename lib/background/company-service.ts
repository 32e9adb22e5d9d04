/**
 * Companies, signals and people at a company (Lusha): previews served from the store when fresh, paid calls priced
 * first and checked with `checkSpend`, every charge booked in the ledger from the provider's `billing`. Every call
 * goes through one queue on the engine's limiter, since Lusha's 25 requests/second are per account.
 */
import { COMPANY_REVEAL_FIELDS, type CompanyRevealField } from '../domain/company';
import type { ContactPreview } from '../domain/contact';
import { SidecarError } from '../domain/errors';
import type { CompanyEntity } from '../domain/page-context';
import type { Signal } from '../domain/signal';
import {
  COMPANY_SIGNAL_GROUPS,
  CONTACT_SIGNAL_GROUPS,
  type CompanyView,
  type PeopleRequest,
  type PeopleView,
  type SignalGroup,
  type SignalsRequest,
  type SignalsView,
} from '../messaging/insights';
import type {
  ItemFailure,
  LushaCallResult,
  LushaCompanySearchItem,
  LushaCompanySignalType,
  LushaContactSignalType,
  LushaV3Client,
  SignalsResult,
} from '../providers/lusha';
import { canonicalLinkedInCompanyUrl, canonicalLinkedInProfileUrl, collapseWhitespace, normalizeDomain } from '../recognition/normalize';
import { pausesProvider } from '../scheduler/backoff';
import { createCallQueue } from '../scheduler/call-queue';
import { lookupKey } from '../scheduler/lookup-keys';
import { SlidingWindowLimiter } from '../scheduler/rate-limiter';
import { getCompanyLookup, getCompanyLookupsById, getCompanyPeople, mergeEnrichedCompany, putCompanyLookup, putCompanyPeople } from '../store/companies';
import type { CompanyLookupRecord, CompanyPeopleRecord } from '../store/db';
import { evictPreviews, putPreviews } from '../store/contacts';
import { recordCompanyView } from '../store/history';
import { getSignals as getStoredSignals, putSignals, signalsKey } from '../store/signals';
import type { BookedSpend } from './lookup-service';
import { checkSpend } from './spend-guard';
import { getCachedUsage, getSettings } from './state';

export interface CompanyServiceDeps {
  /** The Lusha client for the stored key (throws `missing-key` without one). */
  getClient(): Promise<LushaV3Client>;
  /** Books a charge in the ledger and the cached account usage (lookup-service's `bookSpend`). */
  bookSpend(spend: BookedSpend): Promise<void>;
  /** Lusha's 25 requests/second is per account: the engine's limiter, shared. */
  limiter?: SlidingWindowLimiter;
  now?: () => number;
  onChange?: (event: 'dataChanged' | 'creditsChanged') => void;
}

export type CompanyService = ReturnType<typeof createCompanyService>;

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** How many people one "people at this company" page holds (and so the most a buying group page can charge). */
export const PEOPLE_PAGE_SIZE = 10;

type ContactGroup = (typeof CONTACT_SIGNAL_GROUPS)[number];
type CompanyGroup = (typeof COMPANY_SIGNAL_GROUPS)[number];

const CONTACT_GROUP_TYPES: Record<ContactGroup, LushaContactSignalType[]> = {
  'company-change': ['companyChange'],
  promotion: ['promotion'],
};

const COMPANY_GROUP_TYPES: Record<CompanyGroup, LushaCompanySignalType[]> = {
  headcount: [
    'headcountIncrease1m',
    'headcountIncrease3m',
    'headcountIncrease6m',
    'headcountIncrease12m',
    'headcountDecrease1m',
    'headcountDecrease3m',
    'headcountDecrease6m',
    'headcountDecrease12m',
  ],
  hiring: ['surgeInHiring', 'surgeInHiringByDepartment', 'surgeInHiringByLocation'],
  'website-traffic': ['websiteTrafficIncrease', 'websiteTrafficDecrease'],
  'it-spend': ['itSpendIncrease', 'itSpendDecrease'],
  news: ['riskNews', 'commercialActivityNews', 'corporateStrategyNews', 'financialEventsNews', 'peopleNews', 'marketIntelligenceNews', 'productActivityNews'],
  intent: ['linkedinActivityIntent'],
};

/**
 * Signals are charged per signal returned, so each group asks for a fixed few per type: enough to show the trend
 * (the latest head count change says it all; news and hiring need a few), and a price known before the call.
 */
export const MAX_RESULTS_PER_SIGNAL: Record<SignalGroup, number> = {
  'company-change': 3,
  promotion: 3,
  headcount: 1,
  'website-traffic': 1,
  'it-spend': 1,
  hiring: 3,
  news: 3,
  intent: 5,
};

const isContactGroup = (group: SignalGroup): group is ContactGroup => (CONTACT_SIGNAL_GROUPS as readonly string[]).includes(group);

/** The Lusha signal types of one group, or undefined when the group is not about this kind of entity. */
export function signalTypesOf(entityType: 'contact' | 'company', group: SignalGroup): string[] | undefined {
  if (entityType === 'contact') return isContactGroup(group) ? CONTACT_GROUP_TYPES[group] : undefined;
  return isContactGroup(group) ? undefined : COMPANY_GROUP_TYPES[group];
}

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
function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Newest first; undated signals last, in the order Lusha sent them. */
export function newestFirst(signals: Signal[]): Signal[] {
  return signals
    .map((signal, index) => ({ signal, index }))
    .sort((a, b) => {
      const left = a.signal.date ?? '';
      const right = b.signal.date ?? '';
      return left === right ? a.index - b.index : left < right ? 1 : -1;
    })
    .map(({ signal }) => signal);
}

/** A company entity's lookup key and the search item for it. */
export function companyLookupOf(entity: CompanyEntity): { key: string; item: { domain: string } | { name: string } } {
  const domain = entity.domain ? normalizeDomain(entity.domain) : null;
  const name = entity.name ? collapseWhitespace(entity.name) : '';
  if (domain) return { key: lookupKey({ kind: 'domain', domain }), item: { domain } };
  if (entity.linkedinUrl) {
    const url = canonicalLinkedInCompanyUrl(entity.linkedinUrl) ?? entity.linkedinUrl.trim();
    // Lusha's company search has no LinkedIn identifier: the page's name stands in for it.
    if (!name) {
      throw new SidecarError({
        kind: 'validation',
        message: 'Lusha cannot look a company up by its LinkedIn page alone. Open the company’s website, or select its name, and try again.',
      });
    }
    return { key: lookupKey({ kind: 'linkedin-company', linkedinUrl: url }), item: { name } };
  }
  if (name) return { key: `company-name:${name.toLowerCase()}`, item: { name } };
  throw new SidecarError({ kind: 'validation', message: 'To look a company up, Sidecar needs its website, its LinkedIn page with its name, or its name.' });
}

export function createCompanyService(deps: CompanyServiceDeps) {
  const now = deps.now ?? Date.now;
  const notify = (event: 'dataChanged' | 'creditsChanged') => deps.onChange?.(event);
  const queue = createCallQueue({ limiters: { lusha: deps.limiter ?? new SlidingWindowLimiter({ limit: 25, windowMs: 1000 }) }, now });

  /**
   * One Lusha call through the shared limiter, with the queue's retries. Failures that would pause the queue (key,
   * credits, plan) are handed back instead: the engine owns those pauses and their resume, and a plan without
   * company signals must not stop company lookups.
   */
  async function call<T>(run: (client: LushaV3Client) => Promise<LushaCallResult<T>>): Promise<LushaCallResult<T>> {
    const client = await deps.getClient();
    const outcome = await queue.run('lusha', async () => {
      try {
        return { ok: await run(client) };
      } catch (error) {
        if (SidecarError.is(error) && pausesProvider(error.data)) return { error };
        throw error;
      }
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.ok;
  }

  /** Identical work in flight is shared: two panels asking at once make one request and pay once. */
  const inFlight = new Map<string, Promise<unknown>>();
  function shared<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = work().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  }

  /** Reveals of one company run one after another, so the second sees what the first paid for. */
  const companyLocks = new Map<string, Promise<unknown>>();
  function serialized<T>(companyId: string, work: () => Promise<T>): Promise<T> {
    const previous = companyLocks.get(companyId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const settled = next.catch(() => undefined);
    companyLocks.set(companyId, settled);
    void settled.then(() => {
      if (companyLocks.get(companyId) === settled) companyLocks.delete(companyId);
    });
    return next;
  }

  /** The account's price of one unit of `action` (from the last account usage), 1 when unknown. */
  async function priceOf(action: string): Promise<{ credits: number; perQuantity: number }> {
    return (await getCachedUsage())?.pricing[action] ?? { credits: 1, perQuantity: 1 };
  }

  async function book(spend: BookedSpend): Promise<void> {
    if (spend.credits > 0) await deps.bookSpend(spend);
  }

  async function viewOf(record: CompanyLookupRecord, fromCache: boolean): Promise<CompanyView> {
    const profileCredits = record.enriched ? 0 : (await priceOf('revealCompany')).credits;
    const view: CompanyView = { key: record.key, result: record.result, profileCredits, fromCache };
    if (record.enriched) view.enriched = record.enriched;
    return view;
  }

  // ---- Companies

  /** The company on the page: from the store when fresh, else one search (cheap: 1 credit per 25 results). */
  /** The company in front of the user goes into the history (never failing the lookup over it). */
  function noteView(view: CompanyView, revealed = false): CompanyView {
    if (view.result.status === 'found') {
      void recordCompanyView(view.enriched ?? view.result.company, view.key, now(), revealed).catch(() => undefined);
    }
    return view;
  }

  async function lookupCompany(entity: CompanyEntity): Promise<CompanyView> {
    return noteView(await findCompany(entity));
  }

  async function findCompany(entity: CompanyEntity): Promise<CompanyView> {
    const { key, item } = companyLookupOf(entity);
    const stored = await getCompanyLookup(key);
    if (stored && stored.expiresAt > now()) return viewOf(stored, true);
    return shared(`lookup:${key}`, async () => {
      const search: LushaCompanySearchItem = { clientReferenceId: 'company', ...item };
      const response = await call((client) => client.searchCompanies([search]));
      const requestId = response.requestId ?? String(now());
      await book({ action: 'search', entityId: `company-search:${requestId}`, credits: response.creditsCharged, requestId: response.requestId });
      const { clientReferenceId: _ignored, ...result } = response.data.find((outcome) => outcome.clientReferenceId === 'company') ??
        response.data[0] ?? { status: 'not-found' as const };
      // A failure inside the answer is not kept: the next look should ask again.
      if (result.status === 'failed') return viewOf({ kind: 'lookup', key, result, fetchedAt: now(), expiresAt: now(), enriched: stored?.enriched }, false);
      const settings = await getSettings();
      const record = await putCompanyLookup(key, result, now(), settings.previewTtlDays * DAY_MS);
      return viewOf(record, false);
    });
  }

  /**
   * The full profile (`fields: []`) and/or extras of a company found by `lookupCompany`. What is already stored is
   * not asked again; the price is the profile (unless paid) plus each new extra as the preview priced it.
   */
  async function revealCompany(companyId: string, fields: CompanyRevealField[], confirmedCredits?: number): Promise<CompanyView> {
    return serialized(companyId, async () => {
      const [record] = await getCompanyLookupsById(companyId);
      if (record?.result.status !== 'found') {
        throw new SidecarError({ kind: 'validation', message: 'Look this company up again before revealing: Sidecar does not know the price yet.' });
      }
      const preview = record.result.company;
      const wanted = COMPANY_REVEAL_FIELDS.filter((field) => fields.includes(field) && record.enriched?.[field] === undefined);
      if (record.enriched && wanted.length === 0) return viewOf(record, true);

      let cost = record.enriched ? 0 : (await priceOf('revealCompany')).credits;
      for (const field of wanted) {
        const offer = preview.canReveal.find((entry) => entry.field === field);
        if (!offer) {
          throw new SidecarError({ kind: 'not-found', message: `Lusha has no ${EXTRA_NOUN[field]} for this company, so there is nothing to reveal.` });
        }
        cost += offer.credits;
      }
      const bought = [...(record.enriched ? [] : ['full profile']), ...wanted.map((field) => EXTRA_NOUN[field])];
      await checkSpend({ cost, confirmedCredits, what: `Revealing this company’s ${listOf(bought)}`, now: now() });

      const response = await call((client) => client.enrichCompanies([companyId], wanted));
      await book({
        action: 'company',
        entityId: companyId,
        field: wanted.length > 0 ? wanted.join(',') : 'profile',
        credits: response.creditsCharged,
        requestId: response.requestId,
      });
      const outcome = response.data.find((item) => item.id === companyId) ?? response.data[0];
      if (outcome?.status !== 'enriched') throw companyFailure(outcome);
      const enriched = await mergeEnrichedCompany(companyId, outcome.company);
      notify('dataChanged');
      const [updated] = await getCompanyLookupsById(companyId);
      return noteView(await viewOf(updated ?? { ...record, enriched }, false), true);
    });
  }

  // ---- Signals

  function plan(request: SignalsRequest) {
    const groups = [...new Set(request.groups)];
    const calls = new Map<number, string[]>();
    let signalCount = 0;
    for (const group of groups) {
      const types = signalTypesOf(request.entity.type, group);
      if (!types) {
        throw new SidecarError({
          kind: 'validation',
          message: request.entity.type === 'company' ? 'Job changes and promotions are about people, not companies.' : 'This kind of signal is about companies, not people.',
        });
      }
      const max = MAX_RESULTS_PER_SIGNAL[group];
      calls.set(max, [...(calls.get(max) ?? []), ...types]);
      signalCount += types.length * max;
    }
    const allTypes = [...calls.values()].flat();
    const key = `${signalsKey('lusha', request.entity.type, request.entity.id, allTypes)}:${request.startDate}`;
    return { calls, signalCount, key };
  }

  /** Stored signals of a contact or company, or the most fetching them can cost; with `fetch`, fetches (spends). */
  async function getSignals(request: SignalsRequest): Promise<SignalsView> {
    const { calls, signalCount, key } = plan(request);
    const price = (await priceOf(request.entity.type === 'contact' ? 'showSignalsContact' : 'showSignalsCompany')).credits;
    const maxCredits = signalCount * price;
    const stored = await getStoredSignals(key, now());
    if (stored) return { signals: stored.signals, fetchedAt: stored.fetchedAt, fromCache: true, maxCredits };
    if (!request.fetch) return { maxCredits, fromCache: false };

    return shared(`signals:${key}`, async () => {
      await checkSpend({ cost: maxCredits, confirmedCredits: request.confirmedCredits, what: 'Fetching these signals', now: now() });
      const { type, id } = request.entity;
      const settled = await Promise.allSettled(
        [...calls].map(async ([maxResultsPerSignal, types]) => {
          const init = { startDate: request.startDate, maxResultsPerSignal };
          const response: LushaCallResult<SignalsResult> = await call((client) =>
            type === 'contact'
              ? client.getContactSignals([id], types as LushaContactSignalType[], init)
              : client.getCompanySignals([id], types as LushaCompanySignalType[], init),
          );
          await book({ action: 'signals', entityId: id, field: types.join(','), credits: response.creditsCharged, requestId: response.requestId });
          return response;
        }),
      );
      const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
      const responses = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const signals: Signal[] = [];
      for (const response of responses) {
        const outcome = response.data.results.find((item) => item.id === id);
        if (!outcome || outcome.status === 'not-found') continue; // nothing about them in this window: no signals, not an error
        if (outcome.status !== 'found') throw signalsFailure(type, outcome);
        signals.push(...outcome.signals);
      }
      const sorted = newestFirst(signals);
      const fetchedAt = now();
      const settings = await getSettings();
      await putSignals(key, sorted, fetchedAt, settings.signalsTtlHours * HOUR_MS);
      notify('dataChanged');
      const charged = responses.reduce((sum, response) => sum + response.creditsCharged, 0);
      return { signals: sorted, fetchedAt, fromCache: false, maxCredits, charged };
    });
  }

  // ---- People at a company

  function peopleTarget(request: PeopleRequest) {
    const domain = request.company.domain ? (normalizeDomain(request.company.domain) ?? request.company.domain.trim().toLowerCase()) : undefined;
    const id = request.company.id?.trim();
    if (!domain && !id) {
      throw new SidecarError({ kind: 'validation', message: 'To find people at a company, Sidecar needs its website or to have found it in Lusha first.' });
    }
    if (request.mode === 'title' && !request.title) throw new SidecarError({ kind: 'validation', message: 'Type the job title to look for.' });
    const title = request.mode === 'title' ? (request.title ?? '') : '';
    const company = domain ? `domain:${domain}` : `id:${id}`;
    return { domain, id, title, key: `people:${company}:${request.mode}:${title.toLowerCase()}` };
  }

  function peopleView(record: CompanyPeopleRecord, maxCredits: number, fromCache: boolean, charged?: number): PeopleView {
    const view: PeopleView = { people: record.people, maxCredits, fromCache };
    if (record.total !== undefined) view.total = record.total;
    if (charged !== undefined) view.charged = charged;
    return view;
  }

  /**
   * Everyone found goes into the people previews under their LinkedIn lookup key, so opening one of them in the
   * panel is served from the store instead of searching again.
   */
  async function storePreviews(previews: ContactPreview[], ttlMs: number): Promise<void> {
    const items = previews.flatMap((preview) => {
      if (!preview.linkedinUrl) return [];
      const linkedinUrl = canonicalLinkedInProfileUrl(preview.linkedinUrl) ?? preview.linkedinUrl;
      return [{ key: lookupKey({ kind: 'linkedin-profile', linkedinUrl }), result: { status: 'found' as const, preview } }];
    });
    if (items.length === 0) return;
    await putPreviews(items, now(), ttlMs);
    await evictPreviews();
  }

  /** Decision makers (Lusha's buying group) or people with a job title at a company: stored, else priced, else fetched. */
  async function findPeople(request: PeopleRequest): Promise<PeopleView> {
    const target = peopleTarget(request);
    const maxCredits =
      request.mode === 'decision-makers'
        ? PEOPLE_PAGE_SIZE * (await priceOf('buyingGroupContact')).credits
        : (({ credits, perQuantity }) => Math.ceil(PEOPLE_PAGE_SIZE / perQuantity) * credits)(await priceOf('contactSearch'));
    const stored = await getCompanyPeople(target.key, now());
    if (stored) return peopleView(stored, maxCredits, true);
    if (!request.fetch) return { maxCredits, fromCache: false };

    return shared(target.key, async () => {
      const what = request.mode === 'decision-makers' ? 'Finding the decision makers at this company' : 'Finding people with this title at this company';
      await checkSpend({ cost: maxCredits, confirmedCredits: request.confirmedCredits, what, now: now() });
      const companyRef = target.domain ? { domain: target.domain } : { id: target.id ?? '' };
      let people: CompanyPeopleRecord['people'];
      let total: number | undefined;
      let charged: number;
      if (request.mode === 'decision-makers') {
        const response = await call((client) =>
          client.getBuyingGroup([{ clientReferenceId: 'company', ...companyRef }], {
            personas: ['decision_maker'],
            contactsLimit: PEOPLE_PAGE_SIZE,
            size: PEOPLE_PAGE_SIZE,
          }),
        );
        charged = response.creditsCharged;
        await book({ action: 'people', entityId: target.domain ?? target.id ?? '', field: 'decision-makers', credits: charged, requestId: response.requestId });
        const group = response.data.results.find((item) => item.clientReferenceId === 'company') ?? response.data.results[0];
        if (group && group.status !== 'found' && group.status !== 'not-found') throw peopleFailure(group);
        people = group?.status === 'found' ? group.members.flatMap((member) => (member.status === 'found' ? [{ preview: member.preview, roles: member.roles, ...(member.score === undefined ? {} : { score: member.score }) }] : [])) : [];
        total = group?.status === 'found' ? (response.data.total ?? people.length) : 0;
      } else {
        const query = target.domain ? { companyDomains: [target.domain] } : { companyIds: [target.id ?? ''] };
        const response = await call((client) => client.prospectContacts({ ...query, jobTitles: [target.title] }, { size: PEOPLE_PAGE_SIZE }));
        charged = response.creditsCharged;
        await book({ action: 'people', entityId: target.domain ?? target.id ?? '', field: `title:${target.title}`, credits: charged, requestId: response.requestId });
        people = response.data.results.flatMap((result) => (result.status === 'found' ? [{ preview: result.preview, roles: [] }] : []));
        total = response.data.total;
      }
      const ttlMs = (await getSettings()).previewTtlDays * DAY_MS;
      await storePreviews(people.map((person) => person.preview), ttlMs);
      const record = await putCompanyPeople(target.key, people, total, now(), ttlMs);
      notify('dataChanged');
      return peopleView(record, maxCredits, false, charged);
    });
  }

  return { lookupCompany, revealCompany, getSignals, findPeople };
}

/** A company enrich that did not enrich, in Sidecar's words (Lusha's go to `detail`). */
function companyFailure(outcome: ItemFailure | undefined): SidecarError {
  if (!outcome || outcome.status === 'not-found') {
    return new SidecarError({ kind: 'not-found', message: 'Lusha no longer finds this company. Nothing was revealed.', detail: outcome?.message });
  }
  if (outcome.status === 'restricted') {
    return new SidecarError({ kind: 'gdpr-blocked', message: 'Lusha cannot share this company’s details for compliance reasons.', detail: outcome.message });
  }
  return new SidecarError({ kind: 'server', message: 'Lusha could not reveal this company right now. Try again later.', detail: outcome.message });
}

function signalsFailure(type: 'contact' | 'company', outcome: ItemFailure): SidecarError {
  if (outcome.status === 'restricted') {
    return new SidecarError({
      kind: 'gdpr-blocked',
      message: `Lusha cannot share this ${type === 'contact' ? 'person’s' : 'company’s'} signals for compliance reasons.`,
      detail: outcome.message,
    });
  }
  return new SidecarError({ kind: 'server', message: 'Lusha could not fetch these signals right now. Try again later.', detail: outcome.message });
}

function peopleFailure(outcome: ItemFailure): SidecarError {
  if (outcome.status === 'restricted') {
    return new SidecarError({ kind: 'gdpr-blocked', message: 'Lusha cannot share who works at this company for compliance reasons.', detail: outcome.message });
  }
  return new SidecarError({ kind: 'server', message: 'Lusha could not find people at this company right now. Try again later.', detail: outcome.message });
}
