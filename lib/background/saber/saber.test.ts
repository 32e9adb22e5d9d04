/**
 * Saber through the engine, against the sandbox over real HTTP: a question is created asynchronously (paid once,
 * booked from Saber's balance before and after as a Saber spend, never in the Lusha day), then polled for free until
 * it is answered; a create whose answer was lost is found in Saber's list instead of being asked (and paid) again.
 * Keys, templates and the stored questions too.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SABER_KEYS } from '../../../tests/sandbox/accounts';
import { FEATURED, findPersonBySlug, linkedinUrlOf } from '../../../tests/sandbox/dataset';
import { startSandbox, type Sandbox } from '../../../tests/sandbox/server';
import { SidecarError } from '../../domain/errors';
import type { SaberSubject } from '../../messaging/insights';
import type { LushaV3Client } from '../../providers/lusha';
import type { SaberClient } from '../../providers/saber';
import { listIntents } from '../../store/intents';
import { ledgerTotal, listSpends, saberSpentToday, spentToday } from '../../store/ledger';
import { getStoredQuestions, MAX_QUESTIONS_PER_SUBJECT, putStoredQuestions, subjectKey, type StoredQuestion } from '../../store/saber-questions';
import { getApiKey, setApiKey } from '../../store/secrets';
import { saveSettings } from '../../store/settings';
import { createHandlers } from '../handlers';
import { failure, freshDatabase, saberRequests, sandboxDeps, startBackground, stopBackgrounds, until } from '../test-helpers';
import { SABER_CREDITS_PER_QUESTION_MAX } from './operations';
import { SABER_TEMPLATES_TTL_MS } from './saber';

// One clock for the sandbox and Sidecar: real time, plus jumps a test makes (a question is answered 1.5 s after it
// was created by this clock, so a test moves it instead of waiting).
let offset = 0;
const now = () => Date.now() + offset;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  offset += 24 * 3_600_000; // past Saber's answer cache and every rate window of the previous test
  await freshDatabase();
  sandbox.reset();
});
afterEach(() => {
  stopBackgrounds();
});

function fakeSaber(fail?: SidecarError) {
  const getCredits = vi.fn(async () => {
    if (fail) throw fail;
    return { data: { provider: 'saber' as const, remainingCredits: 42, fetchedAt: now() }, status: 200, rateLimit: {} };
  });
  return { getCredits } as unknown as SaberClient & { getCredits: typeof getCredits };
}

/** A background on the sandbox (the Saber key stored when given). */
async function setup(options: { key?: string | null; saberTimeoutMs?: number } = {}) {
  const deps = sandboxDeps(sandbox, { now, saberTimeoutMs: options.saberTimeoutMs });
  const background = startBackground(deps);
  if (options.key !== null) await setApiKey('saber', options.key ?? SABER_KEYS.valid, now());
  return { background, saber: background.saber, deps };
}

const companySubject = (): Extract<SaberSubject, { kind: 'company' }> => ({ kind: 'company', domain: sandbox.dataset.companies[0]!.domain });
const saberUsed = () => sandbox.state().saber.creditsUsed;
/** Polls of one question (free reads of `/v1/<kind>/signals/<id>`). */
const pollsOf = (id: string) => saberRequests(sandbox, 'GET').filter((request) => request.path.endsWith(`/signals/${id}`));
const CRM = { question: 'What CRM do they use?', answerType: 'open_text' as const, confirmedCredits: 2 };

describe('Saber keys', () => {
  it('refuses a key of the wrong shape without asking Saber', async () => {
    const client = fakeSaber();
    const background = startBackground({ createLushaClient: () => ({}) as LushaV3Client, createSaberClient: () => client });
    expect(await failure(background.keys.saveSaberKey('not-a-key'))).toMatchObject({ kind: 'bad-key' });
    expect(client.getCredits).not.toHaveBeenCalled();
  });

  it('stores a key only when Saber accepts it, and reports the credits', async () => {
    const KEY = 'sk_test_0123456789abcdef';
    const refused = startBackground({ createLushaClient: () => ({}) as LushaV3Client, createSaberClient: () => fakeSaber(new SidecarError({ kind: 'bad-key', message: 'no', status: 401 })) });
    expect(await failure(refused.keys.saveSaberKey(KEY))).toMatchObject({ kind: 'bad-key' });
    expect(await getApiKey('saber')).toBeUndefined();

    const background = startBackground({ createLushaClient: () => ({}) as LushaV3Client, createSaberClient: () => fakeSaber() });
    await expect(background.keys.saveSaberKey(` ${KEY} `)).resolves.toMatchObject({ key: { configured: true, hint: 'cdef' }, saberCredits: 42 });
    expect((await getApiKey('saber'))?.key).toBe(KEY);
    await expect(background.saber.credits(false)).resolves.toMatchObject({ remaining: 42 });
  });
});

describe('asking Saber', () => {
  it('needs a key, a question or a template, and the user’s confirmation of the most it can cost, before any call', async () => {
    const subject = companySubject();
    const keyless = await setup({ key: null });
    expect(await failure(keyless.saber.ask({ subject, ...CRM }))).toMatchObject({ kind: 'missing-key' });
    const { saber } = await setup();
    expect(await failure(saber.ask({ subject, answerType: 'open_text', confirmedCredits: 2 }))).toMatchObject({ kind: 'validation' });
    expect(await failure(saber.ask({ subject, question: ' ab ', answerType: 'open_text', confirmedCredits: 2 }))).toMatchObject({ kind: 'validation' });
    expect(await failure(saber.ask({ subject, question: 'x'.repeat(501), answerType: 'open_text', confirmedCredits: 2 }))).toMatchObject({ kind: 'validation' });
    expect(await failure(saber.ask({ subject, question: CRM.question, answerType: 'open_text' }))).toMatchObject({
      kind: 'needs-confirmation',
      credits: SABER_CREDITS_PER_QUESTION_MAX,
    });
    expect(await failure(saber.ask({ subject, ...CRM, confirmedCredits: 1 }))).toMatchObject({ kind: 'needs-confirmation' });
    expect(saberRequests(sandbox)).toEqual([]);
    expect(await listSpends()).toEqual([]);
    expect(await listIntents()).toEqual([]);
  });

  it('creates the question, books what the balance shows was used as a Saber spend (not in the Lusha day), and keeps it', async () => {
    const { saber } = await setup();
    const subject = companySubject();
    // Saber's credits are a pool of their own: the Lusha cap does not hold them back.
    await saveSettings({ dailyCreditCap: 0 });
    const asked = await saber.ask({ subject, ...CRM });
    expect(asked.signal).toMatchObject({ status: 'processing', question: CRM.question });
    // The sandbox charges 1 credit a question: measured, not the 2 the user confirmed.
    expect(asked.credits).toBe(1);
    expect(saberRequests(sandbox, 'POST').map((request) => request.path)).toEqual(['/v1/companies/signals']);

    const spends = await listSpends();
    expect(spends.map(({ provider, action, entityId, credits }) => ({ provider, action, entityId, credits }))).toEqual([
      { provider: 'saber', action: 'question', entityId: subjectKey(subject), credits: 1 },
    ]);
    expect((await spentToday(now())).total).toBe(0);
    expect(await saberSpentToday(now())).toBe(1);
    expect(await ledgerTotal('saber')).toBe(saberUsed());
    // The balance was read after the question: the popup shows it without another call.
    const reads = saberRequests(sandbox, 'GET', '/v1/credits').length;
    await expect(saber.credits(false)).resolves.toMatchObject({ remaining: 499 });
    expect(saberRequests(sandbox, 'GET', '/v1/credits')).toHaveLength(reads);

    // Kept for the subject, under any spelling of its domain (still processing: checked, unchanged).
    const stored = await saber.questions({ kind: 'company', domain: `https://www.${subject.domain}/` });
    expect(stored).toEqual([asked]);
    expect(Object.keys(stored[0]!)).not.toContain('balanceBefore');
  });

  it('asks about a person by profile URL', async () => {
    const { saber } = await setup();
    const person = findPersonBySlug(FEATURED.withEmailAndPhone, sandbox.dataset)!;
    const subject: SaberSubject = { kind: 'contact', profileUrl: linkedinUrlOf(person) };
    const asked = await saber.ask({ subject, question: 'What is their current job title?', answerType: 'open_text', confirmedCredits: 2 });
    expect(asked.signal).toMatchObject({ status: 'processing', subject: { kind: 'contact' } });
    expect(saberRequests(sandbox, 'POST').map((request) => request.path)).toEqual(['/v1/contacts/signals']);
    expect(await saber.questions(subject)).toEqual([asked]);
    expect(await saber.questions(companySubject())).toEqual([]);
    expect(await ledgerTotal('saber')).toBe(saberUsed());
  });

  it('polls a processing question to completion for free, and books it once', async () => {
    const { saber } = await setup();
    const subject = companySubject();
    const asked = await saber.ask({ subject, question: 'How many employees do they have?', answerType: 'number', confirmedCredits: 2 });
    expect(asked.signal.status).toBe('processing');

    // Still processing: checked again, nothing more booked.
    const early = await saber.questions(subject);
    expect(early.map((question) => question.signal.status)).toEqual(['processing']);
    expect(pollsOf(asked.signal.id)).toHaveLength(1);

    offset += 1500;
    const polled = await Promise.all([saber.questions(subject), saber.questions(subject)]);
    for (const list of polled) expect(list[0]).toMatchObject({ signal: { id: asked.signal.id, status: 'completed', answer: { type: 'number' } }, credits: 1 });
    const again = await saber.questions(subject);
    expect(again[0]).toMatchObject({ signal: { status: 'completed' }, credits: 1 });
    expect((await listSpends()).map((entry) => [entry.provider, entry.action, entry.credits])).toEqual([['saber', 'question', 1]]);
    expect(saberRequests(sandbox, 'POST')).toHaveLength(1);
    expect(saberUsed()).toBe(1);
    // One poll early, at most one each for the two lists at once, none once it was answered.
    expect(pollsOf(asked.signal.id).length).toBeLessThanOrEqual(3);
    const polls = pollsOf(asked.signal.id).length;
    await saber.questions(subject);
    expect(pollsOf(asked.signal.id)).toHaveLength(polls);
  });

  it('shares one poll between simultaneous lists of the same subject', async () => {
    const { saber } = await setup();
    const subject = companySubject();
    const asked = await saber.ask({ subject, ...CRM });
    offset += 1500;
    await Promise.all([saber.questions(subject), saber.questions(subject)]);
    expect(pollsOf(asked.signal.id)).toHaveLength(1);
  });

  it('questions asked together go one at a time, each measured exactly', async () => {
    const { saber } = await setup();
    const subject = companySubject();
    const asked = await Promise.all([
      saber.ask({ subject, ...CRM }),
      saber.ask({ subject, question: 'Are they hiring SDRs?', answerType: 'boolean', confirmedCredits: 2 }),
      saber.ask({ subject, question: 'How many employees do they have?', answerType: 'number', confirmedCredits: 2 }),
    ]);
    expect(asked.map((question) => question.credits)).toEqual([1, 1, 1]);
    expect((await listSpends()).map((entry) => entry.credits)).toEqual([1, 1, 1]);
    expect((await saber.questions(subject)).map((question) => question.signal.id).sort()).toEqual(asked.map((question) => question.signal.id).sort());
    expect(saberUsed()).toBe(3);
    expect(await ledgerTotal('saber')).toBe(3);
  });

  it('books the most a question costs when the balance before it could not be read', async () => {
    const { background, saber } = await setup();
    sandbox.faults.add({ kind: 'malformed-json', path: '/v1/credits', method: 'GET', times: 1 });
    const asked = await saber.ask({ subject: companySubject(), ...CRM });
    expect(asked.signal.status).toBe('processing');
    await until(async () => expect(await listSpends()).toHaveLength(1));
    await background.engine.idle();
    expect((await listSpends()).map((entry) => entry.credits)).toEqual([SABER_CREDITS_PER_QUESTION_MAX]);
    expect((await saber.questions(companySubject()))[0]).toMatchObject({ credits: SABER_CREDITS_PER_QUESTION_MAX });
    expect(saberRequests(sandbox, 'POST')).toHaveLength(1);
  });

  it('passes Saber’s refusal on and books nothing', async () => {
    const { background, saber } = await setup({ key: SABER_KEYS.noCredits });
    expect(await failure(saber.ask({ subject: companySubject(), ...CRM }))).toMatchObject({ kind: 'out-of-credits' });
    expect(await listSpends()).toEqual([]);
    expect(await saber.questions(companySubject())).toEqual([]);
    expect(background.engine.pausedBy('saber')).toMatchObject({ kind: 'out-of-credits' });
    // Lusha is not Saber: its pause stops Saber only.
    expect(background.engine.pausedBy('lusha')).toBeUndefined();
  });

  it('the same click asking again (its answer was lost) gets its own question back, not the newest one', async () => {
    const { saber } = await setup();
    const subject = companySubject();
    const first = await saber.ask({ subject, ...CRM, intentId: 'click-1' });
    const other = await saber.ask({ subject, question: 'Are they hiring SDRs?', answerType: 'boolean', confirmedCredits: 2 });
    expect(other.signal.id).not.toBe(first.signal.id);
    const again = await saber.ask({ subject, ...CRM, intentId: 'click-1' });
    expect(again.signal.id).toBe(first.signal.id);
    expect(saberRequests(sandbox, 'POST')).toHaveLength(2);
    expect(await ledgerTotal('saber')).toBe(2);
  });

  it('asks by template', async () => {
    const { saber } = await setup();
    const [template] = await saber.templates();
    const asked = await saber.ask({ subject: companySubject(), templateId: template!.id, answerType: 'open_text', confirmedCredits: 2 });
    expect(asked.signal).toMatchObject({ question: template!.question });
    expect(asked.credits).toBe(1);
  });
});

describe('a question whose create answer was lost', () => {
  it('is found in Saber’s list (not asked again), kept, and its credits booked once', async () => {
    const { background, saber } = await setup({ saberTimeoutMs: 300 });
    const subject = companySubject();
    sandbox.faults.add({ kind: 'latency', path: '/v1/companies/signals', method: 'POST', ms: 900, phase: 'after', times: 1 });
    const error = await failure(saber.ask({ subject, ...CRM }));
    expect(error).toMatchObject({ kind: 'timeout', mayHaveCharged: SABER_CREDITS_PER_QUESTION_MAX });
    expect(saberUsed()).toBe(1); // Saber created it, and charged

    await background.engine.investigate('saber');
    await until(async () => expect(await ledgerTotal('saber')).toBe(saberUsed()));
    await background.engine.idle();
    expect(background.engine.status().uncertain).toBe(0);
    const kept = await saber.questions(subject);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ signal: { question: CRM.question }, credits: 1 });
    expect(saberRequests(sandbox, 'POST')).toHaveLength(1);
    expect(await listSpends()).toEqual([expect.objectContaining({ provider: 'saber', credits: 1, note: 'reconciled' })]);
    expect((await listIntents()).map((intent) => [intent.state, intent.outcome, intent.charged])).toEqual([['settled', 'charged', 1]]);
  });

  it('another question sent before it was found out is not counted twice', async () => {
    const { background, saber } = await setup({ saberTimeoutMs: 300 });
    const subject = companySubject();
    sandbox.faults.add({ kind: 'latency', path: '/v1/companies/signals', method: 'POST', ms: 900, phase: 'after', times: 1 });
    // Asked together: the first one's answer is lost; the second goes as soon as the first one's call ends.
    const [lost, second] = await Promise.allSettled([
      saber.ask({ subject, ...CRM }),
      saber.ask({ subject, question: 'Are they hiring SDRs?', answerType: 'boolean', confirmedCredits: 2 }),
    ]);
    expect(lost.status).toBe('rejected');
    expect(second).toMatchObject({ status: 'fulfilled', value: { credits: 1 } });
    await background.engine.investigate('saber');
    await until(() => expect(background.engine.status().uncertain).toBe(0));
    await background.engine.idle();
    expect(saberUsed()).toBe(2);
    expect(await ledgerTotal('saber')).toBe(saberUsed());
    expect((await saber.questions(subject)).map((question) => question.credits)).toEqual([1, 1]);
  });
});

describe('stored questions', () => {
  it('keeps the newest 20 per subject, newest first', async () => {
    const subject: SaberSubject = { kind: 'company', domain: 'acme.example' };
    const question = (n: number): Omit<StoredQuestion, 'subject'> => ({
      id: `q-${n}`,
      signal: { provider: 'saber', id: `q-${n}`, subject: { kind: 'company', domain: 'acme.example' }, status: 'processing' },
      askedAt: 1000 + n,
      usedAt: 1000 + n,
    });
    for (let n = 0; n < 25; n += 1) await putStoredQuestions(subject, [question(n)]);
    const kept = await getStoredQuestions(subject);
    expect(kept).toHaveLength(MAX_QUESTIONS_PER_SUBJECT);
    expect(kept[0]?.signal.id).toBe('q-24');
    expect(kept.at(-1)?.signal.id).toBe('q-5');
    expect(await getStoredQuestions({ kind: 'company', domain: 'other.example' })).toEqual([]);
  });

  it('are dropped with the key, and when the user erases everything', async () => {
    const { background, saber } = await setup();
    const subject = companySubject();
    await saber.ask({ subject, ...CRM });
    await background.keys.removeKey('saber');
    expect(await saber.questions(subject)).toEqual([]);

    await setApiKey('saber', SABER_KEYS.valid, now());
    await saber.ask({ subject, question: 'Are they hiring SDRs?', answerType: 'boolean', confirmedCredits: 2 });
    expect(await saber.questions(subject)).toHaveLength(1);
    const handlers = createHandlers(background);
    await handlers.eraseData({ everything: true }, {} as never);
    expect(await saber.questions(subject)).toEqual([]);
    expect(await listSpends()).toEqual([]);
  });
});

describe('Saber templates', () => {
  it('are none without a key, and are listed at most every 10 minutes', async () => {
    const keyless = await setup({ key: null });
    expect(await keyless.saber.templates()).toEqual([]);
    expect(saberRequests(sandbox)).toEqual([]);

    const { saber } = await setup();
    const first = await saber.templates();
    expect(first.length).toBeGreaterThan(0);
    expect(first[0]).toMatchObject({ provider: 'saber', id: expect.any(String), name: expect.any(String) });
    offset += SABER_TEMPLATES_TTL_MS - 1000;
    expect(await saber.templates()).toEqual(first);
    expect(saberRequests(sandbox, 'GET', '/v1/companies/signals/templates')).toHaveLength(1);
    offset += 1000;
    await saber.templates();
    expect(saberRequests(sandbox, 'GET', '/v1/companies/signals/templates')).toHaveLength(2);
  });
});
