/**
 * Signals' paid calls to Lusha as an engine operation: job changes and promotions of people, head count, hiring,
 * traffic, IT spend, news and intent of companies. Lusha charges per signal returned, on every call (a repeat pays
 * again), so a lost answer is found out, never re-sent on its own. Up to 100 subjects with the same request share a
 * call (a watchlist check).
 */
import { z } from 'zod';
import type { SidecarErrorData } from '../../domain/errors';
import type { Signal } from '../../domain/signal';
import type { Charge, Intent, ItemOutcome, Operation } from '../../engine/types';
import type { ItemFailure, LushaCompanySignalType, LushaContactSignalType } from '../../providers/lusha';
import { putSignals } from '../../store/signals';
import { getSettings } from '../../store/settings';
import { LUSHA_LANE, quotasOf, type LushaOperationDeps } from '../lusha-calls';

export const SIGNALS_FETCH = 'lusha.signals';

const HOUR_MS = 60 * 60 * 1000;

export const signalsArgsSchema = z.object({
  entity: z.object({ type: z.enum(['contact', 'company']), id: z.string().min(1) }),
  types: z.array(z.string().min(1)).min(1),
  startDate: z.string(),
  maxResultsPerSignal: z.number().int().min(1).max(100),
  /** Where the result is kept. */
  key: z.string().min(1),
  /** The account's price of one signal. */
  unitCredits: z.number().min(0),
});
export type SignalsArgs = z.infer<typeof signalsArgsSchema>;

/** The most one fetch can cost: every type at its maximum count, at the account's price per signal. */
export function signalsPrice(args: Pick<SignalsArgs, 'types' | 'maxResultsPerSignal' | 'unitCredits'>): number {
  return args.types.length * args.maxResultsPerSignal * args.unitCredits;
}

/** Newest first; undated signals last, in the order Lusha sent them. */
export function newestFirst(signals: Signal[]): Signal[] {
  return signals
    .map((signal, index) => ({ signal, index }))
    .sort((a, b) => {
      const left = a.signal.date ?? '';
      const right = b.signal.date ?? '';
      return left === right ? a.index - b.index : left < right ? 1 : -1;
    })
    .map(({ signal }) => signal);
}

function signalsFailure(type: 'contact' | 'company', outcome: ItemFailure): SidecarErrorData {
  if (outcome.status === 'restricted') {
    return {
      kind: 'gdpr-blocked',
      message: `Lusha cannot share this ${type === 'contact' ? 'person’s' : 'company’s'} signals for compliance reasons.`,
      detail: outcome.message,
    };
  }
  return { kind: 'server', message: 'Lusha could not fetch these signals right now. Try again later.', detail: outcome.message };
}

/** A call's charge over its subjects, by the signals each got (Lusha charges per signal returned). */
function chargesBySignals(op: Pick<Operation<SignalsArgs>, 'ledger'>, intents: Intent<SignalsArgs>[], counts: Map<string, number>, charged: number, requestId?: string): Charge[] {
  const charges: Charge[] = [];
  let left = charged;
  const line = (intent: Intent<SignalsArgs>, credits: number): Charge => ({ ...op.ledger(intent.args), intentId: intent.id, credits, ...(requestId ? { requestId } : {}) });
  for (const intent of intents) {
    const share = Math.min(left, (counts.get(intent.id) ?? 0) * intent.args.unitCredits);
    left -= share;
    if (share > 0) charges.push(line(intent, share));
  }
  const first = intents[0];
  if (left > 0 && first) charges.push(line(first, left));
  return charges;
}

export function createSignalsOperation(deps: LushaOperationDeps): Operation<SignalsArgs, Signal[]> {
  const op: Operation<SignalsArgs, Signal[]> = {
    name: SIGNALS_FETCH,
    provider: 'lusha',
    lane: LUSHA_LANE,
    args: signalsArgsSchema,
    repeatIsFree: false,
    shareKey: (args) => args.key,
    ledger: (args) => ({ action: 'signals', entityId: args.entity.id, field: args.types.join(',') }),
    batchKey: (args) => [args.entity.type, [...args.types].sort().join(','), args.startDate, args.maxResultsPerSignal].join('|'),
    maxBatch: () => 100,
    async send(intents) {
      const { entity, types, startDate, maxResultsPerSignal } = intents[0]!.args;
      const client = await deps.client();
      const ids = [...new Set(intents.map((intent) => intent.args.entity.id))];
      const init = { startDate, maxResultsPerSignal };
      const response =
        entity.type === 'contact'
          ? await client.getContactSignals(ids, types as LushaContactSignalType[], init)
          : await client.getCompanySignals(ids, types as LushaCompanySignalType[], init);
      const outcomes = new Map<string, ItemOutcome<Signal[]>>();
      const counts = new Map<string, number>();
      for (const intent of intents) {
        const outcome = response.data.results.find((item) => item.id === intent.args.entity.id);
        if (!outcome || outcome.status === 'not-found') {
          outcomes.set(intent.id, { ok: true, value: [], summary: 'none' }); // nothing about them in this window
        } else if (outcome.status === 'found') {
          outcomes.set(intent.id, { ok: true, value: newestFirst(outcome.signals), summary: 'found' });
          counts.set(intent.id, outcome.signals.length);
        } else {
          outcomes.set(intent.id, { ok: false, error: signalsFailure(entity.type, outcome), summary: outcome.status });
        }
      }
      return { outcomes, charges: chargesBySignals(op, intents, counts, response.creditsCharged, response.requestId), quotas: quotasOf(response.rateLimits) };
    },
    investigate: deps.investigate,
    async store(settled) {
      const ttlMs = (await getSettings()).signalsTtlHours * HOUR_MS;
      for (const { intent, outcome } of settled) if (outcome.ok) await putSignals(intent.args.key, outcome.value, deps.now(), ttlMs);
    },
  };
  return op;
}
