/**
 * The fake Lusha's signals endpoints: `POST /v3/contacts/signals`, `POST /v3/companies/signals`, the two
 * `GET …/signals/types` lists and the company signal filters (`GET /v3/companies/signals/filters[/{filterType}]`).
 *
 * Window: `startDate` (default: six months before today) to today; `linkedinActivityIntent` never looks back more
 * than 90 days and returns at most 50 per company. `maxResultsPerSignal` caps each type per entity, newest first.
 * Billing: `showSignalsContact` / `showSignalsCompany` per signal returned; more than the credits left → 402.
 * Unknown or restricted contacts are per-item errors; unknown company ids are left out of `results` (the spec's
 * company result has no room for an error object).
 */
import { PRICING } from './accounts';
import { DEPARTMENTS, EU_PLACES, NON_EU_PLACES } from './dataset-data';
import type { SandboxCompany, SandboxPerson } from './dataset-types';
import { json, type ApiResponse } from './http';
import { badRequest, LUSHA_ERRORS, type HandlerContext } from './lusha-contacts';
import { companySignalsRequestSchema, contactSignalsRequestSchema } from './lusha-request-schemas';
import { validate } from './lusha-schemas';
import {
  COMPANY_SIGNAL_TYPES,
  companySignalsOf,
  CONTACT_SIGNAL_TYPES,
  contactSignalsOf,
  dateFieldOf,
  dayBefore,
  INTENT_CAP,
  INTENT_CATEGORIES,
  INTENT_WINDOW_DAYS,
  NEWS_EVENT_TYPES,
  sixMonthsBefore,
  type GeneratedSignal,
} from './lusha-signal-data';
import { charge, creditsRemaining } from './lusha-state';
import { ITEM_ERRORS } from './lusha-views';

/** Which signals to serve: types (`allSignals` expands), window start, per-type cap. */
export interface SignalQuery {
  types: readonly string[];
  startDate?: string | undefined;
  maxResultsPerSignal?: number | undefined;
}

/** Served items by type, for every requested type (empty lists included), in request order. */
export type ServedSignals = Map<string, Record<string, unknown>[]>;

function expand(types: readonly string[], all: readonly string[]): string[] {
  const wanted = types.includes('allSignals') ? all.filter((t) => t !== 'allSignals') : types;
  return [...new Set(wanted)];
}

/** Filters generated signals to the query's window and cap and renders them as API items. */
export function serveSignals(generated: readonly GeneratedSignal[], query: SignalQuery, all: readonly string[], now: number, idField?: { id: string }): ServedSignals {
  const start = query.startDate ?? sixMonthsBefore(now);
  const intentStart = dayBefore(now, INTENT_WINDOW_DAYS);
  const served: ServedSignals = new Map();
  for (const type of expand(query.types, all)) {
    const from = type === 'linkedinActivityIntent' && intentStart > start ? intentStart : start;
    const cap = Math.min(query.maxResultsPerSignal ?? Number.POSITIVE_INFINITY, type === 'linkedinActivityIntent' ? INTENT_CAP : Number.POSITIVE_INFINITY);
    const items = generated
      .filter((s) => s.type === type)
      .map((s) => ({ date: dayBefore(now, s.daysAgo), signal: s }))
      .filter(({ date }) => date >= from)
      .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
      .slice(0, cap)
      .map(({ date, signal }) => ({ ...(idField ?? {}), [dateFieldOf(type)]: date, ...signal.fields }));
    served.set(type, items);
  }
  return served;
}

const DAY_MS = 86_400_000;

/** The signals published for one subject while the sandbox runs, dated the day they were published. */
function publishedOf(ctx: HandlerContext, key: string): GeneratedSignal[] {
  return (ctx.index.published.get(key) ?? []).map((item) => ({
    type: item.type,
    daysAgo: Math.max(0, Math.floor(ctx.now / DAY_MS) - Math.floor(item.at / DAY_MS)),
    fields: item.fields,
  }));
}

/** Signals of a contact for a query. */
export function contactSignalsServed(ctx: HandlerContext, person: SandboxPerson, query: SignalQuery): ServedSignals {
  const generated = [...contactSignalsOf(person, ctx.index.dataset), ...publishedOf(ctx, `contact:${person.id}`)];
  return serveSignals(generated, query, CONTACT_SIGNAL_TYPES, ctx.now, { id: person.id });
}

/** Signals of a company for a query. */
export function companySignalsServed(ctx: HandlerContext, company: SandboxCompany, query: SignalQuery, intentCategories?: readonly string[]): ServedSignals {
  const generated = [...companySignalsOf(company, ctx.index.dataset), ...publishedOf(ctx, `company:${company.id}`)];
  const served = serveSignals(generated, query, COMPANY_SIGNAL_TYPES, ctx.now);
  const intent = served.get('linkedinActivityIntent');
  if (intent && intentCategories && intentCategories.length > 0) {
    served.set(
      'linkedinActivityIntent',
      intent.filter((item) => {
        const topics = item.intentTopics;
        return (
          Array.isArray(topics) &&
          (topics as unknown[]).some((t) => typeof t === 'object' && t !== null && intentCategories.includes(String((t as { category?: unknown }).category)))
        );
      }),
    );
  }
  return served;
}

/** Signal types with at least one item. */
export function matchedTypes(served: ServedSignals): string[] {
  return [...served.entries()].filter(([, items]) => items.length > 0).map(([type]) => type);
}

const countItems = (served: ServedSignals): number => [...served.values()].reduce((sum, items) => sum + items.length, 0);

function window(now: number, startDate: string | undefined): { startDate: string; endDate: string } {
  return { startDate: startDate ?? sixMonthsBefore(now), endDate: dayBefore(now, 0) };
}

/** `POST /v3/contacts/signals`. */
export function contactSignals(ctx: HandlerContext, body: unknown): ApiResponse {
  const parsed = validate(contactSignalsRequestSchema, body);
  if (!parsed.ok) return badRequest(parsed.errors);
  const { ids, signalTypes, startDate, maxResultsPerSignal } = parsed.value;
  if (signalTypes.length === 0) return badRequest(['signalTypes should not be empty']);
  let cost = 0;
  let found = 0;
  const results = ids.map((id) => {
    const person = ctx.index.byId.get(id);
    if (!person) return { id, error: ITEM_ERRORS.notFound };
    if (person.restricted) return { id, error: ITEM_ERRORS.restricted };
    const served = contactSignalsServed(ctx, person, { types: signalTypes, startDate, maxResultsPerSignal });
    const count = countItems(served);
    cost += count * PRICING.showSignalsContact.credits;
    if (count > 0) found += 1;
    return { id, ...Object.fromEntries(served) };
  });
  if (cost > creditsRemaining(ctx.account)) return json(402, LUSHA_ERRORS.insufficientCredits);
  charge(ctx.account, 'showSignalsContact', cost);
  return json(200, { results, ...window(ctx.now, startDate), billing: { creditsCharged: cost, resultsReturned: found } });
}

/** `POST /v3/companies/signals`. */
export function companySignals(ctx: HandlerContext, body: unknown): ApiResponse {
  const parsed = validate(companySignalsRequestSchema, body);
  if (!parsed.ok) return badRequest(parsed.errors);
  const { ids, signalTypes, startDate, maxResultsPerSignal, filters } = parsed.value;
  if (signalTypes.length === 0) return badRequest(['signalTypes should not be empty']);
  let cost = 0;
  let found = 0;
  const results = ids.flatMap((id) => {
    const company = ctx.index.companies.get(id);
    if (!company) return [];
    const served = companySignalsServed(ctx, company, { types: signalTypes, startDate, maxResultsPerSignal }, filters?.include?.intentCategories);
    const count = countItems(served);
    cost += count * PRICING.showSignalsCompany.credits;
    if (count > 0) found += 1;
    return [{ id: company.id, companyName: company.name, domain: company.domain, ...Object.fromEntries(served) }];
  });
  if (cost > creditsRemaining(ctx.account)) return json(402, LUSHA_ERRORS.insufficientCredits);
  charge(ctx.account, 'showSignalsCompany', cost);
  return json(200, { results, ...window(ctx.now, startDate), billing: { creditsCharged: cost, resultsReturned: found } });
}

/**
 * Publishes a new signal about a person or a company, dated today (the control route `POST /__sandbox/signals`):
 * `{ entity: 'contact'|'company', id, type, fields? }`. Fields default to a plausible item of that type.
 */
export function publishSignal(index: HandlerContext['index'], now: number, input: { entity: 'contact' | 'company'; id: string; type: string; fields?: Record<string, unknown> }): string | undefined {
  const known = input.entity === 'contact' ? index.byId.get(input.id) : index.companies.get(input.id);
  if (!known) return `No ${input.entity} with id ${input.id}.`;
  const types: readonly string[] = input.entity === 'contact' ? CONTACT_SIGNAL_TYPES : COMPANY_SIGNAL_TYPES;
  if (!types.includes(input.type) || input.type === 'allSignals') return `Unknown ${input.entity} signal type ${input.type}.`;
  const key = `${input.entity}:${input.id}`;
  const serial = (index.published.get(key)?.length ?? 0) + 1;
  const defaults: Record<string, unknown> =
    input.type === 'promotion'
      ? { previousTitle: 'Sales Manager', newTitle: 'Director of Sales', companyName: 'name' in known ? known.name : '' }
      : input.type === 'companyChange'
        ? { previousCompany: 'Old Harbor Trading', previousDomain: 'old-harbor-trading.example', newCompany: 'New Co', newDomain: 'new-co.example', newTitle: 'Head of Sales' }
        : input.type.endsWith('News')
          ? { signalId: `pub-${input.id}-${serial}`, eventType: 'Announcement', eventSummary: 'A published announcement (fictional).', articleTitle: `Announcement ${serial}`, articleUrl: `https://news.example/published/${input.id}/${serial}` }
          : { signalId: `pub-${input.id}-${serial}`, changeRatePercent: 12 };
  index.published.set(key, [...(index.published.get(key) ?? []), { type: input.type, at: now, fields: { ...defaults, ...input.fields } }]);
  return undefined;
}

/** `GET /v3/contacts/signals/types`. */
export function contactSignalTypes(): ApiResponse {
  return json(200, { signalTypes: [...CONTACT_SIGNAL_TYPES] });
}

/** `GET /v3/companies/signals/types`. */
export function companySignalTypes(): ApiResponse {
  return json(200, { signalTypes: [...COMPANY_SIGNAL_TYPES] });
}

/** A filter type: whether its values need `query`, whether it refuses one, and its values. */
export interface FilterDefinition {
  requiresQuery: boolean;
  refusesQuery?: boolean;
  values: (query: string | undefined) => unknown[];
}

const ALL_PLACES = [...EU_PLACES, ...NON_EU_PLACES];

/** Places whose city, state or country contains `query` (case-insensitive), as `{country, state}` or with city. */
export function placesMatching(query: string | undefined, withCity: boolean): Record<string, string>[] {
  const q = (query ?? '').toLowerCase();
  const seen = new Set<string>();
  return ALL_PLACES.flatMap((p) => {
    const text = `${p.city} ${p.state ?? ''} ${p.country}`.toLowerCase();
    const value: Record<string, string> = { country: p.country, ...(p.state ? { state: p.state } : {}), ...(withCity ? { city: p.city } : {}) };
    const key = JSON.stringify(value);
    if (!text.includes(q) || seen.has(key)) return [];
    seen.add(key);
    return [value];
  });
}

const COMPANY_SIGNAL_FILTERS: Record<string, FilterDefinition> = {
  newsEventTypes: { requiresQuery: false, values: () => [...new Set(Object.values(NEWS_EVENT_TYPES).flat())] },
  hiringByDepartments: { requiresQuery: false, values: () => DEPARTMENTS.map((d) => d.name) },
  hiringByLocations: { requiresQuery: true, values: (query) => placesMatching(query, false) },
  intentCategories: { requiresQuery: false, refusesQuery: true, values: () => [...INTENT_CATEGORIES] },
};

/** `GET …/filters`: the discovery list of a filter table. */
export function filterTypes(definitions: Record<string, FilterDefinition>): ApiResponse {
  return json(200, { availableFilters: Object.entries(definitions).map(([filterType, d]) => ({ filterType, requiresQuery: d.requiresQuery })) });
}

/** `GET …/filters/{filterType}[?query=]`: 400 for an unknown type, a missing/refused query or a bad query length. */
export function filterValues(ctx: HandlerContext, definitions: Record<string, FilterDefinition>): ApiResponse {
  const filterType = ctx.params.filterType ?? '';
  const definition = definitions[filterType];
  if (!definition) return badRequest([`filterType must be one of the following values: ${Object.keys(definitions).join(', ')}`]);
  const query = ctx.request.query.get('query') ?? undefined;
  if (query !== undefined && definition.refusesQuery) return badRequest([`query is not supported for filter type ${filterType}`]);
  if (query !== undefined && (query.length < 2 || query.length > 256)) return badRequest(['query must be longer than or equal to 2 and shorter than or equal to 256 characters']);
  if (query === undefined && definition.requiresQuery) return badRequest([`query is required for filter type ${filterType}`]);
  return json(200, { values: definition.values(query) });
}

/** `GET /v3/companies/signals/filters`. */
export const companySignalFilterTypes = (): ApiResponse => filterTypes(COMPANY_SIGNAL_FILTERS);

/** `GET /v3/companies/signals/filters/{filterType}`. */
export const companySignalFilterValues = (ctx: HandlerContext): ApiResponse => filterValues(ctx, COMPANY_SIGNAL_FILTERS);
