/**
 * The Sidecar sandbox: one local HTTP server (node:http) that plays Lusha V3 under /v3, Saber under /v1 and the CRM
 * stand-ins (HubSpot, Salesforce, Pipedrive: tests/sandbox/crm) under their own paths, and serves control routes and
 * fixture pages under /__sandbox. See README.md in this folder.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { AccountOverrides } from './accounts';
import { createCrmStandIns, type CrmStandInOptions, type CrmStandIns, type CrmStateSnapshot } from './crm';
import { companyOf, DEFAULT_DATASET, findCompanyBySlug, findPersonBySlug } from './dataset';
import type { SandboxDataset } from './dataset-types';
import { createFaultInjector, type FaultInjector } from './faults';
import { html, json, parseJson, readBody, send, type ApiRequest, type ApiResponse } from './http';
import { createLushaApi, lushaFaultBody, type LushaStateSnapshot } from './lusha';
import { createSaberApi, type SaberSandboxOptions, type SaberStateSnapshot } from './saber';
import { saberFaultBody } from './saber-schemas';
import { renderLinkedInCompany } from './pages/linkedin-company';
import { renderLinkedInProfile } from './pages/linkedin-profile';
import { defaultSearchPeople, renderLinkedInSearch } from './pages/linkedin-search';
import { renderArticlePage, renderNotFoundPage } from './web-pages';

/** `GET /__sandbox/state`. */
export interface SandboxState {
  lusha: LushaStateSnapshot;
  saber: SaberStateSnapshot;
  /** The CRM stand-ins (tests/sandbox/crm): records, request logs, writes. */
  crm: CrmStateSnapshot;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL, e.g. "http://127.0.0.1:8787". */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Same as `POST /__sandbox/reset`. */
  reset(overrides?: AccountOverrides): void;
  state(): SandboxState;
  dataset: SandboxDataset;
  /** Fault injection for /v3 and /v1 calls (same as `/__sandbox/faults`); cleared by `reset`. See faults.ts. */
  faults: FaultInjector;
  /** The HubSpot, Salesforce and Pipedrive stand-ins, for tests that look inside. */
  crm: CrmStandIns;
}

/** Options of `startSandbox`. */
export interface StartSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to `DEFAULT_DATASET` (seed 42). */
  dataset?: SandboxDataset;
  /** Clock in epoch ms, for rate-limit tests. Defaults to `Date.now`. */
  now?: () => number;
  /** The fake Saber's options (completion delay, sync-wait sleep, credits, limits); see saber.ts. */
  saber?: SaberSandboxOptions;
  /** The CRM stand-ins' options (index delay, limits, duplicate rules, session lifetime…); see tests/sandbox/crm. */
  crm?: CrmStandInOptions;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type',
} as const;

const resetBodySchema = z.strictObject({
  credits: z.number().int().min(0).optional(),
  minuteLimit: z.number().int().min(1).optional(),
  hourlyLimit: z.number().int().min(1).optional(),
  dailyLimit: z.number().int().min(1).optional(),
});

const enrichJobsBodySchema = z.strictObject({ ids: z.array(z.string().min(1)).max(1000), delayMs: z.number().int().min(0).max(600_000).optional() });
const signalBodySchema = z.strictObject({
  entity: z.enum(['contact', 'company']),
  id: z.string().min(1),
  type: z.string().min(1),
  fields: z.record(z.string(), z.unknown()).optional(),
});
const creditsBodySchema = z.strictObject({ lusha: z.number().int().min(0).optional(), saber: z.number().int().min(0).optional() });

const LAYOUTS = ['sdui', 'legacy', 'public'] as const;
type Layout = (typeof LAYOUTS)[number];
const isLayout = (value: string | null): value is Layout => LAYOUTS.some((l) => l === value);

const PROFILE_PATH = /^\/__sandbox\/pages\/linkedin\/in\/([^/]+)\/?$/;
const SEARCH_PATH = /^\/__sandbox\/pages\/linkedin\/search\/?$/;
const COMPANY_PATH = /^\/__sandbox\/pages\/linkedin\/company\/([^/]+)(?:\/.*)?$/;

/** Starts the sandbox and resolves once it listens. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const dataset = options.dataset ?? DEFAULT_DATASET;
  const lusha = createLushaApi({ dataset, now: options.now ?? Date.now });
  const saber = createSaberApi({ ...options.saber, dataset, now: options.now ?? Date.now });
  const crm = createCrmStandIns({ ...options.crm, dataset, now: options.now ?? Date.now });
  const state = (): SandboxState => ({ lusha: lusha.snapshot(), saber: saber.snapshot(), crm: crm.snapshot() });
  const faults = createFaultInjector();
  faults.registerVendor('/v3/', lushaFaultBody);
  faults.registerVendor('/v1/', saberFaultBody);
  for (const { prefix, body } of crm.faultBodies) faults.registerVendor(prefix, body);

  function sandboxRoute(request: ApiRequest): ApiResponse {
    const { method, path } = request;
    const faultRoute = faults.route(request);
    if (faultRoute) return faultRoute;
    if (method === 'GET' && path === '/__sandbox/state') return json(200, state());
    if (method === 'GET' && path === '/__sandbox/dataset') return json(200, dataset);
    if (method === 'POST' && path === '/__sandbox/credits') {
      // A top-up (or a drain): the valid accounts' totals, keeping what they used and revealed.
      const body = parseJson(request.rawBody);
      const parsed = body.ok ? creditsBodySchema.safeParse(body.value) : undefined;
      if (!parsed?.success) return json(400, { statusCode: 400, message: 'Invalid credits', errors: ['expected { lusha?: total, saber?: total }'] });
      if (parsed.data.lusha !== undefined) lusha.setCredits(parsed.data.lusha);
      if (parsed.data.saber !== undefined) saber.setCredits(parsed.data.saber);
      return json(200, { ok: true, state: state() });
    }
    if (method === 'POST' && path === '/__sandbox/signals') {
      // A new Lusha signal about a person or company, dated today (what a watchlist check should find).
      const body = parseJson(request.rawBody);
      const parsed = body.ok ? signalBodySchema.safeParse(body.value) : undefined;
      if (!parsed?.success) return json(400, { statusCode: 400, message: 'Invalid signal', errors: ['expected { entity, id, type, fields? }'] });
      const refused = lusha.publishSignal(parsed.data);
      return refused ? json(404, { statusCode: 404, message: refused }) : json(200, { ok: true });
    }
    if (method === 'POST' && path === '/__sandbox/enrich-jobs') {
      // These people's enrich answers with a job (Lusha's asynchronous enrichment), done `delayMs` later.
      const body = parseJson(request.rawBody);
      const parsed = body.ok ? enrichJobsBodySchema.safeParse(body.value) : undefined;
      if (!parsed?.success) return json(400, { statusCode: 400, message: 'Invalid enrich jobs', errors: ['expected { ids: string[], delayMs? }'] });
      lusha.setEnrichJobs(parsed.data.ids, parsed.data.delayMs);
      return json(200, { ok: true });
    }
    if (method === 'POST' && path === '/__sandbox/reset') {
      const body = parseJson(request.rawBody);
      const parsed = body.ok ? resetBodySchema.safeParse(body.value) : undefined;
      if (!parsed?.success) return json(400, { statusCode: 400, message: 'Invalid reset options', errors: parsed?.error.issues.map((i) => i.message) ?? ['invalid JSON'] });
      lusha.reset(parsed.data);
      saber.reset();
      crm.reset();
      faults.clear();
      return json(200, { ok: true, state: state() });
    }
    if (method === 'GET' && path === '/__sandbox/pages/web/article') return html(200, renderArticlePage(dataset));
    const profile = method === 'GET' ? PROFILE_PATH.exec(path) : null;
    if (profile) {
      const slug = profile[1] ?? '';
      const person = findPersonBySlug(slug, dataset);
      if (!person) return html(404, renderNotFoundPage(`The LinkedIn profile "${slug}"`));
      const layout = request.query.get('layout');
      return html(200, renderLinkedInProfile(person, companyOf(person, dataset), isLayout(layout) ? { layout } : {}));
    }
    if (method === 'GET' && SEARCH_PATH.test(path)) {
      const asked = (request.query.get('people') ?? '').split(',').map((slug) => slug.trim()).filter(Boolean);
      const slugs = asked.length > 0 ? asked : defaultSearchPeople(dataset);
      const people = slugs.map((slug) => findPersonBySlug(slug, dataset));
      const unknown = slugs.filter((_slug, i) => !people[i]);
      if (unknown.length > 0) return html(404, renderNotFoundPage(`The LinkedIn profile${unknown.length > 1 ? 's' : ''} "${unknown.join('", "')}"`));
      return html(200, renderLinkedInSearch(people.filter((p) => p !== undefined), dataset));
    }
    const companyPage = method === 'GET' ? COMPANY_PATH.exec(path) : null;
    if (companyPage) {
      const slug = companyPage[1] ?? '';
      const company = findCompanyBySlug(slug, dataset);
      if (!company) return html(404, renderNotFoundPage(`The LinkedIn company page "${slug}"`));
      return html(200, renderLinkedInCompany(company, dataset));
    }
    return json(404, { statusCode: 404, message: `Cannot ${method} ${path}` });
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const isSandboxRoute = url.pathname.startsWith('/__sandbox/');
    const cors = isSandboxRoute ? CORS_HEADERS : {};
    try {
      if (isSandboxRoute && req.method === 'OPTIONS') {
        send(res, { status: 204, text: '' }, cors);
        return;
      }
      if (!isSandboxRoute && (await faults.apply(req, res, url.pathname))) return;
      const request: ApiRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody: await readBody(req),
      };
      const response = isSandboxRoute
        ? sandboxRoute(request)
        : url.pathname.startsWith('/v3/')
          ? lusha.handle(request)
          : url.pathname.startsWith('/v1/')
            ? await saber.handle(request)
            : (crm.handle(request) ?? json(404, { statusCode: 404, message: `Cannot ${request.method} ${request.path}` }));
      if (!isSandboxRoute && faults.finish(req, res, response)) return;
      send(res, response, cors);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) send(res, json(500, { statusCode: 500, message: `Sandbox error: ${message}` }), cors);
    }
  }

  const server = createServer((req, res) => void onRequest(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    port,
    dataset,
    state,
    faults,
    crm,
    reset: (overrides) => {
      lusha.reset(overrides);
      saber.reset();
      crm.reset();
      faults.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
