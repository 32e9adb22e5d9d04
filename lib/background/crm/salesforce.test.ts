/**
 * The CRM feature with Salesforce, against its stand-in: OAuth 2.0 with PKCE through the (faked) web auth flow, the
 * session refreshed once when it ends (one refresh however many calls find it ended), Contacts and Leads found in one
 * composite call, a Contact created under its Account with a Task as the note, the duplicate rules reconciled, and
 * the org's daily allocation (403 REQUEST_LIMIT_EXCEEDED) told apart from a permission error.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SALESFORCE_CONSUMER_KEY, SALESFORCE_ORG_ID } from '../../../tests/sandbox/crm/accounts';
import { crmExamples, type CrmExamples } from '../../../tests/sandbox/crm/crm-dataset';
import { linkedinUrlOf } from '../../../tests/sandbox/dataset';
import { startSandbox, type Sandbox } from '../../../tests/sandbox/server';
import type { CrmPersonInput } from '../../domain/crm';
import { crmSaveRequestSchema, type CrmSaveRequestInput } from '../../domain/crm-save';
import { getCrmAuth } from '../../store/crm-auth';
import { failure, freshDatabase, sandboxCrm, sandboxDeps, startBackground, until } from '../test-helpers';
import type { Background } from '../wiring';

let sandbox: Sandbox;
let ex: CrmExamples;
let background: Background;
let offset = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: () => Date.now() + offset, crm: { salesforce: { sessionLifetimeMs: 60_000 } } });
  ex = crmExamples(sandbox.dataset, 'salesforce');
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  offset = 0;
  await freshDatabase();
  sandbox.reset();
  background = startBackground(sandboxDeps(sandbox, { crm: sandboxCrm(sandbox) }));
  await background.engine.start();
});

const request = (value: CrmSaveRequestInput) => crmSaveRequestSchema.parse(value);
const records = (type: 'Contact' | 'Lead' | 'Account' | 'Task') => [...sandbox.crm.salesforce.store().records[type].values()];
const tokenCalls = () => sandbox.state().crm.salesforce.requests.filter((r) => r.path === '/services/oauth2/token');
const connect = () => background.crm.connect({ crm: 'salesforce', clientId: SALESFORCE_CONSUMER_KEY, loginHost: 'production' });

function absentPerson(): CrmPersonInput {
  const p = ex.absent;
  return { firstName: p.firstName, lastName: p.lastName, title: p.title, companyName: ex.full.company.name, companyDomain: ex.full.company.domain, emails: [p.emails[0]!.email], phones: [{ value: '+1 415 555 0142', label: 'work' }], linkedinUrl: linkedinUrlOf(p) };
}

describe('Salesforce: sign in', () => {
  it('signs in with PKCE against the org’s consumer key and names the org and user; the session stays in the background', async () => {
    const status = await connect();
    expect(status).toMatchObject({ connected: true, crm: 'salesforce', connection: { accountId: SALESFORCE_ORG_ID, user: { name: 'Morgan Reyes' }, linkedinField: 'LinkedIn_URL__c' } });
    const stored = await getCrmAuth();
    expect(stored?.credential).toMatchObject({ crm: 'salesforce', refreshToken: expect.any(String) });
    expect(JSON.stringify(status)).not.toContain((stored?.credential as { accessToken: string }).accessToken);
  });

  it('refuses an unknown consumer key with a sign-in that did not finish', async () => {
    const error = await failure(background.crm.connect({ crm: 'salesforce', clientId: 'not-a-key', loginHost: 'production' }));
    expect(error.kind).toBe('cancelled');
    expect((await background.crm.status()).connected).toBe(false);
  });

  it('refreshes an ended session once, whoever finds it ended, and carries on', async () => {
    await connect();
    offset = 61_000;
    const people = [{ ref: 'a', email: ex.full.email }];
    const [a, b] = await Promise.all([background.crm.find(people, [], true), background.crm.find([{ ref: 'b', email: ex.emailOnly.email }], [], true)]);
    expect(a.people[0]?.by).toBe('email');
    expect(b.people[0]?.by).toBe('email');
    // The code exchange at connect, then one refresh for both calls.
    expect(tokenCalls()).toHaveLength(2);
  });
});

describe('Salesforce: saving', () => {
  it('creates a Contact under its Account with a completed Task as the note', async () => {
    await connect();
    const person = absentPerson();
    const [view] = await background.crm.save([{ id: 's-new-000001', request: request({ action: 'create', person, company: { name: ex.full.company.name, domain: ex.full.company.domain } }), label: 'n' }], true);
    expect(view).toMatchObject({ state: 'applied', progress: { personKind: 'contact', personCreated: true, associated: true } });
    const contact = records('Contact').find((c) => c.Id === view!.progress.personId);
    expect(contact).toMatchObject({ Email: person.emails![0], AccountId: view!.progress.companyId, Title: person.title, LinkedIn_URL__c: expect.stringContaining('linkedin.com/in/') });
    const task = records('Task').find((t) => t.Id === view!.progress.noteId);
    expect(task).toMatchObject({ WhoId: contact?.Id, Status: 'Completed', Description: expect.stringMatching(/^from Sidecar, Lusha, /) });
  });

  it('reconciles the Contact duplicate rule: the existing Contact gets its empty fields filled', async () => {
    await connect();
    const existing = ex.emailOnly;
    const person: CrmPersonInput = { firstName: existing.person.firstName, lastName: existing.person.lastName, emails: [existing.email!], phones: [{ value: '+1 415 555 0142', label: 'work' }] };
    const before = records('Contact').length;
    const [view] = await background.crm.save([{ id: 's-dup-000001', request: request({ action: 'create', person }), label: 'd' }], true);
    expect(view).toMatchObject({ state: 'applied', progress: { reconciled: 'duplicate', written: ['phone'] } });
    expect(records('Contact')).toHaveLength(before);
    expect(records('Contact').find((c) => c.Id === view!.progress.personId)?.Phone).toBe('+1 415 555 0142');
  });

  it('waits out the org’s daily allocation (403 REQUEST_LIMIT_EXCEEDED is a limit, not a permission)', async () => {
    await connect();
    sandbox.faults.add({ kind: 'status', path: '/services/data/v66.0/sobjects/Contact', method: 'POST', status: 403 });
    const [view] = await background.crm.save([{ id: 's-lim-000001', request: request({ action: 'create', person: absentPerson() }), label: 'l' }], true);
    expect(view).toMatchObject({ state: 'pending', error: { kind: 'rate-limited', reason: 'REQUEST_LIMIT_EXCEEDED' } });
    expect(view!.nextAttemptAt! - Date.now()).toBeGreaterThan(50 * 60_000);
    // The hold covers every call of the org: a find now fails at once with the same reason, nothing sent.
    const sent = sandbox.state().crm.salesforce.requests.length;
    expect(await failure(background.crm.find([{ ref: 'x', email: ex.full.email }], [], true))).toMatchObject({ kind: 'rate-limited', reason: 'REQUEST_LIMIT_EXCEEDED' });
    expect(sandbox.state().crm.salesforce.requests.length).toBe(sent);
  });

  it('names the field a validation rule refused', async () => {
    await connect();
    const [view] = await background.crm.save([{ id: 's-val-000001', request: request({ action: 'create', person: { ...absentPerson(), phones: [{ value: '415 555 0100', label: 'work' }] } }), label: 'v' }], true);
    expect(view).toMatchObject({ state: 'failed', error: { kind: 'validation', field: 'Phone' } });
    await until(async () => expect((await background.crm.status()).outbox.failed).toBe(1));
  });
});
