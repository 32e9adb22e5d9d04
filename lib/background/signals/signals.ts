/**
 * Signals of a person (job changes, promotions) or a company (head count, hiring, traffic, IT spend, news, intent):
 * what is stored is shown for free; fetching is priced at the most it can cost (Lusha charges per signal found, up to
 * a fixed number per type) and goes through the engine, one paid intent per group of types, behind one confirmation.
 */
import { SidecarError } from '../../domain/errors';
import type { Signal } from '../../domain/signal';
import type { Engine } from '../../engine/engine';
import { COMPANY_SIGNAL_GROUPS, CONTACT_SIGNAL_GROUPS, type SignalGroup, type SignalsRequest, type SignalsView } from '../../messaging/insights';
import type { LushaCompanySignalType, LushaContactSignalType } from '../../providers/lusha';
import { getSignals as getStoredSignals, signalsKey } from '../../store/signals';
import { accountPrice } from '../companies/companies';
import { newestFirst, SIGNALS_FETCH, signalsPrice, type SignalsArgs } from './operations';

type ContactGroup = (typeof CONTACT_SIGNAL_GROUPS)[number];
type CompanyGroup = (typeof COMPANY_SIGNAL_GROUPS)[number];

export const CONTACT_GROUP_TYPES: Record<ContactGroup, LushaContactSignalType[]> = {
  'company-change': ['companyChange'],
  promotion: ['promotion'],
};

export const COMPANY_GROUP_TYPES: Record<CompanyGroup, LushaCompanySignalType[]> = {
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

export interface SignalsDeps {
  engine: Engine;
  now(): number;
}

/** One Lusha call per maximum count: the groups asked for, as the intents that fetch them. */
export async function planSignals(request: Pick<SignalsRequest, 'entity' | 'groups' | 'startDate'>): Promise<SignalsArgs[]> {
  const byMax = new Map<number, string[]>();
  for (const group of [...new Set(request.groups)]) {
    const types = signalTypesOf(request.entity.type, group);
    if (!types) {
      throw new SidecarError({
        kind: 'validation',
        message: request.entity.type === 'company' ? 'Job changes and promotions are about people, not companies.' : 'This kind of signal is about companies, not people.',
      });
    }
    const max = MAX_RESULTS_PER_SIGNAL[group];
    byMax.set(max, [...(byMax.get(max) ?? []), ...types]);
  }
  const unitCredits = (await accountPrice(request.entity.type === 'contact' ? 'showSignalsContact' : 'showSignalsCompany')).credits;
  return [...byMax].map(([maxResultsPerSignal, types]) => ({
    entity: request.entity,
    types,
    startDate: request.startDate,
    maxResultsPerSignal,
    unitCredits,
    key: `${signalsKey('lusha', request.entity.type, request.entity.id, types)}:${request.startDate}:${maxResultsPerSignal}`,
  }));
}

export function createSignalsService(deps: SignalsDeps) {
  const { engine, now } = deps;

  /** Stored signals of a contact or company, or the most fetching them can cost; with `fetch`, fetches (spends). */
  async function getSignals(request: SignalsRequest & { intentId?: string }): Promise<SignalsView> {
    const calls = await planSignals(request);
    const stored = await Promise.all(calls.map((args) => getStoredSignals(args.key, now())));
    const missing = calls.filter((_args, index) => !stored[index]);
    const maxCredits = missing.reduce((sum, args) => sum + signalsPrice(args), 0);
    if (missing.length === 0) {
      const signals = newestFirst(stored.flatMap((record) => record?.signals ?? []));
      const fetchedAt = Math.min(...stored.map((record) => record?.fetchedAt ?? now()));
      return { signals, fetchedAt, fromCache: true, maxCredits: 0 };
    }
    if (!request.fetch) return { maxCredits, fromCache: false };

    const settlements = await engine.submit<SignalsArgs, Signal[]>(
      SIGNALS_FETCH,
      missing.map((args, index) => ({ args, price: signalsPrice(args), id: request.intentId && index === 0 ? request.intentId : undefined })),
      { origin: 'click', confirmedCredits: request.confirmedCredits, what: 'Fetching these signals' },
    );
    const settled = await Promise.allSettled(settlements);
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    const charged = settled.reduce((sum, result) => sum + (result.status === 'fulfilled' ? (result.value.intent.charged ?? 0) : 0), 0);
    if (failed) throw failed.reason;
    const fresh = await Promise.all(calls.map((args) => getStoredSignals(args.key, now())));
    const signals = newestFirst(fresh.flatMap((record) => record?.signals ?? []));
    return { signals, fetchedAt: now(), fromCache: false, maxCredits, charged };
  }

  return { getSignals };
}

export type SignalsService = ReturnType<typeof createSignalsService>;
