/**
 * The Salesforce client and sign-in helpers against the Salesforce stand-in (tests/sandbox/crm/salesforce.ts): the
 * PKCE flow end to end, sessions that expire and refresh, composite SOQL, duplicate rules, field errors and the
 * org's daily allocation. The sandbox clock is injected.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SALESFORCE_CONSUMER_KEY, SALESFORCE_ORG_ID, SALESFORCE_USERS } from '../../../../tests/sandbox/crm/accounts';
import { crmExamples, type CrmExamples } from '../../../../tests/sandbox/crm/crm-dataset';
import { pkceChallenge } from '../../../../tests/sandbox/crm/salesforce';
import { linkedinUrlOf } from '../../../../tests/sandbox/dataset';
import { startSandbox, type Sandbox } from '../../../../tests/sandbox/server';
import { SidecarError } from '../../../domain/errors';
import {
  authorizeUrl,
  codeChallenge,
  createCodeVerifier,
  createSalesforceClient,
  createState,
  exchangeCode,
  readAuthorizationRedirect,
  refreshSalesforceToken,
  revokeSalesforceToken,
  type SalesforceClient,
} from './index';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/salesforce';
let clock = Date.UTC(2026, 10, 20, 9, 0, 0);
let sandbox: Sandbox;
let ex: CrmExamples;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: () => clock });
  ex = crmExamples(sandbox.dataset, 'salesforce');
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  clock += 60_000;
  sandbox.reset();
});

async function failure(promise: Promise<unknown>): Promise<SidecarError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SidecarError);
    return error as SidecarError;
  }
  throw new Error('expected a failure');
}

/** The browser part of the flow: follow the authorize URL to its redirect, as launchWebAuthFlow would. */
async function signIn(loginHint?: string, scopes?: string[]) {
  const verifier = createCodeVerifier();
  const state = createState();
  const challenge = await codeChallenge(verifier);
  const url = authorizeUrl({ loginUrl: sandbox.url, clientId: SALESFORCE_CONSUMER_KEY, redirectUri: REDIRECT, codeChallenge: challenge, state, ...(loginHint ? { loginHint } : {}), ...(scopes ? { scopes } : {}) });
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const { code } = readAuthorizationRedirect(response.headers.get('location') ?? '', state);
  return { code, verifier, challenge };
}

function clientFor(accessToken: string, extra: { linkedinField?: string | null } = {}): SalesforceClient {
  return createSalesforceClient({ accessToken, instanceUrl: sandbox.url, linkedinField: 'LinkedIn_URL__c', now: () => clock, timeoutMs: 5000, ...extra });
}

const session = () => sandbox.crm.salesforce.issueTokens('admin', sandbox.url).access_token;

describe('Salesforce sign-in (PKCE) ↔ stand-in', () => {
  it('signs in with a verifier and no secret; the answer has an instance URL and no expires_in', async () => {
    const { code, verifier, challenge } = await signIn();
    expect(challenge).toBe(pkceChallenge(verifier));
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const tokens = await exchangeCode({ loginUrl: sandbox.url, clientId: SALESFORCE_CONSUMER_KEY, code, redirectUri: REDIRECT, codeVerifier: verifier, now: () => clock });
    expect(tokens).toMatchObject({ instanceUrl: sandbox.url, orgId: SALESFORCE_ORG_ID, userId: SALESFORCE_USERS.admin.id, scope: ['api', 'refresh_token'], issuedAt: clock });
    expect(tokens.refreshToken).toBeDefined();
    const body = sandbox.state().crm.salesforce.requests.find((r) => r.path === '/services/oauth2/token')?.body as string;
    expect(new URLSearchParams(body).has('client_secret')).toBe(false);
  });

  it('refuses a wrong verifier, a reused code and another state', async () => {
    const { code, verifier } = await signIn();
    const wrong = await failure(exchangeCode({ loginUrl: sandbox.url, clientId: SALESFORCE_CONSUMER_KEY, code, redirectUri: REDIRECT, codeVerifier: `${verifier}x` }));
    expect(wrong.data).toMatchObject({ kind: 'validation', reason: 'invalid_request' });
    await exchangeCode({ loginUrl: sandbox.url, clientId: SALESFORCE_CONSUMER_KEY, code, redirectUri: REDIRECT, codeVerifier: verifier });
    const reused = await failure(exchangeCode({ loginUrl: sandbox.url, clientId: SALESFORCE_CONSUMER_KEY, code, redirectUri: REDIRECT, codeVerifier: verifier }));
    expect(reused.data).toMatchObject({ kind: 'bad-key', reason: 'revoked' });
    expect(JSON.stringify(reused.data)).not.toContain(code);
    expect(() => readAuthorizationRedirect(`${REDIRECT}?code=x&state=theirs`, 'ours')).toThrow(SidecarError);
    expect(() => readAuthorizationRedirect(`${REDIRECT}?error=access_denied&state=s`, 's')).toThrow(/refused/);
  });

  it('refreshes an expired session, and fails plainly once the refresh token is revoked', async () => {
    const { code, verifier } = await signIn();
    const tokens = await exchangeCode({ loginUrl: sandbox.url, clientId: SALESFORCE_CONSUMER_KEY, code, redirectUri: REDIRECT, codeVerifier: verifier });
    await clientFor(tokens.accessToken).findPeople([{ ref: 'a', email: ex.full.email }]);
    clock += 2 * 3_600_000 + 1000;
    const expired = await failure(clientFor(tokens.accessToken).findPeople([{ ref: 'a', email: ex.full.email }]));
    expect(expired.data).toMatchObject({ kind: 'bad-key', reason: 'session-expired', status: 401 });
    const refreshed = await refreshSalesforceToken({ loginUrl: sandbox.url, clientId: SALESFORCE_CONSUMER_KEY, refreshToken: tokens.refreshToken ?? '' });
    expect(refreshed.refreshToken).toBeUndefined();
    expect((await clientFor(refreshed.accessToken).findPeople([{ ref: 'a', email: ex.full.email }])).data).toHaveLength(1);
    await revokeSalesforceToken({ loginUrl: sandbox.url, clientId: SALESFORCE_CONSUMER_KEY, token: tokens.refreshToken ?? '' });
    const revoked = await failure(refreshSalesforceToken({ loginUrl: sandbox.url, clientId: SALESFORCE_CONSUMER_KEY, refreshToken: tokens.refreshToken ?? '' }));
    expect(revoked.data).toMatchObject({ kind: 'bad-key', reason: 'revoked' });
    expect(JSON.stringify(revoked.data)).not.toContain(tokens.refreshToken ?? 'never');
  });

  it('names the missing api scope apart from an expired session', async () => {
    const { code, verifier } = await signIn(undefined, ['refresh_token']);
    const tokens = await exchangeCode({ loginUrl: sandbox.url, clientId: SALESFORCE_CONSUMER_KEY, code, redirectUri: REDIRECT, codeVerifier: verifier });
    const error = await failure(clientFor(tokens.accessToken).findPeople([{ ref: 'a', email: ex.full.email }]));
    expect(error.data).toMatchObject({ kind: 'forbidden', reason: 'missing-scope', scopes: ['api'] });
  });
});

describe('Salesforce client ↔ stand-in', () => {
  it('verifies: org, user, and the LinkedIn URL field from describe', async () => {
    const { data, rateLimit } = await clientFor(session(), { linkedinField: null }).verify();
    expect(data).toMatchObject({ crm: 'salesforce', accountId: SALESFORCE_ORG_ID, apiBaseUrl: sandbox.url, appBaseUrl: sandbox.url, sandbox: false, linkedinField: 'LinkedIn_URL__c', user: { id: SALESFORCE_USERS.admin.id, name: 'Morgan Reyes' } });
    expect(rateLimit).toMatchObject({ dailyLimit: 15_000 });
  });

  it('finds Contacts and Leads for a batch in one composite call (one API request)', async () => {
    const lead = crmExamplesLead();
    const { data } = await clientFor(session()).findPeople([
      { ref: 'email', email: ex.full.email },
      { ref: 'linkedin', linkedinUrl: linkedinUrlOf(ex.linkedinOnly.person) },
      { ref: 'name', firstName: ex.nameCompany.person.firstName, lastName: ex.nameCompany.person.lastName, companyName: ex.nameCompany.company.name },
      { ref: 'namesake', firstName: ex.namesake.person.firstName, lastName: ex.namesake.person.lastName, companyName: ex.namesake.person.id },
      { ref: 'lead', email: lead.email },
      { ref: 'absent', email: ex.absent.emails[0]?.email },
    ]);
    const by = (ref: string) => data.filter((m) => m.ref === ref).map((m) => [m.by, m.record.kind]);
    expect(by('email')).toEqual([['email', 'contact']]);
    expect(by('linkedin')).toEqual([['linkedin', 'contact']]);
    expect(by('name')).toContainEqual(['name-company', 'contact']);
    expect(by('namesake').every(([kind]) => kind === 'name-only')).toBe(true);
    expect(by('lead')).toEqual([['email', 'lead']]);
    expect(by('absent')).toEqual([]);
    const match = data.find((m) => m.ref === 'email')?.record;
    expect(match).toMatchObject({ company: ex.full.company.name, owner: { name: expect.any(String) }, url: `${sandbox.url}/${match?.id}` });
    const state = sandbox.state().crm.salesforce;
    expect(state.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /services/data/v66.0/composite']);
    expect(state.apiUsed).toBe(1);
  });

  it('creates a Contact under an Account and a Lead with its company; logs a Task as the note', async () => {
    const salesforce = clientFor(session());
    const account = await salesforce.findOrCreateCompany({ name: ex.full.company.name, domain: ex.full.company.domain });
    expect(account.data.created).toBe(false);
    const contact = await salesforce.createPerson(
      { firstName: ex.absent.firstName, lastName: ex.absent.lastName, title: ex.absent.title, emails: [ex.absent.emails[0]?.email ?? ''], phones: [{ value: ex.absent.phones[0]?.number ?? '', label: 'mobile' }], linkedinUrl: linkedinUrlOf(ex.absent) },
      { companyId: account.data.record.id },
    );
    expect(contact.status).toBe(201);
    expect(contact.data).toMatchObject({ kind: 'contact', id: expect.stringMatching(/^003/), companyId: account.data.record.id, linkedinUrl: linkedinUrlOf(ex.absent).toLowerCase() });
    const read = await salesforce.getPerson(contact.data.id);
    expect(read.data).toMatchObject({ company: ex.full.company.name, phones: [{ label: 'mobile' }], owner: { name: 'Morgan Reyes' } });
    const lead = await salesforce.createPerson({ firstName: 'Dana', lastName: 'Lead', companyName: 'Some Startup', companyDomain: 'some-startup.example', emails: ['dana@some-startup.example'] }, { asLead: true });
    expect(lead.data).toMatchObject({ kind: 'lead', company: 'Some Startup', id: expect.stringMatching(/^00Q/) });
    const note = await salesforce.addNote({ personId: contact.data.id, companyId: account.data.record.id }, 'from Sidecar, Lusha, 2026-11-20\nDirect dial confirmed');
    const task = sandbox.crm.salesforce.store().records.Task.get(note.data.id);
    expect(task).toMatchObject({ Subject: 'from Sidecar, Lusha, 2026-11-20', WhoId: contact.data.id, WhatId: account.data.record.id, Status: 'Completed', ActivityDate: '2026-11-20' });
    expect((await salesforce.getPerson(contact.data.id)).data.lastActivityAt).toBe('2026-11-20');
    const leadNote = await salesforce.addNote({ personId: lead.data.id, companyId: account.data.record.id }, 'on a lead');
    expect(sandbox.crm.salesforce.store().records.Task.get(leadNote.data.id)?.WhatId).toBeNull();
  });

  it('reports an Alert duplicate rule with the match, saves it when told; a Block rule cannot be passed', async () => {
    const salesforce = clientFor(session());
    const duplicate = await failure(salesforce.createPerson({ firstName: 'Other', lastName: 'Person', emails: [ex.full.email ?? ''] }));
    const existing = [...sandbox.crm.salesforce.store().records.Contact.values()].find((c) => c.Email === ex.full.email)?.Id;
    expect(duplicate.data).toMatchObject({ kind: 'duplicate', reason: 'alert', existingIds: [existing], status: 400 });
    const saved = await salesforce.createPerson({ firstName: 'Other', lastName: 'Person', emails: [ex.full.email ?? ''] }, { allowDuplicate: true });
    expect(saved.status).toBe(201);
    const lead = crmExamplesLead();
    const blocked = await failure(salesforce.createPerson({ lastName: 'Again', companyName: 'X', emails: [lead.email ?? ''] }, { asLead: true, allowDuplicate: true }));
    expect(blocked.data).toMatchObject({ kind: 'duplicate', reason: 'block' });
  });

  it('updates by diff with a 204, leaving a differing title as a conflict', async () => {
    const salesforce = clientFor(session());
    const id = (await salesforce.findPeople([{ ref: 'e', email: ex.emailOnly.email }])).data[0]?.record.id ?? '';
    const result = await salesforce.updatePerson(id, { title: 'Chief Sidecar Officer', phones: [{ value: '+1 415 555 0142', label: 'work' }], linkedinUrl: linkedinUrlOf(ex.emailOnly.person) });
    expect(result.status).toBe(204);
    expect(result.data.written).toEqual(['phone', 'linkedinUrl']);
    expect(result.data.conflicts).toEqual(['title']);
    expect(sandbox.crm.salesforce.store().records.Contact.get(id)).toMatchObject({ Phone: '+1 415 555 0142', Title: ex.emailOnly.title });
    expect(result.data.record).toMatchObject({ phones: [{ value: '+1 415 555 0142' }], title: ex.emailOnly.title });
  });

  it('links a Contact to an Account, and says a Lead cannot be', async () => {
    const salesforce = clientFor(session());
    const account = await salesforce.findOrCreateCompany({ name: ex.absentCompany.name, domain: ex.absentCompany.domain });
    expect(account.data.created).toBe(true);
    const id = (await salesforce.findPeople([{ ref: 'e', email: ex.emailOnly.email }])).data[0]?.record.id ?? '';
    await salesforce.associate(id, account.data.record.id);
    expect(sandbox.crm.salesforce.store().records.Contact.get(id)?.AccountId).toBe(account.data.record.id);
    const leadId = [...sandbox.crm.salesforce.store().records.Lead.keys()][0] ?? '';
    expect((await failure(salesforce.associate(leadId, account.data.record.id))).data).toMatchObject({ kind: 'validation', reason: 'lead-has-no-account' });
  });

  it('names the field a validation rule or a format check rejected', async () => {
    const salesforce = clientFor(session());
    const phone = await failure(salesforce.createPerson({ lastName: 'Local', phones: [{ value: '415 555 0100' }] }));
    expect(phone.data).toMatchObject({ kind: 'validation', field: 'Phone', reason: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
    const email = await failure(salesforce.createPerson({ lastName: 'Broken', emails: ['jane@'] }));
    expect(email.data).toMatchObject({ kind: 'validation', field: 'Email', reason: 'INVALID_EMAIL_ADDRESS' });
    expect((await failure(salesforce.createPerson({ firstName: 'No' }))).data).toMatchObject({ kind: 'validation', field: 'LastName' });
  });

  it('says a read-only user may not write', async () => {
    const { code, verifier } = await signIn(SALESFORCE_USERS.readOnly.username);
    const tokens = await exchangeCode({ loginUrl: sandbox.url, clientId: SALESFORCE_CONSUMER_KEY, code, redirectUri: REDIRECT, codeVerifier: verifier });
    const error = await failure(clientFor(tokens.accessToken).createPerson({ lastName: 'Nope' }));
    expect(error.data).toMatchObject({ kind: 'forbidden', reason: 'not-writable', status: 403 });
  });

  it('maps Salesforce down and no network', async () => {
    sandbox.faults.add({ kind: 'status', path: '/services/data/*', status: 503 });
    expect((await failure(clientFor(session()).getPerson('003SB0000000001AAA'))).data).toMatchObject({ kind: 'server', status: 503 });
    sandbox.faults.add({ kind: 'html', path: '/services/data/*', status: 500 });
    expect((await failure(clientFor(session()).getPerson('003SB0000000001AAA'))).kind).toBe('server');
    const offline = createSalesforceClient({ accessToken: 'x', instanceUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    expect((await failure(offline.getPerson('003SB0000000001AAA'))).kind).toBe('network');
  });
});

describe('Salesforce client ↔ stand-in: the org’s daily allocation', () => {
  let limited: Sandbox;
  beforeAll(async () => {
    limited = await startSandbox({ port: 0, now: () => clock, crm: { salesforce: { dailyApiLimit: 2 } } });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('reads Sforce-Limit-Info and answers 403 REQUEST_LIMIT_EXCEEDED as a rate limit, not a refusal', async () => {
    limited.reset();
    const tokens = limited.crm.salesforce.issueTokens('admin', limited.url);
    const salesforce = createSalesforceClient({ accessToken: tokens.access_token, instanceUrl: limited.url, now: () => clock });
    const first = await salesforce.findCompanies([{ ref: 'a', name: 'A' }]);
    expect(first.rateLimit).toEqual({ dailyLimit: 2, dailyUsed: 1, dailyRemaining: 1 });
    await salesforce.findCompanies([{ ref: 'a', name: 'A' }]);
    const error = await failure(salesforce.findCompanies([{ ref: 'a', name: 'A' }]));
    expect(error.data).toMatchObject({ kind: 'rate-limited', reason: 'REQUEST_LIMIT_EXCEEDED', status: 403, retryAt: clock + 3_600_000 });
  });
});

/** A seeded Lead with an email. */
function crmExamplesLead(): { id: string; email?: string } {
  const lead = [...sandbox.crm.salesforce.store().records.Lead.values()].find((l) => typeof l.Email === 'string');
  if (!lead) throw new Error('no lead with an email');
  return { id: lead.Id, email: lead.Email as string };
}
