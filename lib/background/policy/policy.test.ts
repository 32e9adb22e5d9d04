/**
 * The organisation's policy (storage.managed, WXT's fake browser) against the sandbox: precedence managed > rep's own >
 * default, the organisation's key used without the rep entering one and never shown, saved over or removed, a managed
 * cap that holds when the admin lowers it mid-session (the ledger equal to Lusha's count), features refused at the
 * background, the ledger export named by machine, retention, and what a key change by policy resets.
 */
import { fakeBrowser } from 'wxt/testing';
import { describe, expect, it, vi } from 'vitest';
import { SABER_KEYS, SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import { FEATURED, findPersonBySlug, linkedinUrlOf } from '../../../tests/sandbox/dataset';
import type { Sandbox } from '../../../tests/sandbox/server';
import { effectiveSettings, parseManagedPolicy, policyView, UNMANAGED_POLICY_VIEW } from '../../domain/policy';
import { settingsSchema } from '../../domain/settings';
import type { Handlers } from '../../messaging/server';
import { lushaReconciliationItem, settingsItem } from '../../store/kv';
import { ledgerTotal, recordSpend } from '../../store/ledger';
import { getApiKey, getOwnApiKey, setApiKey } from '../../store/secrets';
import { readManagedPolicy } from '../../store/managed-policy';
import { getOwnSettings, getSettings, saveSettings } from '../../store/settings';
import { getPreview, listRevealed, mergeRevealed, putPreviews } from '../../store/contacts';
import { getSignals, putSignals } from '../../store/signals';
import { listHistory, recordView } from '../../store/history';
import { createHandlers } from '../handlers';
import { applyRetention } from '../retention';
import { getDb } from '../../store/db';
import { emailFindingItem } from '../../store/email-findings';
import { addWrites, listWrites } from '../../store/crm-outbox';
import { addWatchEvents, listWatchEvents, listWatches, putWatches } from '../../store/watch';
import { failure, lushaRequests, sandboxDeps, startBackground, withSandbox } from '../test-helpers';
import { createPolicyChanges } from './policy-changes';

let sandbox: Sandbox;
withSandbox((started) => {
  sandbox = started;
});

const PAGE = { id: fakeBrowser.runtime.id, url: `chrome-extension://${fakeBrowser.runtime.id}/options.html` };
const ana = () => findPersonBySlug(FEATURED.withEmailAndPhone, sandbox.dataset)!;
const anaLookup = () => ({ kind: 'linkedin-profile' as const, linkedinUrl: linkedinUrlOf(ana()) });
const setPolicy = (policy: Record<string, unknown>) => fakeBrowser.storage.managed.set(policy);
const replacePolicy = async (policy: Record<string, unknown>) => {
  await fakeBrowser.storage.managed.clear();
  await setPolicy(policy);
};

function call<K extends keyof Handlers>(handlers: Handlers, type: K, input: Parameters<Handlers[K]>[0]) {
  return (handlers[type] as (input: unknown, sender: unknown) => Promise<unknown>)(input, PAGE);
}

describe('reading the policy', () => {
  it('keeps each usable field and names the rest, field by field', () => {
    const parsed = parseManagedPolicy({
      lushaApiKey: ' key-1 ',
      dailyCreditCap: 50,
      autoConfirmUnder: -3,
      autoLookup: 'yes',
      features: { bulk: false, teleport: false, export: 'no' },
      repMayChange: ['dailyCreditCap'],
      machineLabel: 'SDR-07',
      colour: 'red',
    });
    expect(parsed.policy).toEqual({ lushaApiKey: 'key-1', dailyCreditCap: 50, features: { bulk: false }, repMayChange: ['dailyCreditCap'], machineLabel: 'SDR-07' });
    expect(parsed.invalid.sort()).toEqual(['autoConfirmUnder', 'autoLookup', 'colour', 'features.export', 'features.teleport']);
    expect(parseManagedPolicy(undefined)).toEqual({ policy: {}, invalid: [] });
    expect(parseManagedPolicy([1, 2])).toEqual({ policy: {}, invalid: [] });
  });

  it('shows pages what is set, never a key', () => {
    const view = policyView(parseManagedPolicy({ lushaApiKey: 'secret-key-123456', dailyCreditCap: 10, autoLookup: false, repMayChange: ['autoLookup'], features: { signals: false } }));
    expect(view).toEqual({
      managed: true,
      locked: ['dailyCreditCap'],
      organisationDefaults: ['autoLookup'],
      features: { signals: false, 'ask-saber': true, bulk: true, 'crm-write': true, export: true },
      keys: { lusha: true, saber: false },
      invalid: [],
    });
    expect(JSON.stringify(view)).not.toContain('secret-key');
    expect(UNMANAGED_POLICY_VIEW.managed).toBe(false);
  });
});

describe('precedence: managed > rep’s own > default', () => {
  const defaults = settingsSchema.parse({});

  it('a locked setting is the organisation’s whatever the rep chose; an unset one is the rep’s, else the default', () => {
    const own = { ...defaults, dailyCreditCap: 500, autoConfirmUnder: 3 };
    const chosen = new Set(['dailyCreditCap', 'autoConfirmUnder']);
    expect(effectiveSettings(own, chosen, { dailyCreditCap: 20 })).toMatchObject({ dailyCreditCap: 20, autoConfirmUnder: 3, autoLookup: true, retentionDays: 0 });
    expect(effectiveSettings(own, chosen, {})).toEqual(own);
    expect(effectiveSettings(defaults, new Set(), {})).toEqual(defaults);
  });

  it('a setting the rep may change is the organisation’s starting value until the rep chooses their own', () => {
    const policy = { dailyCreditCap: 20, autoLookup: false, repMayChange: ['dailyCreditCap' as const] };
    expect(effectiveSettings(defaults, new Set(), policy)).toMatchObject({ dailyCreditCap: 20, autoLookup: false });
    expect(effectiveSettings({ ...defaults, dailyCreditCap: 70 }, new Set(['dailyCreditCap']), policy)).toMatchObject({ dailyCreditCap: 70, autoLookup: false });
  });

  it('a rep who set a setting before Sidecar tracked choices keeps it over the organisation’s starting value', async () => {
    // Settings saved by an earlier version: the value is there, the record of what the rep chose is not.
    await settingsItem.set({ ...defaults, dailyCreditCap: 50, autoConfirmUnder: 5 });
    await setPolicy({ dailyCreditCap: 500, autoConfirmUnder: 1, autoLookup: false, repMayChange: ['dailyCreditCap', 'autoConfirmUnder', 'autoLookup'] });
    expect(await getSettings()).toMatchObject({ dailyCreditCap: 50, autoConfirmUnder: 5, autoLookup: false });
    // Saving something else keeps it so.
    await saveSettings({ previewTtlDays: 3 });
    expect(await getSettings()).toMatchObject({ dailyCreditCap: 50, autoConfirmUnder: 5, autoLookup: false, previewTtlDays: 3 });
  });

  it('through the store: a locked setting is refused with the reason and nothing changes; the rest saves', async () => {
    await saveSettings({ dailyCreditCap: 300, autoConfirmUnder: 4 });
    await setPolicy({ dailyCreditCap: 25, autoLookup: false, repMayChange: ['autoLookup'] });
    expect(await getSettings()).toMatchObject({ dailyCreditCap: 25, autoConfirmUnder: 4, autoLookup: false });

    const refused = await failure(saveSettings({ dailyCreditCap: 1000, autoConfirmUnder: 9 }));
    expect(refused).toMatchObject({ kind: 'policy' });
    expect(refused.message).toMatch(/Set by your organisation: the daily credit cap/);
    expect(await getOwnSettings()).toMatchObject({ dailyCreditCap: 300, autoConfirmUnder: 4 });

    // autoLookup is the organisation's starting value: the rep's own choice wins once made.
    expect(await saveSettings({ autoLookup: true, autoConfirmUnder: 9 })).toMatchObject({ dailyCreditCap: 25, autoConfirmUnder: 9, autoLookup: true });
    // The policy withdrawn: the rep's own cap is back.
    await replacePolicy({});
    expect(await getSettings()).toMatchObject({ dailyCreditCap: 300, autoLookup: true });
  });
});

describe('the organisation’s key', () => {
  it('is used without the rep entering one, over the rep’s own, and never shown, saved over, removed or exported', async () => {
    const background = startBackground(sandboxDeps(sandbox));
    const handlers = createHandlers(background);
    await setApiKey('lusha', SANDBOX_KEYS.lowCredits);
    await setPolicy({ lushaApiKey: SANDBOX_KEYS.valid, saberApiKey: SABER_KEYS.valid });

    const view = await background.contacts.lookupContact(anaLookup());
    expect(view.result.status).toBe('found');
    // The organisation's account answered, not the rep's own.
    expect(lushaRequests(sandbox).map((request) => request.account)).toEqual(lushaRequests(sandbox).map(() => 'valid'));

    const status = await call(handlers, 'getKeyStatus', {});
    expect(status).toMatchObject({ lusha: { configured: true, managed: true }, saber: { configured: true, managed: true } });
    expect(JSON.stringify(status)).not.toContain(SANDBOX_KEYS.valid.slice(-4));
    expect(JSON.stringify(await call(handlers, 'getCredits', { refresh: true }))).not.toContain(SANDBOX_KEYS.valid.slice(-4));

    expect(await failure(call(handlers, 'saveApiKey', { provider: 'lusha', key: SANDBOX_KEYS.valid }))).toMatchObject({ kind: 'policy' });
    const removal = await failure(call(handlers, 'removeApiKey', { provider: 'lusha' }));
    expect(removal).toMatchObject({ kind: 'policy', message: expect.stringMatching(/organisation set .* cannot be removed/) });
    expect(await failure(call(handlers, 'removeApiKey', { provider: 'saber' }))).toMatchObject({ kind: 'policy' });
    expect((await getOwnApiKey('lusha'))?.key).toBe(SANDBOX_KEYS.lowCredits);
    expect((await getApiKey('lusha'))?.managed).toBe(true);

    const exported = JSON.stringify([await call(handlers, 'exportData', {}), await call(handlers, 'exportLedger', {})]);
    expect(exported).not.toContain(SANDBOX_KEYS.valid);
    expect(exported).not.toContain(SABER_KEYS.valid);

    // Withdrawn by the organisation: the rep's own key is in force again.
    await replacePolicy({});
    expect(await call(handlers, 'getKeyStatus', {})).toMatchObject({ lusha: { configured: true, hint: '2222' } });
  });
});

describe('a managed cap', () => {
  it('holds when the admin lowers it mid-session, and the ledger equals Lusha’s count', async () => {
    const background = startBackground(sandboxDeps(sandbox));
    await setPolicy({ lushaApiKey: SANDBOX_KEYS.valid, dailyCreditCap: 100, autoConfirmUnder: 1000 });
    const view = await background.contacts.lookupContact(anaLookup());
    if (view.result.status !== 'found') throw new Error('Ana not found');
    const id = view.result.preview.id;
    await background.contacts.revealContact(id, 'emails', undefined);
    const spent = await ledgerTotal('lusha');
    expect(spent).toBeGreaterThan(0);

    // The admin lowers the cap to what was spent: the phone (5 credits) no longer fits, whatever the rep wants.
    await setPolicy({ dailyCreditCap: spent });
    expect(await failure(saveSettings({ dailyCreditCap: 1000 }))).toMatchObject({ kind: 'policy' });
    expect(await failure(background.contacts.revealContact(id, 'phones', 5))).toMatchObject({ kind: 'budget-exceeded', message: expect.stringMatching(/daily cap .*Your organisation set this cap: ask your admin/) });
    // Two at once under the lock: neither passes.
    const both = await Promise.allSettled([background.contacts.revealContact(id, 'phones', 5), background.contacts.revealContact(id, 'phones', 5)]);
    expect(both.map((result) => result.status)).toEqual(['rejected', 'rejected']);

    // Raised again: the phone is revealed, once.
    await setPolicy({ dailyCreditCap: spent + 5 });
    await background.contacts.revealContact(id, 'phones', 5);
    expect(await ledgerTotal('lusha')).toBe(sandbox.state().lusha.creditsUsed);
    expect(await ledgerTotal('lusha')).toBeLessThanOrEqual(spent + 5);
  });
});

describe('erasing everything under a policy', () => {
  it('keeps the credit ledger, so a managed cap still counts the day and the admin still gets every spend', async () => {
    const background = startBackground(sandboxDeps(sandbox));
    const handlers = createHandlers(background);
    await setPolicy({ lushaApiKey: SANDBOX_KEYS.valid, dailyCreditCap: 100, autoConfirmUnder: 1000 });
    const view = await background.contacts.lookupContact(anaLookup());
    if (view.result.status !== 'found') throw new Error('Ana not found');
    await background.contacts.revealContact(view.result.preview.id, 'emails', undefined);
    const spent = await ledgerTotal('lusha');
    expect(spent).toBeGreaterThan(0);
    await setPolicy({ dailyCreditCap: spent });
    await emailFindingItem(view.result.preview.id).set({ at: Date.now(), steps: [] });

    await call(handlers, 'eraseData', { everything: true });
    expect(await listRevealed()).toEqual([]);
    // What the email waterfall found goes with the rest of what was revealed.
    expect(await emailFindingItem(view.result.preview.id).get()).toBeUndefined();
    // The day's spend still counts against the organisation's cap: erasing is no way around it.
    expect(await ledgerTotal('lusha')).toBe(spent);
    expect(await failure(background.contacts.lookupContact(anaLookup(), { origin: 'click', confirmedCredits: 100 }))).toMatchObject({ kind: 'budget-exceeded' });
    expect(await ledgerTotal('lusha')).toBe(sandbox.state().lusha.creditsUsed);

    // Without a policy, erasing everything takes the ledger too (as before).
    await replacePolicy({});
    await call(handlers, 'eraseData', { everything: true });
    expect(await ledgerTotal('lusha')).toBe(0);
  });
});

describe('features the organisation switched off', () => {
  it('are refused at the background with the reason; the ledger export still goes, named by machine', async () => {
    const background = startBackground(sandboxDeps(sandbox));
    const handlers = createHandlers(background);
    await setPolicy({ lushaApiKey: SANDBOX_KEYS.valid, machineLabel: 'SDR-07', features: { signals: false, askSaber: false, bulk: false, export: false, crmWrite: false } });
    await recordSpend({ provider: 'lusha', action: 'reveal', entityId: 'c-1', field: 'emails', credits: 1, at: Date.now() });

    const refusals = await Promise.all([
      failure(call(handlers, 'getSignals', { entity: { type: 'contact', id: 'c-1' }, groups: ['promotion'], startDate: '2026-01-01', fetch: true })),
      failure(call(handlers, 'askSaber', { subject: { kind: 'company', domain: 'acme.example' }, question: 'Are they hiring?', answerType: 'boolean' } as never)),
      failure(call(handlers, 'getSaberQuestions', { subject: { kind: 'company', domain: 'acme.example' } })),
      failure(call(handlers, 'startBulkReveal', { contactIds: ['c-1'], field: 'emails', confirmedCredits: 1, jobId: 'job-12345678' } as never)),
      failure(call(handlers, 'exportData', {})),
      failure(call(handlers, 'watch', { items: [{ kind: 'company', id: 'co-1', name: 'Acme' }] })),
      failure(call(handlers, 'checkWatchlist', {})),
      failure(call(handlers, 'pinQuestion', { key: 'company:co-1', question: 'Are they hiring?', answerType: 'boolean' })),
      failure(call(handlers, 'startResearch', { firstName: 'Vera', lastName: 'Lind', companyName: 'Acme', companyDomain: 'acme.example', confirmedCredits: 2 } as never)),
      failure(call(handlers, 'previewCrmSave', { person: { firstName: 'Vera', lastName: 'Lind' } })),
      failure(call(handlers, 'revealForCrm', { contactId: 'c-1', fields: ['emails'], confirmedCredits: 1 })),
      failure(call(handlers, 'actOnCrmWrite', { id: 'write-12345678', action: 'retry' } as never)),
    ]);
    expect(refusals.map((error) => error.kind)).toEqual(Array(12).fill('policy'));
    expect(refusals.map((error) => error.message)).toEqual([
      'Signals is turned off by your organisation.',
      'Ask Saber is turned off by your organisation.',
      'Ask Saber is turned off by your organisation.',
      'Bulk reveals is turned off by your organisation.',
      'Exporting contacts is turned off by your organisation.',
      'Signals is turned off by your organisation.',
      'Signals is turned off by your organisation.',
      'Ask Saber is turned off by your organisation.',
      'Ask Saber is turned off by your organisation.',
      'Writing to your CRM is turned off by your organisation.',
      'Writing to your CRM is turned off by your organisation.',
      'Writing to your CRM is turned off by your organisation.',
    ]);
    expect(lushaRequests(sandbox)).toEqual([]);
    expect(await call(handlers, 'exportLedger', {})).toMatchObject({ machineLabel: 'SDR-07', totals: { lusha: 1, saber: 0 }, ledger: [{ entityId: 'c-1', credits: 1 }] });

    // Switched on again, live.
    await replacePolicy({ machineLabel: 'SDR-07' });
    expect(await call(handlers, 'exportData', {})).toMatchObject({ machineLabel: 'SDR-07', ledger: [{ credits: 1 }] });
  });
});

describe('retention', () => {
  it('drops looked-up data older than the days in force and keeps the ledger', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const now = Date.now();
    const old = now - 40 * DAY;
    await putPreviews([{ key: 'email:old@acme.example', result: { status: 'not-found' } }], old);
    await putPreviews([{ key: 'email:new@acme.example', result: { status: 'not-found' } }], now - DAY);
    await mergeRevealed({ provider: 'lusha', id: 'c-old', revealedAt: { emails: old } });
    await mergeRevealed({ provider: 'lusha', id: 'c-new', revealedAt: { emails: old, phones: now - DAY } });
    await putSignals('lusha:contact:c-old:promotion', [], old, 1000 * DAY);
    await recordView({ id: 'c-old', fullName: 'Old Person', canReveal: [], has: {} } as never, 'email:old@acme.example', old);
    await recordSpend({ provider: 'lusha', action: 'reveal', entityId: 'c-old', field: 'emails', credits: 1, at: old });

    await setPolicy({ retentionDays: 30 });
    await applyRetention(now, (await getSettings()).retentionDays);
    expect(await getPreview('email:old@acme.example', now)).toBeUndefined();
    expect(await getPreview('email:new@acme.example', now)).toBeDefined();
    expect((await listRevealed()).map((data) => data.id)).toEqual(['c-new']);
    expect(await getSignals('lusha:contact:c-old:promotion', now)).toBeUndefined();
    expect(await listHistory()).toEqual([]);
    expect(await ledgerTotal('lusha')).toBe(1);
  });

  it('drops old research, emails the waterfall found, What’s new events and sent CRM writes; keeps the watchlist and waiting writes', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const now = Date.now();
    const old = now - 40 * DAY;
    const db = await getDb();
    await db.put('research', { id: 'r-old', subject: 'contact:a', requestedAt: old });
    await db.put('research', { id: 'r-new', subject: 'contact:b', requestedAt: now - DAY });
    await emailFindingItem('c-old').set({ at: old, steps: [] });
    await emailFindingItem('c-new').set({ at: now - DAY, steps: [] });
    const event = { watchKey: 'company:1', kind: 'signal' as const, subject: 'Acme', title: 'Hiring surge', read: false };
    await addWatchEvents([{ ...event, id: 'e-old', at: old }, { ...event, id: 'e-new', at: now - DAY }]);
    await putWatches([{ key: 'company:1', kind: 'company', id: '1', name: 'Acme', watchedAt: old, sinceDay: '2026-01-01', pinned: [] }]);
    const write = { crm: 'hubspot' as const, accountId: '1', label: 'Vera', request: { action: 'create' as const, person: { lastName: 'Lind' }, provider: 'Lusha' }, attempts: 1, createdAt: old, updatedAt: old, progress: {} };
    await addWrites([
      { ...write, id: 'write-sent-long-ago', state: 'applied' },
      { ...write, id: 'write-still-waiting', state: 'pending' },
    ] as never);

    await applyRetention(now, 30);
    expect(await db.getAllKeys('research')).toEqual(['r-new']);
    expect(await emailFindingItem('c-old').get()).toBeUndefined();
    expect(await emailFindingItem('c-new').get()).toMatchObject({ steps: [] });
    expect((await listWatchEvents()).map((kept) => kept.id)).toEqual(['e-new']);
    expect(await listWatches()).toHaveLength(1);
    expect((await listWrites()).map((kept) => kept.id)).toEqual(['write-still-waiting']);
  });

  it('keeps everything at 0 days', async () => {
    await putPreviews([{ key: 'email:old@acme.example', result: { status: 'not-found' } }], 0, Number.MAX_SAFE_INTEGER / 2);
    await applyRetention(Date.now(), 0);
    expect(await getPreview('email:old@acme.example', 1)).toBeDefined();
  });
});

describe('a key changed by policy', () => {
  it('starts a new baseline, resumes the provider and tells the pages; other changes keep the baseline', async () => {
    const background = startBackground(sandboxDeps(sandbox));
    await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
    const baseline = await lushaReconciliationItem.get();
    const notify = vi.fn();
    const sweep = vi.fn(async () => undefined);
    const resume = vi.spyOn(background.engine, 'resume');
    const changes = createPolicyChanges({
      engine: background.engine,
      forgetSaberKey: () => background.saber.forgetKey(),
      readLushaUsage: () => background.credits.readUsageWithStoredKey(),
      sweep,
      notify,
    });
    await changes.start();
    expect(notify).not.toHaveBeenCalled();
    expect(await lushaReconciliationItem.get()).toEqual(baseline);

    await setPolicy({ dailyCreditCap: 10 });
    await changes.changed();
    expect(notify).toHaveBeenLastCalledWith({ keys: false });
    expect(sweep).toHaveBeenCalledTimes(1);
    expect(await lushaReconciliationItem.get()).toEqual(baseline);
    expect(resume).not.toHaveBeenCalled();

    sandbox.reset();
    await setPolicy({ lushaApiKey: SANDBOX_KEYS.lowCredits });
    await changes.changed();
    expect(notify).toHaveBeenLastCalledWith({ keys: true });
    expect(resume).toHaveBeenCalledWith('lusha');
    // A new baseline, read with the organisation's key.
    const next = await lushaReconciliationItem.get();
    expect(next).toBeDefined();
    expect(next!.baselineAt).toBeGreaterThanOrEqual(baseline!.baselineAt);
    expect(lushaRequests(sandbox).map((request) => request.account)).toEqual(['lowCredits']);

    // The same key again (the admin re-pushed the same policy): nothing resets.
    await changes.changed();
    expect(await lushaReconciliationItem.get()).toEqual(next);
  });

  it('is seen even when a read of the old policy was on its way as the change came', async () => {
    const background = startBackground(sandboxDeps(sandbox));
    await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
    const notify = vi.fn();
    const changes = createPolicyChanges({
      engine: background.engine,
      forgetSaberKey: () => background.saber.forgetKey(),
      readLushaUsage: () => background.credits.readUsageWithStoredKey(),
      sweep: async () => undefined,
      notify,
    });
    await changes.start();
    // A lookup's read of the policy, answered by the browser only after the admin's change.
    let answerOld!: (value: Record<string, unknown>) => void;
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementationOnce(() => new Promise((resolve) => (answerOld = resolve)));
    const before = readManagedPolicy();
    await setPolicy({ lushaApiKey: SANDBOX_KEYS.lowCredits });
    const changed = changes.changed();
    answerOld({});
    await Promise.all([before, changed]);
    expect(notify).toHaveBeenLastCalledWith({ keys: true });
  });
});
