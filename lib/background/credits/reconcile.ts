/**
 * Sidecar's ledger against Lusha's own count. Lusha's `credits.used` was noted when the key was saved (the baseline);
 * since then, what Lusha counted minus what Sidecar booked is either a charge whose answer was lost (found out here
 * and booked against the intent that made it) or someone else's spend on the same account (kept as `unexplained`,
 * shown in the popup). Lusha gives no per-request receipt: this is how a lost answer's charge is found.
 */
import type { AccountUsage } from '../../domain/credits';
import type { Findings, Intent } from '../../engine/types';
import { ledgerTotal } from '../../store/ledger';
import { lushaReconciliationItem, type Reconciliation } from '../../store/kv';

export interface ReconcilerDeps {
  /** Reads Lusha's account usage now (free, 5 a minute). */
  readUsage(): Promise<AccountUsage>;
  now(): number;
}

/** Starts counting from Lusha's `used` now (a key was saved). */
export async function setBaseline(used: number, at: number): Promise<void> {
  await lushaReconciliationItem.set({ baselineUsed: used, baselineAt: at, unexplained: 0, checkedAt: at, providerUsed: used });
}

/**
 * The user erased Sidecar's data, the ledger with it: what the ledger explained of Lusha's count so far moves into
 * the baseline, so the reconciliation still compares like with like.
 */
export async function rebaseAfterErase(now: number): Promise<void> {
  const stored = await lushaReconciliationItem.get();
  if (!stored) return;
  const booked = await ledgerTotal('lusha', stored.baselineAt);
  await lushaReconciliationItem.set({ ...stored, baselineUsed: stored.baselineUsed + booked, baselineAt: now });
}

export async function clearBaseline(): Promise<void> {
  await lushaReconciliationItem.remove();
}

/** What Lusha counted since the baseline that neither Sidecar's ledger nor earlier findings explain. */
export async function unexplainedSince(reconciliation: Reconciliation, providerUsed: number): Promise<number> {
  const booked = await ledgerTotal('lusha', reconciliation.baselineAt);
  return providerUsed - reconciliation.baselineUsed - booked - reconciliation.unexplained;
}

/**
 * Finds out what Lusha charged for calls whose answer was lost. Runs while no other Lusha call is in flight (the
 * engine holds them), so the difference between Lusha's count and the ledger belongs to these calls, oldest first,
 * each up to what it could cost; whatever is left over was spent by someone else.
 */
export function createLushaInvestigator(deps: ReconcilerDeps) {
  return async function investigate(intents: Intent[]): Promise<Findings<never>> {
    const usage = await deps.readUsage();
    const stored = await lushaReconciliationItem.get();
    // Without a baseline (a key saved before Sidecar kept one), start counting now: nothing can be told of the past.
    const reconciliation: Reconciliation = stored ?? {
      baselineUsed: usage.credits.used - (await ledgerTotal('lusha')),
      baselineAt: 0,
      unexplained: 0,
    };
    let gap = Math.max(0, await unexplainedSince(reconciliation, usage.credits.used));
    const findings: Findings<never> = new Map();
    for (const intent of [...intents].sort((a, b) => (a.sentAt ?? a.createdAt) - (b.sentAt ?? b.createdAt))) {
      const credits = Math.min(gap, intent.reserved);
      gap -= credits;
      findings.set(intent.id, { credits });
    }
    await lushaReconciliationItem.set({
      ...reconciliation,
      unexplained: reconciliation.unexplained + gap,
      checkedAt: deps.now(),
      providerUsed: usage.credits.used,
    });
    return findings;
  };
}
