import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SABER_KEYS } from '../../tests/sandbox/accounts';
import { FEATURED, findPersonBySlug, linkedinUrlOf } from '../../tests/sandbox/dataset';
import { startSandbox, type Sandbox } from '../../tests/sandbox/server';
import { SidecarError } from '../domain/errors';
import type { SaberSubject } from '../messaging/insights';
import { createSaberClient, type SaberClient } from '../providers/saber';
import { closeDbForTests } from '../store/db';
import { listSpends, spentToday } from '../store/ledger';
import { getStoredQuestions, MAX_QUESTIONS_PER_SUBJECT, putStoredQuestions, type StoredQuestion } from '../store/saber-questions';
import { getApiKey, setApiKey } from '../store/secrets';
import { createHandlers } from './handlers';
import type { CompanyService } from './company-service';
import { createLookupService } from './lookup-service';
import { createSaberService, SABER_CREDITS_PER_QUESTION_MAX, SABER_TEMPLATES_TTL_MS } from './saber-service';

const KEY = 'sk_test_0123456789abcdef';
const HOUR = 3_600_000;

function fakeClient(fail?: SidecarError) {
  const getCredits = vi.fn(async () => {
    if (fail) throw fail;
    return { data: { provider: 'saber' as const, remainingCredits: 42, fetchedAt: Date.now() }, status: 200, rateLimit: {} };
  });
  return { getCredits } as unknown as SaberClient & { getCredits: typeof getCredits };
}

// The fake Saber over real HTTP. Its clock is ours and its sync waits advance it, so nothing really sleeps. `fast`
// answers within a sync call; `slow` gives up waiting after 1 s (of its clock) while answers take 1.5 s.
let clock = Date.UTC(2026, 2, 10, 9, 0, 0);
let fast: Sandbox;
let slow: Sandbox;

beforeAll(async () => {
  const sleep = async (ms: number) => {
    clock += ms;
  };
  fast = await startSandbox({ port: 0, now: () => clock, saber: { sleep } });
  slow = await startSandbox({ port: 0, now: () => clock, saber: { sleep, maxSyncWaitMs: 1000 } });
});

afterAll(async () => {
  await Promise.all([fast.close(), slow.close()]);
});

beforeEach(async () => {
  clock += 24 * HOUR; // past Saber's answer cache and every rate window of the previous test
  fast.reset();
  slow.reset();
  fakeBrowser.reset();
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

function serviceOn(sandbox: Sandbox) {
  return createSaberService({
    createClient: (apiKey) => createSaberClient({ apiKey, baseUrl: sandbox.url, timeoutMs: 5000, now: () => clock }),
    now: () => clock,
  });
}

async function withKey(sandbox: Sandbox, key: string = SABER_KEYS.valid) {
  await setApiKey('saber', key, clock);
  return serviceOn(sandbox);
}

const saberCalls = (sandbox: Sandbox, method?: string, prefix = '/v1/') =>
  sandbox.state().saber.requests.filter((request) => request.path.startsWith(prefix) && (!method || request.method === method));

const companySubject = (sandbox: Sandbox): Extract<SaberSubject, { kind: 'company' }> => ({ kind: 'company', domain: sandbox.dataset.companies[0]!.domain });

describe('Saber keys', () => {
  it('refuses a key of the wrong shape without asking Saber', async () => {
    const client = fakeClient();
    const service = createSaberService({ createClient: () => client });
    await expect(service.saveKey('not-a-key')).rejects.toMatchObject({ kind: 'bad-key' });
    expect(client.getCredits).not.toHaveBeenCalled();
  });

  it('stores a key only when Saber accepts it, and reports the credits', async () => {
    const refused = createSaberService({ createClient: () => fakeClient(new SidecarError({ kind: 'bad-key', message: 'no', status: 401 })) });
    await expect(refused.saveKey(KEY)).rejects.toMatchObject({ kind: 'bad-key' });
    expect(await getApiKey('saber')).toBeUndefined();

    const service = createSaberService({ createClient: () => fakeClient() });
    await expect(service.saveKey(` ${KEY} `)).resolves.toMatchObject({ key: { configured: true, hint: 'cdef' }, saberCredits: 42 });
    expect((await getApiKey('saber'))?.key).toBe(KEY);
    await expect(service.credits(false)).resolves.toMatchObject({ remaining: 42 });
  });
});

describe('asking Saber', () => {
  it('needs a key, a question or a template, and the user’s confirmation of the most it can cost, before any call', async () => {
    const subject = companySubject(fast);
    await expect(serviceOn(fast).ask({ subject, question: 'What CRM do they use?', answerType: 'open_text', confirmedCredits: 2 })).rejects.toMatchObject({
      kind: 'missing-key',
    });
    const service = await withKey(fast);
    await expect(service.ask({ subject, answerType: 'open_text', confirmedCredits: 2 })).rejects.toMatchObject({ kind: 'validation' });
    await expect(service.ask({ subject, question: ' ab ', answerType: 'open_text', confirmedCredits: 2 })).rejects.toMatchObject({ kind: 'validation' });
    await expect(service.ask({ subject, question: 'x'.repeat(501), answerType: 'open_text', confirmedCredits: 2 })).rejects.toMatchObject({ kind: 'validation' });
    const unconfirmed = await service.ask({ subject, question: 'What CRM do they use?', answerType: 'open_text' }).catch((error: unknown) => error);
    expect(SidecarError.is(unconfirmed) && unconfirmed.data).toMatchObject({ kind: 'needs-confirmation', credits: SABER_CREDITS_PER_QUESTION_MAX });
    await expect(service.ask({ subject, question: 'What CRM do they use?', answerType: 'open_text', confirmedCredits: 1 })).rejects.toMatchObject({
      kind: 'needs-confirmation',
    });
    expect(saberCalls(fast)).toEqual([]);
    expect(await listSpends()).toEqual([]);
  });

  it('answers, books what the balance shows was used as a Saber spend (not in the Lusha day), and keeps the question', async () => {
    const service = await withKey(fast);
    const subject = companySubject(fast);
    const asked = await service.ask({ subject, question: 'What CRM do they use?', answerType: 'open_text', confirmedCredits: 2 });
    expect(asked.signal).toMatchObject({ status: 'completed', answer: { type: 'open_text' } });
    // The fake Saber charges 1 credit a signal: measured, not the 2 the user confirmed.
    expect(asked.credits).toBe(1);
    expect(saberCalls(fast, 'POST').map((request) => request.path)).toEqual(['/v1/companies/signals/sync']);

    const spends = await listSpends();
    expect(spends.map(({ provider, action, entityId, credits }) => ({ provider, action, entityId, credits }))).toEqual([
      { provider: 'saber', action: 'question', entityId: asked.signal.id, credits: 1 },
    ]);
    expect((await spentToday(clock)).total).toBe(0);
    // The balance was read after the answer: the popup shows it without another call.
    const reads = saberCalls(fast, 'GET', '/v1/credits').length;
    await expect(service.credits(false)).resolves.toMatchObject({ remaining: 499 });
    expect(saberCalls(fast, 'GET', '/v1/credits')).toHaveLength(reads);

    // Kept for the subject, under any spelling of its domain.
    const stored = await service.questions({ kind: 'company', domain: `https://www.${subject.domain}/` });
    expect(stored).toEqual([asked]);
    expect(Object.keys(stored[0]!)).not.toContain('balanceBefore');
  });

  it('asks about a person by profile URL', async () => {
    const service = await withKey(fast);
    const person = findPersonBySlug(FEATURED.withEmailAndPhone, fast.dataset)!;
    const subject: SaberSubject = { kind: 'contact', profileUrl: linkedinUrlOf(person) };
    const asked = await service.ask({ subject, question: 'What is their current job title?', answerType: 'open_text', confirmedCredits: 2 });
    expect(asked.signal).toMatchObject({ status: 'completed', subject: { kind: 'contact' } });
    expect(saberCalls(fast, 'POST').map((request) => request.path)).toEqual(['/v1/contacts/signals/sync']);
    expect(await service.questions(subject)).toEqual([asked]);
    expect(await service.questions(companySubject(fast))).toEqual([]);
  });

  it('returns a slow answer as processing, then polls it to completion (free) and books it once', async () => {
    const service = await withKey(slow);
    const subject = companySubject(slow);
    const asked = await service.ask({ subject, question: 'How many employees do they have?', answerType: 'number', confirmedCredits: 2 });
    expect(asked.signal.status).toBe('processing');
    expect(asked.credits).toBeUndefined();
    expect(await listSpends()).toEqual([]);

    // Still processing: checked again, nothing booked.
    const early = await service.questions(subject);
    expect(early.map((question) => question.signal.status)).toEqual(['processing']);
    expect(await listSpends()).toEqual([]);

    clock += 500;
    const polled = await Promise.all([service.questions(subject), service.questions(subject)]);
    for (const list of polled) expect(list[0]).toMatchObject({ signal: { id: asked.signal.id, status: 'completed', answer: { type: 'number' } }, credits: 1 });
    const again = await service.questions(subject);
    expect(again[0]).toMatchObject({ signal: { status: 'completed' }, credits: 1 });
    expect((await listSpends()).map((entry) => [entry.provider, entry.action, entry.entityId, entry.credits])).toEqual([
      ['saber', 'question', asked.signal.id, 1],
    ]);
    expect(saberCalls(slow, 'POST')).toHaveLength(1);
    // One poll early, one shared by the two simultaneous lists, none once it was answered.
    expect(saberCalls(slow, 'GET').filter((request) => request.path.includes('/signals/'))).toHaveLength(2);
  });

  it('books the most a question costs when the balance before it could not be read', async () => {
    const service = await withKey(fast);
    fast.faults.add({ kind: 'malformed-json', path: '/v1/credits', method: 'GET', times: 1 });
    const asked = await service.ask({ subject: companySubject(fast), question: 'What CRM do they use?', answerType: 'open_text', confirmedCredits: 2 });
    expect(asked.credits).toBe(SABER_CREDITS_PER_QUESTION_MAX);
    expect((await listSpends()).map((entry) => entry.credits)).toEqual([SABER_CREDITS_PER_QUESTION_MAX]);
  });

  it('books the most each can cost when questions were in flight together', async () => {
    const service = await withKey(fast);
    const subject = companySubject(fast);
    // Three at once (each held 50 ms so that all are sent before any is answered): the balance drops by 3 around
    // each, which says nothing about any one of them.
    fast.faults.add({ kind: 'latency', path: '/v1/companies/signals/sync', ms: 50, times: 3 });
    const asked = await Promise.all([
      service.ask({ subject, question: 'What CRM do they use?', answerType: 'open_text', confirmedCredits: 2 }),
      service.ask({ subject, question: 'Are they hiring SDRs?', answerType: 'boolean', confirmedCredits: 2 }),
      service.ask({ subject, question: 'How many employees do they have?', answerType: 'number', confirmedCredits: 2 }),
    ]);
    expect(asked.map((question) => question.credits)).toEqual([2, 2, 2]);
    expect((await listSpends()).map((entry) => entry.credits)).toEqual([2, 2, 2]);
    expect((await service.questions(subject)).map((question) => question.signal.id).sort()).toEqual(asked.map((question) => question.signal.id).sort());
    expect(fast.state().saber.creditsUsed).toBe(3);
  });

  it('passes Saber’s refusal on and books nothing', async () => {
    const service = await withKey(fast, SABER_KEYS.noCredits);
    await expect(
      service.ask({ subject: companySubject(fast), question: 'What CRM do they use?', answerType: 'open_text', confirmedCredits: 2 }),
    ).rejects.toMatchObject({ kind: 'out-of-credits' });
    expect(await listSpends()).toEqual([]);
    expect(await service.questions(companySubject(fast))).toEqual([]);
  });

  it('asks by template', async () => {
    const service = await withKey(fast);
    const [template] = await service.templates();
    const asked = await service.ask({ subject: companySubject(fast), templateId: template!.id, answerType: 'open_text', confirmedCredits: 2 });
    expect(asked.signal).toMatchObject({ status: 'completed', question: template!.question });
  });
});

describe('stored questions', () => {
  it('keeps the newest 20 per subject, newest first', async () => {
    const subject: SaberSubject = { kind: 'company', domain: 'acme.example' };
    const question = (n: number): StoredQuestion => ({
      signal: { provider: 'saber', id: `q-${n}`, subject: { kind: 'company', domain: 'acme.example' }, status: 'processing' },
      askedAt: 1000 + n,
    });
    for (let n = 0; n < 25; n += 1) await putStoredQuestions(subject, [question(n)]);
    const kept = await getStoredQuestions(subject);
    expect(kept).toHaveLength(MAX_QUESTIONS_PER_SUBJECT);
    expect(kept[0]?.signal.id).toBe('q-24');
    expect(kept.at(-1)?.signal.id).toBe('q-5');
    expect(await getStoredQuestions({ kind: 'company', domain: 'other.example' })).toEqual([]);
  });

  it('are dropped with the key, and when the user erases everything', async () => {
    const service = await withKey(fast);
    const subject = companySubject(fast);
    await service.ask({ subject, question: 'What CRM do they use?', answerType: 'open_text', confirmedCredits: 2 });
    await service.forgetKey();
    expect(await service.questions(subject)).toEqual([]);

    await setApiKey('saber', SABER_KEYS.valid, clock);
    await service.ask({ subject, question: 'Are they hiring SDRs?', answerType: 'boolean', confirmedCredits: 2 });
    expect(await service.questions(subject)).toHaveLength(1);
    const lookups = createLookupService({ createClient: () => ({}) as never });
    const handlers = createHandlers(lookups, service, {} as CompanyService);
    await handlers.eraseData({ everything: true }, {} as never);
    expect(await service.questions(subject)).toEqual([]);
    expect(await listSpends()).toEqual([]);
  });
});

describe('Saber templates', () => {
  it('are none without a key, and are listed at most every 10 minutes', async () => {
    expect(await serviceOn(fast).templates()).toEqual([]);
    expect(saberCalls(fast)).toEqual([]);

    const service = await withKey(fast);
    const first = await service.templates();
    expect(first.length).toBeGreaterThan(0);
    expect(first[0]).toMatchObject({ provider: 'saber', id: expect.any(String), name: expect.any(String) });
    clock += SABER_TEMPLATES_TTL_MS - 1;
    expect(await service.templates()).toEqual(first);
    expect(saberCalls(fast, 'GET', '/v1/companies/signals/templates')).toHaveLength(1);
    clock += 1;
    await service.templates();
    expect(saberCalls(fast, 'GET', '/v1/companies/signals/templates')).toHaveLength(2);
  });
});
