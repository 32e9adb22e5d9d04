/**
 * The CRM feature with HubSpot, through the background as the panel drives it, against the HubSpot stand-in: connect,
 * "in your CRM", saves through the outbox (new, duplicate reconciled, update with a conflict), the search lag
 * covered by the journal, a lost answer across a worker restart applied exactly once, a rate limit waited out, a
 * revoked token kept as a refusal.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HUBSPOT_TOKENS } from '../../../tests/sandbox/crm/accounts';
import { crmExamples, type CrmExamples } from '../../../tests/sandbox/crm/crm-dataset';
import { current } from '../../../tests/sandbox/crm/hubspot-store';
import { linkedinUrlOf } from '../../../tests/sandbox/dataset';
import { startSandbox, type Sandbox } from '../../../tests/sandbox/server';
import type { CrmPersonInput } from '../../domain/crm';
import type { CrmSaveRequestInput } from '../../domain/crm-save';
import { crmSaveRequestSchema } from '../../domain/crm-save';
import { updateCrmAuth } from '../../store/crm-auth';
import { failure, freshDatabase, restartWorker, sandboxCrm, sandboxDeps, startBackground, until } from '../test-helpers';
import type { Background, BackgroundDeps } from '../wiring';

let sandbox: Sandbox;
let ex: CrmExamples;
let deps: BackgroundDeps;
let background: Background;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, crm: { hubspot: { indexDelayMs: 400 } } });
  ex = crmExamples(sandbox.dataset, 'hubspot');
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await freshDatabase();
  sandbox.reset();
  deps = sandboxDeps(sandbox, { crm: sandboxCrm(sandbox, { searchLagMs: { hubspot: 500 } }) });
  background = startBackground(deps);
  await background.engine.start();
});

const hubspot = () => sandbox.crm.hubspot.store();
const contactsWithEmail = (email: string) => [...hubspot().objects.contacts.values()].filter((c) => current(c).email === email.toLowerCase());
const writes = (method: string, prefix: string) => sandbox.state().crm.hubspot.requests.filter((r) => r.method === method && r.path.startsWith(prefix));
const request = (value: CrmSaveRequestInput) => crmSaveRequestSchema.parse(value);

function absentPerson(): CrmPersonInput {
  const p = ex.absent;
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    title: p.title,
    companyName: ex.full.company.name,
    companyDomain: ex.full.company.domain,
    emails: [p.emails[0]!.email],
    phones: [{ value: p.phones[0]!.number, label: 'work' }],
    linkedinUrl: linkedinUrlOf(p),
  };
}

async function connect() {
  return background.crm.connect({ crm: 'hubspot', token: HUBSPOT_TOKENS.valid });
}

describe('HubSpot: connect', () => {
  it('checks the token with a free call, names the portal and the user, and stores it (never shown)', async () => {
    const status = await connect();
    expect(status).toMatchObject({ connected: true, crm: 'hubspot', hint: '1111', connection: { accountId: '24400001', appBaseUrl: 'https://app.hubspot.com', user: { email: 'morgan.reyes@sidecar-sandbox.example' } } });
    expect(JSON.stringify(status)).not.toContain(HUBSPOT_TOKENS.valid);
  });

  it('refuses a revoked token without storing it, and says which', async () => {
    const error = await failure(background.crm.connect({ crm: 'hubspot', token: HUBSPOT_TOKENS.revoked }));
    expect(error).toMatchObject({ kind: 'bad-key', reason: 'revoked' });
    expect((await background.crm.status()).connected).toBe(false);
  });
});

describe('HubSpot: in your CRM', () => {
  it('finds people by email, LinkedIn URL and name (a namesake only as possible), with the owner named, batched and cached', async () => {
    await connect();
    const people = [
      { ref: 'email', email: ex.full.email },
      { ref: 'linkedin', linkedinUrl: linkedinUrlOf(ex.linkedinOnly.person) },
      { ref: 'name', firstName: ex.nameCompany.person.firstName, lastName: ex.nameCompany.person.lastName, companyName: ex.nameCompany.company.name },
      { ref: 'namesake', firstName: ex.namesake.person.firstName, lastName: ex.namesake.person.lastName, companyName: ex.namesake.person.title },
      { ref: 'absent', email: ex.absent.emails[0]!.email },
    ];
    const found = await background.crm.find(people, [{ ref: 'co', domain: ex.full.company.domain }]);
    const by = (ref: string) => found.people.filter((m) => m.ref === ref);
    expect(by('email')[0]).toMatchObject({ by: 'email', possible: false, record: { emails: [ex.full.email], owner: { name: expect.stringMatching(/\w+ \w+/) } } });
    expect(by('linkedin')[0]?.by).toBe('linkedin');
    expect(by('name').map((m) => m.by)).toContain('name-company');
    expect(by('namesake').every((m) => m.possible)).toBe(true);
    expect(by('absent')).toEqual([]);
    expect(found.companies[0]).toMatchObject({ by: 'domain', record: { name: ex.full.company.name } });
    const calls = sandbox.state().crm.hubspot.requests.length;
    await background.crm.find(people, [{ ref: 'co', domain: ex.full.company.domain }]);
    expect(sandbox.state().crm.hubspot.requests.length).toBe(calls);
  });

  it('the save dialog’s preview reuses what the panel just found: no second search, the record still offered for an update', async () => {
    await connect();
    const absent = absentPerson();
    const existing: CrmPersonInput = { firstName: ex.full.person.firstName, lastName: ex.full.person.lastName, emails: [ex.full.email!], linkedinUrl: linkedinUrlOf(ex.full.person) };
    const panelQuery = (ref: string, p: CrmPersonInput) => ({ ref, email: p.emails![0]!, linkedinUrl: p.linkedinUrl!, firstName: p.firstName!, lastName: p.lastName!, ...(p.companyName ? { companyName: p.companyName } : {}), ...(p.companyDomain ? { companyDomain: p.companyDomain } : {}) });
    await background.crm.find([panelQuery('subject', absent)], []);
    await background.crm.find([panelQuery('subject', existing)], []);
    const before = sandbox.state().crm.hubspot.requests.length;
    expect(await background.crm.preview(absent)).toMatchObject({ mode: 'create', candidates: [] });
    const update = await background.crm.preview(existing);
    expect(update).toMatchObject({ mode: 'update', record: { emails: [ex.full.email] } });
    // Only the dry run's read of the record went out.
    expect(sandbox.state().crm.hubspot.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/\d+$/, ':id')}`)).toEqual(['GET /crm/v3/objects/contacts/:id']);
  });
});

describe('HubSpot: saving', () => {
  it('creates a contact linked to its company with a source note; the journal finds it while search lags', async () => {
    await connect();
    const person = absentPerson();
    const [view] = await background.crm.save([{ id: 'w-new-000001', request: request({ action: 'create', person, company: { name: ex.full.company.name, domain: ex.full.company.domain } }), label: 'Absent' }], true);
    expect(view).toMatchObject({ state: 'applied', progress: { personCreated: true, companyCreated: false, associated: true } });
    const [stored] = contactsWithEmail(person.emails![0]!);
    expect(stored && current(stored)).toMatchObject({ firstname: person.firstName, jobtitle: person.title, associatedcompanyid: view?.progress.companyId });
    const note = hubspot().objects.notes.get(view!.progress.noteId!);
    expect(note && current(note).hs_note_body).toMatch(/^<p>from Sidecar, Lusha, \d{4}-\d{2}-\d{2}<\/p>.*Sidecar ref scwnew000001/);
    // Search does not see the new contact yet (its index lags); the journal reads it by id.
    const found = await background.crm.find([{ ref: 'me', linkedinUrl: person.linkedinUrl }], [], true);
    expect(found.people[0]).toMatchObject({ by: 'linkedin', record: { id: view?.progress.personId } });
  });

  it('turns HubSpot’s 409 into an update of the existing contact that fills only its empty fields', async () => {
    await connect();
    const existing = ex.emailOnly;
    const person: CrmPersonInput = { firstName: existing.person.firstName, lastName: existing.person.lastName, title: 'Chief Everything Officer', emails: [existing.email!], phones: [{ value: '+1 415 555 0142', label: 'work' }] };
    const [view] = await background.crm.save([{ id: 'w-dup-000001', request: request({ action: 'create', person }), label: 'dup' }], true);
    expect(view).toMatchObject({ state: 'applied', progress: { reconciled: 'duplicate', written: ['phone'], conflicts: ['title'] } });
    expect(contactsWithEmail(existing.email!)).toHaveLength(1);
    expect(current(contactsWithEmail(existing.email!)[0]!)).toMatchObject({ phone: '+1 415 555 0142', jobtitle: existing.title });
  });

  it('overwrites a conflicting field only while the CRM still holds the value the user saw', async () => {
    await connect();
    const id = (await background.crm.find([{ ref: 'e', email: ex.emailOnly.email }], [])).people[0]!.record.id;
    const person: CrmPersonInput = { title: 'Chief Everything Officer' };
    const stale = await background.crm.save([{ id: 'w-upd-000001', request: request({ action: 'update', recordId: id, person, overwrite: [{ field: 'title', expected: 'Someone changed it' }] }), label: 'u' }], true);
    expect(stale[0]).toMatchObject({ state: 'applied', progress: { written: [], conflicts: ['title'] } });
    const fresh = await background.crm.save([{ id: 'w-upd-000002', request: request({ action: 'update', recordId: id, person, overwrite: [{ field: 'title', expected: ex.emailOnly.title! }] }), label: 'u' }], true);
    expect(fresh[0]).toMatchObject({ state: 'applied', progress: { written: ['title'] } });
    expect(current(hubspot().objects.contacts.get(id)!).jobtitle).toBe('Chief Everything Officer');
  });

  it('applies a create whose answer was lost exactly once, across a worker restart', async () => {
    await connect();
    const person = absentPerson();
    sandbox.faults.add({ kind: 'drop', path: '/crm/v3/objects/contacts', method: 'POST', phase: 'after' });
    const [first] = await background.crm.save([{ id: 'w-lost-00001', request: request({ action: 'create', person }), label: 'lost' }], true);
    expect(first).toMatchObject({ state: 'pending', progress: { inFlight: { step: 'person' } } });
    expect(contactsWithEmail(person.emails![0]!)).toHaveLength(1);
    background = await restartWorker(background, deps);
    await background.crm.drain();
    const [after] = await until(async () => {
      const list = await background.crm.list();
      expect(list[0]?.state).toBe('applied');
      return list;
    });
    expect(after).toMatchObject({ progress: { reconciled: 'lost-answer', personCreated: true } });
    expect(contactsWithEmail(person.emails![0]!)).toHaveLength(1);
    expect(writes('POST', '/crm/v3/objects/contacts').filter((r) => r.path === '/crm/v3/objects/contacts')).toHaveLength(1);
    expect(writes('POST', '/crm/v3/objects/notes').filter((r) => r.path === '/crm/v3/objects/notes')).toHaveLength(1);
  });

  it('finds a note whose answer was lost instead of adding it twice', async () => {
    await connect();
    sandbox.faults.add({ kind: 'drop', path: '/crm/v3/objects/notes', method: 'POST', phase: 'after' });
    const [first] = await background.crm.save([{ id: 'w-note-00001', request: request({ action: 'create', person: absentPerson() }), label: 'n' }], true);
    expect(first).toMatchObject({ state: 'pending', progress: { inFlight: { step: 'note' } } });
    const applied = await until(async () => {
      await background.crm.drain();
      const [w] = await background.crm.list();
      expect(w?.state).toBe('applied');
      return w!;
    }, 8000);
    expect(hubspot().objects.notes.has(applied.progress.noteId!)).toBe(true);
    expect(writes('POST', '/crm/v3/objects/notes').filter((r) => r.path === '/crm/v3/objects/notes')).toHaveLength(1);
  });

  it('waits out HubSpot’s ten-second limit (its policy named) and then sends', async () => {
    await connect();
    sandbox.faults.add({ kind: 'status', path: '/crm/v3/objects/contacts', method: 'POST', status: 429 });
    const [first] = await background.crm.save([{ id: 'w-rate-00001', request: request({ action: 'create', person: absentPerson() }), label: 'r' }], true);
    expect(first).toMatchObject({ state: 'pending', error: { kind: 'rate-limited', reason: 'TEN_SECONDLY_ROLLING' } });
    expect(first!.nextAttemptAt).toBeGreaterThan(Date.now());
    await until(async () => {
      await background.crm.drain();
      expect((await background.crm.list())[0]?.state).toBe('applied');
    }, 8000);
    expect(contactsWithEmail(absentPerson().emails![0]!)).toHaveLength(1);
  });

  it('keeps a write refused by a revoked token, says so, and sends it once the user reconnects', async () => {
    await connect();
    await updateCrmAuth('hubspot', (r) => ({ ...r, credential: { crm: 'hubspot', token: HUBSPOT_TOKENS.revoked } }));
    const [refused] = await background.crm.save([{ id: 'w-auth-00001', request: request({ action: 'create', person: absentPerson() }), label: 'a' }], true);
    expect(refused).toMatchObject({ state: 'failed', error: { kind: 'bad-key', reason: 'revoked' } });
    expect((await background.crm.status()).authError).toMatchObject({ kind: 'bad-key' });
    await failure(background.crm.save([{ id: 'w-auth-00002', request: request({ action: 'create', person: absentPerson() }), label: 'a' }], true));
    await connect();
    await until(async () => expect((await background.crm.list())[0]?.state).toBe('applied'));
    expect(contactsWithEmail(absentPerson().emails![0]!)).toHaveLength(1);
  });

  it('names the field HubSpot rejected and keeps the write until the user drops it', async () => {
    await connect();
    const [view] = await background.crm.save([{ id: 'w-bad-000001', request: request({ action: 'create', person: { lastName: 'Broken', emails: ['jane@'] } }), label: 'b' }], true);
    expect(view).toMatchObject({ state: 'failed', error: { kind: 'validation', field: 'email' } });
    expect(view!.progress.inFlight).toBeUndefined();
    expect((await background.crm.act('w-bad-000001', 'drop'))?.state).toBe('dropped');
    expect(await background.crm.list()).toEqual([]);
  });
});
