/**
 * The one rule every spend follows, checked before anything is sent: the daily cap (Lusha credits spent today plus
 * this spend) holds, and a price at or above the user's "ask me above" threshold needs the user's confirmation of
 * at least that many credits. `cost` is the most the call can be charged.
 */
import { creditWord } from '../domain/credits';
import { SidecarError } from '../domain/errors';
import { spentToday } from '../store/ledger';
import { getSettings } from './state';

export interface SpendCheck {
  /** The most this spend can cost, in the provider's credits. */
  cost: number;
  /** The credits the user agreed to (from the confirmation prompt). */
  confirmedCredits?: number;
  /** What the spend buys, for the messages: "Revealing this email", "Fetching these signals". */
  what: string;
  /** Saber credits are their own pool: the Lusha daily cap does not apply to them. */
  pool?: 'lusha' | 'saber';
  now?: number;
}

export async function checkSpend({ cost, confirmedCredits, what, pool = 'lusha', now = Date.now() }: SpendCheck): Promise<void> {
  if (cost <= 0) return;
  const settings = await getSettings();
  if (pool === 'lusha') {
    const today = await spentToday(now);
    if (today.total + cost > settings.dailyCreditCap) {
      throw new SidecarError({
        kind: 'budget-exceeded',
        message: `This would pass your daily cap of ${settings.dailyCreditCap} credits (${today.total} spent today). Raise the cap in options to continue.`,
        credits: cost,
      });
    }
  }
  if (cost >= settings.autoConfirmUnder && (confirmedCredits === undefined || confirmedCredits < cost)) {
    throw new SidecarError({ kind: 'needs-confirmation', message: `${what} costs ${pool === 'saber' ? 'up to ' : ''}${creditWord(cost)}.`, credits: cost });
  }
}
