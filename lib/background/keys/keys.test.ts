/**
 * The provider keys, against the sandbox: a key is stored only once the provider accepted it (a free call), saving
 * it sets the reconciliation baseline and resumes a paused provider, removing it forgets what came with it, and
 * resuming after a pause is refused while the account still has no credits.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRICING, SABER_KEYS, SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import { FEATURED, findPersonBySlug, linkedinUrlOf } from '../../../tests/sandbox/dataset';
import { companySignalsOf } from '../../../tests/sandbox/lusha-signal-data';
import { startSandbox, type Sandbox } from '../../../tests/sandbox/server';
import { createLushaClient } from '../../providers/lusha';
import { lushaReconciliationItem, lushaUsageItem } from '../../store/kv';
import { getApiKey, setApiKey } from '../../store/secrets';
import { ledgerTotal } from '../../store/ledger';
import { failure, freshDatabase, lushaRequests, sandboxDeps, saberRequests, startBackground, stopBackgrounds, until } from '../test-helpers';

let offset = 0;
const now = () => Date.now() + offset;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  offset += 3_600_000;
  await freshDatabase();
  sandbox.reset();
});
afterEach(() => {
  stopBackgrounds();
});

const ana = () => findPersonBySlug(FEATURED.withEmailAndPhone, sandbox.dataset)!;
const anaLookup = () => ({ kind: 'linkedin-profile' as const, linkedinUrl: linkedinUrlOf(ana()) });
const UNKNOWN_KEY = '55555555-5555-4555-8555-555555555555';

function setup() {
  return startBackground(sandboxDeps(sandbox, { now }));
}

describe('saveLushaKey', () => {
  it('stores a key only after Lusha accepts it', async () => {
    const background = setup();
    expect(await failure(background.keys.saveLushaKey('   '))).toMatchObject({ kind: 'bad-key' });
    expect(lushaRequests(sandbox)).toEqual([]);
    expect(await failure(background.keys.saveLushaKey(UNKNOWN_KEY))).toMatchObject({ kind: 'bad-key' });
    expect(await failure(background.keys.saveLushaKey(SANDBOX_KEYS.inactive))).toMatchObject({ kind: 'forbidden' });
    expect(await getApiKey('lusha')).toBeUndefined();
    expect(await lushaReconciliationItem.get()).toBeUndefined();
    expect(await failure(background.contacts.lookupContact(anaLookup()))).toMatchObject({ kind: 'missing-key' });

    const saved = await background.keys.saveLushaKey(` ${SANDBOX_KEYS.valid} `);
    expect(saved).toMatchObject({ key: { configured: true, hint: '1111' }, usage: { credits: { total: 1000 } }, lookupCredits: PRICING.contactSearch.credits });
    expect((await getApiKey('lusha'))?.key).toBe(SANDBOX_KEYS.valid);
    // Only Lusha's free account usage was asked (the unknown and inactive keys' checks, and this one).
    expect(lushaRequests(sandbox).map((request) => request.path)).toEqual(['/v3/account/usage', '/v3/account/usage', '/v3/account/usage']);
    expect(sandbox.state().lusha.creditsUsed).toBe(0);
    await expect(background.contacts.lookupContact(anaLookup())).resolves.toMatchObject({ result: { status: 'found' } });
  });

  it('sets the baseline: Lusha’s count at the moment the key was saved, and the account’s pricing', async () => {
    // Spent before Sidecar had the key (this account's earlier life): not Sidecar's, not a gap.
    await createLushaClient({ apiKey: SANDBOX_KEYS.valid, baseUrl: sandbox.url }).enrichContacts([ana().id], ['phones']);
    const background = setup();
    const at = now();
    await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
    const baseline = await lushaReconciliationItem.get();
    expect(baseline).toMatchObject({ baselineUsed: PRICING.revealPhone.credits, unexplained: 0 });
    expect(baseline!.baselineAt).toBeGreaterThanOrEqual(at);
    expect((await lushaUsageItem.get())?.pricing.revealPhone).toEqual(PRICING.revealPhone);
  });

  it('a saved key resumes a paused Lusha; removing it forgets its usage and baseline', async () => {
    await setApiKey('lusha', UNKNOWN_KEY);
    const background = setup();
    expect(await failure(background.contacts.lookupContact(anaLookup()))).toMatchObject({ kind: 'bad-key' });
    expect(background.engine.pausedBy('lusha')).toMatchObject({ kind: 'bad-key' });
    expect(await failure(background.contacts.lookupContact(anaLookup()))).toMatchObject({ kind: 'bad-key' });
    expect(lushaRequests(sandbox, '/v3/contacts/search')).toHaveLength(1);

    await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
    expect(background.engine.pausedBy('lusha')).toBeUndefined();
    await expect(background.contacts.lookupContact(anaLookup())).resolves.toMatchObject({ result: { status: 'found' } });

    await expect(background.keys.removeKey('lusha')).resolves.toEqual({ configured: false });
    expect(await getApiKey('lusha')).toBeUndefined();
    expect(await lushaUsageItem.get()).toBeUndefined();
    expect(await lushaReconciliationItem.get()).toBeUndefined();
  });
});

describe('saving the same Lusha key again', () => {
  it('keeps counting from the first baseline: a charge not yet found out is still found and booked', async () => {
    const background = startBackground(sandboxDeps(sandbox, { now, lushaTimeoutMs: 300 }));
    await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
    const company = sandbox.dataset.companies.find((c) => companySignalsOf(c, sandbox.dataset).some((signal) => signal.type.endsWith('News')))!;
    // A fetch whose answer is lost after Lusha charged, and a first reading of Lusha's count that fails.
    sandbox.faults.add([
      { kind: 'drop', path: '/v3/companies/signals', phase: 'after', times: 1 },
      { kind: 'status', path: '/v3/account/usage', status: 400, times: 1 },
    ]);
    const request = { entity: { type: 'company' as const, id: company.id }, groups: ['news' as const], startDate: '2000-01-01', fetch: true, confirmedCredits: 21 };
    expect(await failure(background.signals.getSignals(request))).toMatchObject({ mayHaveCharged: 21 });
    await until(() => expect(sandbox.faults.history().filter((firing) => firing.path === '/v3/account/usage')).toHaveLength(1));
    await background.engine.idle();
    expect(background.engine.status().uncertain).toBe(1);
    const charged = sandbox.state().lusha.creditsUsed;
    expect(charged).toBeGreaterThan(0);

    // The user, seeing the error, saves the same key again.
    await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
    await background.engine.investigate('lusha');
    await until(() => expect(background.engine.status().uncertain).toBe(0));
    expect(await ledgerTotal('lusha')).toBe(charged);
  });
});

describe('resumeProvider', () => {
  /** Lusha paused by a 402 on an account with `credits` left (a phone costs 5). */
  async function pausedLusha(credits: number) {
    sandbox.reset({ credits });
    const background = setup();
    await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
    await background.contacts.lookupContact(anaLookup());
    expect(await failure(background.contacts.revealContact(ana().id, 'phones', 5))).toMatchObject({ kind: 'out-of-credits' });
    expect(background.engine.pausedBy('lusha')).toMatchObject({ kind: 'out-of-credits' });
    return background;
  }

  it('refuses while the Lusha account still has no credits, and resumes once it has', async () => {
    const background = await pausedLusha(0);
    expect(await failure(background.keys.resumeProvider('lusha'))).toMatchObject({ kind: 'out-of-credits' });
    expect(background.engine.pausedBy('lusha')).toMatchObject({ kind: 'out-of-credits' });
    expect(await failure(background.contacts.revealContact(ana().id, 'emails', 1))).toMatchObject({ kind: 'out-of-credits' });

    // The user bought credits.
    sandbox.reset({ credits: 10 });
    offset += 60_000; // Lusha's usage endpoint allows 5 reads a minute
    await background.keys.resumeProvider('lusha');
    expect(background.engine.pausedBy('lusha')).toBeUndefined();
    await expect(background.contacts.revealContact(ana().id, 'phones', 5)).resolves.toMatchObject({ id: ana().id });
  });

  it('lets the user resume when credits are left (a call priced above them was refused, not the account emptied)', async () => {
    const background = await pausedLusha(3);
    await background.keys.resumeProvider('lusha');
    expect(background.engine.pausedBy('lusha')).toBeUndefined();
    await expect(background.contacts.revealContact(ana().id, 'emails', 1)).resolves.toMatchObject({ id: ana().id });
  });

  it('refuses while the Saber account still has no credits', async () => {
    const background = setup();
    await setApiKey('saber', SABER_KEYS.noCredits, now());
    const subject = { kind: 'company' as const, domain: sandbox.dataset.companies[0]!.domain };
    expect(await failure(background.saber.ask({ subject, question: 'What CRM do they use?', answerType: 'open_text', confirmedCredits: 2 }))).toMatchObject({
      kind: 'out-of-credits',
    });
    expect(background.engine.pausedBy('saber')).toMatchObject({ kind: 'out-of-credits' });
    expect(await failure(background.keys.resumeProvider('saber'))).toMatchObject({ kind: 'out-of-credits' });
    expect(background.engine.pausedBy('saber')).toMatchObject({ kind: 'out-of-credits' });
    expect(saberRequests(sandbox, 'POST')).toHaveLength(1);

    // A key with credits: saving it resumes Saber.
    await background.keys.saveSaberKey(SABER_KEYS.valid);
    expect(background.engine.pausedBy('saber')).toBeUndefined();
  });
});
