/**
 * The sandbox server end to end over HTTP: auth, validation, search/enrich/usage, billing, rate limits, state,
 * pages, and the dataset's determinism and proportions. The clock is injected, so nothing sleeps.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS } from './accounts';
import {
  companyOf,
  DEFAULT_DATASET,
  FEATURED,
  findPersonById,
  findPersonBySlug,
  generateDataset,
  linkedinUrlOf,
} from './dataset';
import type { SandboxPerson } from './dataset-types';
import { RequestLog } from './http';
import { startSandbox, type Sandbox, type SandboxState } from './server';

// ---------------------------------------------------------------------------------------------------------------
// Harness

interface ItemError {
  code: string;
  message: string;
}
interface SearchResult {
  clientReferenceId?: string;
  id?: string;
  firstName?: string;
  lastName?: string;
  company?: { id: string; name: string; domain: string; industry: string };
  location?: { country: string; state?: string; city: string };
  socialLinks?: { linkedin: string };
  has?: string[];
  canReveal?: { field: string; credits: number }[];
  signalTypes?: string[];
  error?: ItemError;
}
interface EnrichResult {
  id: string;
  fullName?: string;
  emails?: { email: string; type: string }[];
  phones?: { number: string; doNotCall: boolean }[];
  location?: { countryIso2: string; continent: string; isEuContact: boolean };
  error?: ItemError;
}
interface Billing {
  creditsCharged: number;
  resultsReturned: number;
}
interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
}
type ErrorBody = { statusCode: number; message?: string; errors?: string[]; error?: string; error_description?: string };

let sandbox: Sandbox;
let clock = Date.UTC(2026, 2, 10, 9, 0, 0);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  clock += 3_600_000; // a fresh hour (and minute) per test
  sandbox.reset();
});

async function api<T>(path: string, options: { key?: string | null; body?: unknown; method?: string; raw?: string } = {}): Promise<Reply<T>> {
  const key = options.key === undefined ? SANDBOX_KEYS.valid : options.key;
  const method = options.method ?? (options.body === undefined && options.raw === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['api_key'] = key;
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    ...(method === 'GET' ? {} : { body: options.raw ?? JSON.stringify(options.body ?? {}) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text) as T };
}

const search = (body: unknown, key?: string) =>
  api<{ requestId: string; results: SearchResult[]; billing: Billing } & ErrorBody>('/v3/contacts/search', { body, ...(key ? { key } : {}) });
const enrich = (body: unknown, key?: string) =>
  api<{ results: EnrichResult[]; billing: Billing } & ErrorBody>('/v3/contacts/enrich', { body, ...(key ? { key } : {}) });
const usage = (key?: string) =>
  api<{ credits: { total: number; used: number; remaining: number }; rateLimits: Record<string, { limit: number; used: number; remaining: number; resetsAt: string }>; plan: { category: string }; pricing: Record<string, { credits: number; perQuantity: number }> } & ErrorBody>(
    '/v3/account/usage',
    key ? { key } : {},
  );
const state = async (): Promise<SandboxState> => (await api<SandboxState>('/__sandbox/state', { key: null })).body;

function featured(slug: string): SandboxPerson {
  const person = findPersonBySlug(slug);
  if (!person) throw new Error(`no featured person ${slug}`);
  return person;
}

const NON_ASCII = /[^\x20-\x7e]/;

/** People search can return (not restricted, not partial), in dataset order. */
const searchable = DEFAULT_DATASET.people.filter((p) => !p.restricted && (p.emails.length > 0 || p.phones.length > 0));

// ---------------------------------------------------------------------------------------------------------------
// Dataset

describe('dataset', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(generateDataset(42)).toEqual(DEFAULT_DATASET);
    expect(generateDataset()).toEqual(DEFAULT_DATASET);
    expect(generateDataset(7).people.map((p) => p.linkedinSlug)).not.toEqual(DEFAULT_DATASET.people.map((p) => p.linkedinSlug));
  });

  it('has 50 companies under .example and at least 500 people, 10–14 per company, with unique ids, slugs and emails', () => {
    const { companies, people } = DEFAULT_DATASET;
    expect(companies).toHaveLength(50);
    expect(people.length).toBeGreaterThanOrEqual(500);
    for (const company of companies) {
      expect(company.domain).toMatch(/^[a-z0-9-]+\.example$/);
      expect([company.domain, `www.${company.domain}`]).toContain(company.apiDomain);
      const staff = people.filter((p) => p.companyId === company.id).length;
      expect(staff).toBeGreaterThanOrEqual(10);
      expect(staff).toBeLessThanOrEqual(14);
    }
    const www = companies.filter((c) => c.apiDomain.startsWith('www.')).length;
    expect(www).toBeGreaterThanOrEqual(20);
    expect(www).toBeLessThanOrEqual(30);
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.linkedinSlug)).size).toBe(people.length);
    const emails = people.flatMap((p) => p.emails.map((e) => e.email));
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+\.example$/);
    for (const person of people) {
      expect(person.id).toMatch(/^\d{10}$/);
      expect(person.linkedinSlug).toBe(person.linkedinSlug.toLowerCase());
      for (const phone of person.phones) expect(phone.number).toMatch(/^\+\d/);
    }
  });

  it('has the promised proportions of missing data, compliance flags, EU contacts and honorifics', () => {
    const people = DEFAULT_DATASET.people;
    const share = (test: (p: SandboxPerson) => boolean) => people.filter(test).length / people.length;
    expect(share((p) => p.emails.length === 0)).toBeCloseTo(0.15, 1);
    expect(share((p) => p.phones.length === 0)).toBeCloseTo(0.35, 1);
    expect(share((p) => p.phones.some((ph) => ph.doNotCall))).toBeCloseTo(0.05, 1);
    expect(share((p) => p.restricted)).toBeCloseTo(0.03, 2);
    expect(share((p) => p.gdprBlocked)).toBeCloseTo(0.02, 2);
    expect(people.filter((p) => p.restricted && p.gdprBlocked)).toEqual([]);
    expect(share((p) => p.location.isEuContact)).toBeCloseTo(0.25, 1);
    expect(share((p) => p.displayName !== `${p.firstName} ${p.lastName}`)).toBeCloseTo(0.05, 1);
    expect(people.some((p) => NON_ASCII.test(p.firstName + p.lastName))).toBe(true);
    expect(people.some((p) => NON_ASCII.test(p.linkedinSlug))).toBe(true);
    const euCountries = new Set(people.filter((p) => p.location.isEuContact).map((p) => p.location.countryIso2));
    expect([...euCountries].every((c) => ['DE', 'FR', 'ES', 'PL', 'NL', 'IT', 'SE', 'DK', 'IE', 'PT', 'CZ'].includes(c))).toBe(true);
  });

  it('features people that match their labels', () => {
    const full = featured(FEATURED.withEmailAndPhone);
    expect(full.emails.length).toBeGreaterThan(0);
    expect(full.phones.length).toBeGreaterThan(0);
    expect(full.restricted || full.gdprBlocked).toBe(false);
    expect(featured(FEATURED.noEmail).emails).toEqual([]);
    expect(featured(FEATURED.noEmail).phones.length).toBeGreaterThan(0);
    expect(featured(FEATURED.restricted).restricted).toBe(true);
    expect(featured(FEATURED.gdpr).gdprBlocked).toBe(true);
    expect(featured(FEATURED.eu).location.isEuContact).toBe(true);
    expect(NON_ASCII.test(FEATURED.nonAsciiSlug)).toBe(true);
  });

  it('finds people by slug regardless of case and percent-encoding', () => {
    const person = featured(FEATURED.nonAsciiSlug);
    expect(findPersonBySlug(encodeURIComponent(person.linkedinSlug).toUpperCase())?.id).toBe(person.id);
    expect(findPersonBySlug('no-such-person-000000')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Auth and routing

describe('auth and routing', () => {
  const body = { contacts: [{ id: featured(FEATURED.withEmailAndPhone).id }] };

  it('answers a missing key with 401 invalid_request', async () => {
    const reply = await api<ErrorBody>('/v3/contacts/search', { key: null, body });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ statusCode: 401, error: 'invalid_request', error_description: 'missing Authorization header' });
  });

  it('answers a non-UUID key with 400 and an unknown UUID with 401', async () => {
    const malformed = await api<ErrorBody>('/v3/contacts/search', { key: 'not-a-key', body });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ statusCode: 400, message: 'Invalid API key format' });
    const unknown = await api<ErrorBody>('/v3/account/usage', { key: '99999999-9999-4999-8999-999999999999' });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ statusCode: 401, message: 'Invalid API key' });
  });

  it('answers 403 for a key without V3 and for an inactive account', async () => {
    const disabled = await search(body, SANDBOX_KEYS.v3Disabled);
    expect(disabled.status).toBe(403);
    expect(disabled.body).toEqual({ statusCode: 403, message: 'V3 API access is not enabled for your account' });
    const inactive = await enrich({ ids: ['4389000001'] }, SANDBOX_KEYS.inactive);
    expect(inactive.status).toBe(403);
    expect(inactive.body).toEqual({ statusCode: 403, message: 'Your account is not active. Please contact support.' });
    expect((await state()).lusha.accounts.inactive.creditsUsed).toBe(0);
  });

  it('answers unknown /v3 paths with a NestJS-style 404', async () => {
    const reply = await api<ErrorBody>('/v3/xyz', { body: {} });
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ statusCode: 404, message: 'Cannot POST /v3/xyz' });
    expect((await api<ErrorBody>('/v3/contacts/search')).body.message).toBe('Cannot GET /v3/contacts/search');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Validation

describe('request validation', () => {
  const id = featured(FEATURED.withEmailAndPhone).id;

  it('rejects unknown properties at any depth, naming them', async () => {
    const reply = await search({ contacts: [{ id, foo: 1 }], options: { includePartialProfiles: true, deep: 1 }, bar: true });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe('Invalid request parameters');
    expect(reply.body.errors).toEqual(
      expect.arrayContaining(['property bar should not exist', 'contacts.0.property foo should not exist', 'options.property deep should not exist']),
    );
    const enrichReply = await enrich({ ids: [id], revealEmails: true });
    expect(enrichReply.status).toBe(400);
    expect(enrichReply.body.errors).toEqual(['property revealEmails should not exist']);
  });

  it('enforces 1..100 contacts and exactly one identifier per contact', async () => {
    expect((await search({ contacts: [] })).body.errors).toEqual(['contacts must contain at least 1 elements']);
    const tooMany = Array.from({ length: 101 }, () => ({ id }));
    expect((await search({ contacts: tooMany })).body.errors).toEqual(['contacts must contain no more than 100 elements']);
    expect((await search({})).body.errors).toEqual(['contacts must be an array']);
    const mixed = await search({ contacts: [{ id, email: 'a@b.example' }, { clientReferenceId: 'x' }, { firstName: 'Ana', lastName: 'Ruiz' }] });
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors).toHaveLength(3);
    expect(mixed.body.errors?.[0]).toMatch(/^contacts\.0 must have exactly one identifier/);
    expect(mixed.body.errors?.[1]).toMatch(/^contacts\.1 must have exactly one identifier/);
    expect(mixed.body.errors?.[2]).toMatch(/^contacts\.2 .*companyName or companyDomain/);
  });

  it('checks field types, email format and the signals block', async () => {
    const reply = await search({ contacts: [{ email: 'not-an-email' }, { id: 42 }], signals: { types: ['hiring'], maxResultsPerSignal: 0 } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual(
      expect.arrayContaining([
        'contacts.0.email must be an email',
        'contacts.1.id must be a string',
        'each value in signals.types must be one of the following values: allSignals, promotion, companyChange',
        'signals.maxResultsPerSignal must not be less than 1',
      ]),
    );
    const badEnrich = await enrich({ ids: [id], reveal: ['emails', 'fax'], waterfallEnabled: 'no' });
    expect(badEnrich.body.errors).toEqual(
      expect.arrayContaining(['each value in reveal must be one of the following values: emails, phones', 'waterfallEnabled must be a boolean value']),
    );
    expect((await enrich({})).body.errors).toEqual(['ids must be an array']);
  });

  it('answers malformed JSON with 400 and charges nothing', async () => {
    const reply = await api<ErrorBody>('/v3/contacts/enrich', { raw: '{"ids": [' });
    expect(reply.status).toBe(400);
    expect(reply.body.statusCode).toBe(400);
    expect((await state()).lusha.creditsUsed).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Search

describe('POST /v3/contacts/search', () => {
  it('finds by LinkedIn URL, email, name + company and id, echoing clientReferenceId', async () => {
    const person = featured(FEATURED.withEmailAndPhone);
    const company = companyOf(person);
    const reply = await search({
      contacts: [
        { clientReferenceId: 'by-url', linkedinUrl: linkedinUrlOf(person) },
        { clientReferenceId: 'by-email', email: person.emails[0]?.email.toUpperCase() },
        { clientReferenceId: 'by-name', firstName: person.firstName, lastName: person.lastName, companyName: company.name },
        { clientReferenceId: 'by-domain', firstName: person.firstName.toLowerCase(), lastName: person.lastName, companyDomain: `https://www.${company.domain}/` },
        { clientReferenceId: 'by-id', id: person.id },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.results.map((r) => [r.clientReferenceId, r.id])).toEqual(
      ['by-url', 'by-email', 'by-name', 'by-domain', 'by-id'].map((ref) => [ref, person.id]),
    );
    expect(reply.body.results[0]).toEqual({
      clientReferenceId: 'by-url',
      id: person.id,
      firstName: person.firstName,
      lastName: person.lastName,
      jobTitle: { title: person.title, departments: person.departments, seniority: person.seniority },
      company: { id: company.id, name: company.name, domain: company.apiDomain, industry: company.industry },
      location: { country: person.location.country, ...(person.location.state ? { state: person.location.state } : {}), city: person.location.city },
      socialLinks: { linkedin: linkedinUrlOf(person) },
      has: ['firstName', 'lastName', 'jobTitle', 'location', 'socialLinks', 'emails', 'phones'],
      canReveal: [
        { field: 'emails', credits: 1 },
        { field: 'phones', credits: 5 },
      ],
    });
    expect(reply.body.billing).toEqual({ creditsCharged: 0, resultsReturned: 5 });
    expect(reply.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('matches LinkedIn URLs leniently: host, scheme, case, trailing slash, query, extra path, percent-encoding', async () => {
    const person = featured(FEATURED.withEmailAndPhone);
    const slug = person.linkedinSlug;
    const variants = [
      `https://www.linkedin.com/in/${slug}/`,
      `http://linkedin.com/in/${slug.toUpperCase()}`,
      `https://de.linkedin.com/in/${slug}?originalSubdomain=de`,
      `www.linkedin.com/in/${slug}/#about`,
      `https://www.linkedin.com/in/${slug}/details/experience/`,
    ];
    const unicode = featured(FEATURED.nonAsciiSlug);
    const unicodeVariants = [`https://www.linkedin.com/in/${unicode.linkedinSlug}`, `https://www.linkedin.com/in/${encodeURIComponent(unicode.linkedinSlug).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}/`];
    const reply = await search({ contacts: [...variants, ...unicodeVariants].map((linkedinUrl) => ({ linkedinUrl })) });
    expect(reply.body.results.map((r) => r.id)).toEqual([...variants.map(() => person.id), ...unicodeVariants.map(() => unicode.id)]);
    const misses = await search({ contacts: [{ linkedinUrl: `https://www.notlinkedin.com/in/${slug}` }, { linkedinUrl: `https://www.linkedin.com/company/${slug}` }] });
    expect(misses.body.results.map((r) => r.error?.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
  });

  it('reports NOT_FOUND and COMPLIANCE_RESTRICTED per item inside a 200', async () => {
    const restricted = featured(FEATURED.restricted);
    const reply = await search({
      contacts: [
        { clientReferenceId: 'ghost', email: 'nobody@nowhere.example' },
        { clientReferenceId: 'blocked', linkedinUrl: linkedinUrlOf(restricted) },
        { clientReferenceId: 'ok', id: featured(FEATURED.eu).id },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.results[0]).toEqual({ clientReferenceId: 'ghost', error: { code: 'NOT_FOUND', message: 'Contact not found' } });
    expect(reply.body.results[1]).toMatchObject({ clientReferenceId: 'blocked', error: { code: 'COMPLIANCE_RESTRICTED' } });
    expect(reply.body.results[1]?.id).toBeUndefined();
    expect(reply.body.results[2]?.id).toBe(featured(FEATURED.eu).id);
    expect(reply.body.billing.resultsReturned).toBe(1);
  });

  it('lists only the data a person has in has/canReveal', async () => {
    const reply = await search({ contacts: [{ linkedinUrl: linkedinUrlOf(featured(FEATURED.noEmail)) }, { linkedinUrl: linkedinUrlOf(featured(FEATURED.noPhone)) }] });
    const [noEmail, noPhone] = reply.body.results;
    expect(noEmail?.has).toContain('phones');
    expect(noEmail?.has).not.toContain('emails');
    expect(noEmail?.canReveal).toEqual([{ field: 'phones', credits: 5 }]);
    expect(noPhone?.has).not.toContain('phones');
    expect(noPhone?.canReveal).toEqual([{ field: 'emails', credits: 1 }]);
  });

  it('returns partial profiles (no email, no phone) only with includePartialProfiles', async () => {
    const partial = DEFAULT_DATASET.people.find((p) => !p.restricted && p.emails.length === 0 && p.phones.length === 0);
    expect(partial).toBeDefined();
    const contacts = [{ id: partial?.id }];
    expect((await search({ contacts })).body.results[0]?.error?.code).toBe('NOT_FOUND');
    const withPartial = await search({ contacts, options: { includePartialProfiles: true } });
    expect(withPartial.body.results[0]).toMatchObject({ id: partial?.id, canReveal: [] });
  });

  it('narrows to contacts with the requested signals and reports signalTypes', async () => {
    const promoted = searchable.find((p) => p.id.endsWith('3'));
    const quiet = searchable.find((p) => p.id.endsWith('1'));
    const reply = await search({ contacts: [{ id: promoted?.id }, { id: quiet?.id }], signals: { types: ['promotion'], startDate: '2025-01-01' } });
    expect(reply.body.results[0]).toMatchObject({ id: promoted?.id, signalTypes: ['promotion'] });
    expect(reply.body.results[1]?.error?.code).toBe('NOT_FOUND');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Enrich and billing

describe('POST /v3/contacts/enrich and billing', () => {
  it('charges 1 per email and 5 per phone, 0 on repeat, and canReveal drops to 0', async () => {
    const person = featured(FEATURED.withEmailAndPhone);
    const email = await enrich({ ids: [person.id], reveal: ['emails'] });
    expect(email.status).toBe(200);
    expect(email.body.billing).toEqual({ creditsCharged: 1, resultsReturned: 1 });
    expect(email.body.results[0]?.emails?.[0]?.email).toBe(person.emails[0]?.email);
    expect(email.body.results[0]?.phones).toBeUndefined();

    const preview = await search({ contacts: [{ id: person.id }] });
    expect(preview.body.results[0]?.canReveal).toEqual([
      { field: 'emails', credits: 0 },
      { field: 'phones', credits: 5 },
    ]);

    const both = await enrich({ ids: [person.id] });
    expect(both.body.billing.creditsCharged).toBe(5);
    expect(both.body.results[0]?.phones?.[0]?.number).toBe(person.phones[0]?.number);
    const again = await enrich({ ids: [person.id], reveal: ['emails', 'phones'] });
    expect(again.body.billing.creditsCharged).toBe(0);
    expect(again.body.results[0]?.emails).toHaveLength(person.emails.length);

    const lusha = (await state()).lusha;
    expect(lusha.creditsUsed).toBe(6);
    expect(lusha.creditsByAction).toMatchObject({ search: 0, revealEmail: 1, revealPhone: 5 });
    expect(Object.entries(lusha.creditsByAction).filter(([, credits]) => credits > 0)).toEqual([
      ['revealEmail', 1],
      ['revealPhone', 5],
    ]);
    expect(lusha.revealed).toEqual(
      expect.arrayContaining([
        { personId: person.id, field: 'emails' },
        { personId: person.id, field: 'phones' },
      ]),
    );
    expect((await usage()).body.credits).toEqual({ total: 1000, used: 6, remaining: 994 });
  });

  it('returns the enriched shape with location details and charges nothing for missing data', async () => {
    const person = featured(FEATURED.noEmail);
    const reply = await enrich({ ids: [person.id], reveal: ['emails'] });
    expect(reply.body.billing.creditsCharged).toBe(0);
    expect(reply.body.results[0]).toMatchObject({
      id: person.id,
      fullName: `${person.firstName} ${person.lastName}`,
      emails: [],
      location: { countryIso2: person.location.countryIso2, isEuContact: person.location.isEuContact },
    });
    const eu = await enrich({ ids: [featured(FEATURED.eu).id] });
    expect(eu.body.results[0]?.location).toMatchObject({ isEuContact: true, continent: 'Europe' });
    const dnc = await enrich({ ids: [featured(FEATURED.doNotCall).id], reveal: ['phones'] });
    expect(dnc.body.results[0]?.phones?.some((p) => p.doNotCall)).toBe(true);
  });

  it('answers 402 when credits do not cover the call, and charges or reveals nothing', async () => {
    const person = featured(FEATURED.withEmailAndPhone);
    const reply = await enrich({ ids: [person.id] }, SANDBOX_KEYS.lowCredits);
    expect(reply.status).toBe(402);
    expect(reply.body).toEqual({ statusCode: 402, message: 'Insufficient credits for this operation' });
    const low = (await state()).lusha.accounts.lowCredits;
    expect(low.creditsUsed).toBe(0);
    expect(low.revealed).toEqual([]);
    const emailOnly = await enrich({ ids: [person.id], reveal: ['emails'] }, SANDBOX_KEYS.lowCredits);
    expect(emailOnly.body.billing.creditsCharged).toBe(1);
  });

  it('answers 451 for a single GDPR-blocked id, per-item errors in a batch', async () => {
    const gdpr = featured(FEATURED.gdpr);
    const single = await enrich({ ids: [gdpr.id] });
    expect(single.status).toBe(451);
    expect(single.body).toEqual({ statusCode: 451, message: 'We are unable to process this contact request due to our GDPR regulations' });
    const batch = await enrich({ ids: [gdpr.id, featured(FEATURED.restricted).id, '4389999999', featured(FEATURED.noPhone).id], reveal: ['emails'] });
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((r) => [r.id, r.error?.code])).toEqual([
      [gdpr.id, 'COMPLIANCE_RESTRICTED'],
      [featured(FEATURED.restricted).id, 'COMPLIANCE_RESTRICTED'],
      ['4389999999', 'NOT_FOUND'],
      [featured(FEATURED.noPhone).id, undefined],
    ]);
    expect(batch.body.billing).toEqual({ creditsCharged: 1, resultsReturned: 1 });
    expect((await state()).lusha.creditsUsed).toBe(1);
  });

  it('charges search 1 credit each time the running result count reaches a multiple of 25', async () => {
    const ids = searchable.slice(0, 50).map((p) => ({ id: p.id }));
    const first = await search({ contacts: ids.slice(0, 24) });
    expect(first.body.billing).toEqual({ creditsCharged: 0, resultsReturned: 24 });
    const second = await search({ contacts: ids.slice(24, 26) });
    expect(second.body.billing).toEqual({ creditsCharged: 1, resultsReturned: 2 });
    const misses = await search({ contacts: Array.from({ length: 30 }, (_, i) => ({ id: `999${i}` })) });
    expect(misses.body.billing).toEqual({ creditsCharged: 0, resultsReturned: 0 });
    const third = await search({ contacts: ids.slice(26, 50) });
    expect(third.body.billing.creditsCharged).toBe(1);
    expect((await state()).lusha.creditsByAction.search).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Rate limits and usage

describe('rate limits and account usage', () => {
  const body = { contacts: [{ id: searchable[0]?.id }] };

  it('sends the quota headers on data responses', async () => {
    const reply = await search(body);
    expect(reply.headers.get('x-rate-limit-minute')).toBe('300');
    expect(reply.headers.get('x-minute-requests-left')).toBe('299');
    expect(reply.headers.get('x-minute-usage')).toBe('1');
    expect(reply.headers.get('x-rate-limit-hourly')).toBe('1800');
    expect(reply.headers.get('x-hourly-requests-left')).toBe('1799');
    expect(reply.headers.get('x-rate-limit-daily')).toBe('18000');
    expect(reply.headers.get('x-daily-usage')).toBe('1');
    const invalid = await search({ contacts: [] });
    expect(invalid.headers.get('x-minute-usage')).toBe('2');
  });

  it('allows 25 requests per second, answers the 26th with 429, and recovers a second later', async () => {
    for (let i = 0; i < 25; i++) expect((await search(body)).status).toBe(200);
    const limited = await search(body);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ statusCode: 429, message: 'Too many requests. Please wait before making another request.' });
    expect(limited.headers.get('x-minute-requests-left')).toBe('0');
    expect(limited.headers.get('x-rate-limit-minute')).toBe('300');
    clock += 1001;
    expect((await search(body)).status).toBe(200);
  });

  it('enforces the per-minute and hourly quotas set by reset', async () => {
    sandbox.reset({ minuteLimit: 3, hourlyLimit: 5 });
    for (let i = 0; i < 3; i++) expect((await search(body)).status).toBe(200);
    const limited = await enrich({ ids: [featured(FEATURED.withEmailAndPhone).id] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-minute-requests-left')).toBe('0');
    expect(limited.headers.get('x-minute-usage')).toBe('3');
    expect((await state()).lusha.creditsUsed).toBe(0);
    clock += 60_000;
    expect((await search(body)).status).toBe(200);
    expect((await search(body)).status).toBe(200);
    const hourly = await search(body);
    expect(hourly.status).toBe(429);
    expect(hourly.headers.get('x-hourly-requests-left')).toBe('0');
  });

  it('reports usage and limits GET /v3/account/usage to 5 per minute', async () => {
    await search(body);
    const first = await usage();
    expect(first.status).toBe(200);
    expect(first.body.plan.category).toBe('professional');
    expect(first.body.pricing).toEqual({
      contactSearch: { credits: 1, perQuantity: 25 },
      companySearch: { credits: 1, perQuantity: 25 },
      revealEmail: { credits: 1, perQuantity: 1 },
      revealPhone: { credits: 5, perQuantity: 1 },
      revealCompany: { credits: 1, perQuantity: 1 },
      revealCompanyField: { credits: 1, perQuantity: 1 },
      showSignalsContact: { credits: 1, perQuantity: 1 },
      showSignalsCompany: { credits: 1, perQuantity: 1 },
      buyingGroupContact: { credits: 1, perQuantity: 1 },
    });
    expect(first.body.rateLimits.minute).toMatchObject({ limit: 300, used: 1, remaining: 299 });
    expect(first.body.rateLimits.daily?.resetsAt).toBe(new Date(Math.floor(clock / 86_400_000 + 1) * 86_400_000).toISOString());
    for (let i = 0; i < 4; i++) expect((await usage()).status).toBe(200);
    expect((await usage()).status).toBe(429);
    expect((await usage(SANDBOX_KEYS.lowCredits)).body.credits.total).toBe(2);
    clock += 60_001;
    expect((await usage()).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Control routes and pages

describe('control routes and pages', () => {
  it('logs requests in /__sandbox/state with CORS, and POST /__sandbox/reset clears them and sets credits', async () => {
    const id = featured(FEATURED.withEmailAndPhone).id;
    await enrich({ ids: [id], reveal: ['emails'] });
    await api('/v3/account/usage', { key: null });
    const response = await fetch(`${sandbox.url}/__sandbox/state`);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const before = (await response.json()) as SandboxState;
    expect(before.lusha.requests).toMatchObject([
      { method: 'POST', path: '/v3/contacts/enrich', status: 200, body: { ids: [id], reveal: ['emails'] } },
      { method: 'GET', path: '/v3/account/usage', status: 401, body: null },
    ]);
    expect(before.lusha.creditsUsed).toBe(1);
    expect(before.saber).toMatchObject({ creditsUsed: 0, requests: [] });
    expect(Object.keys(before.lusha.accounts).sort()).toEqual(['inactive', 'lowCredits', 'v3Disabled', 'valid']);

    const reset = await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST', body: JSON.stringify({ credits: 3 }) });
    expect(reset.status).toBe(200);
    const after = await state();
    expect(after.lusha.requests).toEqual([]);
    expect(after.lusha.creditsUsed).toBe(0);
    expect(after.lusha.creditsTotal).toBe(3);
    expect(after.lusha.revealed).toEqual([]);
    expect((await enrich({ ids: [id] })).status).toBe(402);
    expect((await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST', body: '{"credits":-1}' })).status).toBe(400);
    expect((await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'OPTIONS' })).status).toBe(204);
  });

  it('serves the dataset', async () => {
    const response = await fetch(`${sandbox.url}/__sandbox/dataset`);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(DEFAULT_DATASET)));
  });

  it('serves LinkedIn profile pages by slug, and 404 for unknown slugs', async () => {
    const person = featured(FEATURED.withEmailAndPhone);
    for (const layout of ['', '?layout=sdui', '?layout=legacy', '?layout=public']) {
      const page = await fetch(`${sandbox.url}/__sandbox/pages/linkedin/in/${person.linkedinSlug}${layout}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain(person.lastName);
    }
    const unicode = featured(FEATURED.nonAsciiSlug);
    expect((await fetch(`${sandbox.url}/__sandbox/pages/linkedin/in/${encodeURIComponent(unicode.linkedinSlug)}/`)).status).toBe(200);
    const missing = await fetch(`${sandbox.url}/__sandbox/pages/linkedin/in/nobody-000000`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
  });

  it('serves an article with a featured email and LinkedIn link', async () => {
    const person = featured(FEATURED.withEmailAndPhone);
    const text = await (await fetch(`${sandbox.url}/__sandbox/pages/web/article`)).text();
    expect(text).toContain(`data-featured-email>${person.emails[0]?.email ?? 'missing'}<`);
    expect(text).toContain(`href="${linkedinUrlOf(person)}"`);
  });

  it('caps the request log', () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 5; i++) log.add({ method: 'GET', path: `/${i}`, status: 200, at: '', body: null });
    expect(log.list().map((e) => e.path)).toEqual(['/2', '/3', '/4']);
  });

  it('looks people up by id', () => {
    expect(findPersonById('4389000001')?.id).toBe('4389000001');
  });
});
