import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import accountUsageFixture from '../../../tests/fixtures/api/lusha-account-usage.json';
import enrichFixture from '../../../tests/fixtures/api/lusha-enrich.json';
import errorsFixture from '../../../tests/fixtures/api/lusha-errors.json';
import searchFixture from '../../../tests/fixtures/api/lusha-search-mixed.json';
import { contactLookupResultSchema, contactPreviewSchema, revealedDataSchema } from '../../domain/contact';
import { accountUsageSchema } from '../../domain/credits';
import { SidecarError } from '../../domain/errors';
import { createLushaClient, type LushaClientOptions, type LushaSearchItem } from './index';

const KEY = 'abcd1234-5678-4def-8abc-1234567890ab';
const BASE = 'https://api.lusha.test';
const NOW = Date.parse('2026-03-30T14:30:00.000Z');

const recordedSchema = z.object({
  status: z.number(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown(),
});
type Recorded = z.infer<typeof recordedSchema>;
const fixtureSchema = z.object({
  request: z.object({ method: z.string(), path: z.string(), body: z.unknown().optional() }),
  response: recordedSchema,
});

const search = fixtureSchema.parse(searchFixture);
const enrich = fixtureSchema.parse(enrichFixture);
const usage = fixtureSchema.parse(accountUsageFixture);
const errorResponses = z.record(z.string(), recordedSchema).parse(errorsFixture.responses);

function errorCase(name: string): Recorded {
  const found = errorResponses[name];
  if (!found) throw new Error(`no error fixture ${name}`);
  return found;
}

function toResponse(recorded: Recorded): Response {
  const body = typeof recorded.body === 'string' ? recorded.body : JSON.stringify(recorded.body);
  return new Response(body, { status: recorded.status, headers: recorded.headers });
}

interface Call {
  url: string;
  method: string | undefined;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | null | undefined;
}

/** A fake fetch that records each call and answers with `answer`. */
function fakeFetch(answer: Recorded | ((call: Call) => Promise<Response>)) {
  const calls: Call[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const call: Call = {
      url: input instanceof Request ? input.url : String(input),
      method: init?.method,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body,
      signal: init?.signal,
    };
    calls.push(call);
    return typeof answer === 'function' ? answer(call) : toResponse(answer);
  };
  return { calls, fetch: fetchFn };
}

function client(fetchFn: typeof fetch, extra: Partial<LushaClientOptions> = {}) {
  return createLushaClient({ apiKey: KEY, baseUrl: BASE, fetch: fetchFn, now: () => NOW, ...extra });
}

/** The rejection of `promise`, which must reject. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject');
}

/** The SidecarError `promise` rejects with; also checks the key appears nowhere in it. */
async function sidecarErrorOf(promise: Promise<unknown>): Promise<SidecarError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(SidecarError);
  const sidecar = error as SidecarError;
  expect(`${sidecar.message} ${sidecar.stack ?? ''} ${JSON.stringify(sidecar.data)}`).not.toContain(KEY);
  return sidecar;
}

const searchItems = (search.request.body as { contacts: LushaSearchItem[] }).contacts;
const enrichIds = (enrich.request.body as { ids: string[] }).ids;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('request building', () => {
  it('searchContacts POSTs { contacts } with api_key, JSON headers and nothing else', async () => {
    const fake = fakeFetch(search.response);
    await client(fake.fetch).searchContacts(searchItems);

    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls;
    expect(call?.url).toBe(`${BASE}/v3/contacts/search`);
    expect(call?.method).toBe('POST');
    expect(call?.headers.get('api_key')).toBe(KEY);
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.headers.get('accept')).toBe('application/json');
    expect(call?.headers.has('authorization')).toBe(false);
    expect(call?.body).toEqual(search.request.body);
    expect(call?.signal).toBeInstanceOf(AbortSignal);
  });

  it('sends only the known search-item keys, without undefined values', async () => {
    const fake = fakeFetch(search.response);
    const sloppy = { clientReferenceId: 'r', firstName: 'A', lastName: 'B', companyName: undefined, companyDomain: 'b.example', extra: 1 };
    await client(fake.fetch).searchContacts([sloppy as LushaSearchItem]);
    expect(fake.calls[0]?.body).toEqual({
      contacts: [{ clientReferenceId: 'r', firstName: 'A', lastName: 'B', companyDomain: 'b.example' }],
    });
  });

  it('asks for partial profiles only when told to', async () => {
    const fake = fakeFetch(search.response);
    await client(fake.fetch).searchContacts([{ clientReferenceId: 'r', id: '7' }], { includePartialProfiles: true });
    expect(fake.calls[0]?.body).toEqual({ contacts: [{ clientReferenceId: 'r', id: '7' }], options: { includePartialProfiles: true } });
  });

  it('enrichContacts POSTs { ids, reveal } exactly', async () => {
    const fake = fakeFetch(enrich.response);
    await client(fake.fetch).enrichContacts(enrichIds, ['emails', 'phones']);
    const [call] = fake.calls;
    expect(call?.url).toBe(`${BASE}/v3/contacts/enrich`);
    expect(call?.method).toBe('POST');
    expect(call?.headers.get('api_key')).toBe(KEY);
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.body).toEqual(enrich.request.body);
  });

  it('de-duplicates reveal fields', async () => {
    const fake = fakeFetch(enrich.response);
    await client(fake.fetch).enrichContacts(['1'], ['emails', 'emails']);
    expect(fake.calls[0]?.body).toEqual({ ids: ['1'], reveal: ['emails'] });
  });

  it('getAccountUsage GETs /v3/account/usage with no body', async () => {
    const fake = fakeFetch(usage.response);
    await client(fake.fetch).getAccountUsage();
    const [call] = fake.calls;
    expect(call?.url).toBe(`${BASE}/v3/account/usage`);
    expect(call?.method).toBe('GET');
    expect(call?.headers.get('api_key')).toBe(KEY);
    expect(call?.headers.get('accept')).toBe('application/json');
    expect(call?.body).toBeUndefined();
  });

  it('ignores trailing slashes on baseUrl and trims the key', async () => {
    const fake = fakeFetch(usage.response);
    await client(fake.fetch, { baseUrl: `${BASE}//`, apiKey: `  ${KEY}\n` }).getAccountUsage();
    expect(fake.calls[0]?.url).toBe(`${BASE}/v3/account/usage`);
    expect(fake.calls[0]?.headers.get('api_key')).toBe(KEY);
  });

  it('uses the global fetch when none is injected', async () => {
    const fake = fakeFetch(usage.response);
    vi.stubGlobal('fetch', fake.fetch);
    await createLushaClient({ apiKey: KEY, baseUrl: BASE }).getAccountUsage();
    expect(fake.calls).toHaveLength(1);
  });

  it.each([
    ['no contacts', 0],
    ['101 contacts', 101],
  ])('refuses to search with %s, before sending', async (_label, count) => {
    const fake = fakeFetch(search.response);
    const items: LushaSearchItem[] = Array.from({ length: count }, (_, i) => ({ clientReferenceId: `r${i}`, id: `${i}` }));
    const error = await sidecarErrorOf(client(fake.fetch).searchContacts(items));
    expect(error.kind).toBe('validation');
    expect(fake.calls).toHaveLength(0);
  });

  it('accepts exactly 100 contacts', async () => {
    const fake = fakeFetch(search.response);
    const items: LushaSearchItem[] = Array.from({ length: 100 }, (_, i) => ({ clientReferenceId: `r${i}`, id: `${i}` }));
    await client(fake.fetch).searchContacts(items);
    expect(fake.calls).toHaveLength(1);
  });

  it.each([
    ['no ids', [], ['emails']],
    ['101 ids', Array.from({ length: 101 }, (_, i) => `${i}`), ['emails']],
    ['a blank id', ['1', ' '], ['emails']],
    ['an empty reveal', ['1'], []],
    ['an unknown reveal field', ['1'], ['fax']],
  ])('refuses to enrich with %s, before sending', async (_label, ids, reveal) => {
    const fake = fakeFetch(enrich.response);
    const error = await sidecarErrorOf(client(fake.fetch).enrichContacts(ids, reveal as ('emails' | 'phones')[]));
    expect(error.kind).toBe('validation');
    expect(fake.calls).toHaveLength(0);
  });

  it('refuses a missing key (missing-key) and a key no header can carry (bad-key), before sending', async () => {
    const fake = fakeFetch(usage.response);
    expect((await sidecarErrorOf(client(fake.fetch, { apiKey: '  ' }).getAccountUsage())).kind).toBe('missing-key');
    const odd = 'clé-with-ünicode';
    const error = await rejectionOf(client(fake.fetch, { apiKey: odd }).getAccountUsage());
    expect(error).toBeInstanceOf(SidecarError);
    expect((error as SidecarError).kind).toBe('bad-key');
    expect(JSON.stringify((error as SidecarError).data)).not.toContain(odd);
    expect(fake.calls).toHaveLength(0);
  });
});

describe('searchContacts mapping', () => {
  it('maps found, NOT_FOUND, COMPLIANCE_RESTRICTED and other per-item errors to outcomes', async () => {
    const result = await client(fakeFetch(search.response).fetch).searchContacts(searchItems);

    expect(result.data).toEqual([
      {
        clientReferenceId: 'ref-1',
        status: 'found',
        preview: {
          provider: 'lusha',
          id: '4389000001',
          fullName: 'Ana Ruiz',
          firstName: 'Ana',
          lastName: 'Ruiz',
          title: 'Vice President of Partnerships',
          seniority: 'Vice President',
          departments: ['Business Development'],
          companyName: 'Northwind Analytics',
          companyDomain: 'northwind-analytics.example',
          companyId: '16300001',
          industry: 'Technology, Information & Media',
          location: 'Madrid, Spain',
          linkedinUrl: 'https://www.linkedin.com/in/ana-ruiz-4f2a1b',
          has: ['firstName', 'lastName', 'jobTitle', 'location', 'socialLinks', 'emails', 'phones'],
          canReveal: [
            { field: 'emails', credits: 1 },
            { field: 'phones', credits: 5 },
          ],
          signalTypes: ['promotion'],
        },
      },
      {
        clientReferenceId: 'ref-2',
        status: 'found',
        preview: {
          provider: 'lusha',
          id: '4389000002',
          fullName: 'José García',
          firstName: 'José',
          lastName: 'García',
          title: 'Head of Data',
          seniority: 'Director',
          departments: ['Engineering & Technical', 'Data'],
          companyName: 'Bluefin Robotics',
          companyDomain: 'bluefin-robotics.example',
          companyId: '16300002',
          industry: 'Manufacturing',
          location: 'San Francisco, California, United States',
          linkedinUrl: 'https://www.linkedin.com/in/jose-garcia-77',
          has: ['firstName', 'lastName', 'jobTitle', 'emails'],
          canReveal: [{ field: 'emails', credits: 0 }],
        },
      },
      { clientReferenceId: 'ref-3', status: 'not-found', message: 'Contact not found' },
      { clientReferenceId: 'ref-4', status: 'restricted', message: 'Contact is restricted for compliance reasons' },
      { clientReferenceId: 'ref-5', status: 'failed', message: 'ENRICH_FAILED: Enrichment failed' },
    ]);
    for (const outcome of result.data) expect(() => contactLookupResultSchema.parse(outcome)).not.toThrow();
  });

  it('returns billing, requestId and the rate-limit headers of the call', async () => {
    const result = await client(fakeFetch(search.response).fetch).searchContacts(searchItems);
    expect(result.creditsCharged).toBe(1);
    expect(result.resultsReturned).toBe(2);
    expect(result.requestId).toBe('6e4b1192-9440-42c4-9a3e-793ddef6d73c');
    expect(result.rateLimits).toEqual({
      daily: { limit: 18000, remaining: 17990, used: 10 },
      hourly: { limit: 1800, remaining: 1795, used: 5 },
      minute: { limit: 300, remaining: 299, used: 1 },
    });
  });

  it('tolerates sparse results: missing optional fields, nulls, no billing', async () => {
    const body = {
      results: [
        { id: '7', firstName: null, location: { city: 'Oslo', state: null }, company: { domain: 'WWW.Fjord.Example.' } },
        { clientReferenceId: 9, error: { code: 'NO_SCORE' } },
        { clientReferenceId: 'no-id' },
      ],
    };
    const result = await client(fakeFetch({ status: 200, body }).fetch).searchContacts([{ clientReferenceId: 'a', id: '7' }]);
    expect(result.creditsCharged).toBe(0);
    expect(result.resultsReturned).toBeUndefined();
    expect(result.requestId).toBeUndefined();
    expect(result.rateLimits).toEqual({});
    expect(result.data).toEqual([
      {
        status: 'found',
        preview: {
          provider: 'lusha',
          id: '7',
          departments: [],
          companyDomain: 'fjord.example',
          location: 'Oslo',
          has: [],
          canReveal: [],
        },
      },
      { clientReferenceId: '9', status: 'failed', message: 'NO_SCORE' },
      { clientReferenceId: 'no-id', status: 'failed', message: 'result has neither an id nor an error' },
    ]);
    const found = result.data[0];
    expect(found?.status === 'found' && contactPreviewSchema.parse(found.preview)).toBeTruthy();
  });

  it('takes the request id from x-request-id when the body has none', async () => {
    const result = await client(
      fakeFetch({ status: 200, headers: { 'X-Request-Id': 'hdr-1' }, body: { results: [] } }).fetch,
    ).searchContacts([{ clientReferenceId: 'a', id: '1' }]);
    expect(result.requestId).toBe('hdr-1');
  });
});

describe('enrichContacts mapping', () => {
  it('maps emails, phones, isEuContact and per-item errors; leaves revealedAt empty', async () => {
    const result = await client(fakeFetch(enrich.response).fetch).enrichContacts(enrichIds, ['emails', 'phones']);

    expect(result.creditsCharged).toBe(7);
    expect(result.resultsReturned).toBe(2);
    expect(result.requestId).toBe('71581363-f73d-46e1-9115-ecbd771b964b');
    expect(result.rateLimits).toEqual({ minute: { limit: 300, remaining: 298, used: 2 } });
    expect(result.data).toEqual([
      {
        id: '4389000001',
        status: 'revealed',
        revealed: {
          provider: 'lusha',
          id: '4389000001',
          emails: [
            { email: 'ana.ruiz@northwind-analytics.example', type: 'work', confidence: 'A+', updatedAt: '2026-04-23' },
            { email: 'ana.ruiz.home@mail.example', type: 'private', updatedAt: '2026-02-11' },
          ],
          phones: [
            { number: '+34 600 123 456', type: 'mobile', doNotCall: true, updatedAt: '2026-04-23' },
            { number: '+34 910 000 111', type: 'direct', doNotCall: false },
          ],
          isEuContact: true,
          revealedAt: {},
        },
        preview: {
          provider: 'lusha',
          id: '4389000001',
          fullName: 'Ana Ruiz',
          firstName: 'Ana',
          lastName: 'Ruiz',
          title: 'Vice President of Partnerships',
          seniority: 'Vice President',
          departments: ['Business Development'],
          companyName: 'Northwind Analytics',
          companyDomain: 'northwind-analytics.example',
          companyId: '16300001',
          industry: 'Technology, Information & Media',
          location: 'Madrid, Community of Madrid, Spain',
          linkedinUrl: 'https://www.linkedin.com/in/ana-ruiz-4f2a1b',
          has: [],
          canReveal: [],
        },
      },
      {
        id: '4389000003',
        status: 'revealed',
        revealed: { provider: 'lusha', id: '4389000003', emails: [], phones: [], isEuContact: true, revealedAt: {} },
        preview: {
          provider: 'lusha',
          id: '4389000003',
          fullName: 'Łukasz Kowalski',
          firstName: 'Łukasz',
          lastName: 'Kowalski',
          departments: [],
          location: 'Kraków, Poland',
          has: [],
          canReveal: [],
        },
      },
      { id: '4389000099', status: 'not-found', message: 'Contact not found' },
    ]);
    for (const outcome of result.data) {
      if (outcome.status !== 'revealed') continue;
      expect(revealedDataSchema.parse(outcome.revealed)).toEqual(outcome.revealed);
      expect(contactPreviewSchema.parse(outcome.preview)).toEqual(outcome.preview);
    }
  });

  it('sets only the requested fields (plus unrequested ones Lusha sent non-empty)', async () => {
    const body = {
      results: [
        { id: '1', emails: [{ email: 'a@x.example' }], phones: [] },
        { id: '2', emails: [], phones: [{ number: 4915112345 }] },
      ],
    };
    const result = await client(fakeFetch({ status: 200, body }).fetch).enrichContacts(['1', '2'], ['emails']);
    const revealed = result.data.map((o) => (o.status === 'revealed' ? o.revealed : undefined));
    expect(revealed[0]).toEqual({ provider: 'lusha', id: '1', emails: [{ email: 'a@x.example' }], revealedAt: {} });
    expect(revealed[1]).toEqual({
      provider: 'lusha',
      id: '2',
      emails: [],
      phones: [{ number: '4915112345', doNotCall: false }],
      revealedAt: {},
    });
  });

  it('falls back to the requested id at the same position when a result has none', async () => {
    const body = { results: [{ error: { code: 'COMPLIANCE_RESTRICTED', message: 'Restricted' } }, { emails: [] }] };
    const result = await client(fakeFetch({ status: 200, body }).fetch).enrichContacts(['a', 'b'], ['emails']);
    expect(result.data).toEqual([
      { id: 'a', status: 'restricted', message: 'Restricted' },
      { id: 'b', status: 'revealed', revealed: { provider: 'lusha', id: 'b', emails: [], revealedAt: {} }, preview: expect.anything() },
    ]);
  });
});

describe('getAccountUsage mapping', () => {
  it('maps credits, plan, windows (nulls skipped) and pricing; stamps fetchedAt', async () => {
    const result = await client(fakeFetch(usage.response).fetch).getAccountUsage();
    expect(result.data).toEqual({
      provider: 'lusha',
      credits: { total: 10000, used: 1500, remaining: 8500 },
      plan: 'professional',
      planDetails: { category: 'professional', renewalType: 'annual', startDate: '2026-01-01T00:00:00.000Z', endDate: '2027-01-01T00:00:00.000Z' },
      rateLimits: {
        daily: { limit: 5000, used: 120, remaining: 4880, resetsAt: '2026-03-31T00:00:00.000Z' },
        hourly: { limit: 600, used: 20, remaining: 580, resetsAt: '2026-03-30T15:00:00.000Z' },
      },
      pricing: {
        revealEmail: { credits: 1, perQuantity: 1 },
        revealPhone: { credits: 5, perQuantity: 1 },
        contactSearch: { credits: 1, perQuantity: 25 },
      },
      fetchedAt: NOW,
    });
    expect(accountUsageSchema.parse(result.data)).toEqual(result.data);
    expect(result.creditsCharged).toBe(0);
    // RateLimit-Policy "5;w=60" files the RateLimit-* window under minute.
    expect(result.rateLimits).toEqual({
      minute: { limit: 5, remaining: 4, resetsAt: new Date(NOW + 60_000).toISOString() },
    });
  });

  it('derives a missing credit figure and repairs odd pricing entries', async () => {
    const body = {
      credits: { total: 100, used: 40 },
      pricing: { a: { credits: 2 }, b: { credits: 1, perQuantity: 0 }, c: { perQuantity: 5 } },
    };
    const result = await client(fakeFetch({ status: 200, body }).fetch).getAccountUsage();
    expect(result.data.credits).toEqual({ total: 100, used: 40, remaining: 60 });
    expect(result.data.pricing).toEqual({ a: { credits: 2, perQuantity: 1 }, b: { credits: 1, perQuantity: 1 } });
    expect(result.data.rateLimits).toEqual({});
    expect(result.data.plan).toBeUndefined();
  });

  it('rejects the V2 {usage} shape instead of reporting 0 credits', async () => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase('v2UsageShape200')).fetch).getAccountUsage());
    expect(error.kind).toBe('unexpected-response');
    expect(error.data.detail).toMatch(/^credits: .*expected object/);
  });
});

describe('HTTP errors', () => {
  it.each([
    ['validation400', 'validation', 400, 'contacts.0.property foo should not exist; contacts.1.email must be an email'],
    ['validation400Errors', 'validation', 400, 'Invalid request parameters; ids must contain at least 1 elements'],
    ['badKeyFormat400', 'bad-key', 400, 'Invalid API key format'],
    ['badKey401', 'bad-key', 401, 'Invalid API key'],
    ['missingKey401', 'missing-key', 401, 'missing Authorization header'],
    ['outOfCredits402', 'out-of-credits', 402, 'Insufficient credits for this operation'],
    ['notFound404', 'not-found', 404, 'Resource not found'],
    ['gdpr451', 'gdpr-blocked', 451, 'due to our GDPR regulations'],
    ['server500', 'server', 500, 'Internal server error'],
    ['badGateway502Html', 'server', 502, '502 Bad Gateway'],
  ])('%s → %s', async (name, kind, status, detail) => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase(name)).fetch).searchContacts(searchItems));
    expect(error.kind).toBe(kind);
    expect(error.data.status).toBe(status);
    expect(error.data.detail).toContain(detail);
    expect(error.message).not.toContain(detail); // our words on screen, theirs in detail
    expect(error.message.length).toBeGreaterThan(10);
  });

  it.each([
    ['inactive403', 'inactive-account'],
    ['v3NotEnabled403', 'v3-not-enabled'],
    ['planFeature403', 'plan-lacks-feature'],
    ['other403', 'other'],
  ])('%s → forbidden / %s', async (name, reason) => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase(name)).fetch).getAccountUsage());
    expect(error.kind).toBe('forbidden');
    expect(error.data.status).toBe(403);
    expect(error.data.reason).toBe(reason);
  });

  it('429 with an exhausted minute window: reason minute, retryAt from RateLimit-Reset', async () => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase('rateLimitedMinute429')).fetch).searchContacts(searchItems));
    expect(error.kind).toBe('rate-limited');
    expect(error.data.status).toBe(429);
    expect(error.data.reason).toBe('minute');
    expect(error.data.retryAt).toBe(NOW + 42_000);
  });

  it('429 with an exhausted daily window: reason daily, retryAt from X-RateLimit-Reset-Daily', async () => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase('rateLimitedDaily429')).fetch).searchContacts(searchItems));
    expect(error.data.reason).toBe('daily');
    expect(error.data.retryAt).toBe(NOW + 3_600_000);
    expect(error.data.detail).toContain('Daily API quota limit exceeded');
  });

  it('429 without headers: no reason, retryAt now + 1 s', async () => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase('rateLimitedBare429')).fetch).searchContacts(searchItems));
    expect(error.kind).toBe('rate-limited');
    expect(error.data.reason).toBeUndefined();
    expect(error.data.retryAt).toBe(NOW + 1000);
  });

  it('429 honours Retry-After and a resetsAt date', async () => {
    const withRetryAfter = { status: 429, headers: { 'Retry-After': '7' }, body: { statusCode: 429, message: 'Too many' } };
    expect((await sidecarErrorOf(client(fakeFetch(withRetryAfter).fetch).getAccountUsage())).data.retryAt).toBe(NOW + 7000);
    const hourly = {
      status: 429,
      headers: { 'x-hourly-requests-left': '0', 'X-RateLimit-Reset-Hour': '2026-03-30T15:00:00Z' },
      body: { statusCode: 429, message: ['Hourly API rate limit exceeded.'] },
    };
    const error = await sidecarErrorOf(client(fakeFetch(hourly).fetch).getAccountUsage());
    expect(error.data.reason).toBe('hourly');
    expect(error.data.retryAt).toBe(Date.parse('2026-03-30T15:00:00Z'));
  });

  it('429 falls back to "Reset in N seconds" in the message', async () => {
    const body = { statusCode: 429, message: 'Hourly API rate limit exceeded. Limit: 150 calls per hour. Reset in 90 seconds' };
    const error = await sidecarErrorOf(client(fakeFetch({ status: 429, body }).fetch).getAccountUsage());
    expect(error.data.retryAt).toBe(NOW + 90_000);
  });

  it('maps 499 to timeout, 503 with an empty body to server and an odd 4xx to unexpected-response', async () => {
    const c = (recorded: Recorded) => client(fakeFetch(recorded).fetch).getAccountUsage();
    expect((await sidecarErrorOf(c({ status: 499, body: '' }))).kind).toBe('timeout');
    const empty = await sidecarErrorOf(c({ status: 503, body: '' }));
    expect(empty.kind).toBe('server');
    expect(empty.data.detail).toBe('HTTP 503 with an empty body');
    expect((await sidecarErrorOf(c({ status: 418, body: { message: 'teapot' } }))).kind).toBe('unexpected-response');
    expect((await sidecarErrorOf(c({ status: 422, body: { message: 'invalid email format' } }))).kind).toBe('validation');
  });
});

describe('unreadable responses', () => {
  it('an HTML page with 200 → unexpected-response', async () => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase('htmlPage200')).fetch).searchContacts(searchItems));
    expect(error.kind).toBe('unexpected-response');
    expect(error.data.status).toBe(200);
    expect(error.data.detail).toMatch(/^expected JSON, got an HTML page: <!DOCTYPE html>/);
  });

  it('truncated JSON → unexpected-response', async () => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase('truncatedJson200')).fetch).searchContacts(searchItems));
    expect(error.kind).toBe('unexpected-response');
    expect(error.data.detail).toMatch(/^expected JSON, got invalid JSON: \{"requestId"/);
  });

  it('a wrong shape → unexpected-response naming the failing path', async () => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase('wrongShape200')).fetch).searchContacts(searchItems));
    expect(error.kind).toBe('unexpected-response');
    expect(error.data.detail).toMatch(/^results\.0\.canReveal\.0\.credits: .*expected number/);
  });

  it('a body without results → unexpected-response', async () => {
    const error = await sidecarErrorOf(client(fakeFetch({ status: 200, body: {} }).fetch).enrichContacts(['1'], ['emails']));
    expect(error.data.detail).toMatch(/^results: .*expected array/);
  });
});

describe('transport failures', () => {
  it('times out when fetch never settles, even if it ignores the signal', async () => {
    const never: typeof fetch = () => new Promise<Response>(() => undefined);
    const started = Date.now();
    const error = await sidecarErrorOf(client(never, { timeoutMs: 30 }).searchContacts(searchItems));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('aborts the fetch signal on timeout', async () => {
    let seen: AbortSignal | undefined;
    const listening: typeof fetch = (_input, init) =>
      new Promise<Response>((_, reject) => {
        seen = init?.signal ?? undefined;
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
      });
    const error = await sidecarErrorOf(client(listening, { timeoutMs: 20 }).getAccountUsage());
    expect(error.kind).toBe('timeout');
    expect(seen?.aborted).toBe(true);
  });

  it('times out while the body is still streaming', async () => {
    const stalled: typeof fetch = async () =>
      new Response(new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"res')) }), {
        status: 200,
      });
    const error = await sidecarErrorOf(client(stalled, { timeoutMs: 30 }).getAccountUsage());
    expect(error.kind).toBe('timeout');
  });

  it('a TimeoutError from the fetch itself is a timeout too', async () => {
    const timingOut: typeof fetch = () => Promise.reject(new DOMException('The operation timed out.', 'TimeoutError'));
    expect((await sidecarErrorOf(client(timingOut).getAccountUsage())).kind).toBe('timeout');
  });

  it('a fetch rejection → network, with the cause in detail', async () => {
    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const error = await sidecarErrorOf(client(offline).enrichContacts(['1'], ['phones']));
    expect(error.kind).toBe('network');
    expect(error.data.detail).toBe('TypeError: Failed to fetch');
  });

  it("rethrows the caller's AbortError on abort (not a SidecarError)", async () => {
    const controller = new AbortController();
    const hanging: typeof fetch = () => new Promise<Response>(() => undefined);
    const pending = client(hanging).searchContacts(searchItems, { signal: controller.signal });
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).not.toBeInstanceOf(SidecarError);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('an already-aborted signal rejects without sending', async () => {
    const fake = fakeFetch(usage.response);
    const error = await rejectionOf(client(fake.fetch).getAccountUsage({ signal: AbortSignal.abort() }));
    expect((error as DOMException).name).toBe('AbortError');
    expect(fake.calls).toHaveLength(0);
  });

  it('a caller signal that is never aborted changes nothing', async () => {
    const result = await client(fakeFetch(usage.response).fetch).getAccountUsage({ signal: new AbortController().signal });
    expect(result.data.credits.remaining).toBe(8500);
  });
});

describe('the API key never leaks', () => {
  it('is scrubbed from vendor messages that echo it', async () => {
    const echo = { status: 400, body: { statusCode: 400, message: `api_key ${KEY} is not valid here` } };
    const error = await sidecarErrorOf(client(fakeFetch(echo).fetch).searchContacts(searchItems));
    expect(error.data.detail).toBe('api_key [api key] is not valid here');
  });

  it('is scrubbed from HTML excerpts and network errors', async () => {
    const html = { status: 200, body: `<html>your key: ${KEY}</html>` };
    expect((await sidecarErrorOf(client(fakeFetch(html).fetch).getAccountUsage())).data.detail).toContain('[api key]');
    const leaky: typeof fetch = () => Promise.reject(new TypeError(`invalid header value "${KEY}"`));
    expect((await sidecarErrorOf(client(leaky).getAccountUsage())).data.detail).toContain('[api key]');
  });

  it('appears in no error of any fixture', async () => {
    for (const [name, recorded] of Object.entries(errorResponses)) {
      if (recorded.status === 200 && name === 'v2UsageShape200') continue;
      await sidecarErrorOf(client(fakeFetch(recorded).fetch).searchContacts(searchItems));
    }
  });
});
