/**
 * Bulk reveals through the engine, with a scripted Lusha whose answers the test holds and releases: one confirmation
 * of the total, ten people a call and one call at a time, people who need no call end at once, a cancel (and a worker
 * restart) sends nothing more of the job, a 402 ends it, and a job read back after a restart tells how it ended.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactPreview, RevealField } from '../../domain/contact';
import { SidecarError } from '../../domain/errors';
import type { BulkJob } from '../../messaging/insights';
import type { ContactEnrichOutcome, LushaCallResult, LushaV3Client } from '../../providers/lusha';
import type { SaberClient } from '../../providers/saber';
import { markPreviewsBlocked, mergeRevealed, putPreviews } from '../../store/contacts';
import { listIntents } from '../../store/intents';
import { ledgerTotal, listSpends, spentToday } from '../../store/ledger';
import { setApiKey } from '../../store/secrets';
import { saveSettings } from '../../store/settings';
import { BULK_CHUNK } from '../contacts/operations';
import { createGate, failure, freshDatabase, restartWorker, startBackground, stopBackgrounds, until } from '../test-helpers';
import type { Background, BackgroundDeps } from '../wiring';

beforeEach(async () => {
  await freshDatabase();
});
afterEach(() => {
  stopBackgrounds();
});

const PREVIEW: ContactPreview = {
  provider: 'lusha',
  id: 'p-1',
  fullName: 'Ana Ruiz',
  departments: ['Sales'],
  has: ['emails', 'phones'],
  canReveal: [
    { field: 'emails', credits: 1 },
    { field: 'phones', credits: 5 },
  ],
};
const person = (n: number): ContactPreview => ({ ...PREVIEW, id: `b-${n}`, fullName: `Person ${n}` });
const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => `b-${from + index}`);

type Enrich = (contactIds: string[], reveal: RevealField[]) => Promise<LushaCallResult<ContactEnrichOutcome[]>>;

/**
 * A Lusha that reveals everyone asked for at 1 credit each, and, as Lusha does, 0 for a datum this account already
 * paid for (`creditsUsed` is its own count). `gate.hold()` keeps its answers until `gate.release()`.
 */
function scriptedLusha() {
  const calls: string[][] = [];
  const paid = new Set<string>();
  const gate = createGate();
  const state = { creditsUsed: 0 };
  const reveal: Enrich = async (contactIds, fields) => {
    calls.push([...contactIds]);
    // Charged when handled, like Lusha: an answer lost afterwards was still paid for.
    const fresh = contactIds.filter((id) => !fields.every((field) => paid.has(`${id}:${field}`)));
    for (const id of contactIds) for (const field of fields) paid.add(`${id}:${field}`);
    state.creditsUsed += fresh.length;
    await gate.pass();
    return {
      rateLimits: {},
      creditsCharged: fresh.length,
      data: contactIds.map((id) => ({
        id,
        status: 'revealed' as const,
        revealed: { provider: 'lusha' as const, id, emails: fields.includes('emails') ? [{ email: `${id}@northwind.example`, type: 'work' }] : undefined, revealedAt: {} },
      })),
    };
  };
  const enrichContacts = vi.fn<Enrich>(reveal);
  const client = { enrichContacts } as unknown as LushaV3Client;
  return { client, calls, gate, enrichContacts, reveal, state };
}

async function setup(people = 25) {
  const lusha = scriptedLusha();
  const onChange = vi.fn();
  const deps: BackgroundDeps = { createLushaClient: () => lusha.client, createSaberClient: () => ({}) as SaberClient, onChange };
  await setApiKey('lusha', '11111111-1111-4111-8111-111111111111');
  await putPreviews(Array.from({ length: people }, (_, index) => ({ key: `person:${index + 1}`, result: { status: 'found' as const, preview: person(index + 1) } })));
  return { lusha, onChange, deps, background: startBackground(deps) };
}

async function finished(background: Background, jobId: string): Promise<BulkJob> {
  return until(async () => {
    const job = await background.bulk.getBulkJob(jobId);
    if (job.state === 'running') throw new Error('still running');
    return job;
  });
}

const statuses = (job: { items: { status: string }[] }) =>
  job.items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [item.status]: (counts[item.status] ?? 0) + 1 }), {});

describe('bulk reveals', () => {
  it('asks once for the total, before anything is sent, and keeps to the daily cap', async () => {
    const { lusha, background } = await setup(12);
    await mergeRevealed({ provider: 'lusha', id: 'b-12', emails: [{ email: 'b-12@northwind.example', type: 'work' }], revealedAt: { emails: 1 } });
    // 11 to reveal at 1 credit: the one already paid for costs nothing, and b-1 twice is one person.
    const unconfirmed = await failure(background.bulk.startBulkReveal([...ids(1, 12), 'b-1'], 'emails', 0));
    expect(unconfirmed).toMatchObject({ kind: 'needs-confirmation', credits: 11, message: 'Revealing 11 emails costs 11 credits.' });
    expect(await failure(background.bulk.startBulkReveal(ids(1, 12), 'emails', 10))).toMatchObject({ kind: 'needs-confirmation', credits: 11 });
    await saveSettings({ dailyCreditCap: 10 });
    expect(await failure(background.bulk.startBulkReveal(ids(1, 12), 'emails', 11))).toMatchObject({ kind: 'budget-exceeded', credits: 11 });
    expect(lusha.enrichContacts).not.toHaveBeenCalled();
    expect(await listIntents()).toEqual([]);
    expect(background.engine.held('lusha')).toBe(0);
  });

  it('sends ten at a time, one call at a time, and counts progress as each call settles', async () => {
    const { lusha, background, onChange } = await setup(25);
    await mergeRevealed({ provider: 'lusha', id: 'b-26', emails: [{ email: 'b-26@northwind.example', type: 'work' }], revealedAt: { emails: 1 } });
    lusha.gate.hold();
    const { jobId } = await background.bulk.startBulkReveal([...ids(1, 26), ...ids(1, 5)], 'emails', 25);
    // Back at once: the one already revealed is done, nobody else yet; the whole total is held under the cap.
    expect(await background.bulk.getBulkJob(jobId)).toMatchObject({ field: 'emails', total: 26, done: 1, credits: 0, state: 'running' });
    expect(background.engine.held('lusha')).toBe(25);
    await until(() => expect(lusha.calls).toHaveLength(1));
    expect(lusha.calls[0]).toEqual(ids(1, BULK_CHUNK));
    // The next call waits for this one: queued, not sent.
    expect(background.engine.status()).toMatchObject({ inFlight: 1, queued: 15 });
    expect(lusha.calls).toHaveLength(1);
    lusha.gate.release();
    await until(async () => expect((await background.bulk.getBulkJob(jobId)).done).toBeGreaterThanOrEqual(11));

    const job = await finished(background, jobId);
    expect(lusha.calls.map((call) => call.length)).toEqual([10, 10, 5]);
    expect(lusha.calls.flat()).not.toContain('b-26');
    expect(job).toMatchObject({ state: 'finished', total: 26, done: 26, credits: 25 });
    expect(statuses(job)).toEqual({ revealed: 26 });
    expect((await spentToday()).total).toBe(25);
    expect((await listSpends()).filter((entry) => entry.action === 'reveal')).toHaveLength(25);
    expect(await ledgerTotal('lusha')).toBe(lusha.state.creditsUsed);
    expect(onChange.mock.calls.filter(([event]) => event === 'data').length).toBeGreaterThanOrEqual(3);
    // Paid for now: a second bulk reveal of the same people costs nothing and sends nothing.
    const again = await background.bulk.startBulkReveal(ids(1, 26), 'emails', 0);
    expect(await background.bulk.getBulkJob(again.jobId)).toMatchObject({ state: 'finished', done: 26, credits: 0 });
    expect(lusha.calls).toHaveLength(3);
  });

  it('ends people without the field, restricted or never looked up at once, without sending them', async () => {
    const { lusha, background } = await setup(0);
    await putPreviews([
      { key: 'person:no-email', result: { status: 'found', preview: { ...person(1), canReveal: [{ field: 'phones', credits: 5 }] } } },
      { key: 'person:2', result: { status: 'found', preview: person(2) } },
    ]);
    await markPreviewsBlocked('b-2', 'gdpr');
    const { jobId } = await background.bulk.startBulkReveal(['b-1', 'b-2', 'b-unknown'], 'emails', 0);
    const job = await background.bulk.getBulkJob(jobId);
    expect(job).toMatchObject({ state: 'finished', total: 3, done: 3, credits: 0 });
    expect(job.items.map((item) => item.status)).toEqual(['not-found', 'restricted', 'not-found']);
    expect(lusha.enrichContacts).not.toHaveBeenCalled();
    expect(await listIntents()).toEqual([]);
  });

  it('stops after the call in flight when cancelled, and a restarted worker sends nothing of the cancelled job', async () => {
    const { lusha, background, deps } = await setup(25);
    lusha.gate.hold();
    const { jobId } = await background.bulk.startBulkReveal(ids(1, 25), 'emails', 25);
    await until(() => expect(lusha.calls).toHaveLength(1));
    const cancelling = await background.bulk.cancelBulkJob(jobId);
    expect(statuses(cancelling)).toEqual({ queued: 10, cancelled: 15 });
    expect(background.engine.held('lusha')).toBe(10);
    lusha.gate.release();
    const job = await finished(background, jobId);
    expect(job).toMatchObject({ state: 'cancelled', done: 10, credits: 10 });
    expect(statuses(job)).toEqual({ revealed: 10, cancelled: 15 });
    await background.engine.idle();
    expect(lusha.calls).toHaveLength(1);

    const restarted = await restartWorker(background, deps);
    await restarted.engine.idle();
    expect(lusha.calls).toHaveLength(1);
    expect(await restarted.bulk.getBulkJob(jobId)).toEqual(job);
    expect(await ledgerTotal('lusha')).toBe(lusha.state.creditsUsed);
  });

  it('a worker that stops with a call of a cancelled job in flight: the next life sends that call again (free), never the cancelled people', async () => {
    const { lusha, background, deps } = await setup(25);
    lusha.gate.hold();
    const { jobId } = await background.bulk.startBulkReveal(ids(1, 25), 'emails', 25);
    await until(() => expect(lusha.calls).toHaveLength(1));
    await background.bulk.cancelBulkJob(jobId);

    // The worker dies before the answer: Lusha handled (and charged) the call, the old life records nothing.
    const restarted = await restartWorker(background, deps);
    lusha.gate.release();
    const job = await finished(restarted, jobId);
    await restarted.engine.idle();
    // Each of the ten is sent again once (the engine re-queues a restarted call's intents one by one), none of the 15.
    expect(lusha.calls[0]).toEqual(ids(1, 10));
    expect(lusha.calls.slice(1).flat().sort()).toEqual(ids(1, 10).sort());
    expect(job).toMatchObject({ state: 'cancelled', done: 10 });
    expect(statuses(job)).toEqual({ revealed: 10, cancelled: 15 });
    // The repeat was free; what the lost answer was charged is booked all the same.
    expect(lusha.state.creditsUsed).toBe(10);
    expect(await ledgerTotal('lusha')).toBe(10);
    expect(job.credits).toBe(10);
  });

  it('fails the job when Lusha stops (out of credits), and sends nothing more, whatever resumes or restarts', async () => {
    const { lusha, background, deps } = await setup(25);
    lusha.enrichContacts.mockImplementationOnce(lusha.reveal).mockImplementationOnce(async (contactIds) => {
      lusha.calls.push([...contactIds]);
      throw new SidecarError({ kind: 'out-of-credits', message: 'Your Lusha account has run out of credits.', status: 402 });
    });
    const { jobId } = await background.bulk.startBulkReveal(ids(1, 25), 'emails', 25);
    const job = await finished(background, jobId);
    expect(job).toMatchObject({ state: 'failed', error: { kind: 'out-of-credits' }, credits: 10 });
    // The chunk Lusha refused failed; the people never sent were cancelled when the job stopped (not counted as done).
    expect(statuses(job)).toEqual({ revealed: 10, failed: 10, cancelled: 5 });
    expect(lusha.calls).toHaveLength(2);
    expect(background.engine.pausedBy('lusha')).toMatchObject({ kind: 'out-of-credits' });
    expect(background.engine.held('lusha')).toBe(0);

    await background.engine.resume('lusha');
    await background.engine.idle();
    const restarted = await restartWorker(background, deps);
    await restarted.engine.idle();
    expect(lusha.calls).toHaveLength(2);
    expect(await restarted.bulk.getBulkJob(jobId)).toEqual(job);
    expect(await ledgerTotal('lusha')).toBe(10);
  });

  // A charged answer Sidecar could not read is booked, then the call is sent again for free: the intent keeps both.
  it('counts what an unreadable charged answer booked in the job’s credits', async () => {
    const { lusha, background } = await setup(3);
    lusha.enrichContacts.mockImplementationOnce(async (contactIds, fields) => {
      await lusha.reveal(contactIds, fields); // handled and charged…
      throw new SidecarError({ kind: 'unexpected-response', message: 'Lusha’s answer could not be read.', charged: 3 }); // …but unreadable
    });
    const { jobId } = await background.bulk.startBulkReveal(ids(1, 3), 'emails', 3);
    const job = await finished(background, jobId);
    expect(statuses(job)).toEqual({ revealed: 3 });
    expect(lusha.calls).toHaveLength(2);
    expect(await ledgerTotal('lusha')).toBe(3);
    expect(lusha.state.creditsUsed).toBe(3);
    expect(job.credits).toBe(3);
  });

  it('keeps per-person outcomes as item statuses, not job failures', async () => {
    const { lusha, background } = await setup(3);
    lusha.enrichContacts.mockImplementationOnce(async (contactIds) => {
      lusha.calls.push([...contactIds]);
      return {
        rateLimits: {},
        creditsCharged: 1,
        data: [
          { id: 'b-1', status: 'revealed' as const, revealed: { provider: 'lusha' as const, id: 'b-1', emails: [{ email: 'b-1@northwind.example', type: 'work' }], revealedAt: {} } },
          { id: 'b-2', status: 'not-found' as const },
          { id: 'b-3', status: 'failed' as const, message: 'vendor says no' },
        ],
      };
    });
    const { jobId } = await background.bulk.startBulkReveal(ids(1, 3), 'emails', 3);
    const job = await finished(background, jobId);
    expect(job).toMatchObject({ state: 'finished', done: 3, credits: 1 });
    expect(job.items.map((item) => item.status)).toEqual(['revealed', 'not-found', 'failed']);
    expect(JSON.stringify(job)).not.toContain('vendor says no');
    expect((await listSpends()).map((entry) => [entry.entityId, entry.credits])).toEqual([['b-1', 1]]);
  });

  it('the same click asking again (its answer was lost) gets the job it started: one reservation, one charge', async () => {
    const { lusha, background } = await setup(3);
    lusha.gate.hold();
    const [first, second] = await Promise.all([
      background.bulk.startBulkReveal(ids(1, 3), 'emails', 3, 'bulk-click-1'),
      background.bulk.startBulkReveal(ids(1, 3), 'emails', 3, 'bulk-click-1'),
    ]);
    expect(first.jobId).toBe('bulk-click-1');
    expect(second.jobId).toBe('bulk-click-1');
    expect(background.engine.held('lusha')).toBe(3);
    lusha.gate.release();
    const job = await finished(background, 'bulk-click-1');
    const again = await background.bulk.startBulkReveal(ids(1, 3), 'emails', 3, 'bulk-click-1');
    expect(again.jobId).toBe('bulk-click-1');
    await background.engine.idle();
    expect(job).toMatchObject({ state: 'finished', credits: 3 });
    expect(lusha.calls.flat()).toEqual(ids(1, 3));
    expect(await ledgerTotal('lusha')).toBe(3);
  });

  it('reports a finished job after the worker restarted, and an unknown one as not found', async () => {
    const { background, deps } = await setup(3);
    const { jobId } = await background.bulk.startBulkReveal(ids(1, 3), 'emails', 3);
    const job = await finished(background, jobId);
    const restarted = await restartWorker(background, deps);
    expect(await restarted.bulk.getBulkJob(jobId)).toEqual(job);
    expect(await failure(restarted.bulk.getBulkJob('bulk-nope'))).toMatchObject({ kind: 'not-found', message: 'That bulk reveal is no longer known.' });
    expect(await failure(restarted.bulk.cancelBulkJob('bulk-nope'))).toMatchObject({ kind: 'not-found' });
  });
});
