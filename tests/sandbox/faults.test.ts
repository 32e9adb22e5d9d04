/**
 * Fault injection over real HTTP: every kind, matching (exact path, prefix, method), counts, the control routes,
 * reset, and that /v1 paths are faultable too.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SANDBOX_KEYS } from './accounts';
import { startSandbox, type Sandbox } from './server';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
});

const TYPES = '/v3/contacts/signals/types';

async function call(path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', api_key: SANDBOX_KEYS.valid },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function control(method: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}/__sandbox/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { faults?: unknown[]; errors?: string[]; fired?: unknown[] } };
}

describe('fault kinds', () => {
  it('status: the next N calls get the vendor body for that status, then the real answer', async () => {
    expect((await control('POST', { kind: 'status', path: TYPES, status: 402, times: 2 })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const reply = await call(TYPES);
      expect(reply.status).toBe(402);
      expect(JSON.parse(reply.text)).toEqual({ statusCode: 402, message: 'Insufficient credits for this operation' });
    }
    expect((await call(TYPES)).status).toBe(200);
  });

  it('status: a 429 carries an exhausted minute window; a custom body and headers replace the vendor’s', async () => {
    sandbox.faults.add([
      { kind: 'status', path: TYPES, status: 429 },
      { kind: 'status', path: TYPES, status: 503, body: { oops: true }, headers: { 'retry-after': '7' } },
    ]);
    const limited = await call(TYPES);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-minute-requests-left')).toBe('0');
    expect(JSON.parse(limited.text)).toMatchObject({ statusCode: 429 });
    const custom = await call(TYPES);
    expect(custom.status).toBe(503);
    expect(JSON.parse(custom.text)).toEqual({ oops: true });
    expect(custom.headers.get('retry-after')).toBe('7');
  });

  it('malformed-json: a complete 200 whose body is not JSON', async () => {
    sandbox.faults.add({ kind: 'malformed-json', path: TYPES });
    const reply = await call(TYPES);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/json');
    expect(() => JSON.parse(reply.text) as unknown).toThrow();
  });

  it('truncated (body): half a JSON document with an honest length', async () => {
    sandbox.faults.add({ kind: 'truncated', path: TYPES, text: '{"signalTypes":["allSignals","promotion"]}' });
    const reply = await call(TYPES);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{"signalTypes":["allS');
    expect(reply.headers.get('content-length')).toBe('21');
  });

  it('truncated (connection): the length promised is never delivered and the read fails', async () => {
    sandbox.faults.add({ kind: 'truncated', path: TYPES, cut: 'connection' });
    const response = await fetch(`${sandbox.url}${TYPES}`, { headers: { api_key: SANDBOX_KEYS.valid } });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('html: a proxy error page instead of JSON (502 by default, or the given status)', async () => {
    sandbox.faults.add([{ kind: 'html', path: TYPES }, { kind: 'html', path: TYPES, status: 200 }]);
    const gateway = await call(TYPES);
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get('content-type')).toContain('text/html');
    expect(gateway.text).toContain('<title>502 Bad Gateway</title>');
    expect((await call(TYPES)).status).toBe(200);
  });

  it('drop: the socket closes without an answer', async () => {
    sandbox.faults.add({ kind: 'drop', path: TYPES });
    await expect(fetch(`${sandbox.url}${TYPES}`, { headers: { api_key: SANDBOX_KEYS.valid } })).rejects.toThrow();
    expect((await call(TYPES)).status).toBe(200);
  });

  it('latency before or after: a client gone early is charged only when the call was handled first', async () => {
    const person = sandbox.dataset.people.find((candidate) => candidate.emails.length > 0 && !candidate.restricted && !candidate.gdprBlocked)!;
    const enrich = (signal: AbortSignal) =>
      fetch(`${sandbox.url}/v3/contacts/enrich`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', api_key: SANDBOX_KEYS.valid },
        body: JSON.stringify({ ids: [person.id], reveal: ['emails'] }),
        signal,
      }).catch(() => undefined);
    sandbox.faults.add({ kind: 'latency', path: '/v3/contacts/enrich', ms: 300, times: 1 });
    await enrich(AbortSignal.timeout(50));
    sandbox.faults.add({ kind: 'latency', path: '/v3/contacts/enrich', ms: 300, times: 1, phase: 'after' });
    await enrich(AbortSignal.timeout(50));
    // The second call was handled (and charged) at once; the first, whose client left while it waited, never was.
    await vi.waitFor(() => expect(sandbox.state().lusha.requests.filter((request) => request.path === '/v3/contacts/enrich')).toHaveLength(1));
    expect(sandbox.state().lusha.creditsUsed).toBe(1);
  });

  it("after: the call is handled and charged, then a 5xx, a dropped connection or a corrupt body replaces its answer", async () => {
    const people = sandbox.dataset.people.filter((candidate) => candidate.emails.length > 0 && !candidate.restricted && !candidate.gdprBlocked);
    const enrich = (id: string) =>
      fetch(`${sandbox.url}/v3/contacts/enrich`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', api_key: SANDBOX_KEYS.valid },
        body: JSON.stringify({ ids: [id], reveal: ['emails'] }),
      });
    sandbox.faults.add({ kind: 'status', path: '/v3/contacts/enrich', status: 503, phase: 'after' });
    expect((await enrich(people[0]!.id)).status).toBe(503);
    expect(sandbox.state().lusha.creditsUsed).toBe(1);
    sandbox.faults.add({ kind: 'drop', path: '/v3/contacts/enrich', phase: 'after' });
    await expect(enrich(people[1]!.id)).rejects.toThrow();
    expect(sandbox.state().lusha.creditsUsed).toBe(2);
    sandbox.faults.add({ kind: 'corrupt', path: '/v3/contacts/enrich', phase: 'after' });
    const corrupt = await enrich(people[2]!.id);
    expect(corrupt.status).toBe(200);
    const body = (await corrupt.json()) as { billing: { creditsCharged: number }; results: unknown; requestId: string };
    expect(body.billing.creditsCharged).toBe(1);
    expect(body.results).toBe('unreadable');
    expect(typeof body.requestId).toBe('string');
    expect(sandbox.state().lusha.creditsUsed).toBe(3);
    expect((await control('POST', { kind: 'corrupt', path: TYPES })).status).toBe(400);
  });

  it('latency: every matching call waits, then gets the real answer; it combines with other faults', async () => {
    sandbox.faults.add({ kind: 'latency', path: TYPES, ms: 150 });
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      const reply = await call(TYPES);
      expect(reply.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    }
    sandbox.faults.add({ kind: 'status', path: TYPES, status: 500 });
    const started = Date.now();
    expect((await call(TYPES)).status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(sandbox.faults.list().map((f) => [f.spec.kind, f.fired])).toEqual([['latency', 3]]);
  });

  it('a faulted call reaches neither the vendor’s log nor its credits', async () => {
    sandbox.faults.add({ kind: 'status', path: '/v3/companies/enrich', status: 500 });
    const reply = await call('/v3/companies/enrich', { body: { ids: [sandbox.dataset.companies[0]?.id ?? ''] } });
    expect(reply.status).toBe(500);
    expect(sandbox.state().lusha.requests).toEqual([]);
    expect(sandbox.state().lusha.creditsUsed).toBe(0);
  });
});

describe('matching', () => {
  it('a prefix with * matches every path under it; an exact path only itself', async () => {
    sandbox.faults.add({ kind: 'status', path: '/v3/companies/*', status: 503, times: 5 });
    expect((await call('/v3/companies/signals/types')).status).toBe(503);
    expect((await call('/v3/contacts/signals/types')).status).toBe(200);
    sandbox.faults.clear();
    sandbox.faults.add({ kind: 'status', path: '/v3/companies/signals', status: 503 });
    expect((await call('/v3/companies/signals/types')).status).toBe(200);
  });

  it('a method restricts the fault to that method', async () => {
    sandbox.faults.add({ kind: 'status', path: TYPES, method: 'post', status: 500 });
    expect((await call(TYPES)).status).toBe(200);
    expect(sandbox.faults.list()).toHaveLength(1);
  });

  it('applies to /v1 (Saber) paths too, with Saber’s own envelopes', async () => {
    sandbox.faults.add({ kind: 'status', path: '/v1/*', status: 503 });
    const reply = await call('/v1/credits');
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.text)).toMatchObject({ error: { code: 'INTERNAL_ERROR', requestId: expect.any(String) } });
    sandbox.faults.add({ kind: 'status', path: '/v1/*', status: 429 });
    const limited = await call('/v1/credits');
    expect(JSON.parse(limited.text)).toMatchObject({ statusCode: 429, retryAfter: 1 });
  });

  it('paths no vendor registered get a generic body', async () => {
    sandbox.faults.add({ kind: 'status', path: '/v7/thing', status: 503 });
    expect(JSON.parse((await call('/v7/thing')).text)).toEqual({ statusCode: 503, message: 'Service Unavailable' });
  });

  it('a vendor registered for a prefix supplies its own body', async () => {
    sandbox.faults.registerVendor('/v9/', (status) => ({ body: { error: { code: `E${status}` } } }));
    sandbox.faults.add({ kind: 'status', path: '/v9/thing', status: 418 });
    expect(JSON.parse((await call('/v9/thing')).text)).toEqual({ error: { code: 'E418' } });
  });
});

describe('control routes', () => {
  it('POST adds one fault, a list, or {faults}; GET lists them and what fired; DELETE clears', async () => {
    expect((await control('POST', { kind: 'drop', path: '/v3/a' })).body.faults).toHaveLength(1);
    expect((await control('POST', [{ kind: 'drop', path: '/v3/b' }, { kind: 'latency', path: '/v3/*', ms: 1 }])).body.faults).toHaveLength(3);
    expect((await control('POST', { faults: [{ kind: 'status', path: TYPES, status: 500 }] })).body.faults).toHaveLength(4);
    expect((await call(TYPES)).status).toBe(500);
    const listed = await control('GET');
    expect(listed.body.faults).toHaveLength(3);
    expect(listed.body.fired).toEqual([
      expect.objectContaining({ kind: 'latency', method: 'GET', path: TYPES }),
      expect.objectContaining({ kind: 'status', method: 'GET', path: TYPES }),
    ]);
    const cleared = await control('DELETE');
    expect(cleared.status).toBe(200);
    expect((await control('GET')).body.faults).toEqual([]);
    expect((await call(TYPES)).status).toBe(200);
  });

  it('rejects bad specs with the reasons, and never faults control routes', async () => {
    const bad = await control('POST', [
      { kind: 'latency', path: '/v3/x' },
      { kind: 'status', path: '/v3/x' },
      { kind: 'explode', path: '/v3/x' },
      { kind: 'drop', path: '/__sandbox/state' },
      { kind: 'drop', path: '/v3/x', extra: 1 },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.join('\n')).toMatch(/latency needs ms/);
    expect(bad.body.errors?.join('\n')).toMatch(/status needs status/);
    expect(bad.body.errors?.join('\n')).toMatch(/control routes cannot be faulted/);
    expect(bad.body.errors?.join('\n')).toMatch(/extra/);
    expect((await control('GET')).body.faults).toEqual([]);
    expect((await control('PUT')).status).toBe(405);
  });

  it('POST /__sandbox/reset clears faults; CORS allows DELETE', async () => {
    sandbox.faults.add({ kind: 'status', path: TYPES, status: 500, times: 3 });
    const reset = await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(sandbox.faults.list()).toEqual([]);
    expect((await call(TYPES)).status).toBe(200);
    const preflight = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'OPTIONS' });
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');
  });
});
