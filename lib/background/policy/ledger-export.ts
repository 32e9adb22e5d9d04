/**
 * The credit ledger as a file an admin can collect from every rep and add up, without a server: each export names the
 * machine (the label the organisation's policy gives it) and carries its totals by provider. Always allowed, also when
 * the organisation switched contact exports off: it holds spends (provider, action, the provider's record id, credits,
 * time), never a name, email or phone.
 */
import type { LedgerEntry } from '../../domain/credits';
import { readManagedPolicy } from '../../store/managed-policy';
import { listSpends } from '../../store/ledger';

export interface LedgerExport {
  exportedAt: number;
  machineLabel?: string;
  totals: { lusha: number; saber: number };
  ledger: LedgerEntry[];
}

/** The organisation's label for this machine, when its policy gives one. */
export async function machineLabel(): Promise<string | undefined> {
  return (await readManagedPolicy()).policy.machineLabel;
}

export async function ledgerExport(now: number): Promise<LedgerExport> {
  const [ledger, label] = await Promise.all([listSpends(), machineLabel()]);
  const totals = { lusha: 0, saber: 0 };
  for (const entry of ledger) totals[entry.provider] += entry.credits;
  return { exportedAt: now, ...(label ? { machineLabel: label } : {}), totals, ledger };
}
