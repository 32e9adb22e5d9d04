/**
 * People at a company (Lusha's buying group, or prospecting by job title) through the engine, against the sandbox:
 * quoted, confirmed, booked as charged, kept (each person as a preview the panel opens with no search), and a lost
 * answer found out rather than asked (and paid) again.
 */
import { describe, expect, it } from 'vitest';
import { PRICING, SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import { linkedinUrlOf } from '../../../tests/sandbox/dataset';
import { personaRoles, personaScore } from '../../../tests/sandbox/lusha-prospecting';
import type { Sandbox } from '../../../tests/sandbox/server';
import { lookupKey } from '../../domain/lookup-keys';
import { canonicalLinkedInProfileUrl } from '../../domain/normalize';
import { getPreview } from '../../store/contacts';
import { ledgerTotal, listSpends } from '../../store/ledger';
import { saveSettings } from '../../store/settings';
import { failure, lushaRequests, recordingFetch, sandboxDeps, startBackground, until, withSandbox } from '../test-helpers';

let sandbox: Sandbox;

withSandbox((started) => {
  sandbox = started;
});

const BUYING_GROUP = '/v3/contacts/buying-group';

async function setup(options: { lushaTimeoutMs?: number } = {}) {
  const recorder = recordingFetch();
  const background = startBackground(sandboxDeps(sandbox, { fetch: recorder.fetch, lushaTimeoutMs: options.lushaTimeoutMs }));
  await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
  recorder.sent.length = 0;
  return { background, people: background.people, sent: recorder.sent, paths: recorder.paths };
}

const creditsUsed = () => sandbox.state().lusha.creditsUsed;

describe('findPeople', () => {
  it('decision makers: quoted, confirmed, booked as charged, kept, and each one opens in the panel with no search', async () => {
    const { background, people, paths } = await setup();
    const target = sandbox.dataset.companies[2]!;
    const deciders = sandbox.dataset.people
      .filter((p) => p.companyId === target.id && !p.restricted && personaRoles(p).includes('decision_maker'))
      .sort((a, b) => personaScore(b) - personaScore(a) || a.id.localeCompare(b.id))
      .slice(0, 10);
    expect(deciders.length).toBeGreaterThan(0);
    const request = { company: { id: target.id, domain: target.domain }, mode: 'decision-makers' as const, fetch: false };

    expect(await people.findPeople(request)).toEqual({ maxCredits: 10 * PRICING.buyingGroupContact.credits, fromCache: false });
    expect(await failure(people.findPeople({ ...request, fetch: true }))).toMatchObject({ kind: 'needs-confirmation', credits: 10 });
    expect(paths()).toEqual([]);

    const found = await people.findPeople({ ...request, fetch: true, confirmedCredits: 10 });
    expect(found.people?.map((p) => p.preview.id)).toEqual(deciders.map((p) => p.id));
    expect(found.people?.every((p) => p.roles.includes('decision_maker') && (p.score ?? 0) > 0)).toBe(true);
    expect(found.charged).toBe(deciders.length);
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
    expect((await listSpends())[0]).toMatchObject({ action: 'people', credits: deciders.length });

    // Each person is in the previews store under the key the panel uses for their LinkedIn profile…
    const person = deciders[0]!;
    const linkedinUrl = canonicalLinkedInProfileUrl(linkedinUrlOf(person));
    if (!linkedinUrl) throw new Error('no profile URL');
    const stored = await getPreview(lookupKey({ kind: 'linkedin-profile', linkedinUrl }));
    expect(stored?.result).toMatchObject({ status: 'found', preview: { id: person.id } });
    // …so opening them is served from the store, and asking for the group again is free.
    const opened = await background.contacts.lookupContact({ kind: 'linkedin-profile', linkedinUrl });
    expect(opened).toMatchObject({ fromCache: true, result: { status: 'found', preview: { id: person.id } } });
    const again = await people.findPeople(request);
    expect(again).toMatchObject({ fromCache: true, people: found.people });
    expect(paths()).toEqual([BUYING_GROUP]);
  });

  it('by title: needs a title, prospects one page of 10 at most 1 credit, and books what was charged', async () => {
    const { people, sent, paths } = await setup();
    const target = sandbox.dataset.companies[0]!;
    expect(await failure(people.findPeople({ company: { domain: target.domain }, mode: 'title', fetch: true, confirmedCredits: 5 }))).toMatchObject({ kind: 'validation' });
    const request = { company: { domain: `www.${target.domain}` }, mode: 'title' as const, title: 'Director', fetch: true, confirmedCredits: 1 };
    const found = await people.findPeople(request);
    expect(found.maxCredits).toBe(PRICING.contactSearch.credits);
    expect(sent[0]?.body).toMatchObject({ pagination: { page: 0, size: 10 }, filters: { companies: { include: { domains: [target.domain] } }, contacts: { include: { jobTitles: ['Director'] } } } });
    const directors = sandbox.dataset.people.filter((p) => p.companyId === target.id && !p.restricted && p.title.toLowerCase().includes('director'));
    expect(found.total).toBe(directors.length);
    expect(found.people?.length).toBe(Math.min(10, directors.length));
    expect(found.people?.every((p) => /director/i.test(p.preview.title ?? ''))).toBe(true);
    expect(found.charged).toBe(creditsUsed());
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());

    expect((await people.findPeople({ ...request, fetch: false })).fromCache).toBe(true);
    expect(paths()).toEqual(['/v3/contacts/prospecting']);
  });

  it('needs the company’s website or id, and keeps to the daily cap', async () => {
    const { people, paths } = await setup();
    expect(await failure(people.findPeople({ company: {}, mode: 'decision-makers', fetch: true, confirmedCredits: 10 }))).toMatchObject({ kind: 'validation' });
    await saveSettings({ dailyCreditCap: 9 });
    const target = sandbox.dataset.companies[2]!;
    expect(await failure(people.findPeople({ company: { domain: target.domain }, mode: 'decision-makers', fetch: true, confirmedCredits: 10 }))).toMatchObject({
      kind: 'budget-exceeded',
      credits: 10,
    });
    expect(paths()).toEqual([]);
  });

  it('a buying group whose answer was lost after the sandbox charged is found out, not asked again', async () => {
    const { background, people } = await setup({ lushaTimeoutMs: 300 });
    const target = sandbox.dataset.companies[2]!;
    sandbox.faults.add({ kind: 'drop', path: BUYING_GROUP, phase: 'after', times: 1 });
    const request = { company: { domain: target.domain }, mode: 'decision-makers' as const, fetch: true, confirmedCredits: 10 };
    expect(await failure(people.findPeople(request))).toMatchObject({ kind: 'network', mayHaveCharged: 10 });
    const charged = creditsUsed();
    expect(charged).toBeGreaterThan(0);
    await background.engine.investigate('lusha');
    await until(async () => expect(await ledgerTotal('lusha')).toBe(charged));
    await background.engine.idle();
    expect(lushaRequests(sandbox, BUYING_GROUP)).toHaveLength(1);
    expect(background.engine.status().uncertain).toBe(0);
  });
});

describe('the buying group beyond its first page', () => {
  it('pages through everyone in the group and asks for champions and end users, each page priced and booked', async () => {
    const { people } = await setup();
    // The company with the largest buying group, so there is a second page.
    const sizes = sandbox.dataset.companies.map((company) => ({ company, count: sandbox.dataset.people.filter((person) => person.companyId === company.id && !person.restricted).length }));
    const target = sizes.sort((a, b) => b.count - a.count)[0]!.company;
    const base = { company: { domain: target.domain }, mode: 'decision-makers' as const, personas: ['decision_maker', 'potential_champion', 'end_user'] as ('decision_maker' | 'potential_champion' | 'end_user')[] };
    const first = await people.findPeople({ ...base, fetch: true, confirmedCredits: 1000 });
    expect(first.people).toHaveLength(10);
    expect(first.total).toBeGreaterThan(10);
    const second = await people.findPeople({ ...base, page: 1, fetch: true, confirmedCredits: 1000 });
    expect(second.people?.length).toBeGreaterThan(0);
    const firstIds = new Set(first.people!.map((person) => person.preview.id));
    expect(second.people!.every((person) => !firstIds.has(person.preview.id))).toBe(true);
    expect(new Set(second.people!.flatMap((person) => person.roles)).size).toBeGreaterThan(0);
    // Kept: asking for the second page again is free.
    const again = await people.findPeople({ ...base, page: 1, fetch: false });
    expect(again).toMatchObject({ fromCache: true });
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
  });
});
