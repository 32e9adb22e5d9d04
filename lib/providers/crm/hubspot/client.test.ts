/** The HubSpot client against recorded answers (tests/fixtures/api/hubspot-crm.json): requests sent, answers read. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import fixture from '../../../../tests/fixtures/api/hubspot-crm.json';
import { SidecarError } from '../../../domain/errors';
import { crmRecordSchema } from '../../../domain/crm';
import { createHubSpotClient, hubspotApiBaseUrl, parseHubSpotRateLimit, type HubSpotClientOptions } from './index';
import { packGroups, peopleFilterGroups } from './requests';

const TOKEN = 'pat-eu1-0a1b2c3d-0000-4000-8000-00000000abcd';
const BASE = 'https://api-eu1.hubapi.test';
const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);

const recordedSchema = z.object({ status: z.number(), headers: z.record(z.string(), z.string()).optional(), body: z.unknown() });
type Recorded = z.infer<typeof recordedSchema>;
const errors = z.record(z.string(), recordedSchema).parse(fixture.errors);
const errorCase = (name: string): Recorded => {
  const found = errors[name];
  if (!found) throw new Error(`no case ${name}`);
  return found;
};
const reply = (recorded: Recorded): Response =>
  new Response(typeof recorded.body === 'string' ? recorded.body : JSON.stringify(recorded.body), { status: recorded.status, headers: recorded.headers });
const ok = (body: unknown, status = 200, headers?: Record<string, string>) => new Response(JSON.stringify(body), { status, headers });

interface Seen {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that records every request and answers from `answer`. */
function fakeFetch(answer: (seen: Seen, index: number) => Response): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    fetch: async (input, init) => {
      const entry: Seen = { method: init?.method ?? 'GET', url: new URL(String(input)), headers: (init?.headers ?? {}) as Record<string, string>, body: typeof init?.body === 'string' ? init.body : undefined };
      seen.push(entry);
      return answer(entry, seen.length - 1);
    },
  };
}

const client = (fetchFn: typeof fetch, extra: Partial<HubSpotClientOptions> = {}) =>
  createHubSpotClient({ accessToken: TOKEN, baseUrl: BASE, fetch: fetchFn, now: () => NOW, uiDomain: 'app-eu1.hubspot.com', portalId: '24400002', ...extra });

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

describe('HubSpot requests', () => {
  it('picks the regional API host from the token, unless the build overrides it', () => {
    expect(hubspotApiBaseUrl('pat-eu1-abc')).toBe('https://api-eu1.hubapi.com');
    expect(hubspotApiBaseUrl('pat-na1-abc')).toBe('https://api.hubapi.com');
    expect(hubspotApiBaseUrl('pat-ap1-abc')).toBe('https://api-ap1.hubapi.com');
    expect(hubspotApiBaseUrl('CJq…opaque')).toBe('https://api.hubapi.com');
    expect(hubspotApiBaseUrl('pat-eu1-abc', 'http://127.0.0.1:8787/')).toBe('http://127.0.0.1:8787');
  });

  it('packs filter groups five to a search, IN values lower-case', () => {
    const queries = Array.from({ length: 7 }, (_, i) => ({ ref: String(i), email: `Person${i}@X.example`, firstName: `F${i}`, lastName: `L${i}` }));
    const groups = peopleFilterGroups(queries, 'hs_linkedin_url');
    expect(groups[0]).toEqual({ filters: [{ propertyName: 'email', operator: 'IN', values: queries.map((_, i) => `person${i}@x.example`) }] });
    expect(groups).toHaveLength(8);
    expect(packGroups(groups).map((g) => g.length)).toEqual([5, 3]);
  });

  it('reads both generations of rate-limit headers', () => {
    expect(parseHubSpotRateLimit(new Headers({ 'X-HubSpot-RateLimit-Max': '190', 'X-HubSpot-RateLimit-Remaining': '12', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000', 'X-HubSpot-RateLimit-Daily': '650000', 'X-HubSpot-RateLimit-Daily-Remaining': '640000' }))).toEqual({
      limit: 190,
      remaining: 12,
      intervalMs: 10_000,
      dailyLimit: 650_000,
      dailyRemaining: 640_000,
      dailyUsed: 10_000,
    });
    expect(parseHubSpotRateLimit(new Headers({ 'X-HubSpot-RateLimit-Secondly': '10', 'X-HubSpot-RateLimit-Secondly-Remaining': '9' }))).toEqual({ limit: 10, remaining: 9, intervalMs: 1000 });
    expect(parseHubSpotRateLimit(new Headers())).toEqual({});
  });
});

describe('HubSpot client with recorded answers', () => {
  it('verifies: account details, then introspection (tolerating a refusal), then the LinkedIn property', async () => {
    const { fetch, seen } = fakeFetch((s) => {
      if (s.url.pathname === '/account-info/v3/details') return ok(fixture.accountDetails);
      if (s.url.pathname === '/oauth/2026-03/token/introspect') return ok({ status: 'BAD_REQUEST', message: 'missing client credentials', category: 'BAD_REQUEST', correlationId: 'x' }, 400);
      return reply(errorCase('notFound404'));
    });
    const { data } = await client(fetch).verify();
    expect(data).toEqual({ crm: 'hubspot', accountId: '24400002', accountName: 'app-eu1.hubspot.com', apiBaseUrl: BASE, appBaseUrl: 'https://app-eu1.hubspot.com', sandbox: true, linkedinField: null });
    expect(seen.map((s) => `${s.method} ${s.url.pathname}`)).toEqual(['GET /account-info/v3/details', 'POST /oauth/2026-03/token/introspect', 'GET /crm/v3/properties/contacts/hs_linkedin_url']);
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[1]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(seen[1]?.body).get('token_type_hint')).toBe('access_token');
  });

  it('maps a contact: primary and additional emails, labelled phones, epoch-ms activity, record link', async () => {
    const { fetch, seen } = fakeFetch(() => ok(fixture.objects.contact));
    const { data } = await client(fetch).getPerson('51000007');
    expect(crmRecordSchema.parse(data)).toEqual({
      crm: 'hubspot',
      kind: 'contact',
      id: '51000007',
      name: 'Jane Doe',
      firstName: 'Jane',
      lastName: 'Doe',
      emails: ['jane.doe@acme-analytics.example', 'jane@old-job.example', 'jd@mail.example'],
      phones: [{ value: '+1 415 555 0199', label: 'mobile' }],
      title: 'VP of Sales',
      company: 'Acme Analytics',
      companyId: '9100003',
      linkedinUrl: 'https://www.linkedin.com/in/jane-doe-a1b2c3/',
      owner: { id: '7100002' },
      lastActivityAt: '2025-11-19T14:00:00.000Z',
      createdAt: '2025-03-02T10:00:00.000Z',
      updatedAt: '2026-10-01T08:30:00.000Z',
      url: 'https://app-eu1.hubspot.com/contacts/24400002/record/0-1/51000007',
    });
    const params = seen[0]?.url.searchParams;
    expect(params?.get('associations')).toBe('companies');
    expect(params?.get('properties')?.split(',')).toContain('hs_linkedin_url');
  });

  it('follows search pages and sends no `sorts` and no empty `after`', async () => {
    const { fetch, seen } = fakeFetch((_s, i) =>
      ok(i === 0 ? { total: 2, results: [fixture.objects.contact], paging: { next: { after: '200', link: '?after=200' } } } : { total: 2, results: [{ ...fixture.objects.contact, id: '51000008', properties: { ...fixture.objects.contact.properties, email: 'other@x.example' } }] }),
    );
    const { data } = await client(fetch).findPeople([{ ref: 'a', firstName: 'Jane', lastName: 'Doe', companyName: 'Acme Analytics' }]);
    expect(data.map((m) => [m.record.id, m.by])).toEqual([
      ['51000007', 'name-company'],
      ['51000008', 'name-company'],
    ]);
    const bodies = seen.map((s) => JSON.parse(s.body ?? '{}') as Record<string, unknown>);
    expect(bodies[0]).not.toHaveProperty('after');
    expect(bodies[0]).not.toHaveProperty('sorts');
    expect(bodies[1]?.after).toBe('200');
    expect(bodies[0]?.filterGroups).toEqual([{ filters: [{ propertyName: 'firstname', operator: 'EQ', value: 'Jane' }, { propertyName: 'lastname', operator: 'EQ', value: 'Doe' }] }]);
  });

  it('creates with `associations: []` when there is no company and never sends an empty property', async () => {
    const { fetch, seen } = fakeFetch(() => ok(fixture.objects.contact, 201));
    await client(fetch).createPerson({ firstName: 'Jane', lastName: ' ', title: '', emails: ['Jane.Doe@ACME-analytics.example'] });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ properties: { firstname: 'Jane', email: 'jane.doe@acme-analytics.example' }, associations: [] });
    await client(fetch).createPerson({ lastName: 'Doe' }, { companyId: '9100003' });
    expect(JSON.parse(seen[1]?.body ?? '').associations).toEqual([{ to: { id: '9100003' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }] }]);
  });

  it('refuses to create a contact with nothing to find it by, before sending', async () => {
    const { fetch, seen } = fakeFetch(() => ok({}));
    expect((await failure(client(fetch).createPerson({ title: 'VP' }))).kind).toBe('validation');
    expect(seen).toHaveLength(0);
  });

  it('a dry-run update reads and diffs but writes nothing', async () => {
    const { fetch, seen } = fakeFetch(() => ok(fixture.objects.contact));
    const { data } = await client(fetch).updatePerson('51000007', { title: 'CRO', phones: [{ value: '+1 415 555 0100', label: 'work' }] }, { dryRun: true });
    expect(data.written).toEqual([]);
    expect(data.diffs.map((d) => [d.field, d.action])).toEqual([
      ['title', 'conflict'],
      ['phone', 'fill'],
    ]);
    expect(seen.map((s) => s.method)).toEqual(['GET']);
  });
});

describe('HubSpot errors from recorded bodies', () => {
  const fail = (name: string, extra: Partial<HubSpotClientOptions> = {}) => failure(client(fakeFetch(() => reply(errorCase(name))).fetch, extra).getPerson('1'));

  it.each([
    ['duplicate409', { kind: 'duplicate', existingIds: ['37765128953'], status: 409 }],
    ['burst429', { kind: 'rate-limited', reason: 'TEN_SECONDLY_ROLLING', retryAt: NOW + 2000 }],
    ['invalidEmail400', { kind: 'validation', field: 'email', reason: 'INVALID_EMAIL' }],
    ['structured400', { kind: 'validation', field: 'jobtitle', reason: 'INVALID_STRING_LENGTH' }],
    ['readOnly400', { kind: 'forbidden', reason: 'not-writable', field: 'hs_object_id' }],
    ['missingScopes403', { kind: 'forbidden', reason: 'missing-scope', scopes: ['crm.objects.companies.write'] }],
    ['expired401', { kind: 'bad-key', reason: 'expired' }],
    ['invalid401', { kind: 'bad-key', reason: 'revoked' }],
    ['notFound404', { kind: 'not-found' }],
    ['gateway502', { kind: 'server', status: 502 }],
  ])('%s', async (name, expected) => {
    const error = await fail(name);
    expect(error.data).toMatchObject(expected);
    expect(error.data.detail).toBeDefined();
    expect(error.message).not.toMatch(/Existing ID|RATE_LIMIT|correlation/);
  });

  it('dates a DAILY 429 at the next midnight of the account’s time zone', async () => {
    const error = await fail('daily429', { utcOffsetMs: 3_600_000 });
    expect(error.data).toMatchObject({ kind: 'rate-limited', reason: 'DAILY', retryAt: Date.UTC(2026, 10, 20, 23, 0, 0) });
  });
});
