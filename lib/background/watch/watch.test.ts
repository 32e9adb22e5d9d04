/**
 * The watchlist through the engine against the sandbox: a check finds only what is new since the last one (signals
 * the sandbox publishes), batches every watched company into one Lusha call, books exactly what the sandbox charged,
 * stops at the watch budget with nothing reserved past it, and what a check bought becomes events even when the
 * worker stopped before reading it. Saber research and the email waterfall, also on the sandbox, with their charges.
 */
import { describe, expect, it } from 'vitest';
import { SABER_KEYS, SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import { companyOf, findPersonBySlug, FEATURED, linkedinUrlOf } from '../../../tests/sandbox/dataset';
import type { SandboxPerson } from '../../../tests/sandbox/dataset-types';
import type { Sandbox } from '../../../tests/sandbox/server';
import { listIntents } from '../../store/intents';
import { ledgerTotal, listSpends } from '../../store/ledger';
import { saveSettings } from '../../store/settings';
import { setApiKey } from '../../store/secrets';
import { createGate, lushaRequests, restartWorker, saberRequests, sandboxDeps, startBackground, until, withSandbox } from '../test-helpers';
import type { WatchInput } from './watch';

let sandbox: Sandbox;

withSandbox((started) => {
  sandbox = started;
}, { saber: { completionDelayMs: 50 } });

async function setup() {
  const deps = sandboxDeps(sandbox);
  const background = startBackground(deps);
  await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
  await setApiKey('saber', SABER_KEYS.valid, Date.now());
  return { background, deps };
}

async function publish(entity: 'contact' | 'company', id: string, type: string): Promise<void> {
  const reply = await fetch(`${sandbox.url}/__sandbox/signals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entity, id, type }) });
  expect(reply.status).toBe(200);
}

const companyInput = (index: number): WatchInput => {
  const company = sandbox.dataset.companies[index]!;
  return { kind: 'company', id: company.id, name: company.name, domain: company.domain };
};
const personInput = (person: SandboxPerson): WatchInput => ({ kind: 'contact', id: person.id, name: `${person.firstName} ${person.lastName}`, linkedinUrl: linkedinUrlOf(person) });
const lushaUsed = () => sandbox.state().lusha.creditsUsed;
const saberUsed = () => sandbox.state().saber.creditsUsed;

describe('watch checks', () => {
  it('a "Check now" sent again with its click id (an answer lost with the worker) gets that check, not a second one', async () => {
    const { background, deps } = await setup();
    await saveSettings({ watchBudget: 1000 });
    await background.watchlist.watchMany([companyInput(0), companyInput(1)]);
    const first = await background.watchlist.check('click-12345678');
    const calls = lushaRequests(sandbox).length;
    // The next life gets the same click again: it answers with that check and asks Lusha nothing.
    const next = await restartWorker(background, deps);
    expect(await next.watchlist.check('click-12345678')).toMatchObject({ at: first.at, clickId: 'click-12345678', checked: 2 });
    expect(lushaRequests(sandbox)).toHaveLength(calls);
    // A new click is a new check.
    await next.watchlist.check('click-87654321');
    expect(lushaRequests(sandbox).length).toBeGreaterThan(calls);
  });

  it('finds what was published since watching, one call per kind, and books what Lusha charged', async () => {
    const { background } = await setup();
    await saveSettings({ watchBudget: 1000 });
    const ana = findPersonBySlug(FEATURED.withEmailAndPhone)!;
    const watchlist = background.watchlist;
    await watchlist.watchMany([personInput(ana), companyInput(0), companyInput(1), companyInput(2)]);
    await publish('company', sandbox.dataset.companies[1]!.id, 'surgeInHiring');
    await publish('contact', ana.id, 'promotion');
    const before = lushaRequests(sandbox).length;

    const check = await watchlist.check();
    const calls = lushaRequests(sandbox).slice(before);
    expect(calls.map((call) => call.path).sort()).toEqual(['/v3/companies/signals', '/v3/contacts/signals']);
    expect(check).toMatchObject({ checked: 4, total: 4, events: 2, credits: 2 });
    expect(check.stopped).toBeUndefined();
    const events = await watchlist.events();
    expect(events.map((event) => event.title).sort()).toEqual(['Hiring surge', 'Promoted']);
    expect(events.every((event) => !event.read)).toBe(true);
    expect(await ledgerTotal('lusha')).toBe(lushaUsed());

    // The same day again: nothing new (the signals seen are not events twice), and what Lusha charged is booked.
    const again = await watchlist.check();
    expect(again.events).toBe(0);
    expect(await ledgerTotal('lusha')).toBe(lushaUsed());
    expect(await watchlist.markRead()).toBe(0);
  });

  it('stops at the watch budget: the longest first part that fits is checked, nothing is reserved past it', async () => {
    const { background } = await setup();
    const ana = findPersonBySlug(FEATURED.withEmailAndPhone)!;
    // A person's check costs at most 2 credits, a company's 14: a budget of 13 fits the person, not the company.
    await saveSettings({ watchBudget: 13 });
    await background.watchlist.watchMany([personInput(ana), companyInput(0)]);
    const check = await background.watchlist.check();
    expect(check.checked).toBe(1);
    expect(check.stopped).toMatchObject({ kind: 'budget-exceeded', message: expect.stringContaining('watch budget of 13 credits') });
    expect(lushaRequests(sandbox, '/v3/companies/signals')).toHaveLength(0);
    const watchIntents = (await listIntents()).filter((intent) => intent.origin === 'watch');
    expect(watchIntents).toHaveLength(1);
    expect(watchIntents.reduce((sum, intent) => sum + intent.price, 0)).toBeLessThanOrEqual(13);
    expect(await ledgerTotal('lusha')).toBe(lushaUsed());
  });

  it('a check whose answer a stopped worker lost is found out (booked, not re-sent), and the next check asks again', async () => {
    // The answer of the check's call is held (the sandbox has charged it) until the worker has stopped.
    const gate = createGate();
    const gatedFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input instanceof Request ? input.url : input).includes('/v3/companies/signals')) await gate.pass();
      return response;
    };
    const deps = sandboxDeps(sandbox, { fetch: gatedFetch });
    const background = startBackground(deps);
    await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
    gate.hold();
    await saveSettings({ watchBudget: 1000 });
    const company = sandbox.dataset.companies[3]!;
    await background.watchlist.watchMany([companyInput(3)]);
    await publish('company', company.id, 'riskNews');
    // The worker stops while the check's call is out: its answer is lost with it.
    void background.watchlist.check().catch(() => undefined);
    await until(() => expect(lushaRequests(sandbox, '/v3/companies/signals').length).toBeGreaterThan(0));
    const next = await restartWorker(background, deps);
    gate.release();
    await until(async () => expect((await listIntents()).every((intent) => intent.state === 'settled')).toBe(true), 8000);
    await next.watchlist.collect();
    expect(await ledgerTotal('lusha')).toBe(lushaUsed());
    expect(await (await import('../../store/watch')).lastWatchCheckItem.get()).toMatchObject({ checked: 0, failed: 1 });
    expect(lushaRequests(sandbox, '/v3/companies/signals')).toHaveLength(1);
    // Not counted as checked: the next check asks from the same day and finds the news.
    const again = await next.watchlist.check();
    expect(again).toMatchObject({ checked: 1 });
    expect((await next.watchlist.events()).map((event) => event.title)).toEqual(['Risk news']);
    expect(await ledgerTotal('lusha')).toBe(lushaUsed());
  });

  it('asks pinned Saber questions at a check and makes an event when the answer changes', async () => {
    const { background } = await setup();
    await saveSettings({ watchBudget: 1000 });
    const company = companyInput(0);
    const [item] = await background.watchlist.watchMany([company]);
    await background.watchlist.pin(item!.key, 'What CRM do they use?', 'open_text', 'Pipedrive (earlier answer)');
    await background.watchlist.check();
    await until(async () => expect((await background.watchlist.collect()).length + (await background.watchlist.events()).length).toBeGreaterThan(0), 5000);
    const events = await background.watchlist.events();
    expect(events.find((event) => event.kind === 'saber-answer')).toMatchObject({ title: 'Saber: What CRM do they use?', detail: expect.stringContaining('Pipedrive (earlier answer) →') });
    expect(await ledgerTotal('saber')).toBe(saberUsed());
  });
});

describe('contact research', () => {
  it('creates the job (booked from the balance), then reads it until done, for free', async () => {
    const { background } = await setup();
    const ana = findPersonBySlug(FEATURED.withEmailAndPhone)!;
    const employer = companyOf(ana, sandbox.dataset);
    const input = { profileUrl: linkedinUrlOf(ana), firstName: ana.firstName, lastName: ana.lastName, companyName: employer.name, companyDomain: employer.domain, confirmedCredits: 2 };
    const started = await background.research.start(input);
    expect(started.research.status).toBe('processing');
    expect(started.credits).toBe(2);
    expect(await ledgerTotal('saber')).toBe(saberUsed());
    await until(async () => expect(await background.research.pollAll()).toBe(0));
    const [done] = await background.research.list();
    expect(done).toMatchObject({ research: { status: 'completed', details: { jobTitle: ana.title } } });
    expect(saberRequests(sandbox, 'POST', '/v1/contacts/research')).toHaveLength(1);
    expect(await ledgerTotal('saber')).toBe(saberUsed());
  });

  it('asks before spending', async () => {
    const { background } = await setup();
    const ana = findPersonBySlug(FEATURED.withEmailAndPhone)!;
    const employer = companyOf(ana, sandbox.dataset);
    await expect(background.research.start({ firstName: ana.firstName, lastName: ana.lastName, companyName: employer.name, companyDomain: employer.domain })).rejects.toMatchObject({
      data: { kind: 'needs-confirmation', credits: 2 },
    });
    expect(saberRequests(sandbox, 'POST')).toHaveLength(0);
  });
});

describe('email waterfall', () => {
  /** Someone whose only email Lusha rates below A: not verified, so the waterfall goes on to Saber. */
  function unverified(): SandboxPerson {
    const person = sandbox.dataset.people.find(
      (p) => !p.restricted && !p.gdprBlocked && p.emails.length > 0 && p.emails.every((e) => e.type === 'work' && e.confidence === 'B') && /^[A-Za-z]+ [A-Za-z]+$/.test(p.displayName),
    );
    if (!person) throw new Error('no such person');
    return person;
  }

  it('prices each step, falls through to Saber when Lusha’s email is not verified, and books both', async () => {
    const { background } = await setup();
    const person = unverified();
    await background.contacts.lookupContact({ kind: 'linkedin-profile', linkedinUrl: linkedinUrlOf(person) }, { origin: 'click', confirmedCredits: 1 });
    const plan = await background.waterfall.plan(person.id);
    expect(plan).toEqual({ steps: [{ provider: 'lusha', credits: 1 }, { provider: 'saber', credits: 1 }], total: 2 });
    await expect(background.waterfall.run(person.id)).rejects.toMatchObject({ data: { kind: 'needs-confirmation', credits: 2 } });
    const result = await background.waterfall.run(person.id, 2, 'click-waterfall-1');
    expect(result.steps.map((step) => [step.provider, step.outcome, step.credits])).toEqual([
      ['lusha', 'found', 1],
      ['saber', 'found', 1],
    ]);
    expect(result.steps[1]?.verification).toMatchObject({ state: 'risky' });
    expect(await ledgerTotal('lusha')).toBe(lushaUsed());
    expect(await ledgerTotal('saber')).toBe(saberUsed());
    expect((await listSpends()).filter((entry) => entry.action === 'find-email')).toHaveLength(1);
    expect(await background.waterfall.last(person.id)).toMatchObject({ steps: result.steps });
  });
});
