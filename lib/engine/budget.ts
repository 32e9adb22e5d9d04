/**
 * The spending rule, checked and reserved under one lock: the daily cap holds counting what is already spent today
 * *and* what is reserved by intents still open; a click whose price reaches the user's threshold needs the user's
 * confirmation of at least that price. Lusha's credits are capped; Saber's are a pool of their own (asked, not capped).
 */
import { creditWord } from '../domain/credits';
import type { SidecarErrorData } from '../domain/errors';
import { needsConfirmation, type Settings } from '../domain/settings';
import type { Origin, ProviderName } from './types';

export interface BudgetCheck {
  provider: ProviderName;
  origin: Origin;
  /** The most the new intents can cost together. */
  cost: number;
  /** Credits booked today in this provider's pool. */
  spentToday: number;
  /** Credits reserved by open intents of this provider's pool. */
  held: number;
  /** For watch checks: credits booked today by watch intents (both pools), and held by open ones. */
  watch?: { spentToday: number; held: number };
  settings: Settings;
  confirmedCredits?: number;
  what: string;
  /** The organisation's policy set the cap: the rep cannot raise it. */
  capSetByOrganisation?: boolean;
}

/** Why these intents may not be reserved, or undefined when they may. */
export function refuseReservation(check: BudgetCheck): SidecarErrorData | undefined {
  const { provider, origin, cost, spentToday, held, settings, confirmedCredits, what, capSetByOrganisation } = check;
  if (cost <= 0) return undefined;
  if (origin === 'watch') {
    // Watching spends from its own daily budget (both providers' credits together), inside the daily cap.
    const watch = check.watch ?? { spentToday: 0, held: 0 };
    if (watch.spentToday + watch.held + cost > settings.watchBudget) {
      const inFlight = watch.held > 0 ? `, ${creditWord(watch.held)} more on their way` : '';
      return {
        kind: 'budget-exceeded',
        message: `This check would pass your watch budget of ${creditWord(settings.watchBudget)} a day (${watch.spentToday} spent by watching today${inFlight}). The rest waits for tomorrow, or raise the watch budget in options.`,
        credits: cost,
      };
    }
  }
  if (provider === 'lusha' && spentToday + held + cost > settings.dailyCreditCap) {
    const inFlight = held > 0 ? `, ${creditWord(held)} more on their way` : '';
    const lookups = origin === 'auto' ? ' Automatic lookups stop until tomorrow.' : '';
    const raise = capSetByOrganisation ? ' Your organisation set this cap: ask your admin to raise it.' : ' Raise the cap in options to continue.';
    return {
      kind: 'budget-exceeded',
      message: `This would pass your daily cap of ${creditWord(settings.dailyCreditCap)} (${spentToday} spent today${inFlight}).${lookups}${raise}`,
      credits: cost,
    };
  }
  // Automatic lookups were allowed by the setting; bulk items and watch checks by their own confirmation or budget.
  if (origin === 'click' && needsConfirmation(cost, settings) && (confirmedCredits === undefined || confirmedCredits < cost)) {
    const upTo = provider === 'saber' ? 'up to ' : '';
    return { kind: 'needs-confirmation', message: `${what} costs ${upTo}${creditWord(cost)}.`, credits: cost };
  }
  return undefined;
}

/** Runs async sections one at a time (the reservation lock). */
export function createLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return function locked<T>(section: () => Promise<T>): Promise<T> {
    const run = tail.then(section, section);
    tail = run.catch(() => undefined);
    return run;
  };
}
