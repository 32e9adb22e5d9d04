import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SidecarError } from '../domain/errors';
import { createHttpClient, type HttpClientOptions } from './request';
import { errorFactory } from './shared-response';

const providerError = errorFactory({
  'missing-key': 'missing',
  'bad-key': 'bad',
  timeout: 'slow',
  network: 'offline',
  'unexpected-response': 'unreadable',
});

function client(fetchFn: typeof fetch, extra: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    label: 'Test',
    baseUrl: 'https://api.test.example/',
    secret: 'secret-123',
    authHeaders: { 'x-key': 'secret-123' },
    timeoutMs: 50,
    fetch: fetchFn,
    providerError,
    errorFromResponse: ({ status, bodyText }) => new SidecarError({ kind: 'server', message: 'down', status, detail: bodyText }),
    ...extra,
  });
}

async function errorOf(promise: Promise<unknown>): Promise<SidecarError> {
  try {
    await promise;
  } catch (error) {
    if (SidecarError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('the shared request loop', () => {
  it('sends the auth headers and JSON body to base URL + path, and parses the answer', async () => {
    let seen: { url: string; init: RequestInit } | undefined;
    const fetchFn: typeof fetch = async (url, init) => {
      seen = { url: String(url), init: init! };
      return new Response('{"ok":true}', { status: 201 });
    };
    const response = await client(fetchFn).request({ method: 'POST', path: '/v1/things', body: { a: 1 }, schema: z.object({ ok: z.boolean() }), signal: undefined });
    expect(response).toMatchObject({ data: { ok: true }, status: 201 });
    expect(seen?.url).toBe('https://api.test.example/v1/things');
    expect(seen?.init.headers).toMatchObject({ 'x-key': 'secret-123', 'content-type': 'application/json', accept: 'application/json' });
    expect(seen?.init.body).toBe('{"a":1}');
  });

  it('reads what a 2xx body says about itself before the strict parse fails (salvage)', async () => {
    const fetchFn: typeof fetch = async () => new Response('{"results":"oops","billing":{"creditsCharged":3}}');
    const error = await errorOf(
      client(fetchFn, { salvage: (json) => ({ charged: (json as { billing: { creditsCharged: number } }).billing.creditsCharged }) }).request({
        method: 'GET',
        path: '/x',
        schema: z.object({ results: z.array(z.string()) }),
        signal: undefined,
      }),
    );
    expect(error.kind).toBe('unexpected-response');
    expect(error.data.charged).toBe(3);
  });

  it('maps an error status through the provider and scrubs the secret from it', async () => {
    const fetchFn: typeof fetch = async () => new Response('bad key secret-123', { status: 503 });
    const error = await errorOf(client(fetchFn).request({ method: 'GET', path: '/x', schema: z.unknown(), signal: undefined }));
    expect(error.data).toMatchObject({ kind: 'server', status: 503, detail: 'bad key [api key]' });
  });

  it('times out with the provider’s timeout error, and refuses to send a key a header cannot carry', async () => {
    const hanging: typeof fetch = () => new Promise<Response>(() => undefined);
    expect((await errorOf(client(hanging).request({ method: 'GET', path: '/x', schema: z.unknown(), signal: undefined }))).kind).toBe('timeout');
    const never: typeof fetch = () => {
      throw new Error('must not be called');
    };
    const bad = client(never, { secret: 'é', authHeaders: {} });
    expect((await errorOf(bad.request({ method: 'GET', path: '/x', schema: z.unknown(), signal: undefined }))).kind).toBe('bad-key');
  });

  it('sends a form body as application/x-www-form-urlencoded (OAuth token endpoints)', async () => {
    let seen: RequestInit | undefined;
    const fetchFn: typeof fetch = async (_url, init) => {
      seen = init;
      return new Response('{"ok":true}');
    };
    await client(fetchFn).request({ method: 'POST', path: '/token', form: { grant_type: 'refresh_token', token: 'a b&c' }, schema: z.unknown(), signal: undefined });
    expect(seen?.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(seen?.body).toBe('grant_type=refresh_token&token=a+b%26c');
  });

  it('reads no body (204, or an empty 200) as null when the schema takes null, and as unexpected when it expects a body', async () => {
    const fetchFn: typeof fetch = async () => new Response(null, { status: 204 });
    const ok = await client(fetchFn).request({ method: 'PATCH', path: '/x', body: {}, schema: z.null(), signal: undefined });
    expect(ok).toMatchObject({ data: null, status: 204 });
    const error = await errorOf(client(fetchFn).request({ method: 'PATCH', path: '/x', body: {}, schema: z.object({ id: z.string() }), signal: undefined }));
    expect(error.data).toMatchObject({ kind: 'unexpected-response', status: 204 });
    const empty200: typeof fetch = async () => new Response('', { status: 200 });
    expect((await client(empty200).request({ method: 'POST', path: '/revoke', form: { token: 't' }, schema: z.null(), signal: undefined })).data).toBeNull();
  });
});
