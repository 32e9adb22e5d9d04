/**
 * People at a company, as engine operations: Lusha's buying group (decision makers and the other personas, charged
 * per person listed) and prospecting by job title (charged as a search). Neither is repeated on its own.
 */
import { z } from 'zod';
import type { ContactPreview } from '../../domain/contact';
import type { SidecarErrorData } from '../../domain/errors';
import { lookupKey } from '../../domain/lookup-keys';
import { spreadCharge } from '../../engine/charges';
import type { ItemOutcome, Operation } from '../../engine/types';
import { LUSHA_BUYING_GROUP_PERSONAS, type ItemFailure } from '../../providers/lusha';
import { canonicalLinkedInProfileUrl } from '../../domain/normalize';
import { putCompanyPeople } from '../../store/companies';
import { evictPreviews, putPreviews } from '../../store/contacts';
import type { CompanyPeopleRecord } from '../../store/db';
import { getSettings } from '../../store/settings';
import { LUSHA_LANE, quotasOf, type LushaOperationDeps } from '../lusha-calls';

export const PEOPLE_BUYING_GROUP = 'lusha.people.buying-group';
export const PEOPLE_BY_TITLE = 'lusha.people.by-title';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PeoplePage {
  people: CompanyPeopleRecord['people'];
  total?: number;
}

const companyRefSchema = z.union([z.object({ domain: z.string().min(1) }), z.object({ id: z.string().min(1) })]);

export const buyingGroupArgsSchema = z.object({
  key: z.string().min(1),
  company: companyRefSchema,
  personas: z.array(z.enum(LUSHA_BUYING_GROUP_PERSONAS)).min(1),
  page: z.number().int().min(0),
  size: z.number().int().min(10).max(100),
});
export type BuyingGroupArgs = z.infer<typeof buyingGroupArgsSchema>;

export const byTitleArgsSchema = z.object({
  key: z.string().min(1),
  company: companyRefSchema,
  title: z.string().min(1),
  page: z.number().int().min(0),
  size: z.number().int().min(10).max(50),
});
export type ByTitleArgs = z.infer<typeof byTitleArgsSchema>;

const companyOf = (ref: z.infer<typeof companyRefSchema>) => ('domain' in ref ? ref.domain : ref.id);

function peopleFailure(outcome: ItemFailure): SidecarErrorData {
  if (outcome.status === 'restricted') {
    return { kind: 'gdpr-blocked', message: 'Lusha cannot share who works at this company for compliance reasons.', detail: outcome.message };
  }
  return { kind: 'server', message: 'Lusha could not find people at this company right now. Try again later.', detail: outcome.message };
}

/**
 * Everyone found goes into the people previews under their LinkedIn lookup key (so opening one of them in the panel
 * is served from the store instead of searching again), and the page is kept for its company.
 */
async function storePage(key: string, page: PeoplePage, now: number): Promise<void> {
  const ttlMs = (await getSettings()).previewTtlDays * DAY_MS;
  const previews = page.people.flatMap(({ preview }: { preview: ContactPreview }) => {
    if (!preview.linkedinUrl) return [];
    const linkedinUrl = canonicalLinkedInProfileUrl(preview.linkedinUrl) ?? preview.linkedinUrl;
    return [{ key: lookupKey({ kind: 'linkedin-profile', linkedinUrl }), result: { status: 'found' as const, preview } }];
  });
  if (previews.length > 0) {
    await putPreviews(previews, now, ttlMs);
    await evictPreviews();
  }
  await putCompanyPeople(key, page.people, page.total, now, ttlMs);
}

/** The most people of one company's buying group Lusha lists (its default `contactsLimit`). */
export const BUYING_GROUP_LIMIT = 60;

export function createBuyingGroupOperation(deps: LushaOperationDeps): Operation<BuyingGroupArgs, PeoplePage> {
  const op: Operation<BuyingGroupArgs, PeoplePage> = {
    name: PEOPLE_BUYING_GROUP,
    provider: 'lusha',
    lane: LUSHA_LANE,
    args: buyingGroupArgsSchema,
    repeatIsFree: false,
    shareKey: (args) => `${args.key}:${args.page}`,
    ledger: (args) => ({ action: 'people', entityId: companyOf(args.company), field: args.personas.join(',') }),
    async send(intents) {
      const intent = intents[0]!;
      const { company, personas, page, size } = intent.args;
      const client = await deps.client();
      // Lusha caps the group before paging it: the cap is its default (60), so pages of `size` reach everyone in it.
      const response = await client.getBuyingGroup([{ clientReferenceId: 'company', ...company }], { personas, contactsLimit: BUYING_GROUP_LIMIT, page, size });
      const group = response.data.results.find((item) => item.clientReferenceId === 'company') ?? response.data.results[0];
      let outcome: ItemOutcome<PeoplePage>;
      if (group && group.status !== 'found' && group.status !== 'not-found') {
        outcome = { ok: false, error: peopleFailure(group), summary: group.status };
      } else {
        const people =
          group?.status === 'found'
            ? group.members.flatMap((member) => (member.status === 'found' ? [{ preview: member.preview, roles: member.roles, ...(member.score === undefined ? {} : { score: member.score }) }] : []))
            : [];
        const total = group?.status === 'found' ? (response.data.total ?? people.length) : 0;
        outcome = { ok: true, value: { people, total }, summary: String(people.length) };
      }
      return { outcomes: new Map([[intent.id, outcome]]), charges: spreadCharge(op, intents, response.creditsCharged, response.requestId), quotas: quotasOf(response.rateLimits) };
    },
    investigate: deps.investigate,
    async store(settled) {
      for (const { intent, outcome } of settled) if (outcome.ok) await storePage(intent.args.key, outcome.value, deps.now());
    },
  };
  return op;
}

export function createByTitleOperation(deps: LushaOperationDeps): Operation<ByTitleArgs, PeoplePage> {
  const op: Operation<ByTitleArgs, PeoplePage> = {
    name: PEOPLE_BY_TITLE,
    provider: 'lusha',
    lane: LUSHA_LANE,
    args: byTitleArgsSchema,
    repeatIsFree: false,
    shareKey: (args) => `${args.key}:${args.page}`,
    ledger: (args) => ({ action: 'people', entityId: companyOf(args.company), field: `title:${args.title}` }),
    async send(intents) {
      const intent = intents[0]!;
      const { company, title, page, size } = intent.args;
      const client = await deps.client();
      const query = 'domain' in company ? { companyDomains: [company.domain] } : { companyIds: [company.id] };
      const response = await client.prospectContacts({ ...query, jobTitles: [title] }, { page, size });
      const people = response.data.results.flatMap((result) => (result.status === 'found' ? [{ preview: result.preview, roles: [] }] : []));
      const outcome: ItemOutcome<PeoplePage> = { ok: true, value: { people, total: response.data.total }, summary: String(people.length) };
      return { outcomes: new Map([[intent.id, outcome]]), charges: spreadCharge(op, intents, response.creditsCharged, response.requestId), quotas: quotasOf(response.rateLimits) };
    },
    investigate: deps.investigate,
    async store(settled) {
      for (const { intent, outcome } of settled) if (outcome.ok) await storePage(intent.args.key, outcome.value, deps.now());
    },
  };
  return op;
}
