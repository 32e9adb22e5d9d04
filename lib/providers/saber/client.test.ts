import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import answersFixture from '../../../tests/fixtures/api/saber-answers.json';
import companyFixture from '../../../tests/fixtures/api/saber-company-signals.json';
import contactFixture from '../../../tests/fixtures/api/saber-contact-signals.json';
import contactsFixture from '../../../tests/fixtures/api/saber-contacts.json';
import errorsFixture from '../../../tests/fixtures/api/saber-errors.json';
import { SidecarError } from '../../domain/errors';
import { questionSignalPageSchema, questionSignalSchema, questionTemplatePageSchema, type Answer } from '../../domain/saber-answer';
import {
  contactResearchSchema,
  creditBalanceSchema,
  emailFindingSchema,
  prospectSearchResultSchema,
} from '../../domain/saber-prospect';
import { createSaberClient, type SaberClientOptions } from './index';

const KEY = 'sk_live_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
const BASE = 'https://api.saber.test';
const NOW = Date.parse('2026-03-30T14:30:00.000Z');

const recordedSchema = z.object({
  status: z.number(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown(),
});
type Recorded = z.infer<typeof recordedSchema>;
const exchangeSchema = z.object({
  request: z.object({
    method: z.string(),
    path: z.string(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
  }),
  response: recordedSchema,
});
type Exchange = z.infer<typeof exchangeSchema>;
const exchangesSchema = z.record(z.string(), exchangeSchema);

const company = exchangesSchema.parse(companyFixture.exchanges);
const contact = exchangesSchema.parse(contactFixture.exchanges);
const contacts = exchangesSchema.parse(contactsFixture.exchanges);
const errorResponses = z.record(z.string(), recordedSchema).parse(errorsFixture.responses);
const answerCaseSchema = z.object({ answerType: z.string(), answer: z.unknown(), path: z.string().optional() });
const validAnswers = z.record(z.string(), answerCaseSchema).parse(answersFixture.valid);
const invalidAnswers = z.record(z.string(), answerCaseSchema).parse(answersFixture.invalid);

function pick<T>(record: Record<string, T>, name: string): T {
  const found = record[name];
  if (!found) throw new Error(`no fixture case ${name}`);
  return found;
}

const exchange = (set: Record<string, Exchange>, name: string): Exchange => pick(set, name);
const errorCase = (name: string): Recorded => pick(errorResponses, name);

function toResponse(recorded: Recorded): Response {
  const body = typeof recorded.body === 'string' ? recorded.body : JSON.stringify(recorded.body);
  return new Response(body, { status: recorded.status, headers: recorded.headers });
}

interface Call {
  url: string;
  path: string;
  method: string | undefined;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | null | undefined;
}

/** A fake fetch that records each call and answers with `answer`. */
function fakeFetch(answer: Recorded | ((call: Call) => Promise<Response>)) {
  const calls: Call[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const call: Call = {
      url,
      path: url.slice(BASE.length),
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

function client(fetchFn: typeof fetch, extra: Partial<SaberClientOptions> = {}) {
  return createSaberClient({ apiKey: KEY, baseUrl: BASE, fetch: fetchFn, now: () => NOW, ...extra });
}

/** A completed company signal whose answer is `answer`. */
function signalWith(answer: unknown, answerType: string): Recorded {
  return {
    status: 200,
    body: { id: 'e45c1dc4-d422-4b51-956b-cb6d3ddaf250', status: 'completed', domain: 'northwind-analytics.example', answerType, answer },
  };
}

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

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('request building', () => {
  it('createCompanySignal POSTs the signals endpoint with Bearer auth and the body, no wait headers', async () => {
    const recorded = exchange(company, 'createAsync');
    const fake = fakeFetch(recorded.response);
    await client(fake.fetch).createCompanySignal(recorded.request.body as { domain: string; question: string });

    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls;
    expect(call?.url).toBe(`${BASE}/v1/companies/signals`);
    expect(call?.method).toBe('POST');
    expect(call?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.headers.get('accept')).toBe('application/json');
    expect(call?.headers.has('x-sbr-timeout-sec')).toBe(false);
    expect(call?.body).toEqual(recorded.request.body);
    expect(call?.signal).toBeInstanceOf(AbortSignal);
  });

  it('sends a bare domain and only the known, defined question fields', async () => {
    const fake = fakeFetch(exchange(company, 'createAsync').response);
    const sloppy = {
      domain: ' https://WWW.Bluefin-Robotics.example/about?x=1 ',
      question: '  How many employees do they have?  ',
      answerType: 'number' as const,
      weight: 'important' as const,
      verificationMode: 'strict' as const,
      forceRefresh: true,
      webhookUrl: undefined,
      extra: 'never sent',
    };
    await client(fake.fetch).createCompanySignal(sloppy);
    const [call] = fake.calls;
    expect(call?.path).toBe('/v1/companies/signals');
    expect(call?.headers.has('x-sbr-timeout-sec')).toBe(false);
    expect(call?.body).toEqual({
      domain: 'bluefin-robotics.example',
      question: 'How many employees do they have?',
      answerType: 'number',
      weight: 'important',
      verificationMode: 'strict',
      forceRefresh: true,
    });
  });

  it('asks by template id without a question, and passes outputSchema with json_schema', async () => {
    const fake = fakeFetch(exchange(company, 'createAsync').response);
    const c = client(fake.fetch);
    await c.createCompanySignal({ domain: 'a.example', signalTemplateId: '7e3a0000-0000-4000-8000-000000000001' });
    const schema = { type: 'object', properties: { crm: { type: 'string' } } };
    await c.createCompanySignal({ domain: 'a.example', question: 'CRM?', answerType: 'json_schema', outputSchema: schema });
    expect(fake.calls.map((call) => call.body)).toEqual([
      { domain: 'a.example', signalTemplateId: '7e3a0000-0000-4000-8000-000000000001' },
      { domain: 'a.example', question: 'CRM?', answerType: 'json_schema', outputSchema: schema },
    ]);
  });

  it('contact signals send a canonical LinkedIn profile URL', async () => {
    const fake = fakeFetch(exchange(contact, 'syncCompleted').response);
    const c = client(fake.fetch);
    await c.createContactSignal({ contactProfileUrl: 'linkedin.com/in/Ana-Ruiz-4f2a1b/?trk=x', question: 'Q?' });
    await c.createContactSignal({ contactProfileUrl: 'https://de.linkedin.com/in/zo%C3%AB-m%C3%BCller-abc123', question: 'Q?' });
    await c.createContactSignal({ contactProfileUrl: 'https://www.linkedin.com/in/Zoë-Müller-abc123', question: 'Q?' });
    await c.createContactSignal({ contactProfileUrl: 'https://people.example/profiles/ana', question: 'Q?' });
    expect(fake.calls.map((call) => [call.path, (call.body as { contactProfileUrl: string }).contactProfileUrl])).toEqual([
      ['/v1/contacts/signals', 'https://www.linkedin.com/in/ana-ruiz-4f2a1b'],
      ['/v1/contacts/signals', 'https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller-abc123'],
      ['/v1/contacts/signals', 'https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller-abc123'],
      ['/v1/contacts/signals', 'https://people.example/profiles/ana'],
    ]);
  });

  it('gets signals and research by id with the id as one encoded path segment', async () => {
    const fake = fakeFetch(exchange(company, 'getProcessing').response);
    const c = client(fake.fetch);
    await c.getCompanySignal(' e45c1dc4-d422-4b51-956b-cb6d3ddaf250 ');
    await c.getContactSignal('a/b?c');
    expect(fake.calls.map((call) => [call.method, call.path, call.body])).toEqual([
      ['GET', '/v1/companies/signals/e45c1dc4-d422-4b51-956b-cb6d3ddaf250', undefined],
      ['GET', '/v1/contacts/signals/a%2Fb%3Fc', undefined],
    ]);
    expect(fake.calls[0]?.headers.has('content-type')).toBe(false);

    const research = fakeFetch(exchange(contacts, 'researchCompleted').response);
    await client(research.fetch).getContactResearch('cr_abc123def456');
    expect(research.calls.map((call) => call.path)).toEqual(['/v1/contacts/research/cr_abc123def456']);
  });

  it('lists company signals with every filter, status repeated', async () => {
    const recorded = exchange(company, 'list');
    const fake = fakeFetch(recorded.response);
    await client(fake.fetch).listCompanySignals({
      domain: 'Northwind-Analytics.example',
      status: ['completed', 'processing'],
      fromDate: '2026-03-01T00:00:00Z',
      limit: 2,
      offset: 0,
    });
    expect(fake.calls[0]?.path).toBe(recorded.request.path);
    expect(fake.calls[0]?.method).toBe('GET');
  });

  it('lists contact signals and templates with their query strings (none when no filter)', async () => {
    const fake = fakeFetch(exchange(contact, 'list').response);
    const c = client(fake.fetch);
    await c.listContactSignals({ contactProfileUrl: 'https://linkedin.com/in/ana-ruiz-4f2a1b/', limit: 25 });
    await c.listContactSignals();
    await c.listCompanySignals();
    const templates = fakeFetch(exchange(company, 'templates').response);
    await client(templates.fetch).listSignalTemplates({ limit: 10, offset: 0 });
    await client(templates.fetch).listSignalTemplates({ includeDeleted: true });
    expect(fake.calls.map((call) => call.path)).toEqual([
      exchange(contact, 'list').request.path,
      '/v1/contacts/signals',
      '/v1/companies/signals',
    ]);
    expect(templates.calls.map((call) => call.path)).toEqual([
      exchange(company, 'templates').request.path,
      '/v1/companies/signals/templates?includeDeleted=true',
    ]);
  });

  it('createContactResearch, searchContacts and findEmail POST exactly the documented bodies', async () => {
    const research = exchange(contacts, 'researchCreate');
    const search = exchange(contacts, 'searchConnected');
    const email = exchange(contacts, 'findEmailFound');
    const r = fakeFetch(research.response);
    await client(r.fetch).createContactResearch(research.request.body as Parameters<ReturnType<typeof client>['createContactResearch']>[0]);
    const s = fakeFetch(search.response);
    await client(s.fetch).searchContacts({
      companyLinkedInUrls: ['https://www.linkedin.com/company/northwind-analytics'],
      jobTitles: ['VP of Partnerships', ' Head of Data ', 'VP of Partnerships'],
      countries: ['es'],
      keywords: '  ',
      limit: 2,
    });
    const e = fakeFetch(email.response);
    await client(e.fetch).findEmail('  Ana   Ruiz ', 'https://northwind-analytics.example');
    expect([r.calls[0]?.path, r.calls[0]?.body]).toEqual([research.request.path, research.request.body]);
    expect([s.calls[0]?.path, s.calls[0]?.body]).toEqual([search.request.path, search.request.body]);
    expect([e.calls[0]?.path, e.calls[0]?.body]).toEqual([email.request.path, email.request.body]);
  });

  it('getCredits GETs /v1/credits; trailing slashes and key whitespace are ignored', async () => {
    const fake = fakeFetch(exchange(contacts, 'credits').response);
    await client(fake.fetch, { baseUrl: `${BASE}//`, apiKey: `  ${KEY}\n` }).getCredits();
    expect(fake.calls[0]?.url).toBe(`${BASE}/v1/credits`);
    expect(fake.calls[0]?.method).toBe('GET');
    expect(fake.calls[0]?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it('uses the global fetch when none is injected', async () => {
    const fake = fakeFetch(exchange(contacts, 'credits').response);
    vi.stubGlobal('fetch', fake.fetch);
    await createSaberClient({ apiKey: KEY, baseUrl: BASE }).getCredits();
    expect(fake.calls).toHaveLength(1);
  });

  type C = ReturnType<typeof client>;
  const refusals: [string, (c: C) => Promise<unknown>, RegExp][] = [
    ['no question and no template', (c) => c.createCompanySignal({ domain: 'a.example', question: '  ' }), /question is required/],
    ['a question over 500 characters', (c) => c.createCompanySignal({ domain: 'a.example', question: 'x'.repeat(501) }), /at most 500/],
    ['an unknown answerType', (c) => c.createCompanySignal({ domain: 'a.example', question: 'Q', answerType: 'yes_no' as 'boolean' }), /answerType/],
    ['json_schema without outputSchema', (c) => c.createCompanySignal({ domain: 'a.example', question: 'Q', answerType: 'json_schema' }), /outputSchema/],
    ['a domain that is not a hostname', (c) => c.createCompanySignal({ domain: 'not a domain!', question: 'Q' }), /bare domain/],
    ['an empty domain', (c) => c.createCompanySignal({ domain: '', question: 'Q' }), /bare domain/],
    ['a profile that is no URL', (c) => c.createContactSignal({ contactProfileUrl: 'ana ruiz', question: 'Q' }), /profile URL/],
    ['a non-http webhook', (c) => c.createCompanySignal({ domain: 'a.example', question: 'Q', webhookUrl: 'ftp://x.example' }), /webhookUrl/],
    ['a signal page of 26', (c) => c.listCompanySignals({ limit: 26 }), /limit must be an integer from 1 to 25/],
    ['a signal page of 0', (c) => c.listContactSignals({ limit: 0 }), /limit/],
    ['a negative offset', (c) => c.listCompanySignals({ offset: -1 }), /offset/],
    ['an unknown status', (c) => c.listCompanySignals({ status: ['done' as 'completed'] }), /status/],
    ['a bad date', (c) => c.listCompanySignals({ fromDate: 'yesterday' }), /fromDate/],
    ['a search without filters', (c) => c.searchContacts({ limit: 10, keywords: ' ' }), /at least one filter/],
    ['a country that is not ISO-2', (c) => c.searchContacts({ countries: ['USA'] }), /ISO 3166-1/],
    ['a search page of 101', (c) => c.searchContacts({ firstName: 'Ana', limit: 101 }), /limit must be an integer from 1 to 100/],
    ['a one-word name', (c) => c.findEmail('Ana', 'a.example'), /2 or 3 words/],
    ['a four-word name', (c) => c.findEmail('Ana María de Ruiz', 'a.example'), /2 or 3 words/],
    ['research without a company domain', (c) => c.createContactResearch({ firstName: 'A', lastName: 'R', companyName: 'N', companyDomain: ' ' }), /companyDomain/],
    ['a blank id', (c) => c.getCompanySignal('  '), /signal id/],
  ];
  it.each(refusals)('refuses %s before sending', async (_label, act, detail) => {
    const fake = fakeFetch(exchange(contacts, 'credits').response);
    const error = await sidecarErrorOf(act(client(fake.fetch)));
    expect(error.kind).toBe('validation');
    expect(error.data.detail).toMatch(detail);
    expect(error.data.status).toBeUndefined();
    expect(fake.calls).toHaveLength(0);
  });

  it('refuses a missing key (missing-key) and a key no header can carry (bad-key), before sending', async () => {
    const fake = fakeFetch(exchange(contacts, 'credits').response);
    expect((await sidecarErrorOf(client(fake.fetch, { apiKey: ' ' }).getCredits())).kind).toBe('missing-key');
    const odd = 'sk_live_ünïcode key';
    const error = await rejectionOf(client(fake.fetch, { apiKey: odd }).getCredits());
    expect((error as SidecarError).kind).toBe('bad-key');
    expect(JSON.stringify((error as SidecarError).data)).not.toContain(odd);
    expect(fake.calls).toHaveLength(0);
  });
});

describe('signal mapping', () => {
  it('maps a completed (cached) answer: answer, confidence, reasoning, cleaned sources, rate limit, request id', async () => {
    const result = await client(fakeFetch(exchange(company, 'syncCompleted').response).fetch).createCompanySignal({
      domain: 'northwind-analytics.example',
      question: 'Are they hiring SDRs?',
      answerType: 'boolean',
    });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({
      provider: 'saber',
      id: 'e45c1dc4-d422-4b51-956b-cb6d3ddaf250',
      subject: { kind: 'company', domain: 'northwind-analytics.example' },
      question: 'Are they hiring SDRs?',
      answerType: 'boolean',
      createdAt: '2026-03-30T14:29:41Z',
      status: 'completed',
      answer: { type: 'boolean', value: true },
      confidence: 0.92,
      reasoning: 'The careers page lists two open Sales Development Representative roles.',
      sources: [
        { url: 'https://northwind-analytics.example/careers', title: 'Careers at Northwind Analytics', snippet: 'Sales Development Representative (Madrid)' },
        { url: 'https://northwind-analytics.example/about' },
      ],
      completedAt: '2026-03-30T14:29:58Z',
    });
    expect(questionSignalSchema.parse(result.data)).toEqual(result.data);
    expect(result.rateLimit).toEqual({ limit: 2000, remaining: 399, resetsAt: '2026-03-30T14:31:00.000Z' });
    expect(result.requestId).toBe('req-7f3c');
  });

  it('a 202 is the processing signal to poll, not an error', async () => {
    const result = await client(fakeFetch(exchange(company, 'syncStillProcessing202').response).fetch).createCompanySignal({
      domain: 'bluefin-robotics.example',
      question: 'What CRM do they use?',
    });
    expect(result.status).toBe(202);
    expect(result.data).toEqual({
      provider: 'saber',
      id: 'a1b2c3d4-e5f6-4890-abcd-ef1234567890',
      subject: { kind: 'company', domain: 'bluefin-robotics.example' },
      question: 'What CRM do they use?',
      answerType: 'open_text',
      createdAt: '2026-03-30T14:29:35Z',
      status: 'processing',
    });
    // Lower-case header names read the same.
    expect(result.rateLimit).toEqual({ limit: 2000, remaining: 398, resetsAt: '2026-03-30T14:31:00.000Z' });
    expect(result.requestId).toBeUndefined();
  });

  it('a processing signal carries no answer even when a stale one was sent', async () => {
    const result = await client(fakeFetch(exchange(company, 'getProcessing').response).fetch).getCompanySignal('e45c1dc4-d422-4b51-956b-cb6d3ddaf250');
    expect(result.data.status).toBe('processing');
    expect(result.data).not.toHaveProperty('answer');
    expect(result.rateLimit).toEqual({});
  });

  it('maps a failed signal with its error and code', async () => {
    const result = await client(fakeFetch(exchange(company, 'getFailed').response).fetch).getCompanySignal('c0ffee00-0000-4000-8000-000000000001');
    expect(result.data).toEqual({
      provider: 'saber',
      id: 'c0ffee00-0000-4000-8000-000000000001',
      subject: { kind: 'company', domain: 'unknown-company.example' },
      question: 'Are they hiring SDRs?',
      answerType: 'boolean',
      createdAt: '2026-03-30T14:20:00Z',
      status: 'failed',
      error: 'LinkedIn data is currently unavailable due to rate limits. Please try again later.',
      errorCode: 'LINKEDIN_RATE_LIMIT_EXCEEDED',
      completedAt: '2026-03-30T14:21:00Z',
    });
  });

  it('fills a subject the reply omits from what was asked (create) and leaves it empty otherwise (get)', async () => {
    const bare = { status: 202, body: { id: 42, status: 'processing' } };
    const created = await client(fakeFetch(bare).fetch).createContactSignal({ contactProfileUrl: 'linkedin.com/in/ana', question: 'Q' });
    expect(created.data).toEqual({ provider: 'saber', id: '42', subject: { kind: 'contact', profileUrl: 'https://www.linkedin.com/in/ana' }, status: 'processing' });
    const got = await client(fakeFetch(bare).fetch).getCompanySignal('42');
    expect(got.data.subject).toEqual({ kind: 'company' });
  });

  it('maps a company signal list to a page (snake-case answer key read, hasMore from total)', async () => {
    const result = await client(fakeFetch(exchange(company, 'list').response).fetch).listCompanySignals({ limit: 2 });
    const page = questionSignalPageSchema.parse(result.data);
    expect(page).toMatchObject({ total: 42, limit: 2, offset: 0, hasMore: true });
    expect(page.items.map((s) => s.status)).toEqual(['completed', 'processing']);
    const [first] = page.items;
    expect(first?.status === 'completed' && first.answer).toEqual({ type: 'open_text', value: 'Analytics dashboards for logistics teams' });
    expect(first?.status === 'completed' && first.sources).toEqual([]);
    expect(result.rateLimit).toEqual({ limit: 100000, remaining: 9999, resetsAt: '2026-03-30T14:30:01.000Z' });
  });

  it('maps contact signals: numbers in a list become strings, a 0..100 confidence becomes 0..1, URL-only sources', async () => {
    const created = await client(fakeFetch(exchange(contact, 'syncCompleted').response).fetch).createContactSignal({
      contactProfileUrl: 'https://www.linkedin.com/in/ana-ruiz-4f2a1b',
      question: "What are this person's main professional interests?",
    });
    expect(created.data).toMatchObject({
      subject: { kind: 'contact', profileUrl: 'https://www.linkedin.com/in/ana-ruiz-4f2a1b' },
      status: 'completed',
      answer: { type: 'list', value: ['Partnerships', 'Data products', '2026'] },
      confidence: 0.9,
    });
    const got = await client(fakeFetch(exchange(contact, 'getCompleted').response).fetch).getContactSignal('9d8c7b6a-1111-4222-8333-444455556666');
    expect(got.data.status === 'completed' && got.data.sources).toEqual([{ url: 'https://northwind-analytics.example/team/ana-ruiz' }]);
    const list = await client(fakeFetch(exchange(contact, 'list').response).fetch).listContactSignals();
    expect(list.data).toMatchObject({ total: 1, hasMore: false });
    const [only] = list.data.items;
    expect(only).toMatchObject({ status: 'completed', answer: { type: 'boolean', value: false } });
    expect(only).not.toHaveProperty('confidence');
  });

  it('maps templates to a page', async () => {
    const result = await client(fakeFetch(exchange(company, 'templates').response).fetch).listSignalTemplates();
    expect(questionTemplatePageSchema.parse(result.data)).toEqual({
      items: [
        {
          provider: 'saber',
          id: '7e3a0000-0000-4000-8000-000000000001',
          name: 'Hiring SDRs',
          description: 'Is the company hiring sales development representatives?',
          question: 'Are they hiring SDRs?',
          answerType: 'boolean',
          weight: 'important',
          version: 3,
          createdAt: '2026-01-05T09:00:00Z',
        },
        { provider: 'saber', id: '7e3a0000-0000-4000-8000-000000000002', name: 'CRM in use', question: 'What CRM do they use?', answerType: 'open_text' },
      ],
      total: 3,
      limit: 10,
      offset: 0,
      hasMore: false,
    });
  });
});

describe('every answer type', () => {
  const expected: Record<string, Answer | null> = {
    boolean: { type: 'boolean', value: true },
    number: { type: 'number', value: 14491 },
    percentage: { type: 'percentage', value: 42 },
    currencyString: { type: 'currency', value: '5000000', amount: 5_000_000 },
    currencyText: { type: 'currency', value: '€5M' },
    url: { type: 'url', value: 'https://northwind-analytics.example/jobs' },
    list: { type: 'list', value: ['Go', 'TypeScript'] },
    openText: { type: 'open_text', value: 'Yes' },
    openTextSnakeKey: { type: 'open_text', value: 'Enterprise analytics' },
    jsonSchema: { type: 'json_schema', value: { crm: 'Pipewell CRM', seats: 40, regions: ['EU', 'US'] } },
    contacts: {
      type: 'contacts',
      raw: [{ fullName: 'Ana Ruiz', title: 'VP of Partnerships', linkedInProfileUrl: 'https://www.linkedin.com/in/ana-ruiz-4f2a1b' }],
    },
    contactsGeneration: { type: 'contacts_generation', raw: { generated: 3, listId: 'list_77' } },
    contactPosts: { type: 'contact_posts', raw: { posts: [{ url: 'https://northwind-analytics.example/blog/launch', text: 'We launched!' }] } },
    contactEngagements: { type: 'contact_engagements', raw: [{ type: 'comment', postUrl: 'https://northwind-analytics.example/blog/launch' }] },
    unknownType: { type: 'unknown', vendorType: 'sentiment', raw: { type: 'sentiment', sentiment: { value: 'positive', score: 0.7 } } },
    valueBesideType: { type: 'number', value: 1250 },
    bareUnderKey: { type: 'percentage', value: 12.5 },
    untaggedBoolean: { type: 'boolean', value: true },
    untaggedList: { type: 'list', value: ['Kubernetes', 'DevOps'] },
    nullValue: null,
    noAnswerStrict: null,
  };

  it('has an expectation for every recorded case', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(validAnswers).sort());
  });

  it.each(Object.entries(validAnswers))('%s', async (name, recorded) => {
    const result = await client(fakeFetch(signalWith(recorded.answer, recorded.answerType)).fetch).getCompanySignal('x');
    const signal = questionSignalSchema.parse(result.data);
    expect(signal.status).toBe('completed');
    expect(signal.status === 'completed' ? signal.answer : 'not completed').toEqual(expected[name]);
  });

  it.each(Object.entries(invalidAnswers))('%s → unexpected-response naming the path', async (_name, recorded) => {
    const error = await sidecarErrorOf(client(fakeFetch(signalWith(recorded.answer, recorded.answerType)).fetch).getCompanySignal('x'));
    expect(error.kind).toBe('unexpected-response');
    expect(error.data.status).toBe(200);
    expect(error.data.detail?.split(':')[0]).toBe(recorded.path);
  });

  it('names the list index of a bad answer inside a list', async () => {
    const good = { id: 'a', status: 'completed', answer: { type: 'boolean', boolean: { value: true } } };
    const bad = { id: 'b', status: 'completed', answer: { type: 'number', number: { value: 'lots' } } };
    const body = { results: [good, bad], total: 2, limit: 25, offset: 0, count: 2 };
    const error = await sidecarErrorOf(client(fakeFetch({ status: 200, body }).fetch).listCompanySignals());
    expect(error.data.detail).toBe('results.1.answer.number.value: expected number');
  });
});

describe('contacts, research and credits mapping', () => {
  it('maps research: processing, completed (extra fields kept as details), unknown words and numeric ids', async () => {
    const created = await client(fakeFetch(exchange(contacts, 'researchCreate').response).fetch).createContactResearch({
      firstName: 'Ana',
      lastName: 'Ruiz',
      companyName: 'Northwind Analytics',
      companyDomain: 'northwind-analytics.example',
    });
    expect(created.status).toBe(201);
    expect(created.data).toEqual({
      provider: 'saber',
      id: 'cr_abc123def456',
      status: 'processing',
      vendorStatus: 'processing',
      firstName: 'Ana',
      lastName: 'Ruiz',
      companyName: 'Northwind Analytics',
      companyDomain: 'northwind-analytics.example',
      createdAt: '2026-03-30T14:30:00Z',
      details: {},
    });
    const done = await client(fakeFetch(exchange(contacts, 'researchCompleted').response).fetch).getContactResearch('cr_abc123def456');
    expect(contactResearchSchema.parse(done.data)).toMatchObject({
      status: 'completed',
      completedAt: '2026-03-30T14:31:10Z',
      details: { summary: 'Ana leads partnerships at Northwind Analytics.', talkingPoints: ['Data partnerships', 'EU expansion'], email: null },
    });
    const failed = await client(fakeFetch({ status: 200, body: { id: 'cr_1', status: 'FAILED', error: 'no data' } }).fetch).getContactResearch('cr_1');
    expect(failed.data).toMatchObject({ status: 'failed', error: 'no data' });
  });

  it('maps a connected search page, and salesNavConnected:false to its own state', async () => {
    const connected = await client(fakeFetch(exchange(contacts, 'searchConnected').response).fetch).searchContacts({ firstName: 'Ana' });
    expect(prospectSearchResultSchema.parse(connected.data)).toEqual({
      state: 'ok',
      items: [
        {
          provider: 'saber',
          fullName: 'Ana Ruiz',
          firstName: 'Ana',
          lastName: 'Ruiz',
          headline: 'VP of Partnerships at Northwind Analytics',
          title: 'VP of Partnerships',
          companyName: 'Northwind Analytics',
          location: 'Madrid, Community of Madrid',
          seniority: ['Vice President'],
          linkedinUrl: 'https://www.linkedin.com/in/ana-ruiz-4f2a1b',
          salesNavigatorUrl: 'https://www.linkedin.com/sales/lead/ACwAAABOW1gBQZCU123',
          avatarUrl: 'https://media.example/avatars/ana.jpg',
        },
        { provider: 'saber', fullName: 'José García', firstName: 'José', lastName: 'García', title: 'Head of Data', location: 'Barcelona, Catalonia', seniority: ['Director'] },
      ],
      total: 150,
      limit: 2,
      offset: 0,
      hasMore: true,
    });
    // X-RateLimit-* in another spelling.
    expect(connected.rateLimit).toEqual({ limit: 2000, remaining: 12, resetsAt: '2026-03-30T14:30:45.000Z' });

    const disconnected = await client(fakeFetch(exchange(contacts, 'searchDisconnected').response).fetch).searchContacts({ keywords: 'Kubernetes, DevOps' });
    expect(disconnected.data).toEqual({ state: 'sales-nav-disconnected' });
    const noItems = { status: 200, body: { salesNavConnected: false } };
    expect((await client(fakeFetch(noItems).fetch).searchContacts({ keywords: 'x' })).data).toEqual({ state: 'sales-nav-disconnected' });
  });

  it('a connected search without items is a wrong shape, not an empty page', async () => {
    const error = await sidecarErrorOf(client(fakeFetch({ status: 200, body: { total: 3, salesNavConnected: true } }).fetch).searchContacts({ keywords: 'x' }));
    expect(error.kind).toBe('unexpected-response');
    expect(error.data.detail).toBe('items: expected array');
  });

  it('maps find-email: found with verification (snake_case read), found without, and not found', async () => {
    const found = await client(fakeFetch(exchange(contacts, 'findEmailFound').response).fetch).findEmail('Ana Ruiz', 'northwind-analytics.example');
    expect(emailFindingSchema.parse(found.data)).toEqual({
      status: 'found',
      email: 'ana.ruiz@northwind-analytics.example',
      verification: { state: 'deliverable', score: 97, acceptAll: false },
    });
    const bare = await client(fakeFetch({ status: 200, body: { email: 'a@b.example', verification: null } }).fetch).findEmail('A B', 'b.example');
    expect(bare.data).toEqual({ status: 'found', email: 'a@b.example' });
    const missing = await client(fakeFetch(exchange(contacts, 'findEmailNotFound').response).fetch).findEmail('Nobody Known', 'northwind-analytics.example');
    expect(missing.data).toEqual({ status: 'not-found' });
  });

  it('a find-email body without the email key is a wrong shape', async () => {
    const error = await sidecarErrorOf(client(fakeFetch({ status: 200, body: { verification: null } }).fetch).findEmail('A B', 'b.example'));
    expect(error.data.detail).toMatch(/^email: /);
  });

  it('maps credits with fetchedAt from the clock and the rate-limit window', async () => {
    const result = await client(fakeFetch(exchange(contacts, 'credits').response).fetch).getCredits();
    expect(creditBalanceSchema.parse(result.data)).toEqual({ provider: 'saber', remainingCredits: 58, fetchedAt: NOW });
    expect(result.rateLimit).toEqual({ limit: 100000, remaining: 9998, resetsAt: '2026-03-30T14:30:01.000Z' });
    const error = await sidecarErrorOf(client(fakeFetch({ status: 200, body: { credits: 58 } }).fetch).getCredits());
    expect(error.data.detail).toMatch(/^remainingCredits: /);
  });
});

describe('HTTP errors', () => {
  it.each([
    ['validation400', 'validation', 400, "validation failed for 'departments': invalid value: Engineering Ops; VALIDATION_ERROR; domain: 'domain' must be"],
    ['badJson400Flat', 'validation', 400, 'Invalid JSON in request body; BAD_REQUEST'],
    ['badKey401', 'bad-key', 401, 'Missing or invalid API key; UNAUTHORIZED; requestId 0b5e2c1a-0000-4000-8000-000000000001'],
    ['outOfCredits402', 'out-of-credits', 402, 'Insufficient credits'],
    ['outOfCredits403Code', 'out-of-credits', 403, 'INSUFFICIENT_CREDITS'],
    ['notFound404Flat', 'not-found', 404, 'Signal not found or access denied; NOT_FOUND'],
    ['timeout408', 'timeout', 408, 'SIGNAL_TIMEOUT'],
    ['unprocessable422', 'validation', 422, 'Could not process LinkedIn URL'],
    ['server500', 'server', 500, 'Internal server error'],
    ['badGateway502Html', 'server', 502, '502 Bad Gateway'],
  ])('%s → %s', async (name, kind, status, detail) => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase(name)).fetch).createCompanySignal({ domain: 'a.example', question: 'Q' }));
    expect(error.kind).toBe(kind);
    expect(error.data.status).toBe(status);
    expect(error.data.detail).toContain(detail);
    expect(error.message).not.toContain(detail); // our words on screen, theirs in detail
    expect(error.message).toMatch(/Saber/);
  });

  it.each([
    ['inactive403', 'inactive-account'],
    ['plan403', 'plan-lacks-feature'],
    ['denied403', 'access-denied'],
    ['other403', 'other'],
  ])('%s → forbidden / %s', async (name, reason) => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase(name)).fetch).getCredits());
    expect(error.kind).toBe('forbidden');
    expect(error.data.status).toBe(403);
    expect(error.data.reason).toBe(reason);
  });

  it('429 from the global limiter (NestJS body): retryAt from retryAfter, reason global', async () => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase('rateLimitedGlobal429')).fetch).getCredits());
    expect(error.kind).toBe('rate-limited');
    expect(error.data.status).toBe(429);
    expect(error.data.retryAt).toBe(NOW + 12_000);
    expect(error.data.reason).toBe('global');
    expect(error.data.detail).toBe('Rate limit exceeded; Too Many Requests; retryAfter 12s');
  });

  it('429 from a per-route limiter (platform envelope): retryAt from X-RateLimit-Reset in any case, reason per-route', async () => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase('rateLimitedRoute429')).fetch).getCredits());
    expect(error.kind).toBe('rate-limited');
    expect(error.data.retryAt).toBe(Date.parse('2026-03-30T14:30:45Z'));
    expect(error.data.reason).toBe('per-route');
  });

  it('429 without body or headers: retry in 60 s; Retry-After is honoured', async () => {
    const bare = await sidecarErrorOf(client(fakeFetch(errorCase('rateLimitedBare429')).fetch).getCredits());
    expect(bare.data.retryAt).toBe(NOW + 60_000);
    expect(bare.data.reason).toBeUndefined();
    expect(bare.data.detail).toBe('HTTP 429 with an empty body');
    const retryAfter = await sidecarErrorOf(client(fakeFetch({ status: 429, headers: { 'Retry-After': '7' }, body: '' }).fetch).getCredits());
    expect(retryAfter.data.retryAt).toBe(NOW + 7000);
  });

  it('a TOO_MANY_REQUESTS code is rate-limited whatever the status', async () => {
    const body = { error: { type: 'TIMEOUT', code: 'TOO_MANY_REQUESTS', message: 'slow down' } };
    const error = await sidecarErrorOf(client(fakeFetch({ status: 400, body }).fetch).getCredits());
    expect(error.kind).toBe('rate-limited');
  });

  it('maps an empty 503 to server and an odd 4xx to unexpected-response', async () => {
    const empty = await sidecarErrorOf(client(fakeFetch({ status: 503, body: '' }).fetch).getCredits());
    expect(empty.kind).toBe('server');
    expect(empty.data.detail).toBe('HTTP 503 with an empty body');
    const teapot = await sidecarErrorOf(client(fakeFetch({ status: 418, body: { message: 'teapot' } }).fetch).getCredits());
    expect(teapot.kind).toBe('unexpected-response');
    expect(teapot.data.detail).toBe('teapot');
  });
});

describe('unreadable responses', () => {
  it.each([
    ['htmlPage200', /^expected JSON, got an HTML page: <!DOCTYPE html>/],
    ['truncatedJson200', /^expected JSON, got invalid JSON: \{"id"/],
    ['unknownStatus200', /^status: /],
  ])('%s → unexpected-response', async (name, detail) => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase(name)).fetch).getCompanySignal('x'));
    expect(error.kind).toBe('unexpected-response');
    expect(error.data.status).toBe(200);
    expect(error.data.detail).toMatch(detail);
  });

  it('a list without results → unexpected-response naming results', async () => {
    const error = await sidecarErrorOf(client(fakeFetch(errorCase('listWithoutResults200')).fetch).listCompanySignals());
    expect(error.data.detail).toMatch(/^results: .*expected array/);
  });

  it('an empty 200 → unexpected-response', async () => {
    const error = await sidecarErrorOf(client(fakeFetch({ status: 200, body: '' }).fetch).getCredits());
    expect(error.data.detail).toBe('expected JSON, got an empty body: ');
  });
});

describe('transport failures', () => {
  it('times out when fetch never settles, even if it ignores the signal', async () => {
    const never: typeof fetch = () => new Promise<Response>(() => undefined);
    const started = Date.now();
    const error = await sidecarErrorOf(client(never, { timeoutMs: 30 }).getCredits());
    expect(error.kind).toBe('timeout');
    expect(error.data.detail).toBe('no complete answer within 30 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('aborts the fetch signal on timeout', async () => {
    let seen: AbortSignal | undefined;
    const listening: typeof fetch = (_input, init) =>
      new Promise<Response>((_, reject) => {
        seen = init?.signal ?? undefined;
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
      });
    const error = await sidecarErrorOf(client(listening, { timeoutMs: 20 }).listCompanySignals());
    expect(error.kind).toBe('timeout');
    expect(seen?.aborted).toBe(true);
  });

  it('times out while the body is still streaming', async () => {
    const stalled: typeof fetch = async () =>
      new Response(new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"rem')) }), { status: 200 });
    expect((await sidecarErrorOf(client(stalled, { timeoutMs: 30 }).getCredits())).kind).toBe('timeout');
  });

  it('a TimeoutError from the fetch itself is a timeout too', async () => {
    const timingOut: typeof fetch = () => Promise.reject(new DOMException('The operation timed out.', 'TimeoutError'));
    expect((await sidecarErrorOf(client(timingOut).getCredits())).kind).toBe('timeout');
  });

  it('a fetch rejection → network, with the cause in detail', async () => {
    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const error = await sidecarErrorOf(client(offline).searchContacts({ firstName: 'Ana' }));
    expect(error.kind).toBe('network');
    expect(error.data.detail).toBe('TypeError: Failed to fetch');
    expect(error.data.status).toBeUndefined();
  });

  it("rethrows the caller's AbortError on abort (not a SidecarError)", async () => {
    const controller = new AbortController();
    const hanging: typeof fetch = () => new Promise<Response>(() => undefined);
    const pending = client(hanging).createCompanySignal({ domain: 'a.example', question: 'Q' }, { signal: controller.signal });
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).not.toBeInstanceOf(SidecarError);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('an already-aborted signal rejects without sending', async () => {
    const fake = fakeFetch(exchange(contacts, 'credits').response);
    const error = await rejectionOf(client(fake.fetch).getCredits({ signal: AbortSignal.abort() }));
    expect((error as DOMException).name).toBe('AbortError');
    expect(fake.calls).toHaveLength(0);
  });
});

describe('the API key never leaks', () => {
  it('is scrubbed from vendor messages, HTML excerpts and network errors', async () => {
    const echo = { status: 401, body: { error: { code: 'UNAUTHORIZED', message: `Bearer ${KEY} is not valid` } } };
    expect((await sidecarErrorOf(client(fakeFetch(echo).fetch).getCredits())).data.detail).toBe('Bearer [api key] is not valid; UNAUTHORIZED');
    const html = { status: 200, body: `<html>your key: ${KEY}</html>` };
    expect((await sidecarErrorOf(client(fakeFetch(html).fetch).getCredits())).data.detail).toContain('[api key]');
    const leaky: typeof fetch = () => Promise.reject(new TypeError(`invalid header value "Bearer ${KEY}"`));
    expect((await sidecarErrorOf(client(leaky).getCredits())).data.detail).toContain('[api key]');
  });

  it('appears in no error of any fixture', async () => {
    for (const recorded of Object.values(errorResponses)) {
      await sidecarErrorOf(client(fakeFetch(recorded).fetch).getCompanySignal('x'));
    }
  });
});
