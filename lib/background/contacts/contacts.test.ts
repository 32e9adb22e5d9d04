/**
 * The contacts service (previews and reveals) through the one engine, against the sandbox over real HTTP: what is
 * stored is served without a request, every paid call is reserved under the daily cap and the user's confirmation
 * threshold (searches too), simultaneous callers share one call, and the ledger books exactly what the sandbox charged.
 */
import { describe, expect, it } from 'vitest';
import { PRICING, SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import { FEATURED, findPersonBySlug, linkedinUrlOf } from '../../../tests/sandbox/dataset';
import type { SandboxPerson } from '../../../tests/sandbox/dataset-types';
import type { Sandbox } from '../../../tests/sandbox/server';
import type { ContactPreview } from '../../domain/contact';
import { lookupKey } from '../../domain/lookup-keys';
import type { Lookup } from '../../domain/page-context';
import { putPreviews } from '../../store/contacts';
import { getIntent, listIntents } from '../../store/intents';
import { ledgerTotal, listSpends } from '../../store/ledger';
import { setApiKey } from '../../store/secrets';
import { saveSettings } from '../../store/settings';
import { failure, lushaRequests, restartWorker, sandboxDeps, startBackground, until, withSandbox } from '../test-helpers';
import type { BackgroundDeps } from '../wiring';

let sandbox: Sandbox;

withSandbox((started) => {
  sandbox = started;
});

const SEARCH = '/v3/contacts/search';
const ENRICH = '/v3/contacts/enrich';

function person(slug: string): SandboxPerson {
  const found = findPersonBySlug(slug, sandbox.dataset);
  if (!found) throw new Error(`no ${slug} in the sandbox`);
  return found;
}
const ana = () => person(FEATURED.withEmailAndPhone);
const profileOf = (who: SandboxPerson): Lookup => ({ kind: 'linkedin-profile', linkedinUrl: linkedinUrlOf(who) });

/** Plain people with an email and a phone (neither restricted nor GDPR-blocked), other than Ana. */
function plainPeople(count: number): SandboxPerson[] {
  const found = sandbox.dataset.people.filter((p) => p.emails.length > 0 && p.phones.length > 0 && !p.restricted && !p.gdprBlocked && p.id !== ana().id);
  return found.slice(0, count);
}

/** A background on the sandbox with the valid key stored (as the options page stores it once Lusha accepted it). */
async function setup(deps: Partial<BackgroundDeps> & { lushaTimeoutMs?: number } = {}, key: string = SANDBOX_KEYS.valid) {
  await setApiKey('lusha', key);
  const all = sandboxDeps(sandbox, deps);
  return { background: startBackground(all), deps: all };
}

const creditsUsed = () => sandbox.state().lusha.creditsUsed;

describe('lookupContact', () => {
  it('asks for a key before anything else, and sends nothing', async () => {
    const background = startBackground(sandboxDeps(sandbox));
    await expect(background.contacts.lookupContact(profileOf(ana()))).rejects.toMatchObject({ kind: 'missing-key' });
    const list = await background.contacts.lookupContacts([profileOf(ana()), ...plainPeople(1).map(profileOf)]);
    expect(list.map((item) => !item.ok && item.error.kind)).toEqual(['missing-key', 'missing-key']);
    expect(lushaRequests(sandbox)).toEqual([]);
    // Nothing was reserved or sent for it, so Lusha is not paused: saving a key is all it takes.
    expect(background.engine.pausedBy('lusha')).toBeUndefined();
    expect(await listIntents()).toEqual([]);
  });

  it('asks for a key before asking the user to confirm a click’s price', async () => {
    const background = startBackground(sandboxDeps(sandbox));
    await expect(background.contacts.lookupContact(profileOf(ana()), { origin: 'click' })).rejects.toMatchObject({ kind: 'missing-key' });
    expect(lushaRequests(sandbox)).toEqual([]);
  });

  it('asks for a key before offering a lookup while automatic lookups are off', async () => {
    const background = startBackground(sandboxDeps(sandbox));
    await saveSettings({ autoLookup: false });
    await expect(background.contacts.lookupContact(profileOf(ana()), { origin: 'auto' })).rejects.toMatchObject({ kind: 'missing-key' });
    expect(lushaRequests(sandbox)).toEqual([]);
  });

  it('searches once, then serves the preview from the store without a request', async () => {
    const { background } = await setup();
    const first = await background.contacts.lookupContact(profileOf(ana()));
    expect(first).toMatchObject({ fromCache: false, charged: 0, result: { status: 'found', preview: { id: ana().id } } });
    const second = await background.contacts.lookupContact(profileOf(ana()));
    expect(second).toMatchObject({ fromCache: true, result: first.result });
    const third = await background.contacts.lookupContact(profileOf(ana()), { origin: 'click', confirmedCredits: 1 });
    expect(third.fromCache).toBe(true);
    expect(lushaRequests(sandbox, SEARCH)).toHaveLength(1);
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
  });

  it('shares one search between simultaneous callers', async () => {
    const { background } = await setup();
    const views = await Promise.all([1, 2, 3].map(() => background.contacts.lookupContact(profileOf(ana()))));
    expect(views.map((view) => view.result)).toEqual([views[0]!.result, views[0]!.result, views[0]!.result]);
    expect(lushaRequests(sandbox, SEARCH)).toHaveLength(1);
    expect((lushaRequests(sandbox, SEARCH)[0]!.body as { contacts: unknown[] }).contacts).toHaveLength(1);
  });

  it('a list page’s lookups are one batched search under one reservation', async () => {
    const { background } = await setup();
    const people = plainPeople(5);
    // Five searches held one by one would need 5 credits under the cap; one call for all of them costs at most 1.
    await saveSettings({ dailyCreditCap: 1 });
    sandbox.faults.add({ kind: 'latency', path: SEARCH, ms: 150, times: 1 });
    const pending = background.contacts.lookupContacts(people.map(profileOf));
    await until(() => expect(background.engine.status().inFlight).toBe(1));
    expect(background.engine.held('lusha')).toBe(1);
    const results = await pending;
    expect(results.map((item) => (item.ok ? item.view.result.status : item.error.kind))).toEqual(['found', 'found', 'found', 'found', 'found']);
    expect(results.map((item) => item.ok && item.view.result.status === 'found' && item.view.result.preview.id)).toEqual(people.map((p) => p.id));
    const searches = lushaRequests(sandbox, SEARCH);
    expect(searches).toHaveLength(1);
    expect((searches[0]!.body as { contacts: unknown[] }).contacts).toHaveLength(5);
    expect(background.engine.held('lusha')).toBe(0);

    // Served from the store now, each of them, with no request.
    const again = await background.contacts.lookupContacts(people.map(profileOf));
    expect(again.every((item) => item.ok && item.view.fromCache)).toBe(true);
    expect(lushaRequests(sandbox, SEARCH)).toHaveLength(1);
  });

  it('with automatic lookups off, asks first with the price (one person, or a whole list page)', async () => {
    const { background } = await setup();
    await saveSettings({ autoLookup: false });
    expect(await failure(background.contacts.lookupContact(profileOf(ana())))).toMatchObject({
      kind: 'needs-confirmation',
      reason: 'auto-lookup-off',
      credits: PRICING.contactSearch.credits,
    });
    const list = await background.contacts.lookupContacts(plainPeople(3).map(profileOf));
    expect(list.map((item) => !item.ok && item.error)).toEqual(
      Array.from({ length: 3 }, () => expect.objectContaining({ kind: 'needs-confirmation', reason: 'auto-lookup-off', credits: 1 })),
    );
    expect(lushaRequests(sandbox)).toEqual([]);
    // The user's click goes.
    const view = await background.contacts.lookupContact(profileOf(ana()), { origin: 'click', confirmedCredits: 1 });
    expect(view.result.status).toBe('found');
  });

  it('a name without a company fails with reason needs-company before any spend', async () => {
    const { background } = await setup();
    const nameOnly: Lookup = { kind: 'name', firstName: ana().firstName, lastName: ana().lastName };
    expect(await failure(background.contacts.lookupContact(nameOnly, { origin: 'click', confirmedCredits: 1 }))).toMatchObject({
      kind: 'validation',
      reason: 'needs-company',
    });
    // On a list page it ends that item only; the others are looked up.
    const list = await background.contacts.lookupContacts([nameOnly, profileOf(ana())]);
    expect(list[0]).toMatchObject({ ok: false, error: { kind: 'validation', reason: 'needs-company' } });
    expect(list[1]).toMatchObject({ ok: true, view: { result: { status: 'found' } } });
    const searches = lushaRequests(sandbox, SEARCH);
    expect(searches).toHaveLength(1);
    expect((searches[0]!.body as { contacts: unknown[] }).contacts).toHaveLength(1);
    expect((await listIntents()).filter((intent) => JSON.stringify(intent.args).includes('"kind":"name"'))).toEqual([]);
  });
});

describe('revealContact', () => {
  it('asks for confirmation with the exact cost before spending', async () => {
    const { background } = await setup();
    await background.contacts.lookupContact(profileOf(ana()));
    expect(await failure(background.contacts.revealContact(ana().id, 'phones'))).toMatchObject({ kind: 'needs-confirmation', credits: PRICING.revealPhone.credits });
    expect(await failure(background.contacts.revealContact(ana().id, 'phones', PRICING.revealPhone.credits - 1))).toMatchObject({ kind: 'needs-confirmation' });
    expect(lushaRequests(sandbox, ENRICH)).toEqual([]);
    expect(await listSpends()).toEqual([]);
  });

  it('reveals once, books the spend, and serves the paid datum again for free', async () => {
    const { background } = await setup();
    await background.contacts.lookupContact(profileOf(ana()));
    const revealed = await background.contacts.revealContact(ana().id, 'emails', 1);
    expect(revealed.emails?.map((email) => email.email)).toEqual(ana().emails.map((email) => email.email));
    const again = await background.contacts.revealContact(ana().id, 'emails');
    expect(again.emails).toEqual(revealed.emails);
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(1);
    expect((await listSpends()).map((entry) => [entry.provider, entry.action, entry.entityId, entry.field, entry.credits])).toEqual([['lusha', 'reveal', ana().id, 'emails', 1]]);
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
    expect(sandbox.state().lusha.creditsByAction.revealEmail).toBe(1);
    // The stored preview now shows the email at 0 credits, and the view carries what was revealed.
    const view = await background.contacts.lookupContact(profileOf(ana()));
    expect(view.result.status === 'found' && view.result.preview.canReveal.find((entry) => entry.field === 'emails')?.credits).toBe(0);
    expect(view.revealed?.emails).toEqual(revealed.emails);
  });

  it('makes one enrich call, and one charge, for two simultaneous reveals of the same datum', async () => {
    const { background } = await setup();
    await background.contacts.lookupContact(profileOf(ana()));
    const [a, b] = await Promise.all([background.contacts.revealContact(ana().id, 'emails', 1), background.contacts.revealContact(ana().id, 'emails', 1)]);
    expect(a).toEqual(b);
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(1);
    expect(await listSpends()).toHaveLength(1);
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
  });

  it('does not ask below the user’s threshold', async () => {
    const { background } = await setup();
    await saveSettings({ autoConfirmUnder: 2 });
    await background.contacts.lookupContact(profileOf(ana()));
    await expect(background.contacts.revealContact(ana().id, 'emails')).resolves.toMatchObject({ id: ana().id });
    expect(await failure(background.contacts.revealContact(ana().id, 'phones'))).toMatchObject({ kind: 'needs-confirmation', credits: 5 });
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(1);
  });

  it('refuses a spend that would pass the daily cap, even when confirmed', async () => {
    const { background } = await setup();
    await saveSettings({ dailyCreditCap: 3 });
    await background.contacts.lookupContact(profileOf(ana()));
    expect(await failure(background.contacts.revealContact(ana().id, 'phones', 5))).toMatchObject({ kind: 'budget-exceeded', credits: 5 });
    expect(lushaRequests(sandbox, ENRICH)).toEqual([]);
    expect(creditsUsed()).toBe(0);
  });

  it('holds the cap under concurrency: of three 5-credit reveals under a cap of 5, exactly one goes', async () => {
    const { background } = await setup();
    const people = plainPeople(3);
    const looked = await background.contacts.lookupContacts(people.map(profileOf));
    expect(looked.every((item) => item.ok && item.view.result.status === 'found')).toBe(true);
    const spentOnSearch = await ledgerTotal('lusha');
    await saveSettings({ dailyCreditCap: spentOnSearch + 5 });
    const outcomes = await Promise.allSettled(people.map((p) => background.contacts.revealContact(p.id, 'phones', 5)));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as { data: unknown }).data] : []));
    expect(refused).toEqual([expect.objectContaining({ kind: 'budget-exceeded' }), expect.objectContaining({ kind: 'budget-exceeded' })]);
    const enriches = lushaRequests(sandbox, ENRICH);
    expect(enriches).toHaveLength(1);
    expect((enriches[0]!.body as { ids: string[] }).ids).toHaveLength(1);
    expect(sandbox.state().lusha.creditsByAction.revealPhone).toBe(5);
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
    expect(await ledgerTotal('lusha')).toBe(spentOnSearch + 5);
  });

  it('counts searches against the cap: a lookup is refused at cap 0, and a search in flight holds its credit', async () => {
    const { background } = await setup();
    await saveSettings({ dailyCreditCap: 0 });
    expect(await failure(background.contacts.lookupContact(profileOf(ana())))).toMatchObject({ kind: 'budget-exceeded', credits: 1 });
    const list = await background.contacts.lookupContacts(plainPeople(2).map(profileOf));
    expect(list.map((item) => !item.ok && item.error.kind)).toEqual(['budget-exceeded', 'budget-exceeded']);
    expect(lushaRequests(sandbox)).toEqual([]);

    await saveSettings({ dailyCreditCap: 1 });
    await background.contacts.lookupContact(profileOf(ana()));
    const spent = await ledgerTotal('lusha');
    expect(spent).toBe(0); // the sandbox charges a search credit per 25 results
    // Another person's search is in flight (holding up to 1 credit): a 1-credit reveal would pass the cap.
    sandbox.faults.add({ kind: 'latency', path: SEARCH, ms: 200, times: 1 });
    const [other] = plainPeople(1);
    const searching = background.contacts.lookupContact(profileOf(other!));
    await until(() => expect(background.engine.status().inFlight).toBe(1));
    expect(await failure(background.contacts.revealContact(ana().id, 'emails', 1))).toMatchObject({ kind: 'budget-exceeded' });
    await searching;
    // Once the search settled (charged nothing), the reveal fits.
    await expect(background.contacts.revealContact(ana().id, 'emails', 1)).resolves.toMatchObject({ id: ana().id });
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(1);
  });
});

describe('a reveal whose answer was lost after Lusha charged', () => {
  it('is sent again (a datum already paid for costs 0), answered, and booked once', async () => {
    const { background } = await setup({ lushaTimeoutMs: 300 });
    await background.contacts.lookupContact(profileOf(ana()));
    sandbox.faults.add({ kind: 'status', path: ENRICH, status: 503, phase: 'after', times: 1 });
    const revealed = await background.contacts.revealContact(ana().id, 'emails', 1);
    expect(revealed.emails?.length).toBeGreaterThan(0);
    // Both handled by Lusha (the first one's answer was replaced by a 503 after it was charged).
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(2);
    expect(sandbox.faults.history().map((firing) => firing.path)).toEqual([ENRICH]);
    expect(creditsUsed()).toBe(1);
    expect(await ledgerTotal('lusha')).toBe(1);
    expect((await listSpends()).map((entry) => [entry.action, entry.credits, entry.note])).toEqual([['reveal', 1, 'interrupted']]);
  });

  it('a charged answer that cannot be read is booked at once; the free repeat books nothing more', async () => {
    const { background } = await setup();
    await background.contacts.lookupContact(profileOf(ana()));
    sandbox.faults.add({ kind: 'corrupt', path: ENRICH, phase: 'after', times: 1 });
    const revealed = await background.contacts.revealContact(ana().id, 'phones', 5);
    expect(revealed.phones?.length).toBeGreaterThan(0);
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(2);
    expect(creditsUsed()).toBe(5);
    expect(await ledgerTotal('lusha')).toBe(5);
    expect((await listSpends()).map((entry) => [entry.action, entry.credits, entry.note])).toEqual([['reveal', 5, 'unreadable']]);
  });
});

describe('GDPR-blocked contacts', () => {
  it('are marked for good after a 451: the preview turns restricted and no further request is made', async () => {
    const { background } = await setup();
    const blocked = person(FEATURED.gdpr);
    const looked = await background.contacts.lookupContact(profileOf(blocked));
    expect(looked.result.status).toBe('found');
    expect(await failure(background.contacts.revealContact(blocked.id, 'emails', 1))).toMatchObject({ kind: 'gdpr-blocked' });
    expect((await background.contacts.lookupContact(profileOf(blocked))).result.status).toBe('restricted');
    expect(await failure(background.contacts.revealContact(blocked.id, 'emails', 1))).toMatchObject({ kind: 'gdpr-blocked' });
    expect(await failure(background.contacts.revealContact(blocked.id, 'phones', 5))).toMatchObject({ kind: 'gdpr-blocked' });
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(1);
    expect(lushaRequests(sandbox, ENRICH)[0]!.status).toBe(451);
    expect(await listSpends()).toEqual([]);
    expect(creditsUsed()).toBe(0);
  });
});

describe('out of credits (402)', () => {
  /** A preview of a sandbox person as the search gave it (stored directly: these tests start at the reveal). */
  function previewOf(who: SandboxPerson): { key: string; result: { status: 'found'; preview: ContactPreview } } {
    const lookup = profileOf(who);
    return {
      key: lookupKey(lookup),
      result: {
        status: 'found',
        preview: {
          provider: 'lusha',
          id: who.id,
          fullName: `${who.firstName} ${who.lastName}`,
          departments: [],
          has: ['emails', 'phones'],
          canReveal: [
            { field: 'emails', credits: PRICING.revealEmail.credits },
            { field: 'phones', credits: PRICING.revealPhone.credits },
          ],
        },
      },
    };
  }

  /**
   * Lusha has 3 credits left. A phone (5) is sent first; another person's email waits behind it in the lane (one
   * request per 10 s), so it is queued, not sent, when the 402 comes back.
   */
  async function refusedWithQueue() {
    sandbox.reset({ credits: 3 });
    const [first, second] = plainPeople(2) as [SandboxPerson, SandboxPerson];
    await putPreviews([previewOf(first), previewOf(second)]);
    const { background, deps } = await setup({ lushaRateLimit: { limit: 1, windowMs: 10_000 } });
    // The phone is in flight (held 200 ms) before the email is asked for, so the email is the one that waits.
    sandbox.faults.add({ kind: 'latency', path: ENRICH, ms: 200, times: 1 });
    const phone = background.contacts.revealContact(first.id, 'phones', 5);
    await until(() => expect(background.engine.status().inFlight).toBe(1));
    const email = background.contacts.revealContact(second.id, 'emails', 1);
    await until(() => expect(background.engine.status().queued).toBe(1));
    const [phoneError, emailError] = await Promise.all([failure(phone), failure(email)]);
    expect(phoneError).toMatchObject({ kind: 'out-of-credits' });
    expect(emailError).toMatchObject({ kind: 'out-of-credits' });
    expect(lushaRequests(sandbox, ENRICH).map((request) => [request.status, (request.body as { ids: string[] }).ids])).toEqual([[402, [first.id]]]);
    expect(background.engine.pausedBy('lusha')).toMatchObject({ kind: 'out-of-credits' });
    expect(background.engine.status()).toMatchObject({ queued: 0, inFlight: 0 });
    const intents = await listIntents();
    expect(intents.map((intent) => [intent.state, intent.outcome])).toEqual([
      ['settled', 'refused'],
      ['settled', 'refused'],
    ]);
    return { background, deps, first, second };
  }

  it('refuses the reveal and what was queued, pauses Lusha, and nothing is sent after a resume or a worker restart', async () => {
    const { background, deps, second } = await refusedWithQueue();
    // While paused, a new click is refused at once.
    expect(await failure(background.contacts.revealContact(second.id, 'emails', 1))).toMatchObject({ kind: 'out-of-credits' });
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(1);

    // The user bought credits (3 are left, enough for an email): resuming lets new clicks go, and re-sends nothing.
    await background.keys.resumeProvider('lusha');
    expect(background.engine.pausedBy('lusha')).toBeUndefined();
    await background.engine.idle();
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(1);

    // A new worker over the same database: nothing of what was refused comes back to life.
    const restarted = await restartWorker(background, { ...deps, lushaRateLimit: undefined });
    await restarted.engine.idle();
    expect(restarted.engine.status()).toMatchObject({ queued: 0, inFlight: 0, uncertain: 0 });
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(1);
    expect(sandbox.state().lusha.creditsUsed).toBe(0);
    expect(await listSpends()).toEqual([]);

    // Only a new click sends again.
    const revealed = await restarted.contacts.revealContact(second.id, 'emails', 1);
    expect(revealed.emails?.length).toBeGreaterThan(0);
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(2);
    expect(await ledgerTotal('lusha')).toBe(sandbox.state().lusha.creditsUsed);
  });

  it('the pause outlives a worker restart until the user resumes, and then still nothing refused is re-sent', async () => {
    const { background, deps, second } = await refusedWithQueue();
    const restarted = await restartWorker(background, { ...deps, lushaRateLimit: undefined });
    expect(restarted.engine.pausedBy('lusha')).toMatchObject({ kind: 'out-of-credits' });
    expect(await failure(restarted.contacts.revealContact(second.id, 'emails', 1))).toMatchObject({ kind: 'out-of-credits' });
    await restarted.engine.idle();
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(1);

    await restarted.keys.resumeProvider('lusha');
    await restarted.engine.idle();
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(1);
    expect(sandbox.state().lusha.creditsUsed).toBe(0);
    await expect(restarted.contacts.revealContact(second.id, 'emails', 1)).resolves.toMatchObject({ id: second.id });
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(2);
  });

  it('an intent refused by the 402 answers its id with the refusal, never by sending again', async () => {
    const { background, first } = await refusedWithQueue();
    const [refused] = (await listIntents()).filter((intent) => JSON.stringify(intent.args).includes(first.id));
    await background.keys.resumeProvider('lusha');
    // The panel that lost its answer asks again with the same intent id: it hears the refusal, nothing is sent.
    expect(await failure(background.contacts.revealContact(first.id, 'phones', 5, refused!.id))).toMatchObject({ kind: 'out-of-credits', intentId: refused!.id });
    expect((await getIntent(refused!.id))?.outcome).toBe('refused');
    expect(lushaRequests(sandbox, ENRICH)).toHaveLength(1);
  });
});
