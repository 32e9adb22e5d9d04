/**
 * The fake Saber over HTTP: auth, validation, signal lifecycle and sync waits, the 12-hour cache, credits, rate
 * limits, lists, templates, contact search, find-email, research, state and determinism. The clock is injected and
 * sync waits advance it, so nothing sleeps.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SABER_KEYS } from './accounts';
import { companyOf, FEATURED, findPersonBySlug, generateDataset, linkedinUrlOf } from './dataset';
import type { SandboxCompany, SandboxPerson } from './dataset-types';
import { companyFacts } from './saber-answers';
import { startSandbox, type Sandbox, type SandboxState, type StartSandboxOptions } from './server';

// ---------------------------------------------------------------------------------------------------------------
// Harness

const HOUR = 3_600_000;
let clock = Date.UTC(2026, 2, 10, 9, 0, 0);
const sleeps: number[] = [];
let sandbox: Sandbox;

const sandboxOptions = (extra: StartSandboxOptions['saber'] = {}): StartSandboxOptions => ({
  port: 0,
  now: () => clock,
  saber: {
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...extra,
  },
});

beforeAll(async () => {
  sandbox = await startSandbox(sandboxOptions());
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  clock += 24 * HOUR;
  sleeps.length = 0;
  sandbox.reset();
});

type Json = Record<string, unknown>;
interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

interface CallOptions {
  key?: string | null;
  body?: unknown;
  raw?: string;
  method?: string;
  headers?: Record<string, string>;
  on?: Sandbox;
}

async function api(path: string, options: CallOptions = {}): Promise<Reply> {
  const key = options.key === undefined ? SABER_KEYS.valid : options.key;
  const method = options.method ?? (options.body === undefined && options.raw === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`${(options.on ?? sandbox).url}${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text === '' ? {} : JSON.parse(text)) as Json };
}

const company = (index = 0): SandboxCompany => {
  const found = sandbox.dataset.companies[index];
  if (!found) throw new Error(`no company ${index}`);
  return found;
};
const peopleOf = (c: SandboxCompany): SandboxPerson[] => sandbox.dataset.people.filter((p) => p.companyId === c.id);
const featured = (slug: string): SandboxPerson => {
  const found = findPersonBySlug(slug, sandbox.dataset);
  if (!found) throw new Error(`no person ${slug}`);
  return found;
};

const ask = (question: string, extra: Json = {}, c: SandboxCompany = company()) => ({ domain: c.domain, question, ...extra });
const credits = async (key: string = SABER_KEYS.valid): Promise<unknown> => (await api('/v1/credits', { key })).body.remainingCredits;
const state = async (): Promise<SandboxState> => (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()) as SandboxState;
const platform = (body: Json): Json => body.error as Json;

// ---------------------------------------------------------------------------------------------------------------

describe('routing and auth', () => {
  it('answers 401 in the platform envelope without a Bearer key, with a malformed key and with an unknown key', async () => {
    for (const [key, message] of [
      [null, 'Missing or invalid API key'],
      ['not-a-key', 'Invalid API key format'],
      ['sk_live_ThisKeyIsUnknownToTheSandbox000000000000000', 'Missing or invalid API key'],
    ] as const) {
      const reply = await api('/v1/credits', { key });
      expect(reply.status).toBe(401);
      expect(platform(reply.body)).toMatchObject({ type: 'UNAUTHORIZED', code: 'UNAUTHORIZED', message, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(reply.headers.get('x-ratelimit-limit')).toBeNull();
    }
    const basic = await fetch(`${sandbox.url}/v1/credits`, { headers: { authorization: `Basic ${SABER_KEYS.valid}` } });
    expect(basic.status).toBe(401);
    expect((await api('/v1/credits')).status).toBe(200);
    expect((await api('/v1/credits', { key: SABER_KEYS.valid.toUpperCase() })).status).toBe(401);
  });

  it('answers 404 for unknown /v1 paths and 405 for a wrong method, before auth', async () => {
    const missing = await api('/v1/companies/nothing', { key: null });
    expect(missing.status).toBe(404);
    expect(platform(missing.body)).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: 'Cannot GET /v1/companies/nothing' });
    expect((await api('/v1/credits', { method: 'POST', body: {} })).status).toBe(405);
    // Lusha's paths are untouched.
    expect((await api('/v3/account/usage', { key: null })).status).toBe(401);
  });

  it('answers 400 in the flat shape for a body that is not JSON', async () => {
    const reply = await api('/v1/companies/signals', { raw: '{"domain":' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'BAD_REQUEST', message: 'Invalid JSON in request body' });
  });
});

describe('request validation', () => {
  it.each([
    ['a domain with a scheme', '/v1/companies/signals', { domain: 'https://a.example', question: 'Q' }, 'domain'],
    ['no question and no template', '/v1/companies/signals', { domain: 'a.example' }, 'question'],
    ['an unknown answer type', '/v1/companies/signals', { domain: 'a.example', question: 'Q', answerType: 'yes_no' }, 'answerType'],
    ['json_schema without outputSchema', '/v1/companies/signals', { domain: 'a.example', question: 'Q', answerType: 'json_schema' }, 'outputSchema'],
    ['an unknown field', '/v1/companies/signals', { domain: 'a.example', question: 'Q', seniority: 'x' }, 'seniority'],
    ['a contact URL that is no URL', '/v1/contacts/signals', { contactProfileUrl: 'ana', question: 'Q' }, 'contactProfileUrl'],
    ['camelCase on find-email', '/v1/contacts/find-email', { fullName: 'Ana Ruiz', domain: 'a.example' }, 'full_name'],
    ['a one-word name', '/v1/contacts/find-email', { full_name: 'Ana', domain: 'a.example' }, 'full_name'],
    ['a search without filters', '/v1/contacts/search', { limit: 10 }, 'body'],
    ['a full country name', '/v1/contacts/search', { countries: ['Spain'] }, 'countries.0'],
    ['a search page of 101', '/v1/contacts/search', { firstName: 'Ana', limit: 101 }, 'limit'],
    ['research without a company', '/v1/contacts/research', { firstName: 'A', lastName: 'R', companyDomain: 'a.example' }, 'companyName'],
  ])('rejects %s with VALIDATION_ERROR naming %s', async (_label, path, body, field) => {
    const reply = await api(path, { body });
    expect(reply.status).toBe(400);
    const error = platform(reply.body);
    expect(error).toMatchObject({ type: 'VALIDATION', code: 'VALIDATION_ERROR' });
    expect((error.fields as { field: string }[]).map((f) => f.field)).toContain(field);
    expect(error.message).toMatch(/^validation failed for '/);
    expect(await credits()).toBe(500);
  });

  it('names an invalid Sales Navigator department the way Saber does', async () => {
    const reply = await api('/v1/contacts/search', { body: { departments: ['Engineering Ops'] } });
    expect(reply.status).toBe(400);
    expect(platform(reply.body).message).toBe("validation failed for 'departments': invalid value: Engineering Ops");
  });
});

describe('signal lifecycle', () => {
  it('an async signal is processing for exactly the completion delay (1.5 s), then completed', async () => {
    const created = await api('/v1/companies/signals', { body: ask('Are they hiring SDRs?', { answerType: 'boolean' }) });
    expect(created.status).toBe(202);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/),
      status: 'processing',
      signalType: 'COMPANY',
      domain: company().domain,
      question: 'Are they hiring SDRs?',
      answerType: 'boolean',
      createdAt: new Date(clock).toISOString(),
    });
    const path = `/v1/companies/signals/${String(created.body.id)}`;
    clock += 1499;
    expect((await api(path)).body.status).toBe('processing');
    clock += 1;
    const done = await api(path);
    expect(done.body).toMatchObject({
      status: 'completed',
      completedAt: new Date(clock).toISOString(),
      answer: { type: 'boolean', boolean: { value: companyFacts(company(), peopleOf(company())).hiringSdrs } },
      confidence: expect.any(Number),
      reasoning: expect.stringContaining(company().name),
    });
    for (const source of done.body.sources as { url: string; title: string }[]) expect(source.url).toMatch(/^https:\/\/[a-z0-9.-]+\.example\//);
  });

  it('sync waits until the signal completes: 200 after exactly the delay of (sandbox) time', async () => {
    const started = clock;
    const reply = await api('/v1/companies/signals/sync', { body: ask('What CRM do they use?'), headers: { 'X-Sbr-Timeout-Sec': '25' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'completed', answerType: 'open_text', answer: { type: 'open_text' } });
    expect(clock - started).toBe(1500);
    expect(sleeps).toEqual([1500]);
  });

  it('sync gives up at X-Sbr-Timeout-Sec: 202 with the processing signal, or 408 when X-Sbr-Timeout-Error is true', async () => {
    const on = await startSandbox(sandboxOptions({ completionDelayMs: 5000 }));
    try {
      const started = clock;
      const pending = await api('/v1/companies/signals/sync', { on, body: ask('Q1'), headers: { 'X-Sbr-Timeout-Sec': '2' } });
      expect(pending.status).toBe(202);
      expect(pending.body).toMatchObject({ status: 'processing' });
      expect(clock - started).toBe(2000);
      const timedOut = await api('/v1/companies/signals/sync', {
        on,
        body: ask('Q2'),
        headers: { 'X-Sbr-Timeout-Sec': '1', 'X-Sbr-Timeout-Error': 'true' },
      });
      expect(timedOut.status).toBe(408);
      expect(platform(timedOut.body)).toMatchObject({ type: 'TIMEOUT', code: 'SIGNAL_TIMEOUT' });
      clock += 5000;
      const polled = await api(`/v1/companies/signals/${String(pending.body.id)}`, { on });
      expect(polled.body.status).toBe('completed');
    } finally {
      await on.close();
    }
  });

  it('sync waits no longer than maxSyncWaitMs (30 s by default), whatever the header or its absence asks', async () => {
    const on = await startSandbox(sandboxOptions({ completionDelayMs: 120_000 }));
    try {
      for (const headers of [{ 'X-Sbr-Timeout-Sec': '900' }, {}] as Record<string, string>[]) {
        const started = clock;
        const reply = await api('/v1/companies/signals/sync', { on, body: ask(`Q ${Object.keys(headers).length}`), headers });
        expect(reply.status).toBe(202);
        expect(clock - started).toBe(30_000);
      }
    } finally {
      await on.close();
    }
  });

  it('rejects an out-of-range X-Sbr-Timeout-Sec or X-Sbr-Timeout-Error before creating anything', async () => {
    const bad: Record<string, string>[] = [{ 'X-Sbr-Timeout-Sec': '0' }, { 'X-Sbr-Timeout-Sec': '901' }, { 'X-Sbr-Timeout-Sec': '2.5' }, { 'X-Sbr-Timeout-Error': 'yes' }];
    for (const headers of bad) {
      const reply = await api('/v1/companies/signals/sync', { body: ask('Q'), headers });
      expect(reply.status).toBe(400);
      expect((platform(reply.body).fields as { field: string }[])[0]?.field).toMatch(/^X-Sbr-Timeout-/);
    }
    expect((await state()).saber.signalsCreated).toBe(0);
  });

  it('a domain the dataset does not know fails after the delay and is not charged', async () => {
    const reply = await api('/v1/companies/signals/sync', { body: ask('Q', { domain: 'unknown-company.example' }) });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'failed', errorCode: 'INSUFFICIENT_DATA', error: expect.stringContaining('unknown-company.example') });
    expect(reply.body).not.toHaveProperty('answer');
    expect(await credits()).toBe(500);
  });

  it('contact signals complete from the person’s data; an unknown profile fails', async () => {
    const ana = featured(FEATURED.withEmailAndPhone);
    const reply = await api('/v1/contacts/signals/sync', {
      body: { contactProfileUrl: `https://de.linkedin.com/in/${ana.linkedinSlug}/`, question: 'What is their role?', answerType: 'open_text' },
    });
    expect(reply.body).toMatchObject({ status: 'completed', signalType: 'CONTACT', answer: { type: 'open_text', openText: { value: expect.stringContaining(ana.title) } } });
    const ghost = await api('/v1/contacts/signals/sync', { body: { contactProfileUrl: 'https://www.linkedin.com/in/nobody-000', question: 'Q' } });
    expect(ghost.body).toMatchObject({ status: 'failed', errorCode: 'PROFILE_NOT_FOUND' });
    expect(await credits()).toBe(499);
  });

  it('strict verification with nothing to verify completes with a null answer', async () => {
    const reply = await api('/v1/companies/signals/sync', { body: ask('What is the meaning of their logo?', { verificationMode: 'strict' }) });
    expect(reply.body).toMatchObject({ status: 'completed', answer: null, confidence: null, sources: [] });
  });
});

describe('answers', () => {
  it('derives each topic from the dataset, deterministically', async () => {
    const c = company(3);
    const facts = companyFacts(c, peopleOf(c));
    const answer = async (question: string, answerType: string, extra: Json = {}) =>
      (await api('/v1/companies/signals/sync', { body: ask(question, { answerType, ...extra }, c) })).body.answer;
    expect(await answer('Are they hiring SDRs?', 'boolean')).toEqual({ type: 'boolean', boolean: { value: facts.hiringSdrs } });
    expect(await answer('How many open SDR roles?', 'number')).toEqual({ type: 'number', number: { value: facts.openSdrRoles } });
    expect(await answer('What CRM do they use?', 'list')).toEqual({ type: 'list', list: { value: [facts.crm, ...facts.salesTools] } });
    expect(await answer('How many employees do they have?', 'number')).toEqual({ type: 'number', number: { value: facts.headcount } });
    expect(await answer('Headcount growth last year?', 'percentage')).toEqual({ type: 'percentage', percentage: { value: facts.growthPercent } });
    expect(await answer('How much funding have they raised?', 'currency')).toEqual({ type: 'currency', currency: { value: String(facts.fundingUsd) } });
    expect(await answer('Where is their careers page?', 'url')).toEqual({ type: 'url', url: { value: facts.careersUrl } });
    expect(await answer('Who are the decision makers?', 'contacts')).toMatchObject({ type: 'contacts', contacts: { value: expect.any(Array) } });
    expect(await answer('Summarise', 'json_schema', { outputSchema: { properties: { employees: { type: 'integer' }, industry: { type: 'string' } } } })).toEqual({
      type: 'json_schema',
      jsonSchema: { employees: facts.headcount, industry: c.industry },
    });
    const [low, high] = (c.size.replace(/,/g, '').match(/\d+/g) ?? []).map(Number);
    expect(facts.headcount).toBeGreaterThanOrEqual(low ?? 0);
    expect(facts.headcount).toBeLessThanOrEqual(high ?? 0);
  });

  it('gives the same answer on a fresh sandbox over the same seed', async () => {
    const other = await startSandbox({ ...sandboxOptions(), dataset: generateDataset(42) });
    try {
      const body = ask('What CRM do they use?', { answerType: 'open_text' }, company(7));
      const here = await api('/v1/companies/signals/sync', { body });
      const there = await api('/v1/companies/signals/sync', { body, on: other });
      expect(there.body.answer).toEqual(here.body.answer);
      expect(there.body.confidence).toEqual(here.body.confidence);
    } finally {
      await other.close();
    }
  });
});

describe('the 12-hour cache and credits (1 credit per signal, cache hits included)', () => {
  it('serves the same question within 12 h at once, charging 1 credit, and asks afresh after', async () => {
    const first = await api('/v1/companies/signals/sync', { body: ask('Are they hiring SDRs?', { answerType: 'boolean' }) });
    clock += 12 * HOUR - 1; // The sync call ended when the answer was made: 1 ms before it turns 12 h old.
    const hit = await api('/v1/companies/signals', { body: ask('  ARE they hiring   SDRs? ', { answerType: 'boolean' }) });
    expect(hit.status).toBe(200);
    expect(hit.body).toMatchObject({ status: 'completed', answer: first.body.answer, createdAt: new Date(clock).toISOString(), completedAt: new Date(clock).toISOString() });
    expect(hit.body.id).not.toBe(first.body.id);
    clock += 1;
    expect((await api('/v1/companies/signals', { body: ask('Are they hiring SDRs?', { answerType: 'boolean' }) })).status).toBe(202);
    expect(await credits()).toBe(497);
    expect((await state()).saber).toMatchObject({ creditsUsed: 3, signalsCreated: 3, cacheHits: 1 });
  });

  it('does not serve another answer type, a forced refresh, an unfinished answer or another account from the cache', async () => {
    await api('/v1/companies/signals', { body: ask('Are they hiring SDRs?', { answerType: 'boolean' }) });
    expect((await api('/v1/companies/signals', { body: ask('Are they hiring SDRs?', { answerType: 'boolean' }) })).status).toBe(202); // not done yet
    clock += 1500;
    expect((await api('/v1/companies/signals', { body: ask('Are they hiring SDRs?', { answerType: 'number' }) })).status).toBe(202);
    expect((await api('/v1/companies/signals', { body: ask('Are they hiring SDRs?', { answerType: 'boolean', forceRefresh: true }) })).status).toBe(202);
    const other = await api('/v1/companies/signals', { key: SABER_KEYS.salesNavDisconnected, body: ask('Are they hiring SDRs?', { answerType: 'boolean' }) });
    expect(other.status).toBe(202);
    expect((await api('/v1/companies/signals', { body: ask('Are they hiring SDRs?', { answerType: 'boolean' }) })).status).toBe(200);
  });

  it('without chargeCachedAnswers a cache hit is free', async () => {
    const on = await startSandbox(sandboxOptions({ chargeCachedAnswers: false }));
    try {
      await api('/v1/companies/signals/sync', { on, body: ask('Q') });
      await api('/v1/companies/signals/sync', { on, body: ask('Q') });
      expect((await api('/v1/credits', { on })).body.remainingCredits).toBe(499);
    } finally {
      await on.close();
    }
  });

  it('answers 402 in the platform envelope when a signal costs more than is left; nothing is created', async () => {
    const reply = await api('/v1/companies/signals/sync', { key: SABER_KEYS.noCredits, body: ask('Q') });
    expect(reply.status).toBe(402);
    expect(platform(reply.body)).toMatchObject({ type: 'PAYMENT_REQUIRED', code: 'INSUFFICIENT_CREDITS' });
    expect(await credits(SABER_KEYS.noCredits)).toBe(0);
    expect((await state()).saber.accounts.noCredits).toMatchObject({ signalsCreated: 0, creditsUsed: 0 });
    // Search and a find-email that finds nothing cost nothing, so they still work.
    expect((await api('/v1/contacts/find-email', { key: SABER_KEYS.noCredits, body: { full_name: 'Ana Ruiz', domain: 'a.example' } })).status).toBe(200);
  });

  it('honours a credits override and runs out exactly', async () => {
    const on = await startSandbox(sandboxOptions({ credits: { valid: 2 } }));
    try {
      expect((await api('/v1/companies/signals', { on, body: ask('Q1') })).status).toBe(202);
      expect((await api('/v1/companies/signals', { on, body: ask('Q2') })).status).toBe(202);
      expect((await api('/v1/companies/signals', { on, body: ask('Q3') })).status).toBe(402);
      expect((await api('/v1/credits', { on })).body).toEqual({ remainingCredits: 0 });
    } finally {
      await on.close();
    }
  });
});

describe('rate limits', () => {
  it('sends X-Ratelimit-* on every authenticated answer: writes 2000/min (burst 400), reads 100000/min (burst 10000)', async () => {
    const write = await api('/v1/companies/signals', { body: ask('Q') });
    expect(write.headers.get('x-ratelimit-limit')).toBe('2000');
    expect(write.headers.get('x-ratelimit-remaining')).toBe('399');
    expect(Number(write.headers.get('x-ratelimit-reset'))).toBe(Math.ceil((clock + 30) / 1000));
    const read = await api('/v1/credits');
    expect(read.headers.get('x-ratelimit-limit')).toBe('100000');
    expect(read.headers.get('x-ratelimit-remaining')).toBe('9999');
    const invalid = await api('/v1/companies/signals', { body: {} });
    expect(invalid.headers.get('x-ratelimit-remaining')).toBe('398'); // a 400 still spends a token
  });

  it('answers the global limiter’s 429 (NestJS body, retryAfter) when the bucket is empty, and refills over time', async () => {
    const on = await startSandbox(sandboxOptions({ limits: { writePerMinute: 60, writeBurst: 2 } }));
    try {
      expect((await api('/v1/companies/signals', { on, body: ask('Q1') })).status).toBe(202);
      expect((await api('/v1/companies/signals', { on, body: ask('Q2') })).status).toBe(202);
      const limited = await api('/v1/companies/signals', { on, body: ask('Q3') });
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ statusCode: 429, message: 'Rate limit exceeded', error: 'Too Many Requests', retryAfter: 1 });
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(limited.headers.get('x-ratelimit-reset'))).toBe(Math.ceil(clock / 1000) + 1);
      expect((await api('/v1/credits', { on })).status).toBe(200); // reads have their own bucket
      clock += 1000;
      expect((await api('/v1/companies/signals', { on, body: ask('Q3') })).status).toBe(202);
      expect((await api('/v1/credits', { on })).body.remainingCredits).toBe(497); // the 429 cost nothing
    } finally {
      await on.close();
    }
  });

  it('answers a per-route 429 in the platform envelope with that route’s own window', async () => {
    const on = await startSandbox(sandboxOptions({ routeLimits: { 'POST /v1/contacts/find-email': 2 } }));
    try {
      const body = { full_name: 'Ana Ruiz', domain: 'a.example' };
      await api('/v1/contacts/find-email', { on, body });
      clock += 10_000;
      await api('/v1/contacts/find-email', { on, body });
      const limited = await api('/v1/contacts/find-email', { on, body });
      expect(limited.status).toBe(429);
      expect(platform(limited.body)).toMatchObject({ type: 'TIMEOUT', code: 'TOO_MANY_REQUESTS', message: 'Per-route rate limit exceeded' });
      expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
      expect(Number(limited.headers.get('x-ratelimit-reset'))).toBe(Math.ceil((clock - 10_000 + 60_000) / 1000));
      expect((await api('/v1/credits', { on })).status).toBe(200);
      clock += 50_000;
      expect((await api('/v1/contacts/find-email', { on, body })).status).toBe(200);
    } finally {
      await on.close();
    }
  });
});

describe('get and list', () => {
  it('gets only this account’s signals of this kind; a bad id is a 400, a missing one the flat 404', async () => {
    const created = await api('/v1/companies/signals', { body: ask('Q') });
    const id = String(created.body.id);
    expect((await api(`/v1/companies/signals/${id}`)).status).toBe(200);
    expect((await api(`/v1/contacts/signals/${id}`)).body).toEqual({ error: 'NOT_FOUND', message: 'Signal not found or access denied' });
    expect((await api(`/v1/companies/signals/${id}`, { key: SABER_KEYS.noCredits })).status).toBe(404);
    expect((await api('/v1/companies/signals/not-a-uuid')).status).toBe(400);
  });

  it('lists newest first with {results,total,limit,offset,count}, filters and paging; limit > 25 is a 400', async () => {
    const [a, b] = [company(0), company(1)];
    for (const [c, q] of [[a, 'A1'], [b, 'B1'], [a, 'A2'], [a, 'A3']] as const) {
      await api('/v1/companies/signals', { body: ask(q, {}, c) });
      clock += 100;
    }
    clock += 1500; // All four are done; they completed 1500 ms after their creation, 100 ms apart.
    const page = await api(`/v1/companies/signals?domain=${a.domain}&limit=2&offset=1`);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1, count: 2 });
    expect((page.body.results as Json[]).map((s) => s.question)).toEqual(['A2', 'A1']);
    expect((await api(`/v1/companies/signals?companyId=${b.id}`)).body.total).toBe(1);
    const recent = await api(`/v1/companies/signals?fromDate=${encodeURIComponent(new Date(clock - 200).toISOString())}`);
    expect((recent.body.results as Json[]).map((s) => s.question)).toEqual(['A3', 'A2']);
    expect((await api('/v1/companies/signals?status=processing')).body.total).toBe(0);
    expect((await api('/v1/companies/signals?status=completed&status=failed')).body.total).toBe(4);
    expect((await api('/v1/companies/signals?limit=26')).status).toBe(400);
    expect((await api('/v1/companies/signals?status=done')).status).toBe(400);
    expect((await api('/v1/companies/signals?fromDate=yesterday')).status).toBe(400);
  });

  it('lists contact signals by profile URL in any form', async () => {
    const ana = featured(FEATURED.withEmailAndPhone);
    await api('/v1/contacts/signals', { body: { contactProfileUrl: linkedinUrlOf(ana), question: 'Q' } });
    await api('/v1/contacts/signals', { body: { contactProfileUrl: 'https://www.linkedin.com/in/someone-else-1', question: 'Q' } });
    const list = await api(`/v1/contacts/signals?contactProfileUrl=${encodeURIComponent(`linkedin.com/in/${ana.linkedinSlug.toUpperCase()}/`)}`);
    expect(list.body).toMatchObject({ total: 1, count: 1 });
    expect((await api('/v1/contacts/signals')).body.total).toBe(2);
  });

  it('lists templates {items,total,limit,offset,hasMore} and asks by template', async () => {
    const templates = await api('/v1/companies/signals/templates?limit=2');
    expect(templates.body).toMatchObject({ total: 3, limit: 2, offset: 0, hasMore: true });
    const [first] = templates.body.items as Json[];
    const byTemplate = await api('/v1/companies/signals/sync', { body: { domain: company().domain, signalTemplateId: first?.id } });
    expect(byTemplate.body).toMatchObject({ question: 'Are they hiring SDRs?', answerType: 'boolean', status: 'completed' });
    const unknown = await api('/v1/companies/signals', { body: { domain: company().domain, signalTemplateId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.status).toBe(404);
    expect(platform(unknown.body).code).toBe('TEMPLATE_NOT_FOUND');
  });
});

describe('contacts', () => {
  it('searches Sales Navigator: company URL, seniority and department in LinkedIn’s taxonomy, paging', async () => {
    const c = company(2);
    const people = peopleOf(c);
    const all = await api('/v1/contacts/search', { body: { companyLinkedInUrls: [`linkedin.com/company/${c.linkedinSlug}/`], limit: 3 } });
    expect(all.body).toMatchObject({ total: people.length, limit: 3, offset: 0, hasMore: true, salesNavConnected: true });
    expect((all.body.items as Json[])[0]).toEqual({
      firstName: people[0]?.firstName,
      lastName: people[0]?.lastName,
      fullName: `${people[0]?.firstName} ${people[0]?.lastName}`,
      headline: people[0]?.headline,
      role: 'Co-Founder & CEO',
      companyName: c.name,
      location: expect.any(String),
      seniority: ['Owner / Partner'],
      linkedInProfileUrl: people[0] ? linkedinUrlOf(people[0]) : '',
      linkedInSalesNavigatorProfileUrl: expect.stringMatching(/^https:\/\/www\.linkedin\.com\/sales\/lead\//),
      ...(people[0]?.photo ? { avatar: expect.stringMatching(/\.example\//) } : {}),
    });
    const founders = await api('/v1/contacts/search', { body: { seniorityLevels: ['Owner / Partner'], limit: 100 } });
    expect(founders.body.total).toBe(sandbox.dataset.companies.length);
    const sales = await api('/v1/contacts/search', { body: { departments: ['Sales'], countries: ['US'], limit: 100 } });
    for (const item of sales.body.items as Json[]) expect(String(item.headline)).toBeTruthy();
    expect(sales.body.total).toBe(
      sandbox.dataset.people.filter((p) => p.departments.includes('Sales') && p.location.countryIso2 === 'US').length,
    );
    const bad = await api('/v1/contacts/search', { body: { companyLinkedInUrls: ['https://example.com/acme'] } });
    expect(bad.status).toBe(422);
  });

  it('answers salesNavConnected:false with no items for the disconnected account', async () => {
    const reply = await api('/v1/contacts/search', { key: SABER_KEYS.salesNavDisconnected, body: { keywords: 'Sales', limit: 10 } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ items: [], total: 0, limit: 10, offset: 0, hasMore: false, salesNavConnected: false });
  });

  it('finds a work email by name and domain (accents and case ignored); unknown → nulls', async () => {
    const person = sandbox.dataset.people.find((p) => /[^\x20-\x7e]/.test(p.firstName + p.lastName) && p.emails.length > 0);
    if (!person) throw new Error('no accented person with an email');
    const domain = companyOf(person, sandbox.dataset).domain;
    const folded = `${person.firstName} ${person.lastName}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
    const reply = await api('/v1/contacts/find-email', { body: { full_name: folded, domain: `www.${domain}` } });
    expect(reply.body).toMatchObject({ email: person.emails.find((e) => e.type === 'work')?.email, verification: { state: expect.stringMatching(/^(deliverable|risky)$/) } });
    expect((await api('/v1/contacts/find-email', { body: { full_name: 'No Such Person', domain } })).body).toEqual({ email: null, verification: null });
    // A found email costs 1 credit, not found nothing.
    expect(await credits()).toBe(499);
  });

  it('runs contact research asynchronously; finds it by id and by external id; an unknown person fails', async () => {
    const ana = featured(FEATURED.withEmailAndPhone);
    const employer = companyOf(ana, sandbox.dataset);
    const body = { firstName: ana.firstName, lastName: ana.lastName, companyName: employer.name, companyDomain: employer.domain, externalId: 'hs_9', externalSource: 'hubspot' };
    const created = await api('/v1/contacts/research', { body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^cr_[0-9a-f]{12}$/), status: 'processing', externalId: 'hs_9' });
    clock += 1500;
    const done = await api(`/v1/contacts/research/${String(created.body.id)}`);
    expect(done.body).toMatchObject({ status: 'completed', jobTitle: ana.title, linkedInProfileUrl: linkedinUrlOf(ana), email: ana.emails[0]?.email ?? null });
    expect((await api('/v1/contacts/research?externalId=hs_9&externalSource=hubspot')).body.id).toBe(created.body.id);
    expect((await api('/v1/contacts/research?externalId=hs_9')).body).toEqual({
      error: 'VALIDATION_ERROR',
      message: 'Query parameters externalId and externalSource are required',
    });
    expect((await api('/v1/contacts/research/cr_ffffffffffff')).status).toBe(404);
    const ghost = await api('/v1/contacts/research', { body: { firstName: 'No', lastName: 'One', companyName: 'X', companyDomain: 'unknown.example' } });
    clock += 1500;
    expect((await api(`/v1/contacts/research/${String(ghost.body.id)}`)).body).toMatchObject({ status: 'failed', error: expect.any(String) });
    // A research job is charged when created (2 credits here), whatever it finds.
    expect(await credits()).toBe(496);
  });
});

describe('state and reset', () => {
  it('reports saber { creditsUsed, requests, accounts } in /__sandbox/state; reset clears it', async () => {
    await api('/v1/companies/signals', { body: ask('Q') });
    await api('/v1/credits', { key: null });
    const before = (await state()).saber;
    expect(before.creditsUsed).toBe(1);
    expect(before.requests).toMatchObject([
      { method: 'POST', path: '/v1/companies/signals', status: 202, account: 'valid', body: { domain: company().domain, question: 'Q' } },
      { method: 'GET', path: '/v1/credits', status: 401, body: null },
    ]);
    expect(Object.keys(before.accounts).sort()).toEqual(['noCredits', 'salesNavDisconnected', 'valid']);
    expect(before.accounts.salesNavDisconnected.salesNavConnected).toBe(false);

    expect((await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(200);
    const after = (await state()).saber;
    expect(after).toMatchObject({ creditsUsed: 0, requests: [], signalsCreated: 0, creditsRemaining: 500 });
  });
});
