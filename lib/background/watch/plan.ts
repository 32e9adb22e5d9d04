/**
 * What one watch check asks for and the most it can cost. A daily check looks for what is new since the last one,
 * so each signal type is asked for at most once per subject (`maxResultsPerSignal` 1): the price stays small and known
 * before the call. Subjects with the same request share a Lusha call of up to 100 ids (the signals operation batches
 * them), so 200 watched companies are two calls per check.
 */
import type { WatchItem } from '../../domain/watch';
import type { LushaCompanySignalType, LushaContactSignalType } from '../../providers/lusha';
import { SABER_CREDITS_PER_QUESTION_MAX } from '../saber/operations';
import { signalsPrice, type SignalsArgs } from '../signals/operations';
import { COMPANY_GROUP_TYPES, CONTACT_GROUP_TYPES } from '../signals/signals';

/** Job changes and promotions of a watched person. */
export const WATCH_CONTACT_TYPES: LushaContactSignalType[] = [...CONTACT_GROUP_TYPES['company-change'], ...CONTACT_GROUP_TYPES.promotion];
/**
 * Head count (the month's change: a daily check needs no longer window), hiring surges, website traffic, IT spend and
 * news of a watched company; the types are the signals view's own groups.
 */
export const WATCH_COMPANY_TYPES: LushaCompanySignalType[] = [
  'headcountIncrease1m',
  'headcountDecrease1m',
  'surgeInHiring',
  ...COMPANY_GROUP_TYPES['website-traffic'],
  ...COMPANY_GROUP_TYPES['it-spend'],
  ...COMPANY_GROUP_TYPES.news,
];
export const WATCH_MAX_RESULTS_PER_SIGNAL = 1;

export interface UnitPrices {
  contact: number;
  company: number;
}

/** The signals intent of one watched item's check. */
export function watchSignalsArgs(item: WatchItem, prices: UnitPrices): SignalsArgs {
  const types = item.kind === 'contact' ? WATCH_CONTACT_TYPES : WATCH_COMPANY_TYPES;
  return {
    entity: { type: item.kind, id: item.id },
    types,
    startDate: item.sinceDay,
    maxResultsPerSignal: WATCH_MAX_RESULTS_PER_SIGNAL,
    unitCredits: item.kind === 'contact' ? prices.contact : prices.company,
    // Kept apart from the panel's own signals: a watch check's window is "since the last check".
    key: `watch:${item.key}:${item.sinceDay}`,
  };
}

/** The most checking one item can cost: its signals at their maximum, and each pinned Saber question. */
export function itemMaxCredits(item: WatchItem, prices: UnitPrices): number {
  return signalsPrice(watchSignalsArgs(item, prices)) + item.pinned.length * SABER_CREDITS_PER_QUESTION_MAX;
}

/** The most a check of these items can cost. */
export function checkMaxCredits(items: WatchItem[], prices: UnitPrices): number {
  return items.reduce((sum, item) => sum + itemMaxCredits(item, prices), 0);
}

/** YYYY-MM-DD of a local day. */
export function isoDayOf(at: number): string {
  const day = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}
