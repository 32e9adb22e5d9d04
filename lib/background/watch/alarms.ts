/**
 * The watchlist's and research's alarms: the daily check (and one at browser start when a day was missed), and a
 * follow-up every half minute while Saber research or a check's answers are still coming (a worker may be stopped at
 * 30 s idle, so nothing is awaited for minutes: the alarm wakes it to read them, for free).
 */
import { browser } from '#imports';
import type { Background } from '../wiring';

export const WATCH_ALARM = 'sidecar-watch';
export const FOLLOWUP_ALARM = 'sidecar-followup';

/** Creates the daily alarm if it is missing (installs, updates, and a worker whose alarms were cleared). */
export async function ensureWatchAlarm(): Promise<void> {
  const existing = await browser.alarms.get(WATCH_ALARM).catch(() => undefined);
  if (!existing) await browser.alarms.create(WATCH_ALARM, { periodInMinutes: 24 * 60, delayInMinutes: 24 * 60 });
}

/** Keeps the follow-up alarm while anything is still coming; clears it when nothing is. */
export async function scheduleFollowUp(background: Background): Promise<void> {
  const [research, watch] = await Promise.all([background.research.pending(), background.watchlist.pendingCount()]);
  if (research > 0 || watch > 0) await browser.alarms.create(FOLLOWUP_ALARM, { periodInMinutes: 0.5 });
  else await browser.alarms.clear(FOLLOWUP_ALARM);
}

/** Handles the watch and follow-up alarms; answers whether the alarm was one of these. */
export function handleWatchAlarm(background: Background, name: string): Promise<void> | undefined {
  if (name === WATCH_ALARM) {
    return background.watchlist
      .checkIfDue()
      .then(() => scheduleFollowUp(background))
      .catch(() => undefined);
  }
  if (name === FOLLOWUP_ALARM) {
    return Promise.all([background.research.pollAll(), background.watchlist.collect()])
      .then(() => scheduleFollowUp(background))
      .catch(() => undefined);
  }
  return undefined;
}
