/**
 * Lusha's asynchronous enrichment through the engine, against the sandbox: enrich answers some people with a job; the
 * reveal follows the job (free reads, after its `retryAfter`) and books what the job reports charged, so the ledger
 * equals Lusha's count; a lost answer while following it is sent again for free and never paid twice.
 */
import { describe, expect, it } from 'vitest';
import { SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import { FEATURED, findPersonBySlug, linkedinUrlOf } from '../../../tests/sandbox/dataset';
import type { Sandbox } from '../../../tests/sandbox/server';
import { createLushaClient } from '../../providers/lusha';
import { ledgerTotal } from '../../store/ledger';
import { lushaRequests, sandboxDeps, startBackground, withSandbox } from '../test-helpers';

let sandbox: Sandbox;

withSandbox((started) => {
  sandbox = started;
});

async function enrichThroughJobs(ids: string[], delayMs: number): Promise<void> {
  const reply = await fetch(`${sandbox.url}/__sandbox/enrich-jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids, delayMs }) });
  expect(reply.status).toBe(200);
}

describe('asynchronous enrichment', () => {
  it('an unknown job is a 404, read as not found', async () => {
    const client = createLushaClient({ apiKey: SANDBOX_KEYS.valid, baseUrl: sandbox.url, timeoutMs: 5000 });
    await expect(client.getContactsJob('no-such-job', ['emails'])).rejects.toMatchObject({ data: { kind: 'not-found' } });
  });

  it('follows the job until complete and books what the job charged', async () => {
    const background = startBackground(sandboxDeps(sandbox));
    await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
    const ana = findPersonBySlug(FEATURED.withEmailAndPhone)!;
    const view = await background.contacts.lookupContact({ kind: 'linkedin-profile', linkedinUrl: linkedinUrlOf(ana) }, { origin: 'click', confirmedCredits: 1 });
    expect(view.result.status).toBe('found');
    await enrichThroughJobs([ana.id], 300);
    const revealed = await background.contacts.revealContact(ana.id, 'emails', 1);
    expect(revealed.emails?.[0]?.email).toBe(ana.emails[0]!.email);
    const jobReads = lushaRequests(sandbox).filter((request) => request.path.startsWith('/v3/contacts/jobs/'));
    expect(jobReads.length).toBeGreaterThanOrEqual(1);
    expect(lushaRequests(sandbox, '/v3/contacts/enrich')).toHaveLength(1);
    expect(sandbox.state().lusha.creditsByAction.revealEmail).toBe(1);
    expect(await ledgerTotal('lusha')).toBe(sandbox.state().lusha.creditsUsed);
  });

  it('a job read that loses its answer after the charge: sent again for free, booked once', async () => {
    const background = startBackground(sandboxDeps(sandbox));
    await background.keys.saveLushaKey(SANDBOX_KEYS.valid);
    const ana = findPersonBySlug(FEATURED.withEmailAndPhone)!;
    await background.contacts.lookupContact({ kind: 'linkedin-profile', linkedinUrl: linkedinUrlOf(ana) }, { origin: 'click', confirmedCredits: 1 });
    await enrichThroughJobs([ana.id], 200);
    // The first read that finds the job complete is charged, then its answer is replaced by a 503.
    sandbox.faults.add({ kind: 'status', path: '/v3/contacts/jobs/*', status: 503, phase: 'after', times: 1 });
    const revealed = await background.contacts.revealContact(ana.id, 'emails', 1);
    expect(revealed.emails?.[0]?.email).toBe(ana.emails[0]!.email);
    expect(sandbox.state().lusha.creditsByAction.revealEmail).toBe(1);
    expect(await ledgerTotal('lusha')).toBe(sandbox.state().lusha.creditsUsed);
  });
});
