/**
 * The Pipedrive client against the Pipedrive stand-in (tests/sandbox/crm/pipedrive.ts): custom fields found at
 * connect, one search per term, lists merged whole, no duplicate blocking, the 2-s burst, the daily token budget
 * and Cloudflare's block page. The sandbox clock is injected.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PIPEDRIVE_TOKENS } from '../../../../tests/sandbox/crm/accounts';
import { crmExamples, type CrmExamples } from '../../../../tests/sandbox/crm/crm-dataset';
import { PIPEDRIVE_DOMAIN_FIELD, PIPEDRIVE_LINKEDIN_FIELD } from '../../../../tests/sandbox/crm/pipedrive';
import { linkedinUrlOf } from '../../../../tests/sandbox/dataset';
import { startSandbox, type Sandbox } from '../../../../tests/sandbox/server';
import { SidecarError } from '../../../domain/errors';
import { createPipedriveClient, pipedriveBaseUrl, type PipedriveClient, type PipedriveClientOptions } from './index';

let clock = Date.UTC(2026, 10, 20, 12, 0, 0);
let sandbox: Sandbox;
let ex: CrmExamples;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: () => clock });
  ex = crmExamples(sandbox.dataset, 'pipedrive');
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  clock += 60_000;
  sandbox.reset();
});

function client(token: string = PIPEDRIVE_TOKENS.valid, extra: Partial<PipedriveClientOptions> = {}, base = sandbox.url): PipedriveClient {
  return createPipedriveClient({
    apiToken: token,
    baseUrl: pipedriveBaseUrl('sidecar-sandbox', base),
    appBaseUrl: 'https://sidecar-sandbox.pipedrive.com',
    linkedinFieldKey: PIPEDRIVE_LINKEDIN_FIELD,
    domainFieldKey: PIPEDRIVE_DOMAIN_FIELD,
    now: () => clock,
    timeoutMs: 5000,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>, token: string = PIPEDRIVE_TOKENS.valid): Promise<SidecarError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SidecarError);
    expect(JSON.stringify((error as SidecarError).data)).not.toContain(token);
    return error as SidecarError;
  }
  throw new Error('expected a failure');
}

const stored = () => sandbox.state().crm.pipedrive;

describe('Pipedrive client ↔ stand-in: connect', () => {
  it('verifies: the company, its domain, the user, and the custom fields for LinkedIn and domain', async () => {
    const { data } = await client(PIPEDRIVE_TOKENS.valid, { linkedinFieldKey: null, domainFieldKey: null }).verify();
    expect(data).toEqual({
      crm: 'pipedrive',
      accountId: '7700001',
      accountName: 'Sidecar Sandbox',
      apiBaseUrl: sandbox.url,
      appBaseUrl: 'https://sidecar-sandbox.pipedrive.com',
      sandbox: false,
      linkedinField: PIPEDRIVE_LINKEDIN_FIELD,
      domainField: PIPEDRIVE_DOMAIN_FIELD,
      user: { id: '1', name: 'Morgan Reyes', email: 'morgan.reyes@sidecar-sandbox.example' },
    });
    expect(stored().tokensUsed).toBe(22);
  });

  it('names a regenerated token and a closed company account', async () => {
    expect((await failure(client(PIPEDRIVE_TOKENS.revoked).verify(), PIPEDRIVE_TOKENS.revoked)).data).toMatchObject({ kind: 'bad-key', reason: 'revoked', status: 401 });
    expect((await failure(client(PIPEDRIVE_TOKENS.unpaid).verify(), PIPEDRIVE_TOKENS.unpaid)).data).toMatchObject({ kind: 'forbidden', reason: 'account-not-open', status: 402 });
  });

  it('builds the company URL unless a build overrides the host', () => {
    expect(pipedriveBaseUrl('acme')).toBe('https://acme.pipedrive.com');
    expect(pipedriveBaseUrl('https://Acme.pipedrive.com/person/1')).toBe('https://acme.pipedrive.com');
    expect(() => pipedriveBaseUrl('acme.example')).toThrow(SidecarError);
  });
});

describe('Pipedrive client ↔ stand-in: find', () => {
  it('searches one term per request, strongest first, and says how each matched', async () => {
    const { data } = await client().findPeople([
      { ref: 'email', email: ex.full.email },
      { ref: 'linkedin', linkedinUrl: linkedinUrlOf(ex.linkedinOnly.person) },
      { ref: 'name', firstName: ex.nameCompany.person.firstName, lastName: ex.nameCompany.person.lastName, companyName: ex.nameCompany.company.name },
      { ref: 'namesake', firstName: ex.namesake.person.firstName, lastName: ex.namesake.person.lastName, companyName: ex.namesake.person.id },
      { ref: 'absent', email: ex.absent.emails[0]?.email },
    ]);
    const by = (ref: string) => data.filter((m) => m.ref === ref).map((m) => [m.by, m.possible]);
    expect(by('email')).toEqual([['email', false]]);
    expect(by('linkedin')).toEqual([['linkedin', false]]);
    expect(by('name')).toContainEqual(['name-company', false]);
    expect(by('namesake').every(([kind]) => kind === 'name-only')).toBe(true);
    expect(by('absent')).toEqual([]);
    const email = data.find((m) => m.ref === 'email')?.record;
    expect(email).toMatchObject({ kind: 'person', company: ex.full.company.name, url: `https://sidecar-sandbox.pipedrive.com/person/${email?.id}` });
    const searches = stored().requests.filter((r) => r.path === '/api/v2/persons/search');
    expect(searches).toHaveLength(5); // email, LinkedIn slug, name, name, email
    expect(stored().tokensUsed).toBe(5 * 20);
  });

  it('finds organizations by their domain field in any stored form, else by name', async () => {
    const { data } = await client().findCompanies([
      { ref: 'd', domain: ex.full.company.domain },
      { ref: 'n', name: ex.emailOnly.company.name.toUpperCase() },
      { ref: 'x', domain: ex.absentCompany.domain, name: ex.absentCompany.name },
    ]);
    expect(data.filter((m) => m.ref === 'd').map((m) => [m.by, m.record.domain])).toEqual([['domain', ex.full.company.domain]]);
    expect(data.filter((m) => m.ref === 'n').map((m) => m.by)).toEqual(['name']);
    expect(data.filter((m) => m.ref === 'x')).toEqual([]);
  });
});

describe('Pipedrive client ↔ stand-in: write', () => {
  it('creates a person in an organization; Pipedrive lets the same email in twice', async () => {
    const pipedrive = client();
    const org = await pipedrive.findOrCreateCompany({ name: ex.full.company.name, domain: ex.full.company.domain });
    expect(org.data.created).toBe(false);
    const input = { firstName: ex.absent.firstName, lastName: ex.absent.lastName, emails: [ex.absent.emails[0]?.email ?? ''], phones: [{ value: ex.absent.phones[0]?.number ?? '', label: 'mobile' as const }], linkedinUrl: linkedinUrlOf(ex.absent) };
    const first = await pipedrive.createPerson(input, { companyId: org.data.record.id });
    expect(first.data).toMatchObject({ kind: 'person', companyId: org.data.record.id, linkedinUrl: linkedinUrlOf(ex.absent).toLowerCase(), phones: [{ label: 'mobile' }] });
    const second = await pipedrive.createPerson(input);
    expect(second.data.id).not.toBe(first.data.id);
    expect(stored().created.filter((c) => c.type === 'person')).toHaveLength(2);
  });

  it('updates by merging the email and phone lists whole, keeping what was there first and primary', async () => {
    const pipedrive = client();
    const match = (await pipedrive.findPeople([{ ref: 'e', email: ex.emailOnly.email }])).data[0];
    const id = match?.record.id ?? '';
    const result = await pipedrive.updatePerson(id, { emails: ['second@mail.example', ex.emailOnly.email?.toUpperCase() ?? ''], phones: [{ value: '+1 415 555 0142', label: 'mobile' }] });
    expect(result.data.written).toEqual(['emails', 'phones']);
    expect(result.data.diffs.find((d) => d.field === 'emails')).toMatchObject({ action: 'merge', proposed: [ex.emailOnly.email, 'second@mail.example'] });
    const patch = stored().requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({
      emails: [
        { value: ex.emailOnly.email, primary: true, label: 'work' },
        { value: 'second@mail.example', primary: false, label: 'work' },
      ],
      phones: [{ value: '+1 415 555 0142', primary: true, label: 'mobile' }],
    });
    expect(result.data.record.emails).toEqual([ex.emailOnly.email, 'second@mail.example']);
    expect((await pipedrive.updatePerson(id, { emails: ['second@mail.example'] })).data.written).toEqual([]);
  });

  it('creates an organization with its domain, links a person to it, and notes both', async () => {
    const pipedrive = client();
    const org = await pipedrive.findOrCreateCompany({ name: ex.absentCompany.name, domain: `https://www.${ex.absentCompany.domain}/` });
    expect(org.data).toMatchObject({ created: true, record: { kind: 'organization', domain: ex.absentCompany.domain } });
    const person = (await pipedrive.findPeople([{ ref: 'p', email: ex.emailOnly.email }])).data[0]?.record.id ?? '';
    await pipedrive.associate(person, org.data.record.id);
    expect((await pipedrive.getPerson(person)).data).toMatchObject({ companyId: org.data.record.id, company: ex.absentCompany.name, domain: ex.absentCompany.domain });
    const note = await pipedrive.addNote({ personId: person, companyId: org.data.record.id }, 'from Sidecar, Lusha, 2026-11-20');
    expect(note.data.id).toMatch(/^\d+$/);
    expect(stored().requests.find((r) => r.path === '/api/v1/notes')?.body).toEqual({ content: '<p>from Sidecar, Lusha, 2026-11-20</p>', person_id: Number(person), org_id: Number(org.data.record.id) });
  });

  it('names the field Pipedrive rejected', async () => {
    const error = await failure(client(PIPEDRIVE_TOKENS.valid, { linkedinFieldKey: 'not-a-field' }).createPerson({ firstName: 'A', lastName: 'B', linkedinUrl: 'https://www.linkedin.com/in/ab' }));
    expect(error.data).toMatchObject({ kind: 'validation', field: 'custom_fields', status: 400 });
    expect((await failure(client().getPerson('999999'))).kind).toBe('not-found');
  });

  it('maps Pipedrive in maintenance and no network', async () => {
    sandbox.faults.add({ kind: 'status', path: '/api/v2/*', status: 503 });
    expect((await failure(client().getPerson('101'))).data).toMatchObject({ kind: 'server', status: 503 });
    const offline = createPipedriveClient({ apiToken: PIPEDRIVE_TOKENS.valid, baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    expect((await failure(offline.getPerson('101'))).kind).toBe('network');
  });
});

describe('Pipedrive client ↔ stand-in: limits', () => {
  let limited: Sandbox;
  beforeAll(async () => {
    limited = await startSandbox({ port: 0, now: () => clock, crm: { pipedrive: { searchBurstLimit: 2, cloudflareAfter429s: 3, cloudflareBlockMs: 30_000, dailyTokenBudget: 100 } } });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('answers a burst 429 with its reset, then Cloudflare’s HTML 403 for a client that keeps going', async () => {
    limited.reset();
    const pipedrive = client(PIPEDRIVE_TOKENS.valid, {}, limited.url);
    const search = () => pipedrive.findPeople([{ ref: 'a', email: 'someone@x.example' }]);
    const ok = await search();
    expect(ok.rateLimit).toMatchObject({ limit: 2, remaining: 1, intervalMs: 2000 });
    await search();
    const burst = await failure(search());
    expect(burst.data).toMatchObject({ kind: 'rate-limited', reason: 'burst', status: 429, retryAt: clock + 2000 });
    await failure(search());
    await failure(search());
    const blocked = await failure(search());
    expect(blocked.data).toMatchObject({ kind: 'rate-limited', reason: 'cloudflare-block', status: 403 });
    clock += 31_000;
    await search();
  });

  it('stops at the company’s daily token budget until midnight', async () => {
    limited.reset();
    const pipedrive = client(PIPEDRIVE_TOKENS.valid, {}, limited.url);
    for (let i = 0; i < 20; i++) await pipedrive.getPerson('101').catch(() => undefined);
    const spent = limited.state().crm.pipedrive.tokensUsed;
    expect(spent).toBeGreaterThan(0);
    let error: SidecarError | undefined;
    for (let i = 0; i < 100 && !error; i++) {
      clock += 3000;
      error = await pipedrive.verify().then(() => undefined, (e: unknown) => e as SidecarError);
    }
    expect(error?.data).toMatchObject({ kind: 'rate-limited', reason: 'daily-budget', status: 429 });
    expect(error?.data.retryAt).toBe(Math.floor(clock / 86_400_000) * 86_400_000 + 86_400_000);
  });
});
