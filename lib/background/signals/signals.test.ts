/**
 * The signals service through the engine: against the sandbox (priced first, confirmed, one call per maximum count,
 * booked as charged, served from the store newest first), against a scripted Lusha (ordering, per-item refusals,
 * plan refusals and pauses), and with answers lost after the sandbox charged: never sent again on its own, the caller
 * told what may have been charged, and the ledger brought to exactly what the sandbox counted.
 */
import { describe, expect, it } from 'vitest';
import { PRICING, SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import { FEATURED, findPersonBySlug, linkedinUrlOf } from '../../../tests/sandbox/dataset';
import type { SandboxCompany } from '../../../tests/sandbox/dataset-types';
import type { FaultSpec } from '../../../tests/sandbox/faults';
import { companySignalsOf } from '../../../tests/sandbox/lusha-signal-data';
import type { Sandbox } from '../../../tests/sandbox/server';
import { SidecarError } from '../../domain/errors';
import type { Signal } from '../../domain/signal';
import type { SignalsRequest } from '../../messaging/insights';
import type { LushaCallResult, LushaV3Client, SignalsResult } from '../../providers/lusha';
import type { SaberClient } from '../../providers/saber';
import { getIntent, listIntents } from '../../store/intents';
import { lushaReconciliationItem, lushaUsageItem } from '../../store/kv';
import { ledgerTotal, listSpends } from '../../store/ledger';
import { setApiKey } from '../../store/secrets';
import { failure, freshDatabase, lushaRequests, recordingFetch, restartWorker, sandboxDeps, startBackground, until, withSandbox } from '../test-helpers';
import { MAX_RESULTS_PER_SIGNAL, signalTypesOf } from './signals';

let sandbox: Sandbox;

withSandbox((started) => {
  sandbox = started;
});

const COMPANY_SIGNALS = '/v3/companies/signals';

/** A background on the valid sandbox key, saved as the options page saves it (pricing read, baseline set). */
async function setup(options: { lushaTimeoutMs?: number } = {}) {
  const recorder = recordingFetch();
  const deps = sandboxDeps(sandbox, { fetch: recorder.fetch, lushaTimeoutMs: options.lushaTimeoutMs });
  const background = startBackground(deps);
  await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
  recorder.sent.length = 0;
  return { background, deps, signals: background.signals, sent: recorder.sent, paths: recorder.paths };
}

function companyWhere(test: (c: SandboxCompany) => boolean): SandboxCompany {
  const found = sandbox.dataset.companies.find(test);
  if (!found) throw new Error('no such company in the sandbox');
  return found;
}

const creditsUsed = () => sandbox.state().lusha.creditsUsed;

describe('getSignals against the sandbox', () => {
  /** What the sandbox serves for these groups: per type, the newest `max` (the whole history is in the window). */
  function expectedCount(target: SandboxCompany, groups: SignalsRequest['groups']): number {
    const generated = companySignalsOf(target, sandbox.dataset);
    return groups.reduce(
      (sum, group) =>
        sum + (signalTypesOf('company', group) ?? []).reduce((n, type) => n + Math.min(MAX_RESULTS_PER_SIGNAL[group], generated.filter((s) => s.type === type).length), 0),
      0,
    );
  }

  it('quotes first, asks, fetches one call per distinct maximum, books the charge, and serves the store newest first', async () => {
    const { signals, paths, sent } = await setup();
    const target = companyWhere((c) => {
      const types = new Set(companySignalsOf(c, sandbox.dataset).map((s) => s.type));
      return [...types].some((t) => t.startsWith('headcount')) && [...types].filter((t) => t.endsWith('News')).length >= 2;
    });
    const request: SignalsRequest = { entity: { type: 'company', id: target.id }, groups: ['headcount', 'news'], startDate: '2000-01-01', fetch: false };
    const maxCredits = (8 * 1 + 7 * 3) * PRICING.showSignalsCompany.credits;

    expect(await signals.getSignals(request)).toEqual({ maxCredits, fromCache: false });
    expect(await failure(signals.getSignals({ ...request, fetch: true }))).toMatchObject({ kind: 'needs-confirmation', credits: maxCredits });
    expect(paths()).toEqual([]);

    const fetched = await signals.getSignals({ ...request, fetch: true, confirmedCredits: maxCredits });
    expect(paths()).toEqual([COMPANY_SIGNALS, COMPANY_SIGNALS]);
    expect(sent.map((entry) => entry.body.maxResultsPerSignal).sort()).toEqual([1, 3]);
    const found = fetched.signals ?? [];
    expect(found).toHaveLength(expectedCount(target, request.groups));
    expect(new Set(found.map((s) => s.category))).toEqual(new Set(['headcount', 'news']));
    const dates = found.map((s) => s.date ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    for (const type of new Set(found.map((s) => s.type))) {
      expect(found.filter((s) => s.type === type).length).toBeLessThanOrEqual(type.endsWith('News') ? 3 : 1);
    }
    expect(fetched.charged).toBe(sandbox.state().lusha.creditsByAction.showSignalsCompany);
    expect(fetched.charged).toBeGreaterThan(0);
    expect(fetched.charged).toBeLessThanOrEqual(maxCredits);
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
    expect((await listSpends()).every((entry) => entry.action === 'signals' && entry.entityId === target.id)).toBe(true);

    const cached = await signals.getSignals(request);
    expect(cached).toMatchObject({ fromCache: true, signals: found, maxCredits: 0 });
    const again = await signals.getSignals({ ...request, fetch: true, confirmedCredits: maxCredits });
    expect(again.fromCache).toBe(true);
    expect(paths()).toHaveLength(2);
  });

  it('contact signals in one call, newest first; an unknown person has none (not an error)', async () => {
    const { signals, paths } = await setup();
    const mover = sandbox.dataset.people.find((p) => p.id.endsWith('9') && !p.restricted);
    if (!mover) throw new Error('no one with both signals');
    const request: SignalsRequest = { entity: { type: 'contact', id: mover.id }, groups: ['company-change', 'promotion'], startDate: '2000-01-01', fetch: true, confirmedCredits: 6 };
    const view = await signals.getSignals(request);
    expect(view.maxCredits).toBe(6 * PRICING.showSignalsContact.credits);
    expect(view.signals?.map((s) => s.category).sort()).toEqual(['job-change', 'promotion']);
    const [newer, older] = view.signals ?? [];
    expect((newer?.date ?? '') >= (older?.date ?? '')).toBe(true);
    expect(view.charged).toBe(2);

    const nobody = await signals.getSignals({ ...request, entity: { type: 'contact', id: '42' } });
    expect(nobody).toMatchObject({ signals: [], fromCache: false, charged: 0 });
    expect(paths()).toEqual(['/v3/contacts/signals', '/v3/contacts/signals']);
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
  });

  it('refuses a people group for a company (and the reverse) before sending anything', async () => {
    const { signals, paths } = await setup();
    const onCompany = await failure(signals.getSignals({ entity: { type: 'company', id: '1' }, groups: ['news', 'promotion'], startDate: '2025-01-01', fetch: false }));
    expect(onCompany.kind).toBe('validation');
    const onPerson = await failure(signals.getSignals({ entity: { type: 'contact', id: '1' }, groups: ['hiring'], startDate: '2025-01-01', fetch: false }));
    expect(onPerson.kind).toBe('validation');
    expect(paths()).toEqual([]);
  });

  it('prices with the account’s own pricing, 1 credit each when it is unknown', async () => {
    const { background, signals } = await setup();
    const usage = await lushaUsageItem.get();
    if (!usage) throw new Error('no usage was kept when the key was saved');
    const request: SignalsRequest = { entity: { type: 'company', id: '1' }, groups: ['hiring', 'intent'], startDate: '2025-01-01', fetch: false };
    expect((await signals.getSignals(request)).maxCredits).toBe(3 * 3 + 1 * 5);
    await lushaUsageItem.set({ ...usage, pricing: { ...usage.pricing, showSignalsCompany: { credits: 2, perQuantity: 1 }, buyingGroupContact: { credits: 3, perQuantity: 1 } } });
    expect((await signals.getSignals(request)).maxCredits).toBe(2 * (3 * 3 + 1 * 5));
    expect((await background.people.findPeople({ company: { id: '1' }, mode: 'decision-makers', fetch: false })).maxCredits).toBe(30);
    await lushaUsageItem.remove();
    expect((await signals.getSignals(request)).maxCredits).toBe(14);
  });
});

describe('getSignals with a scripted Lusha', () => {
  const signal = (id: string, type: string, date?: string): Signal => ({
    provider: 'lusha',
    entity: { type: 'company', id },
    type,
    category: type.endsWith('News') ? 'news' : 'headcount',
    ...(date ? { date } : {}),
    topics: [],
    raw: {},
  });

  /** Only what getSignals uses; each call answers the next scripted outcome (by the order calls arrive). */
  async function scripted(outcomes: (SignalsResult['results'][number] | SidecarError)[]) {
    const calls: string[][] = [];
    const client = {
      async getCompanySignals(_ids: string[], types: string[]): Promise<LushaCallResult<SignalsResult>> {
        calls.push(types);
        const next = outcomes.shift();
        if (!next) throw new Error('unscripted call');
        if (next instanceof SidecarError) throw next;
        return { data: { results: [next] }, creditsCharged: next.status === 'found' ? next.signals.length : 0, rateLimits: {}, requestId: `r-${calls.length}` };
      },
    } as unknown as LushaV3Client;
    await setApiKey('lusha', SANDBOX_KEYS.valid);
    const background = startBackground({ createLushaClient: () => client, createSaberClient: () => ({}) as SaberClient });
    return { background, service: background.signals, calls };
  }

  const request: SignalsRequest = { entity: { type: 'company', id: 'c-1' }, groups: ['headcount', 'news'], startDate: '2025-01-01', fetch: true, confirmedCredits: 29 };

  it('concatenates the calls and sorts newest first, undated last; each call booked with its request id', async () => {
    const { service, calls } = await scripted([
      { id: 'c-1', status: 'found', signals: [signal('c-1', 'headcountIncrease3m', '2025-03-01'), signal('c-1', 'headcountDecrease1m')] },
      { id: 'c-1', status: 'found', signals: [signal('c-1', 'riskNews', '2025-05-02'), signal('c-1', 'peopleNews', '2025-01-15')] },
    ]);
    const view = await service.getSignals(request);
    expect(calls.map((types) => types.length)).toEqual([8, 7]);
    expect(view.signals?.map((s) => s.date ?? 'none')).toEqual(['2025-05-02', '2025-03-01', '2025-01-15', 'none']);
    expect(view.charged).toBe(4);
    expect((await listSpends()).map((spend) => [spend.action, spend.credits, spend.requestId]).sort()).toEqual([
      ['signals', 2, 'r-1'],
      ['signals', 2, 'r-2'],
    ]);
  });

  it('a restricted answer is an error in Sidecar’s words (Lusha’s text only in detail); not-found is no signals', async () => {
    const restricted = await scripted([
      { id: 'c-1', status: 'not-found', message: 'no result for this id' },
      { id: 'c-1', status: 'restricted', message: 'Company data is restricted (vendor text)' },
    ]);
    const error = await failure(restricted.service.getSignals(request));
    expect(error).toMatchObject({ kind: 'gdpr-blocked', detail: 'Company data is restricted (vendor text)' });
    expect(error.message).not.toContain('vendor text');
    expect(await listSpends()).toEqual([]);

    await freshDatabase();
    const none = await scripted([
      { id: 'c-1', status: 'not-found', message: 'no result for this id' },
      { id: 'c-1', status: 'found', signals: [] },
    ]);
    expect(await none.service.getSignals(request)).toMatchObject({ signals: [], charged: 0, fromCache: false });
  });

  it('a plan without company signals (403) fails that fetch only: the next one still goes out', async () => {
    const planError = new SidecarError({ kind: 'forbidden', reason: 'plan-lacks-feature', message: 'Your Lusha plan does not include this feature.', status: 403 });
    const { background, service, calls } = await scripted([planError, planError, { id: 'c-1', status: 'found', signals: [] }, { id: 'c-1', status: 'found', signals: [] }]);
    expect(await failure(service.getSignals(request))).toMatchObject({ kind: 'forbidden', reason: 'plan-lacks-feature', status: 403 });
    expect(background.engine.pausedBy('lusha')).toBeUndefined();
    await expect(service.getSignals(request)).resolves.toMatchObject({ signals: [] });
    expect(calls).toHaveLength(4);
  });

  it('an account out of credits (402) pauses Lusha: the next fetch is refused without a call until the user resumes', async () => {
    const outOfCredits = new SidecarError({ kind: 'out-of-credits', message: 'Your Lusha account has run out of credits.', status: 402 });
    const { background, service, calls } = await scripted([outOfCredits, { id: 'c-1', status: 'found', signals: [] }, { id: 'c-1', status: 'found', signals: [] }]);
    expect(await failure(service.getSignals(request))).toMatchObject({ kind: 'out-of-credits' });
    await background.engine.idle();
    // The other call of the same fetch was either the refused one's twin in flight or refused with it: never later.
    const sent = calls.length;
    expect(sent).toBeLessThanOrEqual(2);
    expect(await failure(service.getSignals(request))).toMatchObject({ kind: 'out-of-credits' });
    expect(calls).toHaveLength(sent);
    expect(background.engine.pausedBy('lusha')).toMatchObject({ kind: 'out-of-credits' });
  });
});

describe('an answer lost after the sandbox charged', () => {
  /** A company with news; one call (the news group) that may cost up to 7 types × 3 signals. */
  function newsRequest(): SignalsRequest {
    const target = companyWhere((c) => companySignalsOf(c, sandbox.dataset).some((s) => s.type.endsWith('News')));
    return { entity: { type: 'company', id: target.id }, groups: ['news'], startDate: '2000-01-01', fetch: true, confirmedCredits: 21 };
  }

  const lost: [string, FaultSpec, string][] = [
    ['late past the client’s timeout', { kind: 'latency', path: COMPANY_SIGNALS, ms: 900, phase: 'after', times: 1 }, 'timeout'],
    ['a 503 after the work', { kind: 'status', path: COMPANY_SIGNALS, status: 503, phase: 'after', times: 1 }, 'server'],
    ['a dropped connection after the work', { kind: 'drop', path: COMPANY_SIGNALS, phase: 'after', times: 1 }, 'network'],
  ];

  it.each(lost)('%s: not sent again; the caller hears what it may have cost; found out, the ledger equals the sandbox', async (_name, fault, kind) => {
    const { background, signals } = await setup({ lushaTimeoutMs: 300 });
    const request = newsRequest();
    sandbox.faults.add(fault);
    const error = await failure(signals.getSignals(request));
    expect(error).toMatchObject({ kind, mayHaveCharged: 21, intentId: expect.any(String) });
    expect(error.charged).toBeUndefined();
    // The sandbox handled it and charged.
    const charged = creditsUsed();
    expect(charged).toBeGreaterThan(0);

    await background.engine.investigate('lusha');
    await until(async () => expect(await ledgerTotal('lusha')).toBe(charged));
    await background.engine.idle();
    expect(background.engine.status()).toMatchObject({ uncertain: 0, queued: 0, inFlight: 0 });
    expect(lushaRequests(sandbox, COMPANY_SIGNALS)).toHaveLength(1);
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
    expect(await listSpends()).toEqual([expect.objectContaining({ action: 'signals', entityId: request.entity.id, credits: charged, note: 'reconciled', intentId: error.intentId })]);
    expect(await getIntent(error.intentId!)).toMatchObject({ state: 'settled', outcome: 'charged', charged, reserved: 0 });
    // Nobody else spent on the account: nothing is left unexplained.
    expect((await lushaReconciliationItem.get())?.unexplained).toBe(0);
    // Held no more: the cap counts what was booked.
    expect(background.engine.held('lusha')).toBe(0);
  });

  it('a charged answer that cannot be read is booked at once (ledger = sandbox) and the caller hears what it cost', async () => {
    const { background, signals } = await setup({ lushaTimeoutMs: 300 });
    const request = newsRequest();
    sandbox.faults.add({ kind: 'corrupt', path: COMPANY_SIGNALS, phase: 'after', times: 1 });
    const error = await failure(signals.getSignals(request));
    const charged = creditsUsed();
    expect(charged).toBeGreaterThan(0);
    expect(error).toMatchObject({ kind: 'unexpected-response', charged, intentId: expect.any(String) });
    expect(error.mayHaveCharged).toBeUndefined();
    await background.engine.idle();
    expect(await ledgerTotal('lusha')).toBe(charged);
    expect(await listSpends()).toEqual([expect.objectContaining({ action: 'signals', credits: charged, note: 'unreadable' })]);
    expect(lushaRequests(sandbox, COMPANY_SIGNALS)).toHaveLength(1);
    expect(background.engine.status().uncertain).toBe(0);
    expect((await listIntents()).map((intent) => [intent.state, intent.outcome, intent.charged])).toEqual([['settled', 'charged', charged]]);
  });

  it('while it cannot be found out yet, its reservation stays held against the cap', async () => {
    const { background, signals } = await setup({ lushaTimeoutMs: 300 });
    const request = newsRequest();
    // The answer is lost, and the first reading of Lusha's count is refused (a 400 is not retried).
    sandbox.faults.add([
      { kind: 'status', path: COMPANY_SIGNALS, status: 503, phase: 'after', times: 1 },
      { kind: 'status', path: '/v3/account/usage', status: 400, times: 1 },
    ]);
    expect(await failure(signals.getSignals(request))).toMatchObject({ kind: 'server', mayHaveCharged: 21 });
    await until(() => expect(sandbox.faults.history().filter((firing) => firing.path === '/v3/account/usage')).toHaveLength(1));
    await background.engine.idle();
    expect(background.engine.status().uncertain).toBe(1);
    expect(background.engine.held('lusha')).toBe(21);
    expect(await ledgerTotal('lusha')).toBe(0);

    await background.engine.investigate('lusha');
    await until(async () => expect(await ledgerTotal('lusha')).toBe(creditsUsed()));
    expect(background.engine.held('lusha')).toBe(0);
    expect(background.engine.status().uncertain).toBe(0);
    expect(lushaRequests(sandbox, COMPANY_SIGNALS)).toHaveLength(1);
  });

  it('a worker that stops with the call in flight: the next life finds out what it cost, and sends nothing again', async () => {
    const { background, deps, signals } = await setup();
    const request = newsRequest();
    sandbox.faults.add({ kind: 'latency', path: COMPANY_SIGNALS, ms: 400, phase: 'after', times: 1 });
    void signals.getSignals(request).catch(() => undefined); // the stopping worker never answers this caller
    await until(() => expect(creditsUsed()).toBeGreaterThan(0)); // handled and charged; the answer is on its way
    const charged = creditsUsed();

    const restarted = await restartWorker(background, deps);
    await until(async () => expect(await ledgerTotal('lusha')).toBe(charged));
    await restarted.engine.idle();
    expect(restarted.engine.status()).toMatchObject({ uncertain: 0, queued: 0, inFlight: 0 });
    expect(lushaRequests(sandbox, COMPANY_SIGNALS)).toHaveLength(1);
    expect(await listSpends()).toEqual([expect.objectContaining({ action: 'signals', credits: charged, note: 'reconciled' })]);
    // Its panel asks what became of it: charged, nothing to show (Lusha cannot tell the lost answer again).
    const [intent] = await listIntents();
    expect(intent).toMatchObject({ state: 'settled', outcome: 'charged', charged });
    expect(await failure(restarted.signals.getSignals({ ...request, intentId: intent!.id }))).toMatchObject({ charged, intentId: intent!.id });
    expect(lushaRequests(sandbox, COMPANY_SIGNALS)).toHaveLength(1);
  });

  it('a reveal lost at the same moment (sent again for free) is not counted in what the lost fetch was charged', async () => {
    const { background, signals } = await setup({ lushaTimeoutMs: 300 });
    const ana = findPersonBySlug(FEATURED.withEmailAndPhone, sandbox.dataset)!;
    await background.contacts.lookupContact({ kind: 'linkedin-profile', linkedinUrl: linkedinUrlOf(ana) });
    const request = newsRequest();
    // One network blip loses both answers after Lusha handled (and charged) both calls.
    sandbox.faults.add([
      { kind: 'drop', path: '/v3/contacts/enrich', phase: 'after', times: 1 },
      { kind: 'drop', path: COMPANY_SIGNALS, phase: 'after', times: 1 },
    ]);
    const [revealed, fetched] = await Promise.allSettled([background.contacts.revealContact(ana.id, 'emails', 1), signals.getSignals(request)]);
    // The reveal was sent again (free: already paid for) and answered; the fetch is found out.
    expect(revealed.status).toBe('fulfilled');
    expect(fetched).toMatchObject({ status: 'rejected', reason: { data: { mayHaveCharged: 21 } } });
    await background.engine.idle();
    await background.engine.investigate('lusha');
    await until(() => expect(background.engine.status().uncertain).toBe(0));
    expect(lushaRequests(sandbox, '/v3/contacts/enrich')).toHaveLength(2);
    expect(lushaRequests(sandbox, COMPANY_SIGNALS)).toHaveLength(1);
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
    const spends = await listSpends();
    expect(spends.filter((entry) => entry.action === 'reveal').map((entry) => entry.credits)).toEqual([1]);
    expect(spends.filter((entry) => entry.action === 'signals').map((entry) => entry.credits)).toEqual([sandbox.state().lusha.creditsByAction.showSignalsCompany]);
  });
});
