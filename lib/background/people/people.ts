/**
 * People at a company: Lusha's decision makers (its buying group) or anyone by job title. Stored pages are shown for
 * free; fetching is priced at the most a page can cost and goes through the engine.
 */
import { SidecarError } from '../../domain/errors';
import type { Engine } from '../../engine/engine';
import type { PeopleRequest, PeopleView } from '../../messaging/insights';
import { normalizeDomain } from '../../domain/normalize';
import { getCompanyPeople } from '../../store/companies';
import type { CompanyPeopleRecord } from '../../store/db';
import { accountPrice } from '../companies/companies';
import { priceFor } from '../contacts/operations';
import { PEOPLE_BUYING_GROUP, PEOPLE_BY_TITLE, type BuyingGroupArgs, type ByTitleArgs, type PeoplePage } from './operations';

/** How many people one "people at this company" page holds (and so the most a buying group page can charge). */
export const PEOPLE_PAGE_SIZE = 10;

export interface PeopleDeps {
  engine: Engine;
  now(): number;
}

function peopleTarget(request: PeopleRequest) {
  const domain = request.company.domain ? (normalizeDomain(request.company.domain) ?? request.company.domain.trim().toLowerCase()) : undefined;
  const id = request.company.id?.trim();
  if (!domain && !id) {
    throw new SidecarError({ kind: 'validation', message: 'To find people at a company, Sidecar needs its website or to have found it in Lusha first.' });
  }
  if (request.mode === 'title' && !request.title) throw new SidecarError({ kind: 'validation', message: 'Type the job title to look for.' });
  const title = request.mode === 'title' ? (request.title ?? '') : '';
  const company = domain ? { domain } : { id: id ?? '' };
  const personas = [...new Set(request.personas ?? (['decision_maker'] as const))].sort();
  const page = request.page ?? 0;
  // The first page of decision makers keeps its old key (what earlier versions stored is still found).
  const roles = request.mode === 'decision-makers' && personas.join(',') !== 'decision_maker' ? `:${personas.join(',')}` : '';
  const paged = page > 0 ? `:page${page}` : '';
  const key = `people:${domain ? `domain:${domain}` : `id:${id}`}:${request.mode}:${title.toLowerCase()}${roles}${paged}`;
  return { company, title, key, personas, page };
}

function peopleView(record: Pick<CompanyPeopleRecord, 'people' | 'total'>, maxCredits: number, fromCache: boolean, charged?: number): PeopleView {
  const view: PeopleView = { people: record.people, maxCredits, fromCache };
  if (record.total !== undefined) view.total = record.total;
  if (charged !== undefined) view.charged = charged;
  return view;
}

export function createPeopleService(deps: PeopleDeps) {
  const { engine, now } = deps;

  /** Decision makers (Lusha's buying group) or people with a job title at a company: stored, else priced, else fetched. */
  async function findPeople(request: PeopleRequest & { intentId?: string }): Promise<PeopleView> {
    const target = peopleTarget(request);
    const maxCredits =
      request.mode === 'decision-makers'
        ? PEOPLE_PAGE_SIZE * (await accountPrice('buyingGroupContact')).credits
        : priceFor(PEOPLE_PAGE_SIZE, await accountPrice('contactSearch', { credits: 1, perQuantity: 25 }));
    const stored = await getCompanyPeople(target.key, now());
    if (stored) return peopleView(stored, maxCredits, true);
    if (!request.fetch) return { maxCredits, fromCache: false };

    const what = request.mode === 'decision-makers' ? 'Finding the decision makers at this company' : 'Finding people with this title at this company';
    const options = { origin: 'click' as const, confirmedCredits: request.confirmedCredits, what };
    const settled =
      request.mode === 'decision-makers'
        ? await engine.submitOne<BuyingGroupArgs, PeoplePage>(
            PEOPLE_BUYING_GROUP,
            { args: { key: target.key, company: target.company, personas: target.personas, page: target.page, size: PEOPLE_PAGE_SIZE }, price: maxCredits, id: request.intentId },
            options,
          )
        : await engine.submitOne<ByTitleArgs, PeoplePage>(
            PEOPLE_BY_TITLE,
            { args: { key: target.key, company: target.company, title: target.title, page: target.page, size: PEOPLE_PAGE_SIZE }, price: maxCredits, id: request.intentId },
            options,
          );
    const page = settled.value ?? (await getCompanyPeople(target.key, now()));
    if (!page) throw new SidecarError({ kind: 'internal', message: 'Sidecar could not keep these people. Try again.' });
    return peopleView(page, maxCredits, false, settled.intent.charged ?? 0);
  }

  return { findPeople };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
