/**
 * Every client method × every failure, against the sandbox over real HTTP. Vendor statuses, proxy pages, broken
 * bodies, dropped connections and slowness come from the sandbox's fault injection (tests/sandbox/faults.ts);
 * auth, plan, credit, GDPR and rate-limit errors also come from the sandbox's own accounts. Each must become the
 * right SidecarError, with our words in `message`, Lusha's in `detail`, and never the key.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import { FEATURED, findPersonBySlug } from '../../../tests/sandbox/dataset';
import type { FaultSpec } from '../../../tests/sandbox/faults';
import { startSandbox, type Sandbox } from '../../../tests/sandbox/server';
import { SidecarError, type ErrorKind } from '../../domain/errors';
import { createLushaClient, type LushaV3Client } from './index';

let sandbox: Sandbox;
// The sandbox's clock stands still inside a test (so a quota window cannot roll over between two calls) and moves an
// hour between tests. Faults wait on real timers, so latency still takes real time.
let clock = Date.UTC(2026, 5, 15, 9, 0, 30);

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  clock += 3_600_000;
  sandbox.reset();
});

const lusha = (key: string = SANDBOX_KEYS.valid, timeoutMs = 5000): LushaV3Client => createLushaClient({ apiKey: key, baseUrl: sandbox.url, timeoutMs });

const gdprId = () => findPersonBySlug(FEATURED.gdpr)?.id ?? '';
const anaId = () => findPersonBySlug(FEATURED.withEmailAndPhone)?.id ?? '';
const companyId = (i = 0) => sandbox.dataset.companies[i]?.id ?? '';
const domain = (i = 0) => sandbox.dataset.companies[i]?.domain ?? '';

/** One valid call per client method, and the path it hits. */
const ENDPOINTS: [string, string, (c: LushaV3Client) => Promise<unknown>][] = [
  ['searchContacts', '/v3/contacts/search', (c) => c.searchContacts([{ clientReferenceId: 'a', id: anaId() }])],
  ['enrichContacts', '/v3/contacts/enrich', (c) => c.enrichContacts([anaId()], ['emails'])],
  ['getContactSignals', '/v3/contacts/signals', (c) => c.getContactSignals([anaId()], ['allSignals'])],
  ['searchCompanies', '/v3/companies/search', (c) => c.searchCompanies([{ clientReferenceId: 'a', domain: domain() }])],
  ['enrichCompanies', '/v3/companies/enrich', (c) => c.enrichCompanies([companyId()], ['competitors'])],
  ['getCompanySignals', '/v3/companies/signals', (c) => c.getCompanySignals([companyId()], ['allSignals'])],
  ['prospectContacts', '/v3/contacts/prospecting', (c) => c.prospectContacts({ companyDomains: [domain()] })],
  ['getBuyingGroup', '/v3/contacts/buying-group', (c) => c.getBuyingGroup([{ clientReferenceId: 'a', domain: domain() }])],
  ['getAccountUsage', '/v3/account/usage', (c) => c.getAccountUsage()],
];

async function failure(promise: Promise<unknown>, key: string = SANDBOX_KEYS.valid): Promise<SidecarError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SidecarError);
    expect(JSON.stringify((error as SidecarError).data)).not.toContain(key);
    return error as SidecarError;
  }
  throw new Error('expected the call to reject');
}

it('covers every method of the client', () => {
  // A job exists only after an enrich answered with it: getContactsJob's answers and faults are in
  // lib/background/contacts/async-enrich.test.ts.
  expect(ENDPOINTS.map(([name]) => name).sort()).toEqual(Object.keys(lusha()).filter((name) => name !== 'getContactsJob').sort());
});

interface FaultCase {
  label: string;
  fault: Omit<FaultSpec, 'path'>;
  kind: ErrorKind;
  status?: number;
  detail?: RegExp;
  reason?: string;
}

const FAULTS: FaultCase[] = [
  { label: '400', fault: { kind: 'status', status: 400 }, kind: 'validation', status: 400, detail: /Invalid request parameters; sandbox fault/ },
  { label: '401', fault: { kind: 'status', status: 401 }, kind: 'bad-key', status: 401, detail: /Invalid API key/ },
  { label: '402', fault: { kind: 'status', status: 402 }, kind: 'out-of-credits', status: 402, detail: /Insufficient credits/ },
  { label: '403', fault: { kind: 'status', status: 403 }, kind: 'forbidden', status: 403, reason: 'v3-not-enabled' },
  { label: '403 plan', fault: { kind: 'status', status: 403, body: { statusCode: 403, message: 'Exclude DNC is not supported on your current plan' } }, kind: 'forbidden', status: 403, reason: 'plan-lacks-feature' },
  { label: '404', fault: { kind: 'status', status: 404 }, kind: 'not-found', status: 404, detail: /Resource not found/ },
  { label: '429', fault: { kind: 'status', status: 429 }, kind: 'rate-limited', status: 429, reason: 'minute' },
  { label: '451', fault: { kind: 'status', status: 451 }, kind: 'gdpr-blocked', status: 451, detail: /GDPR/ },
  { label: '500', fault: { kind: 'status', status: 500 }, kind: 'server', status: 500, detail: /Internal server error/ },
  { label: '502', fault: { kind: 'status', status: 502 }, kind: 'server', status: 502, detail: /Identity resolution provider/ },
  { label: '503 whose body is no error object', fault: { kind: 'status', status: 503, body: 'down' }, kind: 'server', status: 503, detail: /^HTTP 503: "down"$/ },
  { label: 'HTML 502 page', fault: { kind: 'html' }, kind: 'server', status: 502, detail: /^HTTP 502: <html>.*502 Bad Gateway/ },
  { label: 'HTML page with 200', fault: { kind: 'html', status: 200 }, kind: 'unexpected-response', status: 200, detail: /^expected JSON, got an HTML page/ },
  { label: 'malformed JSON', fault: { kind: 'malformed-json' }, kind: 'unexpected-response', status: 200, detail: /^expected JSON, got invalid JSON/ },
  { label: 'truncated JSON', fault: { kind: 'truncated' }, kind: 'unexpected-response', status: 200, detail: /^expected JSON, got invalid JSON: \{"requestId"/ },
  { label: 'wrong shape', fault: { kind: 'status', status: 200, body: [] }, kind: 'unexpected-response', status: 200, detail: /^\(root\): .*expected object/ },
  { label: 'cut connection', fault: { kind: 'truncated', cut: 'connection' }, kind: 'network' },
  { label: 'dropped connection', fault: { kind: 'drop' }, kind: 'network', detail: /fetch failed/ },
];

describe.each(ENDPOINTS)('%s', (_name, path, call) => {
  it.each(FAULTS.map((f) => [f.label, f] as const))('%s', async (_label, testCase) => {
    sandbox.faults.add({ ...testCase.fault, path });
    const before = Date.now();
    const error = await failure(call(lusha()));
    expect(error.kind).toBe(testCase.kind);
    if (testCase.status !== undefined) expect(error.data.status).toBe(testCase.status);
    else expect(error.data.status).toBeUndefined();
    if (testCase.detail) expect(error.data.detail).toMatch(testCase.detail);
    if (testCase.reason) expect(error.data.reason).toBe(testCase.reason);
    if (testCase.kind === 'rate-limited') expect(error.data.retryAt).toBeGreaterThan(before);
    expect(error.message).not.toMatch(/sandbox|Invalid request parameters|nginx/);
    // The fault was used and the call did not reach the fake Lusha's log.
    expect(sandbox.faults.history()).toHaveLength(1);
    expect(sandbox.state().lusha.requests).toEqual([]);
  });

  it('latency beyond timeoutMs → timeout', async () => {
    sandbox.faults.add({ kind: 'latency', path, ms: 400 });
    const started = Date.now();
    const error = await failure(call(lusha(SANDBOX_KEYS.valid, 60)));
    expect(error.kind).toBe('timeout');
    expect(error.data.detail).toBe('no complete answer within 60 ms');
    expect(Date.now() - started).toBeLessThan(380);
  });

  it('latency within timeoutMs → the normal answer', async () => {
    sandbox.faults.add({ kind: 'latency', path, ms: 30 });
    await expect(call(lusha())).resolves.toBeDefined();
    expect(sandbox.state().lusha.requests.map((r) => r.path)).toEqual([path]);
  });

  it.each([
    ['an unknown key', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', 'bad-key', 401, undefined],
    ['a malformed key', 'not-a-uuid', 'bad-key', 400, undefined],
    ['V3 not enabled', SANDBOX_KEYS.v3Disabled, 'forbidden', 403, 'v3-not-enabled'],
    ['an inactive account', SANDBOX_KEYS.inactive, 'forbidden', 403, 'inactive-account'],
  ] as const)('the sandbox’s own auth: %s', async (_label, key, kind, status, reason) => {
    const error = await failure(call(lusha(key)), key);
    expect(error).toMatchObject({ kind, data: { status } });
    if (reason) expect(error.data.reason).toBe(reason);
  });

  it('no key → missing-key, nothing sent', async () => {
    const error = await failure(call(lusha('  ')));
    expect(error.kind).toBe('missing-key');
    expect(sandbox.state().lusha.requests).toEqual([]);
  });
});

describe('the sandbox’s own limits, credits and GDPR', () => {
  it.each(ENDPOINTS.filter(([name]) => name !== 'getAccountUsage'))('%s: 429 with the exhausted window once the minute quota is spent', async (_name, _path, call) => {
    sandbox.reset({ minuteLimit: 1 });
    await call(lusha());
    const before = Date.now();
    const error = await failure(call(lusha()));
    expect(error).toMatchObject({ kind: 'rate-limited', data: { status: 429, reason: 'minute' } });
    expect(error.data.retryAt).toBeGreaterThan(before);
  });

  it('getAccountUsage: 429 after five calls a minute', async () => {
    const client = lusha();
    for (let i = 0; i < 5; i++) await client.getAccountUsage();
    expect((await failure(client.getAccountUsage())).kind).toBe('rate-limited');
  });

  it.each([
    ['enrichContacts', (c: LushaV3Client) => c.enrichContacts([anaId()], ['phones'])],
    ['enrichCompanies', (c: LushaV3Client) => c.enrichCompanies([companyId(0), companyId(1), companyId(2)])],
    ['getCompanySignals', (c: LushaV3Client) => c.getCompanySignals(sandbox.dataset.companies.slice(0, 20).map((x) => x.id), ['allSignals'], { startDate: '2000-01-01' })],
    ['getBuyingGroup', (c: LushaV3Client) => c.getBuyingGroup([{ clientReferenceId: 'a', id: companyId(0) }])],
  ])('%s: 402 on the low-credit account, nothing charged', async (_name, call) => {
    const error = await failure(call(lusha(SANDBOX_KEYS.lowCredits)), SANDBOX_KEYS.lowCredits);
    expect(error).toMatchObject({ kind: 'out-of-credits', data: { status: 402 } });
    expect(sandbox.state().lusha.accounts.lowCredits.creditsUsed).toBe(0);
  });

  it('enrichContacts: a lone GDPR-blocked person → gdpr-blocked', async () => {
    const error = await failure(lusha().enrichContacts([gdprId()], ['emails']));
    expect(error).toMatchObject({ kind: 'gdpr-blocked', data: { status: 451 } });
  });

  it('a caller abort rejects with the abort reason, not a SidecarError', async () => {
    sandbox.faults.add({ kind: 'latency', path: '/v3/companies/signals', ms: 500 });
    const controller = new AbortController();
    const pending = lusha().getCompanySignals([companyId()], ['allSignals'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
