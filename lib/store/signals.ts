/** Signals (job changes, headcount, news…) as fetched, kept for a while (default 24 hours) so a revisit costs nothing. */
import type { Signal } from '../domain/signal';
import { deleteWhere, getDb, type SignalsRecord } from './db';

export const SIGNALS_TTL_MS = 24 * 60 * 60 * 1000;

export function signalsKey(provider: string, entityType: 'contact' | 'company', entityId: string, types: readonly string[]): string {
  return [provider, entityType, entityId, [...types].sort().join(',')].join(':');
}

export async function getSignals(key: string, now = Date.now()): Promise<SignalsRecord | undefined> {
  const record = await (await getDb()).get('signals', key);
  return record && record.expiresAt > now ? record : undefined;
}

export async function putSignals(key: string, signals: Signal[], now = Date.now(), ttlMs = SIGNALS_TTL_MS): Promise<void> {
  await (await getDb()).put('signals', { key, signals, fetchedAt: now, expiresAt: now + ttlMs });
}

/** Drops expired signals (run from time to time; reads already ignore them). */
export async function sweepSignals(now = Date.now()): Promise<number> {
  return deleteWhere('signals', (record) => record.expiresAt <= now);
}

/** Retention: drops signals fetched before `cutoff`, whatever their TTL. */
export async function dropSignalsBefore(cutoff: number): Promise<number> {
  return deleteWhere('signals', (record) => record.fetchedAt < cutoff);
}
