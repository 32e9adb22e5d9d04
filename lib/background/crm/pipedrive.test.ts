/**
 * The CRM feature with Pipedrive, against its stand-in: a personal API token and company, owners named from the
 * company's users, search before creating (Pipedrive refuses no duplicate), a namesake left for the user to confirm,
 * email and phone lists merged whole, the title in the note (v2 persons have no job title to write), its two-second
 * burst and Cloudflare's block told apart, and a lost create applied once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PIPEDRIVE_TOKENS } from '../../../tests/sandbox/crm/accounts';
import { crmExamples, type CrmExamples } from '../../../tests/sandbox/crm/crm-dataset';
import { PIPEDRIVE_LINKEDIN_FIELD } from '../../../tests/sandbox/crm/pipedrive';
import { linkedinUrlOf } from '../../../tests/sandbox/dataset';
import { startSandbox, type Sandbox } from '../../../tests/sandbox/server';
import type { CrmPersonInput } from '../../domain/crm';
import { crmSaveRequestSchema, type CrmSaveRequestInput } from '../../domain/crm-save';
import { freshDatabase, restartWorker, sandboxCrm, sandboxDeps, startBackground, until } from '../test-helpers';
import type { Background, BackgroundDeps } from '../wiring';

let sandbox: Sandbox;
let ex: CrmExamples;
let deps: BackgroundDeps;
let background: Background;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  ex = crmExamples(sandbox.dataset, 'pipedrive');
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await freshDatabase();
  sandbox.reset();
  deps = sandboxDeps(sandbox, { crm: sandboxCrm(sandbox, { searchLagMs: { pipedrive: 300 } }) });
  background = startBackground(deps);
  await background.engine.start();
});

const request = (value: CrmSaveRequestInput) => crmSaveRequestSchema.parse(value);
const persons = () => [...sandbox.crm.pipedrive.store().persons.values()];
const withEmail = (email: string) => persons().filter((p) => (p.emails ?? []).some((e) => e.value.toLowerCase() === email.toLowerCase()));
const posts = (path: string) => sandbox.state().crm.pipedrive.requests.filter((r) => r.method === 'POST' && r.path === path);

function absentPerson(): CrmPersonInput {
  const p = ex.absent;
  return { firstName: p.firstName, lastName: p.lastName, title: p.title, companyName: ex.full.company.name, companyDomain: ex.full.company.domain, emails: [p.emails[0]!.email], phones: [{ value: p.phones[0]!.number, label: 'mobile' }], linkedinUrl: linkedinUrlOf(p) };
}

const connect = () => background.crm.connect({ crm: 'pipedrive', token: PIPEDRIVE_TOKENS.valid, companyDomain: 'sidecar-sandbox' });

describe('Pipedrive: connect and find', () => {
  it('connects with a token and company, finds the LinkedIn and domain fields, and names owners', async () => {
    const status = await connect();
    expect(status.connection).toMatchObject({ crm: 'pipedrive', accountName: 'Sidecar Sandbox', appBaseUrl: 'https://sidecar-sandbox.pipedrive.com', linkedinField: PIPEDRIVE_LINKEDIN_FIELD });
    const found = await background.crm.find([{ ref: 'e', email: ex.full.email }, { ref: 'l', linkedinUrl: linkedinUrlOf(ex.linkedinOnly.person) }], []);
    expect(found.people.find((m) => m.ref === 'e')).toMatchObject({ by: 'email', record: { owner: { name: expect.stringMatching(/^\w+ \w+$/) } } });
    expect(found.people.find((m) => m.ref === 'l')?.by).toBe('linkedin');
  });
});

describe('Pipedrive: saving', () => {
  it('searches first, creates the person in their organization, and puts the title in the note', async () => {
    await connect();
    const person = absentPerson();
    const [view] = await background.crm.save([{ id: 'p-new-000001', request: request({ action: 'create', person, company: { name: ex.full.company.name, domain: ex.full.company.domain } }), label: 'n' }], true);
    expect(view).toMatchObject({ state: 'applied', progress: { personCreated: true, associated: true } });
    const [created] = withEmail(person.emails![0]!);
    expect(created).toMatchObject({ org_id: Number(view!.progress.companyId), phones: [{ value: person.phones![0]!.value, label: 'mobile', primary: true }] });
    const note = sandbox.crm.pipedrive.store().notes.get(Number(view!.progress.noteId));
    expect(note?.content).toContain(`Title: ${person.title}`);
    expect(note?.person_id).toBe(created?.id);
  });

  it('updates the person it finds instead of creating a second one, merging email and phone lists whole', async () => {
    await connect();
    const existing = ex.full;
    const person: CrmPersonInput = { firstName: existing.person.firstName, lastName: existing.person.lastName, emails: [existing.email!, 'second@mail.example'], phones: [{ value: '+1 415 555 0199', label: 'mobile' }] };
    const stored = withEmail(existing.email!)[0]!;
    const before = { id: stored.id, emails: stored.emails.map((e) => ({ ...e })), phones: stored.phones.map((p) => ({ ...p })) };
    const [view] = await background.crm.save([{ id: 'p-dup-000001', request: request({ action: 'create', person }), label: 'd' }], true);
    expect(view).toMatchObject({ state: 'applied', progress: { reconciled: 'duplicate', personId: String(before.id) } });
    expect(view!.progress.written).toEqual(expect.arrayContaining(['emails', 'phones']));
    const after = withEmail(existing.email!);
    expect(after).toHaveLength(1);
    expect(after[0]!.emails.map((e) => e.value)).toEqual([...before.emails.map((e) => e.value), 'second@mail.example']);
    expect(after[0]!.phones.map((p) => p.value)).toEqual([...before.phones.map((p) => p.value), '+1 415 555 0199']);
    expect(posts('/api/v2/persons')).toHaveLength(0);
  });

  it('leaves a namesake for the user to confirm, then creates or updates as they choose', async () => {
    await connect();
    const namesake = ex.namesake.person;
    const person: CrmPersonInput = { firstName: namesake.firstName, lastName: namesake.lastName, companyName: 'Not Their Company' };
    const [view] = await background.crm.save([{ id: 'p-rev-000001', request: request({ action: 'create', person }), label: 'r' }], true);
    expect(view).toMatchObject({ state: 'review', candidates: [expect.objectContaining({ name: `${namesake.firstName} ${namesake.lastName}` })] });
    expect(posts('/api/v2/persons')).toHaveLength(0);
    await background.crm.act('p-rev-000001', 'retry', { createAnyway: true });
    await until(async () => expect((await background.crm.list())[0]?.state).toBe('applied'));
    expect(posts('/api/v2/persons')).toHaveLength(1);

    const [second] = await background.crm.save([{ id: 'p-rev-000002', request: request({ action: 'create', person: { ...person, emails: ['fresh@mail.example'] } }), label: 'r' }], true);
    expect(second?.state).toBe('review');
    const candidate = second!.candidates![0]!.id;
    await background.crm.act('p-rev-000002', 'retry', { updateRecordId: candidate });
    await until(async () => expect((await background.crm.list()).find((w) => w.id === 'p-rev-000002')).toMatchObject({ state: 'applied', action: 'update', progress: { personId: candidate } }));
    expect(posts('/api/v2/persons')).toHaveLength(1);
  });

  it('tells its burst limit from Cloudflare’s block, and sends once they pass', async () => {
    await connect();
    sandbox.faults.add({ kind: 'status', path: '/api/v2/persons', method: 'POST', status: 429 });
    const [burst] = await background.crm.save([{ id: 'p-429-000001', request: request({ action: 'create', person: absentPerson() }), label: 'b' }], true);
    expect(burst).toMatchObject({ state: 'pending', error: { kind: 'rate-limited', reason: 'burst' } });
    await until(async () => {
      await background.crm.drain();
      expect((await background.crm.list())[0]?.state).toBe('applied');
    }, 8000);
    sandbox.faults.add({ kind: 'html', path: '/api/v2/persons/*', status: 403, text: '<html><body>Error 1015. This error is produced by Cloudflare.</body></html>' });
    const [blocked] = await background.crm.save([{ id: 'p-cf-0000001', request: request({ action: 'update', recordId: String(withEmail(absentPerson().emails![0]!)[0]!.id), person: { title: 'x' } }), label: 'c' }], true);
    expect(blocked).toMatchObject({ state: 'pending', error: { kind: 'rate-limited', reason: 'cloudflare-block' } });
    expect(blocked!.nextAttemptAt! - Date.now()).toBeGreaterThan(50_000);
  });

  it('applies a create whose answer was lost exactly once, across a worker restart', async () => {
    await connect();
    const person = absentPerson();
    sandbox.faults.add({ kind: 'drop', path: '/api/v2/persons', method: 'POST', phase: 'after' });
    const [first] = await background.crm.save([{ id: 'p-lost-00001', request: request({ action: 'create', person }), label: 'l' }], true);
    expect(first).toMatchObject({ state: 'pending', progress: { inFlight: { step: 'person' } } });
    background = await restartWorker(background, deps);
    await until(async () => {
      await background.crm.drain();
      expect((await background.crm.list())[0]).toMatchObject({ state: 'applied', progress: { reconciled: 'lost-answer' } });
    }, 8000);
    expect(withEmail(person.emails![0]!)).toHaveLength(1);
    expect(posts('/api/v2/persons')).toHaveLength(1);
    expect(posts('/api/v1/notes')).toHaveLength(1);
  });
});
