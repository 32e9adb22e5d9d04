/**
 * The Saber client against the local sandbox (tests/sandbox/saber.ts): real HTTP, real headers, real credit
 * accounting. The sandbox's clock is injected and the tests move it past Saber's work, so nothing really sleeps.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SABER_KEYS } from '../../../tests/sandbox/accounts';
import { companyOf, FEATURED, findPersonBySlug, linkedinUrlOf } from '../../../tests/sandbox/dataset';
import type { SandboxCompany, SandboxPerson } from '../../../tests/sandbox/dataset-types';
import { companyFacts } from '../../../tests/sandbox/saber-answers';
import { startSandbox, type Sandbox } from '../../../tests/sandbox/server';
import { SidecarError } from '../../domain/errors';
import { ANSWER_TYPES, questionSignalSchema, type QuestionSignal } from '../../domain/saber-answer';
import { contactResearchSchema, prospectSearchResultSchema } from '../../domain/saber-prospect';
import { createSaberClient, type CompanyQuestion, type SaberClient, type SaberClientOptions } from './index';

const HOUR = 3_600_000;
/** How long the sandbox's Saber works on a question (tests/sandbox/README.md). */
const WORK_MS = 1500;
let clock = Date.UTC(2026, 2, 10, 9, 0, 0);
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: () => clock });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  clock += 24 * HOUR; // Past every cache entry and rate window of the previous test.
  sandbox.reset();
});

function clientFor(apiKey: string, extra: Partial<SaberClientOptions> = {}): SaberClient {
  return createSaberClient({ apiKey, baseUrl: sandbox.url, timeoutMs: 5000, now: () => clock, ...extra });
}

function person(slug: string): SandboxPerson {
  const found = findPersonBySlug(slug, sandbox.dataset);
  if (!found) throw new Error(`sandbox has no person ${slug}`);
  return found;
}

const firstCompany = (): SandboxCompany => {
  const company = sandbox.dataset.companies[0];
  if (!company) throw new Error('empty dataset');
  return company;
};

const peopleOf = (company: SandboxCompany): SandboxPerson[] => sandbox.dataset.people.filter((p) => p.companyId === company.id);

async function sidecarErrorOf(promise: Promise<unknown>, key: string): Promise<SidecarError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SidecarError);
    expect(JSON.stringify((error as SidecarError).data)).not.toContain(key);
    return error as SidecarError;
  }
  throw new Error('expected the call to reject');
}

function completed(signal: QuestionSignal): Extract<QuestionSignal, { status: 'completed' }> {
  if (signal.status !== 'completed') throw new Error(`expected completed, got ${signal.status}`);
  return signal;
}

/** Ask about a company, let the sandbox's clock pass the work, and read the signal as it ended (as the alarm would). */
async function askAndPoll(client: SaberClient, question: CompanyQuestion): Promise<QuestionSignal> {
  const created = await client.createCompanySignal(question);
  if (created.data.status !== 'processing') return created.data;
  clock += WORK_MS;
  return (await client.getCompanySignal(created.data.id)).data;
}

describe('Saber client ↔ sandbox: company signals', () => {
  it('async: processing → poll → completed with the dataset’s answer and *.example sources', async () => {
    const client = clientFor(SABER_KEYS.valid);
    const company = firstCompany();
    const created = await client.createCompanySignal({ domain: company.domain, question: 'Are they hiring SDRs?', answerType: 'boolean' });
    expect(created.status).toBe(202);
    expect(created.data).toMatchObject({ status: 'processing', subject: { kind: 'company', domain: company.domain } });
    expect(created.rateLimit).toMatchObject({ limit: 2000, remaining: 399 });

    clock += 1000;
    expect((await client.getCompanySignal(created.data.id)).data.status).toBe('processing');
    clock += 500;
    const polled = await client.getCompanySignal(created.data.id);
    const done = completed(questionSignalSchema.parse(polled.data));
    expect(done.answer).toEqual({ type: 'boolean', value: companyFacts(company, peopleOf(company)).hiringSdrs });
    expect(done.confidence).toBeGreaterThan(0.5);
    expect(done.reasoning).toContain(company.name);
    expect(done.sources.length).toBeGreaterThan(0);
    for (const source of done.sources) expect(new URL(source.url).hostname).toBe(company.domain);
  });

  it('every answer type comes back in its domain shape', async () => {
    const client = clientFor(SABER_KEYS.valid);
    const company = firstCompany();
    for (const answerType of ANSWER_TYPES) {
      const result = await askAndPoll(client, {
        domain: company.domain,
        question: 'Are they hiring SDRs?',
        answerType,
        ...(answerType === 'json_schema' ? { outputSchema: { type: 'object', properties: { hiring: { type: 'boolean' }, crm: { type: 'string' } } } } : {}),
      });
      const done = completed(questionSignalSchema.parse(result));
      expect(done.answer?.type).toBe(answerType);
    }
    const facts = companyFacts(company, peopleOf(company));
    const json = await askAndPoll(client, {
      domain: company.domain,
      question: 'Are they hiring SDRs?',
      answerType: 'json_schema',
      outputSchema: { type: 'object', properties: { hiring: { type: 'boolean' }, crm: { type: 'string' } } },
    });
    expect(completed(json).answer).toEqual({ type: 'json_schema', value: { hiring: facts.hiringSdrs, crm: facts.crm } });
  });

  it('a cached answer (same question within 12 h) returns at once and is charged 1 credit, like a fresh one', async () => {
    const client = clientFor(SABER_KEYS.valid);
    const company = firstCompany();
    const ask = { domain: company.domain, question: 'Are they hiring SDRs?', answerType: 'boolean' as const };
    const before = (await client.getCredits()).data.remainingCredits;

    const first = await askAndPoll(client, ask);
    clock += 11 * HOUR;
    const again = await client.createCompanySignal({ ...ask, question: '  are they HIRING sdrs? ' });
    expect(again.status).toBe(200);
    expect(again.data.id).not.toBe(first.id);
    expect(completed(again.data).answer).toEqual(completed(first).answer);
    expect((await client.getCredits()).data.remainingCredits).toBe(before - 2);

    clock += 2 * HOUR; // 13 h after the first answer (the hit did not extend it): asked afresh.
    const expired = await client.createCompanySignal(ask);
    expect(expired.data.status).toBe('processing');
    clock += 2000;
    expect((await client.createCompanySignal({ ...ask, forceRefresh: true })).data.status).toBe('processing');
    expect((await client.createCompanySignal(ask)).status).toBe(200);
    expect((await client.getCredits()).data.remainingCredits).toBe(before - 5);
    expect(sandbox.state().saber).toMatchObject({ creditsUsed: 5, cacheHits: 2, signalsCreated: 5 });
  });

  it('an unknown domain fails after the delay and costs nothing', async () => {
    const client = clientFor(SABER_KEYS.valid);
    const ended = await askAndPoll(client, { domain: 'nobody-here.example', question: 'Are they hiring SDRs?' });
    expect(ended).toMatchObject({ status: 'failed', errorCode: 'INSUFFICIENT_DATA' });
    expect((await client.getCredits()).data.remainingCredits).toBe(500);
  });

  it('lists signals newest first with filters, and reads the templates', async () => {
    const client = clientFor(SABER_KEYS.valid);
    const [a, b] = sandbox.dataset.companies;
    if (!a || !b) throw new Error('dataset too small');
    await client.createCompanySignal({ domain: a.domain, question: 'First?' });
    clock += 10;
    await client.createCompanySignal({ domain: b.domain, question: 'Second?' });
    clock += 10;
    await client.createCompanySignal({ domain: a.domain, question: 'Third?' });
    const page = await client.listCompanySignals({ domain: a.domain, limit: 1 });
    expect(page.data).toMatchObject({ total: 2, limit: 1, offset: 0, hasMore: true });
    expect(page.data.items.map((s) => s.question)).toEqual(['Third?']);
    const processing = await client.listCompanySignals({ status: ['processing'] });
    expect(processing.data.items.map((s) => s.question)).toEqual(['Third?', 'Second?', 'First?']);
    const templates = await client.listSignalTemplates();
    expect(templates.data.items.map((t) => t.name)).toEqual(['Hiring SDRs', 'CRM in use', 'Headcount']);

    const template = templates.data.items[0];
    if (!template) throw new Error('no template');
    const byTemplate = await askAndPoll(client, { domain: a.domain, signalTemplateId: template.id });
    expect(completed(byTemplate)).toMatchObject({ question: 'Are they hiring SDRs?', answer: { type: 'boolean' } });
  });
});

describe('Saber client ↔ sandbox: contacts', () => {
  it('contact signal by LinkedIn URL in any form: processing → completed; listed by profile', async () => {
    const client = clientFor(SABER_KEYS.valid);
    const ana = person(FEATURED.withEmailAndPhone);
    const sloppyUrl = `linkedin.com/in/${ana.linkedinSlug.toUpperCase()}/?trk=feed`;
    const created = await client.createContactSignal({ contactProfileUrl: sloppyUrl, question: 'What are their main professional interests?' });
    expect(created.status).toBe(202);
    expect(created.data.subject).toEqual({ kind: 'contact', profileUrl: linkedinUrlOf(ana) });
    clock += WORK_MS;
    const done = completed((await client.getContactSignal(created.data.id)).data);
    expect(done.answer).toEqual({ type: 'open_text', value: expect.stringContaining(ana.title) });
    const listed = await client.listContactSignals({ contactProfileUrl: linkedinUrlOf(ana) });
    expect(listed.data.items.map((s) => s.id)).toEqual([created.data.id]);
    const wrongKind = await sidecarErrorOf(client.getCompanySignal(created.data.id), SABER_KEYS.valid);
    expect(wrongKind).toMatchObject({ kind: 'not-found', data: { status: 404 } });
  });

  it('contact research: processing → completed with the dataset’s facts', async () => {
    const client = clientFor(SABER_KEYS.valid);
    const ana = person(FEATURED.withEmailAndPhone);
    const employer = companyOf(ana, sandbox.dataset);
    const created = await client.createContactResearch({
      firstName: ana.firstName,
      lastName: ana.lastName,
      companyName: employer.name,
      companyDomain: employer.domain,
      jobTitle: ana.title,
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ status: 'processing', companyDomain: employer.domain });
    clock += 1500;
    const done = contactResearchSchema.parse((await client.getContactResearch(created.data.id)).data);
    expect(done).toMatchObject({ status: 'completed', details: { jobTitle: ana.title, email: ana.emails[0]?.email } });
  });

  it('searches Sales Navigator by company URL; a disconnected account gets its own state, not an error', async () => {
    const company = firstCompany();
    const people = peopleOf(company);
    const result = await clientFor(SABER_KEYS.valid).searchContacts({ companyLinkedInUrls: [`https://www.linkedin.com/company/${company.linkedinSlug}`], limit: 5 });
    const page = prospectSearchResultSchema.parse(result.data);
    if (page.state !== 'ok') throw new Error('expected results');
    expect(page.total).toBe(people.length);
    expect(page.hasMore).toBe(people.length > 5);
    expect(page.items.map((p) => p.linkedinUrl)).toEqual(people.slice(0, 5).map(linkedinUrlOf));
    expect(page.items.every((p) => p.companyName === company.name)).toBe(true);

    const disconnected = await clientFor(SABER_KEYS.salesNavDisconnected).searchContacts({ companyLinkedInUrls: [`https://www.linkedin.com/company/${company.linkedinSlug}`] });
    expect(disconnected.status).toBe(200);
    expect(disconnected.data).toEqual({ state: 'sales-nav-disconnected' });
  });

  it('finds a dataset person’s work email; an unknown name is not found', async () => {
    const client = clientFor(SABER_KEYS.valid);
    const ana = person(FEATURED.withEmailAndPhone);
    const domain = companyOf(ana, sandbox.dataset).domain;
    const found = await client.findEmail(`${ana.firstName} ${ana.lastName}`, domain);
    expect(found.data).toMatchObject({ status: 'found', email: ana.emails.find((e) => e.type === 'work')?.email });
    expect(found.data.status === 'found' && found.data.verification?.state).toMatch(/^(deliverable|risky)$/);
    expect((await client.findEmail('Nobody Atall', domain)).data).toEqual({ status: 'not-found' });
  });
});

describe('Saber client ↔ sandbox: errors', () => {
  it('maps 402 for an account without credits; reads still work', async () => {
    const client = clientFor(SABER_KEYS.noCredits);
    const error = await sidecarErrorOf(client.createCompanySignal({ domain: firstCompany().domain, question: 'Q?' }), SABER_KEYS.noCredits);
    expect(error).toMatchObject({ kind: 'out-of-credits', data: { status: 402 } });
    expect((await client.getCredits()).data.remainingCredits).toBe(0);
  });

  it('maps an unknown key and a malformed key to bad-key (401)', async () => {
    const unknown = 'sk_live_ThisKeyIsNotKnownToTheSandbox0000000000000000';
    expect(await sidecarErrorOf(clientFor(unknown).getCredits(), unknown)).toMatchObject({ kind: 'bad-key', data: { status: 401 } });
    expect(await sidecarErrorOf(clientFor('nope').getCredits(), 'nope')).toMatchObject({ kind: 'bad-key', data: { status: 401 } });
  });

  it('maps a 400 from the sandbox’s strict validation (a question the client passes, the server refuses)', async () => {
    const error = await sidecarErrorOf(
      clientFor(SABER_KEYS.valid).createCompanySignal({ domain: firstCompany().domain, question: 'Q?', signalTemplateId: 'not-a-uuid' }),
      SABER_KEYS.valid,
    );
    expect(error.kind).toBe('validation');
    expect(error.data.detail).toContain("validation failed for 'signalTemplateId'");
  });
});

describe('Saber client ↔ sandbox: rate limits', () => {
  let limited: Sandbox;
  let limitedClock = Date.UTC(2026, 2, 10, 9, 0, 0);

  beforeAll(async () => {
    limited = await startSandbox({
      port: 0,
      now: () => limitedClock,
      saber: { limits: { writeBurst: 1, writePerMinute: 6 }, routeLimits: { 'GET /v1/credits': 1 } },
    });
  });

  afterAll(async () => {
    await limited.close();
  });

  it('maps the global limiter’s 429 with retryAt from retryAfter, and a per-route 429 with its reset', async () => {
    const client = createSaberClient({ apiKey: SABER_KEYS.valid, baseUrl: limited.url, now: () => limitedClock });
    await client.createCompanySignal({ domain: firstCompany().domain, question: 'Q?' });
    const global = await sidecarErrorOf(client.createCompanySignal({ domain: firstCompany().domain, question: 'Q?' }), SABER_KEYS.valid);
    expect(global).toMatchObject({ kind: 'rate-limited', data: { status: 429, reason: 'global', retryAt: limitedClock + 10_000 } });

    await client.getCredits();
    const perRoute = await sidecarErrorOf(client.getCredits(), SABER_KEYS.valid);
    expect(perRoute).toMatchObject({ kind: 'rate-limited', data: { status: 429, reason: 'per-route' } });
    expect(perRoute.data.retryAt).toBeGreaterThan(limitedClock);

    limitedClock += 10_000;
    expect((await client.createCompanySignal({ domain: firstCompany().domain, question: 'Another?' })).status).toBe(202);
  });
});

describe('faults injected into the sandbox', () => {
  const cases: [string, object, string][] = [
    ['a 503 in Saber’s envelope', { kind: 'status', path: '/v1/credits', status: 503 }, 'server'],
    ['a 429 from the global limiter', { kind: 'status', path: '/v1/credits', status: 429 }, 'rate-limited'],
    ['a 402', { kind: 'status', path: '/v1/credits', status: 402 }, 'out-of-credits'],
    ['an HTML error page', { kind: 'html', path: '/v1/credits' }, 'server'],
    ['malformed JSON', { kind: 'malformed-json', path: '/v1/credits' }, 'unexpected-response'],
    ['a dropped connection', { kind: 'drop', path: '/v1/credits' }, 'network'],
  ];
  for (const [name, fault, kind] of cases) {
    it(`maps ${name} to ${kind}`, async () => {
      sandbox.faults.add(fault);
      const error = await clientFor(SABER_KEYS.valid)
        .getCredits()
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(SidecarError.is(error) && error.kind).toBe(kind);
    });
  }

  it('times out on added latency longer than its budget', async () => {
    sandbox.faults.add({ kind: 'latency', path: '/v1/credits', ms: 500 });
    const error = await clientFor(SABER_KEYS.valid, { timeoutMs: 100 })
      .getCredits()
      .catch((caught: unknown) => caught);
    expect(SidecarError.is(error) && error.kind).toBe('timeout');
  });
});
