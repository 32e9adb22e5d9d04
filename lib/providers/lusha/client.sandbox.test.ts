/**
 * The Lusha client against the local sandbox (tests/sandbox/server.ts): real HTTP, real headers, real credit
 * accounting. Checks that our requests pass the fake Lusha's strict validation and that its answers map cleanly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import { companyOf, FEATURED, findPersonBySlug, linkedinUrlOf } from '../../../tests/sandbox/dataset';
import type { SandboxPerson } from '../../../tests/sandbox/dataset-types';
import { startSandbox } from '../../../tests/sandbox/server';
import { contactPreviewSchema, revealedDataSchema } from '../../domain/contact';
import { accountUsageSchema } from '../../domain/credits';
import { SidecarError } from '../../domain/errors';
import { createLushaClient, type LushaClient } from './index';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

function clientFor(apiKey: string): LushaClient {
  return createLushaClient({ apiKey, baseUrl: sandbox.url, timeoutMs: 5000 });
}

function person(slug: string): SandboxPerson {
  const found = findPersonBySlug(slug, sandbox.dataset);
  if (!found) throw new Error(`sandbox has no person ${slug}`);
  return found;
}

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

describe('Lusha client ↔ sandbox', () => {
  it('finds a dataset person by LinkedIn URL: preview with canReveal, no PII', async () => {
    const ana = person(FEATURED.withEmailAndPhone);
    const company = companyOf(ana, sandbox.dataset);
    const result = await clientFor(SANDBOX_KEYS.valid).searchContacts([
      { clientReferenceId: 'me', linkedinUrl: linkedinUrlOf(ana) },
      { clientReferenceId: 'ghost', linkedinUrl: 'https://www.linkedin.com/in/nobody-at-all-000' },
    ]);

    const [found, missing] = result.data;
    expect(missing).toEqual({ clientReferenceId: 'ghost', status: 'not-found', message: 'Contact not found' });
    expect(found?.status).toBe('found');
    if (found?.status !== 'found') return;
    expect(found.clientReferenceId).toBe('me');
    const preview = contactPreviewSchema.parse(found.preview);
    expect(preview).toMatchObject({
      id: ana.id,
      firstName: ana.firstName,
      lastName: ana.lastName,
      title: ana.title,
      companyName: company.name,
      companyDomain: company.domain,
      companyId: company.id,
      linkedinUrl: linkedinUrlOf(ana),
    });
    expect(preview.canReveal).toEqual([
      { field: 'emails', credits: 1 },
      { field: 'phones', credits: 5 },
    ]);
    expect(preview.has).toEqual(expect.arrayContaining(['emails', 'phones']));
    expect(JSON.stringify(found)).not.toContain('@');
    expect(result.resultsReturned).toBe(1);
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.rateLimits.minute).toMatchObject({ limit: 300, used: 1, remaining: 299 });
    expect(result.rateLimits.daily?.limit).toBe(18000);
  });

  it('reports a restricted person as restricted', async () => {
    const restricted = person(FEATURED.restricted);
    const result = await clientFor(SANDBOX_KEYS.valid).searchContacts([
      { clientReferenceId: 'r', linkedinUrl: linkedinUrlOf(restricted) },
    ]);
    expect(result.data[0]).toMatchObject({ clientReferenceId: 'r', status: 'restricted' });
  });

  it('reveals emails, then a second reveal costs 0 and search shows credits 0', async () => {
    const client = clientFor(SANDBOX_KEYS.valid);
    const ana = person(FEATURED.withEmailAndPhone);

    const first = await client.enrichContacts([ana.id], ['emails']);
    expect(first.creditsCharged).toBe(1);
    const [outcome] = first.data;
    expect(outcome?.status).toBe('revealed');
    if (outcome?.status !== 'revealed') return;
    const revealed = revealedDataSchema.parse(outcome.revealed);
    expect(revealed.id).toBe(ana.id);
    expect(revealed.emails?.map((e) => e.email)).toEqual(ana.emails.map((e) => e.email));
    expect(revealed.phones).toBeUndefined();
    expect(revealed.isEuContact).toBe(ana.location.isEuContact);
    expect(revealed.revealedAt).toEqual({});

    const second = await client.enrichContacts([ana.id], ['emails']);
    expect(second.creditsCharged).toBe(0);
    expect(second.data[0]?.status).toBe('revealed');

    const search = await client.searchContacts([{ clientReferenceId: 'a', id: ana.id }]);
    const preview = search.data[0]?.status === 'found' ? search.data[0].preview : undefined;
    expect(preview?.canReveal).toContainEqual({ field: 'emails', credits: 0 });
  });

  it('reveals phones with doNotCall kept', async () => {
    const dnc = person(FEATURED.doNotCall);
    const result = await clientFor(SANDBOX_KEYS.valid).enrichContacts([dnc.id], ['phones']);
    const outcome = result.data[0];
    if (outcome?.status !== 'revealed') throw new Error(`expected revealed, got ${outcome?.status}`);
    expect(outcome.revealed.phones).toEqual(
      dnc.phones.map((p) => ({ number: p.number, type: p.type, doNotCall: p.doNotCall, updatedAt: p.updateDate })),
    );
  });

  it('maps a GDPR-blocked enrich to gdpr-blocked', async () => {
    const blocked = person(FEATURED.gdpr);
    const error = await sidecarErrorOf(clientFor(SANDBOX_KEYS.valid).enrichContacts([blocked.id], ['emails']), SANDBOX_KEYS.valid);
    expect(error.kind).toBe('gdpr-blocked');
    expect(error.data.status).toBe(451);
  });

  it('reads account usage', async () => {
    const result = await clientFor(SANDBOX_KEYS.valid).getAccountUsage();
    const usage = accountUsageSchema.parse(result.data);
    expect(usage.credits).toEqual({ total: 1000, used: 0, remaining: 1000 });
    expect(usage.plan).toBe('professional');
    expect(usage.pricing).toMatchObject({ revealEmail: { credits: 1, perQuantity: 1 }, revealPhone: { credits: 5, perQuantity: 1 } });
    expect(usage.rateLimits.minute?.limit).toBe(300);
    expect(result.creditsCharged).toBe(0);
  });

  it('maps a wrong key (401) and a malformed key (400) to bad-key', async () => {
    const unknown = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    const wrong = await sidecarErrorOf(clientFor(unknown).getAccountUsage(), unknown);
    expect(wrong).toMatchObject({ kind: 'bad-key', data: { status: 401 } });
    const malformed = await sidecarErrorOf(clientFor('not-a-uuid').getAccountUsage(), 'not-a-uuid');
    expect(malformed).toMatchObject({ kind: 'bad-key', data: { status: 400 } });
  });

  it('maps the V3-disabled and inactive accounts to forbidden with their reasons', async () => {
    const v3 = await sidecarErrorOf(clientFor(SANDBOX_KEYS.v3Disabled).getAccountUsage(), SANDBOX_KEYS.v3Disabled);
    expect(v3).toMatchObject({ kind: 'forbidden', data: { status: 403, reason: 'v3-not-enabled' } });
    const inactive = await sidecarErrorOf(
      clientFor(SANDBOX_KEYS.inactive).searchContacts([{ clientReferenceId: 'x', id: '1' }]),
      SANDBOX_KEYS.inactive,
    );
    expect(inactive).toMatchObject({ kind: 'forbidden', data: { status: 403, reason: 'inactive-account' } });
  });

  it('maps 402 once the low-credit account has spent its credits', async () => {
    const client = clientFor(SANDBOX_KEYS.lowCredits);
    const ana = person(FEATURED.withEmailAndPhone);
    const spent = await client.enrichContacts([ana.id], ['emails']);
    expect(spent.creditsCharged).toBe(1);
    const error = await sidecarErrorOf(client.enrichContacts([ana.id], ['phones']), SANDBOX_KEYS.lowCredits);
    expect(error).toMatchObject({ kind: 'out-of-credits', data: { status: 402 } });
  });

  it('maps a 429 to rate-limited with the exhausted window', async () => {
    sandbox.reset({ minuteLimit: 1 });
    const client = clientFor(SANDBOX_KEYS.valid);
    const item = [{ clientReferenceId: 'x', id: person(FEATURED.noPhone).id }];
    await client.searchContacts(item);
    const before = Date.now();
    const error = await sidecarErrorOf(client.searchContacts(item), SANDBOX_KEYS.valid);
    expect(error.kind).toBe('rate-limited');
    expect(error.data.status).toBe(429);
    expect(error.data.reason).toBe('minute');
    expect(error.data.retryAt).toBeGreaterThan(before);
  });
});
