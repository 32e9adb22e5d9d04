/**
 * Credits for the popup, against the sandbox: Lusha's account usage, what Sidecar spent (kept in step between
 * readings), and the reconciliation of the ledger with Lusha's own count since the key was saved: a gap appears when
 * someone else spends on the same account, never for Sidecar's own spends, even those whose answer was lost.
 */
import { describe, expect, it } from 'vitest';
import { PRICING, SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import { FEATURED, findPersonBySlug, linkedinUrlOf } from '../../../tests/sandbox/dataset';
import { companySignalsOf } from '../../../tests/sandbox/lusha-signal-data';
import type { Sandbox } from '../../../tests/sandbox/server';
import { createLushaClient } from '../../providers/lusha';
import { lushaReconciliationItem } from '../../store/kv';
import { ledgerTotal } from '../../store/ledger';
import { failure, lushaRequests, sandboxDeps, startBackground, until, withSandbox } from '../test-helpers';
import { USAGE_MIN_INTERVAL_MS } from './credits';

// Sidecar's clock: real time plus the jumps a test makes (Lusha's usage is read at most every 15 s).
let offset = 0;
const now = () => Date.now() + offset;
let sandbox: Sandbox;

withSandbox((started) => {
  sandbox = started;
});

const ana = () => findPersonBySlug(FEATURED.withEmailAndPhone, sandbox.dataset)!;
const USAGE = '/v3/account/usage';

async function setup(options: { lushaTimeoutMs?: number } = {}) {
  const background = startBackground(sandboxDeps(sandbox, { now, lushaTimeoutMs: options.lushaTimeoutMs }));
  await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
  return { background, credits: background.credits };
}

/** Someone else on the same Lusha account (another browser, a colleague) spends `credits` with their own client. */
async function someoneElseReveals(): Promise<number> {
  const before = sandbox.state().lusha.creditsUsed;
  await createLushaClient({ apiKey: SANDBOX_KEYS.valid, baseUrl: sandbox.url }).enrichContacts([ana().id], ['phones']);
  return sandbox.state().lusha.creditsUsed - before;
}

describe('getCredits', () => {
  it('keeps the usage estimate in step with Sidecar’s spends between readings', async () => {
    const { background, credits } = await setup();
    const first = await credits.getCredits(true);
    expect(first.lusha.usage?.credits).toEqual({ total: 1000, used: 0, remaining: 1000 });
    await background.contacts.lookupContact({ kind: 'linkedin-profile', linkedinUrl: linkedinUrlOf(ana()) });
    await background.contacts.revealContact(ana().id, 'emails', 1);
    const reads = lushaRequests(sandbox, USAGE).length;
    const view = await credits.getCredits(false);
    expect(lushaRequests(sandbox, USAGE)).toHaveLength(reads); // read a moment ago: not asked again
    expect(view.lusha.usage?.credits).toEqual({ total: 1000, used: 1, remaining: 999 });
    expect(view).toMatchObject({ spentToday: 1, spentTodayByAction: { reveal: 1 }, saberSpentToday: 0, heldToday: 0, dailyCreditCap: 100 });
    expect(view.lusha.key).toMatchObject({ configured: true, hint: '1111' });
    expect(view.spentByDay.at(-1)?.credits).toBe(1);
  });

  it('reads Lusha’s usage at most every 15 seconds, even when asked to refresh', async () => {
    const { credits } = await setup();
    const reads = lushaRequests(sandbox, USAGE).length;
    await credits.getCredits(true);
    await credits.getCredits(true);
    expect(lushaRequests(sandbox, USAGE)).toHaveLength(reads);
    offset += USAGE_MIN_INTERVAL_MS + 1;
    await credits.getCredits(true);
    expect(lushaRequests(sandbox, USAGE)).toHaveLength(reads + 1);
  });

  it('shows why Lusha is paused', async () => {
    sandbox.reset({ credits: 0 });
    const { background, credits } = await setup();
    await background.contacts.lookupContact({ kind: 'linkedin-profile', linkedinUrl: linkedinUrlOf(ana()) });
    expect(await failure(background.contacts.revealContact(ana().id, 'emails', 1))).toMatchObject({ kind: 'out-of-credits' });
    expect((await credits.getCredits(false)).lusha.error).toMatchObject({ kind: 'out-of-credits' });
  });
});

describe('reconciliation with Lusha’s own count', () => {
  it('compares Lusha’s credits used since the key was saved with the ledger over the same time', async () => {
    const { background, credits } = await setup();
    await background.contacts.lookupContact({ kind: 'linkedin-profile', linkedinUrl: linkedinUrlOf(ana()) });
    await background.contacts.revealContact(ana().id, 'emails', 1);
    offset += USAGE_MIN_INTERVAL_MS + 1;
    const ours = await credits.getCredits(true);
    expect(ours.lusha.reconciliation).toMatchObject({ providerUsed: 1, sidecarSpent: 1, gap: 0 });

    // Another user of the account spends: Lusha counts it, the ledger does not, and the popup says so.
    const theirs = await someoneElseReveals();
    expect(theirs).toBe(PRICING.revealPhone.credits);
    offset += USAGE_MIN_INTERVAL_MS + 1;
    const view = await credits.getCredits(true);
    expect(view.lusha.reconciliation).toMatchObject({ providerUsed: 1 + theirs, sidecarSpent: 1, gap: theirs });
    expect(await ledgerTotal('lusha')).toBe(1);
  });

  it('counts from the moment the key was saved: what was spent before is nobody’s gap', async () => {
    const spentBefore = await someoneElseReveals();
    const { credits } = await setup();
    expect(await lushaReconciliationItem.get()).toMatchObject({ baselineUsed: spentBefore, unexplained: 0 });
    offset += USAGE_MIN_INTERVAL_MS + 1;
    expect((await credits.getCredits(true)).lusha.reconciliation).toMatchObject({ providerUsed: 0, sidecarSpent: 0, gap: 0 });
  });

  it('a lost answer is no gap: once found out it is Sidecar’s spend; until then the popup does not guess', async () => {
    const { background, credits } = await setup({ lushaTimeoutMs: 300 });
    const company = sandbox.dataset.companies.find((c) => companySignalsOf(c, sandbox.dataset).some((signal) => signal.type.endsWith('News')))!;
    // The answer is lost after Lusha charged, and the first reading of Lusha's count is refused (not retried).
    sandbox.faults.add([
      { kind: 'drop', path: '/v3/companies/signals', phase: 'after', times: 1 },
      { kind: 'status', path: USAGE, status: 400, times: 1 },
    ]);
    const request = { entity: { type: 'company' as const, id: company.id }, groups: ['news' as const], startDate: '2000-01-01', fetch: true, confirmedCredits: 21 };
    const error = await failure(background.signals.getSignals(request));
    expect(error.mayHaveCharged).toBe(21);
    await until(() => expect(sandbox.faults.history().filter((firing) => firing.path === USAGE)).toHaveLength(1));
    await background.engine.idle();
    expect(background.engine.status().uncertain).toBe(1);
    offset += USAGE_MIN_INTERVAL_MS + 1;
    const unsure = await credits.getCredits(true);
    expect(unsure.lusha.usage?.credits.used).toBe(sandbox.state().lusha.creditsUsed);
    expect(unsure.lusha.reconciliation).toBeUndefined();
    expect(unsure.heldToday).toBe(21);

    await background.engine.investigate('lusha');
    await until(() => expect(background.engine.status().uncertain).toBe(0));
    expect(await ledgerTotal('lusha')).toBe(sandbox.state().lusha.creditsUsed);
    offset += USAGE_MIN_INTERVAL_MS + 1;
    const found = await credits.getCredits(true);
    expect(found.lusha.reconciliation).toMatchObject({ providerUsed: sandbox.state().lusha.creditsUsed, sidecarSpent: sandbox.state().lusha.creditsUsed, gap: 0 });
    expect(found.heldToday).toBe(0);
  });
});
