/** The Salesforce client and helpers against recorded answers (tests/fixtures/api/salesforce-crm.json). */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import fixture from '../../../../tests/fixtures/api/salesforce-crm.json';
import { SidecarError } from '../../../domain/errors';
import {
  authorizeUrl,
  codeChallenge,
  createSalesforceClient,
  exchangeCode,
  identityIds,
  objectOfId,
  parseSalesforceLimitInfo,
  salesforceLoginUrl,
  salesforceRecordUrl,
  soqlString,
} from './index';
import { peopleCondition } from './soql';

const TOKEN = '00DSB0000000001EAA!AQ.unit.access';
const INSTANCE = 'https://acme.my.salesforce.com';
const NOW = Date.UTC(2026, 10, 20, 9, 0, 0);

const recordedSchema = z.object({ status: z.number(), headers: z.record(z.string(), z.string()).optional(), body: z.unknown() });
type Recorded = z.infer<typeof recordedSchema>;
const errors = z.record(z.string(), recordedSchema).parse(fixture.errors);
const reply = (r: Recorded) => new Response(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), { status: r.status, headers: r.headers });
const ok = (body: unknown, status = 200, headers?: Record<string, string>) => new Response(body === null ? null : JSON.stringify(body), { status, headers });

interface Seen {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}
function fakeFetch(answer: (seen: Seen, index: number) => Response) {
  const seen: Seen[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const entry: Seen = { method: init?.method ?? 'GET', url: new URL(String(input)), headers: (init?.headers ?? {}) as Record<string, string>, body: typeof init?.body === 'string' ? init.body : undefined };
    seen.push(entry);
    return answer(entry, seen.length - 1);
  };
  return { fetch: fetchFn, seen };
}
const client = (fetchFn: typeof fetch) => createSalesforceClient({ accessToken: TOKEN, instanceUrl: INSTANCE, linkedinField: 'LinkedIn_URL__c', fetch: fetchFn, now: () => NOW });

async function failure(promise: Promise<unknown>): Promise<SidecarError> {
  try {
    await promise;
  } catch (error) {
    if (!SidecarError.is(error)) throw error;
    expect(JSON.stringify(error.data)).not.toContain(TOKEN);
    return error;
  }
  throw new Error('expected a failure');
}

describe('Salesforce sign-in helpers', () => {
  it('computes the RFC 7636 S256 challenge with WebCrypto', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('builds the authorize URL for the login host, My Domain or a sandbox', () => {
    const url = new URL(authorizeUrl({ loginUrl: salesforceLoginUrl({ myDomain: 'acme' }), clientId: 'key', redirectUri: 'https://id.chromiumapp.org/sf', codeChallenge: 'c', state: 's', loginHint: 'jane@acme.example' }));
    expect(url.origin + url.pathname).toBe('https://acme.my.salesforce.com/services/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'key',
      redirect_uri: 'https://id.chromiumapp.org/sf',
      scope: 'api refresh_token',
      code_challenge: 'c',
      code_challenge_method: 'S256',
      state: 's',
      login_hint: 'jane@acme.example',
    });
    expect(salesforceLoginUrl()).toBe('https://login.salesforce.com');
    expect(salesforceLoginUrl({ sandbox: true })).toBe('https://test.salesforce.com');
    expect(salesforceLoginUrl({ myDomain: 'https://acme--dev.sandbox.my.salesforce.com/' })).toBe('https://acme--dev.sandbox.my.salesforce.com');
    expect(salesforceLoginUrl({ override: 'http://127.0.0.1:8787/', myDomain: 'acme' })).toBe('http://127.0.0.1:8787');
    expect(() => salesforceLoginUrl({ myDomain: 'evil.example' })).toThrow(SidecarError);
  });

  it('exchanges a code: form body without a secret; tokens without an expiry', async () => {
    const { fetch, seen } = fakeFetch(() => ok(fixture.token));
    const tokens = await exchangeCode({ loginUrl: 'https://login.salesforce.com', clientId: 'key', code: 'aPrx.code', redirectUri: 'https://id.chromiumapp.org/sf', codeVerifier: 'v'.repeat(43), fetch });
    expect(tokens).toEqual({
      accessToken: fixture.token.access_token,
      refreshToken: fixture.token.refresh_token,
      instanceUrl: INSTANCE,
      identityUrl: fixture.token.id,
      orgId: '00DSB0000000001EAA',
      userId: '005SB0000000001AAA',
      scope: ['refresh_token', 'api'],
      issuedAt: 1_763_630_000_000,
    });
    expect(seen[0]?.headers).toEqual({ accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' });
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.body))).toEqual({ grant_type: 'authorization_code', code: 'aPrx.code', client_id: 'key', redirect_uri: 'https://id.chromiumapp.org/sf', code_verifier: 'v'.repeat(43), format: 'json' });
    expect(identityIds('https://test.salesforce.com/id/00D000000000001/005000000000001')).toEqual({ orgId: '00D000000000001', userId: '005000000000001' });
  });
});

describe('Salesforce requests and mapping', () => {
  it('escapes SOQL literals and ORs every query into one condition', () => {
    expect(soqlString("O'Brien \\ co")).toBe("'O\\'Brien \\\\ co'");
    const where = peopleCondition([{ ref: 'a', email: 'Jane@X.example', firstName: "D'Arcy", lastName: 'Doe' }], null);
    expect(where).toBe("(Email IN ('jane@x.example') OR (FirstName = 'D\\'Arcy' AND LastName = 'Doe'))");
  });

  it('knows ids and links records to Lightning', () => {
    expect(objectOfId('003SB0000000007AAA')).toBe('Contact');
    expect(objectOfId('00QSB0000000007')).toBe('Lead');
    expect(objectOfId('500SB0000000007AAA')).toBeUndefined();
    expect(salesforceRecordUrl(INSTANCE, undefined, 'Contact', '003x')).toBe('https://acme.lightning.force.com/lightning/r/Contact/003x/view');
    expect(salesforceRecordUrl('http://127.0.0.1:8787', undefined, 'Lead', '00Qx')).toBe('http://127.0.0.1:8787/00Qx');
    expect(parseSalesforceLimitInfo(new Headers({ 'Sforce-Limit-Info': 'api-usage=18/5000; per-app-api-usage=17/250(appName=sidecar)' }))).toEqual({ dailyLimit: 5000, dailyUsed: 18, dailyRemaining: 4982 });
  });

  it('finds through one composite call and maps relationships, owner and activity', async () => {
    const { fetch, seen } = fakeFetch(() => ok({ compositeResponse: [{ body: fixture.contactQuery, httpHeaders: {}, httpStatusCode: 200, referenceId: 'q0' }, { body: { totalSize: 0, done: true, records: [] }, httpHeaders: {}, httpStatusCode: 200, referenceId: 'q1' }] }, 200, { 'Sforce-Limit-Info': 'api-usage=5/15000' }));
    const { data, rateLimit } = await client(fetch).findPeople([{ ref: 'a', linkedinUrl: 'linkedin.com/in/jane-doe-a1b2c3/' }]);
    expect(rateLimit).toEqual({ dailyLimit: 15_000, dailyUsed: 5, dailyRemaining: 14_995 });
    expect(data).toEqual([
      {
        ref: 'a',
        by: 'linkedin',
        possible: false,
        record: {
          crm: 'salesforce',
          kind: 'contact',
          id: '003SB0000000007AAA',
          name: 'Jane Doe',
          firstName: 'Jane',
          lastName: 'Doe',
          emails: ['jane.doe@acme-analytics.example'],
          phones: [{ value: '+1 415 555 0100', label: 'work' }],
          title: 'VP of Sales',
          company: 'Acme Analytics',
          companyId: '001SB0000000003AAA',
          domain: 'acme-analytics.example',
          linkedinUrl: 'https://www.linkedin.com/in/jane-doe-a1b2c3',
          owner: { id: '005SB0000000002AAA', name: 'Sam Okafor' },
          lastActivityAt: '2026-09-14',
          createdAt: '2025-03-02T10:00:00.000+0000',
          updatedAt: '2026-10-01T08:30:00.000+0000',
          url: 'https://acme.lightning.force.com/lightning/r/Contact/003SB0000000007AAA/view',
        },
      },
    ]);
    const body = JSON.parse(seen[0]?.body ?? '{}') as { compositeRequest: { url: string; referenceId: string }[] };
    expect(seen[0]?.url.pathname).toBe('/services/data/v66.0/composite');
    const lead = new URL(body.compositeRequest[1]?.url ?? '', INSTANCE).searchParams.get('q') ?? '';
    expect(lead).toMatch(/^SELECT .* FROM Lead WHERE \(LinkedIn_URL__c IN \('https:\/\/www\.linkedin\.com\/in\/jane-doe-a1b2c3', .*\)\) AND IsConverted = false LIMIT 200$/);
  });

  it('fails the find when a subrequest fails, with that subrequest’s error', async () => {
    const { fetch } = fakeFetch(() => ok({ compositeResponse: [{ body: [{ message: "No such column 'LinkedIn_URL__c' on entity 'Contact'", errorCode: 'INVALID_FIELD' }], httpHeaders: {}, httpStatusCode: 400, referenceId: 'q0' }] }));
    expect((await failure(client(fetch).findPeople([{ ref: 'a', email: 'a@b.example' }]))).data).toMatchObject({ kind: 'validation', field: 'LinkedIn_URL__c', reason: 'INVALID_FIELD' });
  });

  it('creates with the duplicate-rule header only when told, and never sends empty fields', async () => {
    const { fetch, seen } = fakeFetch(() => ok({ id: '003SB0000000099AAA', success: true, errors: [] }, 201));
    const created = await client(fetch).createPerson({ firstName: '', lastName: 'Doe', title: 'T'.repeat(200), emails: ['JANE@X.example'] }, { companyId: '001SB0000000003AAA', allowDuplicate: true });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ LastName: 'Doe', Title: 'T'.repeat(128), Email: 'jane@x.example', AccountId: '001SB0000000003AAA' });
    expect(seen[0]?.headers['Sforce-Duplicate-Rule-Header']).toBe('allowSave=true; includeRecordDetails=false; runAsCurrentUser=true');
    expect(created.data).toMatchObject({ kind: 'contact', id: '003SB0000000099AAA', companyId: '001SB0000000003AAA' });
  });

  it('updates with PATCH and reads its 204', async () => {
    const { fetch, seen } = fakeFetch((s) => (s.method === 'GET' ? ok(fixture.contactQuery) : new Response(null, { status: 204 })));
    const result = await client(fetch).updatePerson('003SB0000000007AAA', { phones: [{ value: '+1 415 555 0199', label: 'mobile' }] });
    expect(result.status).toBe(204);
    expect(result.data.written).toEqual(['mobilePhone']);
    expect(seen[1]).toMatchObject({ method: 'PATCH', body: '{"MobilePhone":"+1 415 555 0199"}' });
    expect(seen[1]?.url.pathname).toBe('/services/data/v66.0/sobjects/Contact/003SB0000000007AAA');
  });
});

describe('Salesforce errors from recorded bodies', () => {
  it.each([
    ['duplicateFull400', { kind: 'duplicate', reason: 'alert', existingIds: ['003SB0000000007AAA'] }],
    ['duplicateBare400', { kind: 'duplicate' }],
    ['limit403', { kind: 'rate-limited', reason: 'REQUEST_LIMIT_EXCEEDED', retryAt: NOW + 3_600_000 }],
    ['session401', { kind: 'bad-key', reason: 'session-expired' }],
    ['noApiScope401', { kind: 'forbidden', reason: 'missing-scope', scopes: ['api'] }],
    ['required400', { kind: 'validation', field: 'LastName', reason: 'REQUIRED_FIELD_MISSING' }],
    ['noColumn400', { kind: 'validation', field: 'LinkedIn__c', reason: 'INVALID_FIELD' }],
    ['readOnlyField400', { kind: 'forbidden', reason: 'not-writable', field: 'Name' }],
    ['noAccess403', { kind: 'forbidden', reason: 'not-writable' }],
    ['apiDisabled403', { kind: 'forbidden', reason: 'api-disabled' }],
    ['notFound404', { kind: 'not-found' }],
    ['grant400', { kind: 'bad-key', reason: 'revoked' }],
    ['client400', { kind: 'bad-key', reason: 'invalid_client_id' }],
    ['unavailable503', { kind: 'server', status: 503 }],
  ])('%s', async (name, expected) => {
    const recorded = errors[name];
    if (!recorded) throw new Error(`no case ${name}`);
    const error = await failure(client(fakeFetch(() => reply(recorded)).fetch).findCompanies([{ ref: 'a', name: 'Acme' }]));
    expect(error.data).toMatchObject(expected);
    expect(error.message).not.toMatch(/errorCode|DUPLICATES|INVALID_/);
  });
});
