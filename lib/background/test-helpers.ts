/**
 * TEST-ONLY helpers for the background services' unit tests (imported by `*.test.ts` files only, never by the
 * extension): a fresh IndexedDB per test, backgrounds wired to the in-process sandbox (or to a scripted client),
 * a worker restart over the same database, and waits for facts (never for time).
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startSandbox, type Sandbox, type StartSandboxOptions } from '../../tests/sandbox/server';
import type { RequestLogEntry } from '../../tests/sandbox/http';
import { SidecarError, type SidecarErrorData } from '../domain/errors';
import { createLushaClient } from '../providers/lusha';
import { createSaberClient } from '../providers/saber';
import { closeDbForTests } from '../store/db';
import type { CrmDeps, CrmIdentity } from './crm/clients';
import { createBackground, type Background, type BackgroundDeps } from './wiring';

const running = new Set<Background>();

/** Stops every background a test started (their timers must not reach the next test's database). */
export function stopBackgrounds(): void {
  for (const background of running) {
    background.engine.stop();
    background.crm.stop();
  }
  running.clear();
}

/**
 * The in-process sandbox of a test file: started once (with `options`, on a free port), then a fresh database and a
 * reset sandbox before each test, and the test's backgrounds stopped after it. `started` receives the sandbox.
 */
export function withSandbox(started: (sandbox: Sandbox) => void, options: StartSandboxOptions = {}): void {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, ...options });
    started(sandbox);
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(async () => {
    await freshDatabase();
    sandbox?.reset();
  });
  afterEach(() => {
    stopBackgrounds();
  });
}

/** A new, empty database and browser for the next test; backgrounds of the previous test are stopped first. */
export async function freshDatabase(): Promise<void> {
  stopBackgrounds();
  fakeBrowser.reset();
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
}

/** A background that `freshDatabase` / `stopBackgrounds` will stop. */
export function startBackground(deps: BackgroundDeps): Background {
  const background = createBackground(deps);
  running.add(background);
  return background;
}

/**
 * A worker restart: the old background stops (what it had open stays stored), the database connection is closed, and
 * a new background over the same database loads what the previous life left (`engine.start()`).
 */
export async function restartWorker(previous: Background, deps: BackgroundDeps): Promise<Background> {
  previous.engine.stop();
  previous.crm.stop();
  running.delete(previous);
  await closeDbForTests();
  const next = startBackground(deps);
  await next.engine.start();
  return next;
}

export interface SandboxClientOptions {
  /** The Lusha client's whole-call budget (short for lost-answer tests). */
  lushaTimeoutMs?: number;
  saberTimeoutMs?: number;
  /** Every Lusha request also goes through this (to record what was sent). */
  fetch?: typeof fetch;
  now?: () => number;
}

/** Provider clients on the sandbox, as `createBackground` builds them for a key. */
export function sandboxClients(sandbox: Sandbox, options: SandboxClientOptions = {}): Pick<BackgroundDeps, 'createLushaClient' | 'createSaberClient'> {
  return {
    createLushaClient: (apiKey) => createLushaClient({ apiKey, baseUrl: sandbox.url, timeoutMs: options.lushaTimeoutMs ?? 5000, fetch: options.fetch, now: options.now }),
    createSaberClient: (apiKey) => createSaberClient({ apiKey, baseUrl: sandbox.url, timeoutMs: options.saberTimeoutMs ?? 5000, now: options.now }),
  };
}

/** The deps of a background on the sandbox (pass the same to `restartWorker`). */
export function sandboxDeps(sandbox: Sandbox, options: SandboxClientOptions & Omit<Partial<BackgroundDeps>, 'fetch'> = {}): BackgroundDeps {
  const { lushaTimeoutMs, saberTimeoutMs, fetch, ...rest } = options;
  return { ...sandboxClients(sandbox, { lushaTimeoutMs, saberTimeoutMs, fetch, now: options.now }), ...rest };
}

/**
 * Salesforce's sign-in as `identity.launchWebAuthFlow` does it, without a browser: the stand-in's authorize page
 * redirects at once, and the redirect is the answer.
 */
export const fakeIdentity: CrmIdentity = {
  redirectUrl: (path) => `https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/${path}`,
  async launchWebAuthFlow(url) {
    const response = await fetch(url, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (!location) throw new Error(`no redirect (${response.status})`);
    return location;
  },
};

/** CRM deps pointing every CRM at the sandbox's stand-ins (as the sandbox build's environment does). */
export function sandboxCrm(sandbox: Sandbox, extra: Partial<CrmDeps> = {}): CrmDeps {
  return {
    endpoints: { hubspotBaseUrl: sandbox.url, pipedriveBaseUrl: sandbox.url, salesforceLoginUrl: sandbox.url },
    identity: fakeIdentity,
    timeoutMs: 3000,
    ...extra,
  };
}

/** The Lusha requests the sandbox handled (and logged), optionally of one path. */
export function lushaRequests(sandbox: Sandbox, path?: string): RequestLogEntry[] {
  return sandbox.state().lusha.requests.filter((request) => path === undefined || request.path === path);
}

/** The Saber requests the sandbox handled, optionally of one method and path prefix. */
export function saberRequests(sandbox: Sandbox, method?: string, prefix = '/v1/'): RequestLogEntry[] {
  return sandbox.state().saber.requests.filter((request) => request.path.startsWith(prefix) && (method === undefined || request.method === method));
}

/** The SidecarError a promise rejects with (fails the test if it resolves or rejects with anything else). */
export async function failure(promise: Promise<unknown>): Promise<SidecarErrorData> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!SidecarError.is(error)) throw new Error(`expected a SidecarError, got ${error instanceof Error ? error.stack : String(error)}`);
  return error.data;
}

/** Polls `check` until it stops throwing (a fact, not a fixed sleep). */
export function until<T>(check: () => T | Promise<T>, timeout = 5000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 5 });
}

/** A gate a scripted client's calls wait on: `hold()` closes it, `release()` opens it. */
export function createGate() {
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  return {
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open?.();
      gate = undefined;
    },
    async pass() {
      await gate;
    },
  };
}

/** One request a client sent, as `recordingFetch` saw it leave. */
export interface SentRequest {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

/** A `fetch` that records every request before sending it (to check what left, and when). */
export function recordingFetch(): { fetch: typeof fetch; sent: SentRequest[]; paths(): string[] } {
  const sent: SentRequest[] = [];
  const recording: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    sent.push({ path: new URL(url).pathname, body: typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {}, at: Date.now() });
    return fetch(input, init);
  };
  return { fetch: recording, sent, paths: () => sent.map((entry) => entry.path) };
}
