/** The Pipedrive client against recorded answers (tests/fixtures/api/pipedrive-crm.json). */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import fixture from '../../../../tests/fixtures/api/pipedrive-crm.json';
import { SidecarError } from '../../../domain/errors';
import { createPipedriveClient, parsePipedriveRateLimit, pipedriveRecordUrl, type PipedriveClientOptions } from './index';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
const BASE = 'https://acme.pipedrive.test';
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const LINKEDIN = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const DOMAIN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f98765432';

const recordedSchema = z.object({ status: z.number(), headers: z.record(z.string(), z.string()).optional(), body: z.unknown() });
type Recorded = z.infer<typeof recordedSchema>;
const errors = z.record(z.string(), recordedSchema).parse(fixture.errors);
const reply = (r: Recorded) => new Response(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), { status: r.status, headers: r.headers });
const ok = (body: unknown, headers?: Record<string, string>) => new Response(JSON.stringify(body), { status: 200, headers });

interface Seen {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}
function fakeFetch(answer: (seen: Seen) => Response) {
  const seen: Seen[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const entry: Seen = { method: init?.method ?? 'GET', url: new URL(String(input)), headers: (init?.headers ?? {}) as Record<string, string>, body: typeof init?.body === 'string' ? init.body : undefined };
    seen.push(entry);
    return answer(entry);
  };
  return { fetch: fetchFn, seen };
}
const client = (fetchFn: typeof fetch, extra: Partial<PipedriveClientOptions> = {}) =>
  createPipedriveClient({ apiToken: TOKEN, baseUrl: BASE, appBaseUrl: 'https://acme.pipedrive.com', linkedinFieldKey: LINKEDIN, domainFieldKey: DOMAIN, fetch: fetchFn, now: () => NOW, ...extra });

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

/** Answers a person or organization GET, a PATCH with the person, and searches with the recorded search. */
const routes = (s: Seen): Response => {
  if (s.url.pathname.startsWith('/api/v2/organizations/')) return ok(fixture.organization);
  if (s.url.pathname.endsWith('/search')) return ok(fixture.search);
  return ok(fixture.person);
};

describe('Pipedrive client with recorded answers', () => {
  it('sends the token as x-api-token, never in the URL, and searches with exact_match', async () => {
    const { fetch, seen } = fakeFetch(routes);
    const { data } = await client(fetch).findPeople([{ ref: 'a', email: 'Jane.Doe@ACME-analytics.example' }]);
    expect(seen[0]?.headers['x-api-token']).toBe(TOKEN);
    expect(seen[0]?.url.search).not.toContain(TOKEN);
    expect(Object.fromEntries(seen[0]?.url.searchParams ?? [])).toEqual({ term: 'jane.doe@acme-analytics.example', fields: 'email', exact_match: 'true', limit: '10' });
    expect(data).toEqual([
      {
        ref: 'a',
        by: 'email',
        possible: false,
        record: {
          crm: 'pipedrive',
          kind: 'person',
          id: '42',
          name: 'Jane Doe',
          emails: ['jane.doe@acme-analytics.example'],
          phones: [{ value: '+1 415 555 0100' }],
          company: 'Acme Analytics',
          companyId: '9',
          linkedinUrl: 'https://www.linkedin.com/in/jane-doe-a1b2c3/',
          owner: { id: '2' },
          url: 'https://acme.pipedrive.com/person/42',
        },
      },
    ]);
  });

  it('reads a person with the primary email first, phone labels, title, and its organization’s domain', async () => {
    const { fetch, seen } = fakeFetch(routes);
    const { data } = await client(fetch).getPerson('42');
    expect(data).toMatchObject({
      emails: ['jane.doe@acme-analytics.example', 'jane@home.example'],
      phones: [{ value: '+1 415 555 0100', label: 'work' }],
      title: 'VP of Sales',
      company: 'Acme Analytics',
      domain: 'acme-analytics.example',
      linkedinUrl: 'https://www.linkedin.com/in/jane-doe-a1b2c3/',
    });
    expect(seen.map((s) => s.url.pathname)).toEqual(['/api/v2/persons/42', '/api/v2/organizations/9']);
  });

  it('patches whole lists: every existing entry as it was (labels, primary), then the new ones', async () => {
    const { fetch, seen } = fakeFetch(routes);
    const result = await client(fetch).updatePerson('42', { emails: ['JANE@home.example', 'jd@new.example'], phones: [{ value: '+1 (415) 555-0100' }, { value: '+1 415 555 0199', label: 'mobile' }] });
    expect(result.data.written).toEqual(['emails', 'phones']);
    const patch = seen.find((s) => s.method === 'PATCH');
    expect(JSON.parse(patch?.body ?? '')).toEqual({
      emails: [
        { value: 'jane.doe@acme-analytics.example', primary: true, label: 'work' },
        { value: 'jane@home.example', primary: false, label: 'home' },
        { value: 'jd@new.example', primary: false, label: 'work' },
      ],
      phones: [
        { value: '+1 415 555 0100', primary: true, label: 'work' },
        { value: '+1 415 555 0199', primary: false, label: 'mobile' },
      ],
    });
  });

  it('creates with only the properties the v2 request schema lists (no job_title)', async () => {
    const { fetch, seen } = fakeFetch(routes);
    await client(fetch).createPerson({ firstName: 'Jane', lastName: 'Doe', title: 'VP of Sales', emails: ['jane@x.example'], linkedinUrl: 'linkedin.com/in/Jane-Doe/' }, { companyId: '9' });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ name: 'Jane Doe', emails: [{ value: 'jane@x.example', primary: true, label: 'work' }], org_id: 9, custom_fields: { [LINKEDIN]: 'https://www.linkedin.com/in/jane-doe' } });
    expect((await failure(client(fetch).createPerson({ emails: ['nameless@x.example'] }))).data).toMatchObject({ kind: 'validation', field: 'name' });
    expect((await failure(client(fetch).associate('42', 'acme'))).data).toMatchObject({ kind: 'validation', field: 'org_id' });
  });

  it('reads the rate-limit headers and links records', () => {
    expect(parsePipedriveRateLimit(new Headers({ 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '39', 'x-ratelimit-reset': '2', 'x-daily-requests-left': '9990' }), NOW)).toEqual({
      limit: 40,
      remaining: 39,
      intervalMs: 2000,
      resetsAt: new Date(NOW + 2000).toISOString(),
      dailyRemaining: 9990,
    });
    expect(pipedriveRecordUrl('https://acme.pipedrive.com/', 'organization', '9')).toBe('https://acme.pipedrive.com/organization/9');
  });
});

describe('Pipedrive errors from recorded bodies', () => {
  it.each([
    ['unauthorized401', { kind: 'bad-key', reason: 'revoked' }],
    ['notOpen402', { kind: 'forbidden', reason: 'account-not-open' }],
    ['forbidden403', { kind: 'forbidden', status: 403 }],
    ['cloudflare403', { kind: 'rate-limited', reason: 'cloudflare-block', retryAt: NOW + 60_000 }],
    ['burst429', { kind: 'rate-limited', reason: 'burst', retryAt: NOW + 1000 }],
    ['budget429', { kind: 'rate-limited', reason: 'daily-budget', retryAt: Date.UTC(2026, 10, 21) }],
    ['validation400', { kind: 'validation', field: 'org_id', reason: 'ERR_SCHEMA_VALIDATION_FAILED' }],
    ['notFound404', { kind: 'not-found' }],
    ['feature415', { kind: 'forbidden', reason: 'feature-disabled' }],
    ['maintenance503', { kind: 'server', status: 503 }],
  ])('%s', async (name, expected) => {
    const recorded = errors[name];
    if (!recorded) throw new Error(`no case ${name}`);
    const error = await failure(client(fakeFetch(() => reply(recorded)).fetch).getPerson('42'));
    expect(error.data).toMatchObject(expected);
    expect(error.message).not.toMatch(/Cloudflare Ray|ERR_|error_info/);
  });
});
