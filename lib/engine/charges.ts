/** How a call's charge is split over the intents that shared it. */
import type { Charge, Intent, Operation } from './types';

/**
 * `credits` charged for one call, spread over its intents in order, each up to its price (the rest, if the provider
 * charged more than quoted, goes to the first): one ledger line per intent that took a share.
 */
export function spreadCharge<A>(op: Pick<Operation<A>, 'ledger'>, intents: Intent<A>[], credits: number, requestId?: string): Charge[] {
  const charges: Charge[] = [];
  let left = credits;
  for (const intent of intents) {
    const share = Math.min(left, intent.price);
    left -= share;
    if (share > 0) charges.push(withId({ ...op.ledger(intent.args), intentId: intent.id, credits: share }, requestId));
  }
  const first = intents[0];
  if (left > 0 && first) {
    const existing = charges.find((charge) => charge.intentId === first.id);
    if (existing) existing.credits += left;
    else charges.push(withId({ ...op.ledger(first.args), intentId: first.id, credits: left }, requestId));
  }
  return charges;
}

function withId(charge: Charge, requestId: string | undefined): Charge {
  if (charge.field === undefined) delete charge.field;
  return requestId === undefined ? charge : { ...charge, requestId };
}
