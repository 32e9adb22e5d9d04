/**
 * The HubSpot client against the HubSpot stand-in (tests/sandbox/crm/hubspot.ts): real HTTP, real headers, the
 * stand-in's duplicate rule, search lag, scopes and limits. The sandbox clock is injected; nothing sleeps.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HUBSPOT_TOKENS } from '../../../../tests/sandbox/crm/accounts';
import { crmExamples, type CrmExamples } from '../../../../tests/sandbox/crm/crm-dataset';
import { current } from '../../../../tests/sandbox/crm/hubspot-store';
import { linkedinUrlOf } from '../../../../tests/sandbox/dataset';
import { startSandbox, type Sandbox } from '../../../../tests/sandbox/server';
import { SidecarError } from '../../../domain/errors';
import { createHubSpotClient, type HubSpotClient, type HubSpotClientOptions } from './index';

let clock = Date.UTC(2026, 10, 20, 15, 0, 0);
let sandbox: Sandbox;
let ex: CrmExamples;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: () => clock, crm: { hubspot: { indexDelayMs: 5000 } } });
  ex = crmExamples(sandbox.dataset, 'hubspot');
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  clock += 60_000;
  sandbox.reset();
});

function client(token: string = HUBSPOT_TOKENS.valid, extra: Partial<HubSpotClientOptions> = {}): HubSpotClient {
  return createHubSpotClient({ accessToken: token, baseUrl: sandbox.url, uiDomain: 'app.hubspot.com', portalId: '24400001', now: () => clock, timeoutMs: 5000, ...extra });
}

async function failure(promise: Promise<unknown>, token: string = HUBSPOT_TOKENS.valid): Promise<SidecarError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SidecarError);
    expect(JSON.stringify((error as SidecarError).data)).not.toContain(token);
    return error as SidecarError;
  }
  throw new Error('expected the call to fail');
}

const hubspotRequests = () => sandbox.state().crm.hubspot.requests;

describe('HubSpot client ↔ stand-in: connect', () => {
  it('verifies a token: portal, UI host, user, scopes and the LinkedIn property', async () => {
    const { data, rateLimit } = await client().verify();
    expect(data).toMatchObject({
      crm: 'hubspot',
      accountId: '24400001',
      appBaseUrl: 'https://app.hubspot.com',
      sandbox: false,
      linkedinField: 'hs_linkedin_url',
      missingScopes: [],
      user: { id: '3300001', email: 'morgan.reyes@sidecar-sandbox.example' },
    });
    expect(rateLimit).toMatchObject({ limit: 100, intervalMs: 10_000, dailyLimit: 250_000 });
  });

  it('shows the EU host for an EU token and the write scopes a read-only token lacks', async () => {
    expect((await client(HUBSPOT_TOKENS.eu).verify()).data).toMatchObject({ accountId: '24400002', appBaseUrl: 'https://app-eu1.hubspot.com' });
    const readOnly = await client(HUBSPOT_TOKENS.readOnly).verify();
    expect(readOnly.data.missingScopes).toEqual(['crm.objects.contacts.write', 'crm.objects.companies.write']);
  });

  it('names a revoked token and an expired one apart', async () => {
    expect((await failure(client(HUBSPOT_TOKENS.revoked).verify(), HUBSPOT_TOKENS.revoked)).data).toMatchObject({ kind: 'bad-key', reason: 'revoked', status: 401 });
    expect((await failure(client(HUBSPOT_TOKENS.expired).verify(), HUBSPOT_TOKENS.expired)).data).toMatchObject({ kind: 'bad-key', reason: 'expired', status: 401 });
  });
});

describe('HubSpot client ↔ stand-in: find', () => {
  it('finds one person by email with the exact lookup (no search)', async () => {
    const { data } = await client().findPeople([{ ref: 'a', email: ex.full.email?.toUpperCase() }]);
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ ref: 'a', by: 'email', possible: false, record: { kind: 'contact', emails: [ex.full.email], firstName: ex.full.person.firstName } });
    expect(data[0]?.record.url).toMatch(/^https:\/\/app\.hubspot\.com\/contacts\/24400001\/record\/0-1\/\d+$/);
    expect(data[0]?.record.owner?.id).toMatch(/^71000/);
    expect(hubspotRequests().map((r) => `${r.method} ${r.path}`)).toEqual([`GET /crm/v3/objects/contacts/${encodeURIComponent(ex.full.email ?? '')}`]);
  });

  it('batches email, LinkedIn and name queries into one search, and says how each matched', async () => {
    const { data } = await client().findPeople([
      { ref: 'email', email: ex.emailOnly.email },
      { ref: 'email2', email: ex.full.email },
      { ref: 'linkedin', linkedinUrl: linkedinUrlOf(ex.linkedinOnly.person) },
      { ref: 'name', firstName: ex.nameCompany.person.firstName, lastName: ex.nameCompany.person.lastName, companyName: ex.nameCompany.company.name },
      { ref: 'namesake', firstName: ex.namesake.person.firstName, lastName: ex.namesake.person.lastName, companyDomain: 'not-their-company.example' },
      { ref: 'absent', email: ex.absent.emails[0]?.email, firstName: ex.absent.firstName, lastName: ex.absent.lastName },
    ]);
    const by = (ref: string) => data.filter((m) => m.ref === ref).map((m) => [m.by, m.possible]);
    expect(by('email')).toEqual([['email', false]]);
    expect(by('email2')).toEqual([['email', false]]);
    expect(by('linkedin')).toEqual([['linkedin', false]]);
    expect(by('name')).toContainEqual(['name-company', false]);
    expect(by('namesake')).toContainEqual(['name-only', true]);
    expect(by('absent')).toEqual([]);
    const searches = hubspotRequests().filter((r) => r.path.endsWith('/search'));
    expect(searches).toHaveLength(1); // emails IN, LinkedIn IN and three name groups: five groups, one search
  });

  it('still searches the other queries when the lone email was found by the exact lookup', async () => {
    const { data } = await client().findPeople([
      { ref: 'email', email: ex.full.email },
      { ref: 'name', firstName: ex.nameCompany.person.firstName, lastName: ex.nameCompany.person.lastName, companyName: ex.nameCompany.company.name },
    ]);
    expect(data.filter((m) => m.ref === 'email').map((m) => m.by)).toEqual(['email']);
    expect(data.filter((m) => m.ref === 'name').map((m) => m.by)).toContain('name-company');
    const search = hubspotRequests().find((r) => r.path.endsWith('/search'))?.body as { filterGroups: { filters: { propertyName: string }[] }[] };
    expect(search.filterGroups.flatMap((g) => g.filters.map((f) => f.propertyName))).toEqual(['firstname', 'lastname']);
  });

  it('finds companies by domain in any form', async () => {
    const company = ex.full.company;
    const { data } = await client().findCompanies([{ ref: 'c', domain: `https://www.${company.domain}/about` }, { ref: 'x', domain: ex.absentCompany.domain }]);
    expect(data).toEqual([expect.objectContaining({ ref: 'c', by: 'domain', record: expect.objectContaining({ kind: 'company', name: company.name, domain: company.domain }) })]);
  });

  it('serves the date-versioned object paths the same way', async () => {
    const { data } = await client(HUBSPOT_TOKENS.valid, { objectsVersion: '2026-03' }).findPeople([{ ref: 'a', email: ex.full.email }, { ref: 'b', email: ex.emailOnly.email }]);
    expect(data.map((m) => m.ref).sort()).toEqual(['a', 'b']);
    expect(hubspotRequests()[0]?.path).toBe('/crm/objects/2026-03/contacts/search');
  });
});

describe('HubSpot client ↔ stand-in: write', () => {
  const newPerson = () => ({
    firstName: ex.absent.firstName,
    lastName: ex.absent.lastName,
    title: ex.absent.title,
    companyName: ex.full.company.name,
    emails: [ex.absent.emails[0]?.email ?? ''],
    phones: [{ value: ex.absent.phones[0]?.number ?? '', label: 'mobile' as const }],
    linkedinUrl: linkedinUrlOf(ex.absent),
  });

  it('creates a contact linked to its company; search sees it only after the index delay, the email lookup at once', async () => {
    const hubspot = client();
    const company = await hubspot.findOrCreateCompany({ name: ex.full.company.name, domain: ex.full.company.domain });
    expect(company.data.created).toBe(false);
    const created = await hubspot.createPerson(newPerson(), { companyId: company.data.record.id });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ kind: 'contact', firstName: ex.absent.firstName, companyId: company.data.record.id, phones: [{ label: 'mobile' }] });
    const email = ex.absent.emails[0]?.email;
    const viaSearch = () => hubspot.findPeople([{ ref: 'new', email }, { ref: 'other', email: 'nobody@nowhere.example' }]);
    expect((await viaSearch()).data).toEqual([]);
    expect((await hubspot.findPeople([{ ref: 'new', email }])).data).toHaveLength(1);
    clock += 5_000;
    expect((await viaSearch()).data.map((m) => m.record.id)).toEqual([created.data.id]);
    const stored = sandbox.crm.hubspot.store().objects.contacts.get(created.data.id);
    expect(stored && current(stored)).toMatchObject({ hs_linkedin_url: linkedinUrlOf(ex.absent).toLowerCase(), associatedcompanyid: company.data.record.id });
  });

  it('turns HubSpot’s 409 into a duplicate naming the existing contact', async () => {
    const error = await failure(client().createPerson({ firstName: 'Someone', lastName: 'Else', emails: [ex.full.email ?? ''] }));
    const existing = [...sandbox.crm.hubspot.store().objects.contacts.values()].find((c) => current(c).email === ex.full.email);
    expect(error.data).toMatchObject({ kind: 'duplicate', status: 409, existingIds: [existing?.id] });
  });

  it('updates by diff: fills empty fields, leaves a differing title as a conflict, overwrites only when told', async () => {
    const hubspot = client();
    const [match] = (await hubspot.findPeople([{ ref: 'e', email: ex.emailOnly.email }])).data;
    const id = match?.record.id ?? '';
    const input = { title: 'Chief Sidecar Officer', phones: [{ value: '+1 415 555 0142', label: 'work' as const }], emails: [ex.emailOnly.email ?? ''] };
    const first = await hubspot.updatePerson(id, input);
    expect(first.data.written).toEqual(['phone']);
    expect(first.data.conflicts).toEqual(['title']);
    expect(first.data.record).toMatchObject({ title: ex.emailOnly.title, phones: [{ value: '+1 415 555 0142' }] });
    const again = await hubspot.updatePerson(id, input);
    expect(again.data.written).toEqual([]);
    expect(hubspotRequests().filter((r) => r.method === 'PATCH')).toHaveLength(1);
    const forced = await hubspot.updatePerson(id, input, { overwrite: ['title'] });
    expect(forced.data.written).toEqual(['title']);
    expect(forced.data.record.title).toBe('Chief Sidecar Officer');
  });

  it('creates a company, associates a contact, and adds a note that becomes the last activity', async () => {
    const hubspot = client();
    const company = await hubspot.findOrCreateCompany({ name: ex.absentCompany.name, domain: ex.absentCompany.domain });
    expect(company.data).toMatchObject({ created: true, record: { kind: 'company', domain: ex.absentCompany.domain } });
    const person = (await hubspot.findPeople([{ ref: 'p', email: ex.emailOnly.email }])).data[0]?.record.id ?? '';
    await hubspot.associate(person, company.data.record.id);
    const links = sandbox.crm.hubspot.store().associationsOf('contacts', person, 'companies');
    expect(links.get(company.data.record.id)).toEqual([279]);
    const note = await hubspot.addNote({ personId: person, companyId: company.data.record.id }, 'from Sidecar, Lusha, 2026-11-20\nTitle <confirmed>');
    const stored = sandbox.crm.hubspot.store().objects.notes.get(note.data.id);
    expect(stored && current(stored).hs_note_body).toBe('<p>from Sidecar, Lusha, 2026-11-20</p><p>Title &lt;confirmed&gt;</p>');
    expect((await hubspot.getPerson(person)).data.lastActivityAt).toBe(new Date(clock).toISOString());
  });
});

describe('HubSpot client ↔ stand-in: failures', () => {
  it('names the missing scope of a read-only token', async () => {
    const error = await failure(client(HUBSPOT_TOKENS.readOnly).createPerson({ lastName: 'Nope', emails: ['nope@nowhere.example'] }), HUBSPOT_TOKENS.readOnly);
    expect(error.data).toMatchObject({ kind: 'forbidden', reason: 'missing-scope', scopes: ['crm.objects.contacts.write'], status: 403 });
  });

  it('names the field HubSpot rejected, and a read-only one as not writable', async () => {
    const invalid = await failure(client().createPerson({ lastName: 'Broken', emails: ['jane@'] }));
    expect(invalid.data).toMatchObject({ kind: 'validation', field: 'email', reason: 'INVALID_EMAIL', status: 400 });
    const readOnly = await failure(client(HUBSPOT_TOKENS.valid, { linkedinProperty: 'notes_last_updated' }).createPerson({ lastName: 'X', linkedinUrl: 'https://www.linkedin.com/in/x' }));
    expect(readOnly.data).toMatchObject({ kind: 'forbidden', reason: 'not-writable', field: 'notes_last_updated' });
  });

  it('reports a missing record as not found', async () => {
    expect((await failure(client().getPerson('999999999'))).kind).toBe('not-found');
  });

  it('maps HubSpot down, a dropped connection and no network', async () => {
    sandbox.faults.add({ kind: 'status', path: '/crm/*', status: 502 });
    expect((await failure(client().getPerson('51000001'))).data).toMatchObject({ kind: 'server', status: 502 });
    sandbox.faults.add({ kind: 'drop', path: '/crm/*' });
    expect((await failure(client().getPerson('51000001'))).kind).toBe('network');
    const offline = createHubSpotClient({ accessToken: HUBSPOT_TOKENS.valid, baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    expect((await failure(offline.getPerson('51000001'))).kind).toBe('network');
  });
});

describe('HubSpot client ↔ stand-in: rate limits', () => {
  let limited: Sandbox;
  beforeAll(async () => {
    limited = await startSandbox({ port: 0, now: () => clock, crm: { hubspot: { burstLimit: 3, dailyLimit: 6, searchPerSecond: 1 } } });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('tells the ten-second burst, the search limit and the daily limit apart, with when to retry', async () => {
    limited.reset();
    const hubspot = createHubSpotClient({ accessToken: HUBSPOT_TOKENS.valid, baseUrl: limited.url, now: () => clock, utcOffsetMs: -18_000_000 });
    for (let i = 0; i < 3; i++) await hubspot.getPerson('51000001');
    const burst = await failure(hubspot.getPerson('51000001'));
    expect(burst.data).toMatchObject({ kind: 'rate-limited', reason: 'TEN_SECONDLY_ROLLING', status: 429, retryAt: clock + 1000 });
    await hubspot.findCompanies([{ ref: 'a', name: 'A' }]);
    const search = await failure(hubspot.findCompanies([{ ref: 'b', name: 'B' }]));
    expect(search.data).toMatchObject({ kind: 'rate-limited', reason: 'SECONDLY' });
    clock += 11_000;
    await hubspot.getPerson('51000001');
    await hubspot.getPerson('51000001');
    const daily = await failure(hubspot.getPerson('51000001'));
    // Midnight in New York (UTC−5) after 2026-11-20 15:01 UTC is 2026-11-21 05:00 UTC.
    expect(daily.data).toMatchObject({ kind: 'rate-limited', reason: 'DAILY', retryAt: Date.UTC(2026, 10, 21, 5, 0, 0) });
  });
});
