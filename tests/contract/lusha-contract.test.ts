/**
 * Contract tests against Lusha's V3 OpenAPI (../shared/specs/lusha-v3-openapi-apievangelist.yaml, outside this
 * repo). Skipped, with a notice, when the spec is not there.
 *
 * Every client method runs against the sandbox through a recording fetch; each exchange must match a spec
 * operation, its request body must validate against the operation's requestBody schema (closed: no property the
 * spec does not name), its path and query parameters against the parameter schemas, and the sandbox's answer
 * against the operation's 200 schema. Error answers the sandbox gives (400, 401, 402, 403, 429, 451) validate
 * against the spec's ErrorResponse. Finally the operations the client reaches must be exactly those
 * lib/providers/lusha/COVERAGE.md marks covered, and every spec operation must be listed there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLushaClient, type LushaV3Client } from '../../lib/providers/lusha';
import { SANDBOX_KEYS } from '../sandbox/accounts';
import { FEATURED, findPersonBySlug, linkedinUrlOf } from '../sandbox/dataset';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { createSpecValidator, loadOpenApi, matchOperation, type OpenApiSpec, type Operation } from './openapi';

const here = path.dirname(fileURLToPath(import.meta.url));
const SPEC_PATH = path.resolve(here, '../../../shared/specs/lusha-v3-openapi-apievangelist.yaml');
const COVERAGE_PATH = path.resolve(here, '../../lib/providers/lusha/COVERAGE.md');
const specAvailable = existsSync(SPEC_PATH);
if (!specAvailable) {
  console.warn(`[contract] Lusha V3 OpenAPI not found at ${SPEC_PATH}: the Lusha contract tests are skipped.`);
}

interface Exchange {
  method: string;
  url: URL;
  requestBody: unknown;
  status: number;
  headers: Headers;
  responseText: string;
}

/** A fetch that passes through to the sandbox and records both sides of every call. */
function recordingFetch(log: Exchange[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const response = await fetch(input, init);
    const responseText = await response.clone().text();
    const rawBody = typeof init?.body === 'string' ? init.body : undefined;
    log.push({
      method: (init?.method ?? 'GET').toUpperCase(),
      url,
      requestBody: rawBody === undefined ? undefined : (JSON.parse(rawBody) as unknown),
      status: response.status,
      headers: response.headers,
      responseText,
    });
    return response;
  };
}

type Scenario = { method: keyof LushaV3Client; name: string; run: (client: LushaV3Client, sandbox: Sandbox) => Promise<unknown> };

function person(slug: string) {
  const found = findPersonBySlug(slug);
  if (!found) throw new Error(`no person ${slug}`);
  return found;
}

/** At least one call of every client method, with every option the method can send. */
const SCENARIOS: Scenario[] = [
  {
    method: 'searchContacts',
    name: 'every identifier form, options and a signal filter',
    run: async (client) => {
      const ana = person(FEATURED.withEmailAndPhone);
      const email = ana.emails[0]?.email ?? 'nobody@example.com';
      await client.searchContacts(
        [
          { clientReferenceId: 'li', linkedinUrl: linkedinUrlOf(ana) },
          { clientReferenceId: 'em', email },
          { clientReferenceId: 'id', id: ana.id },
          { clientReferenceId: 'nm', firstName: ana.firstName, lastName: ana.lastName, companyName: 'Anything Inc' },
          { clientReferenceId: 'nd', firstName: ana.firstName, lastName: ana.lastName, companyDomain: 'anything.example' },
        ],
        { includePartialProfiles: true },
      );
      await client.searchContacts([{ clientReferenceId: 's', id: ana.id }], { signals: { types: ['allSignals'], startDate: '2024-01-01', maxResultsPerSignal: 5 } });
    },
  },
  { method: 'enrichContacts', name: 'emails and phones', run: (client) => client.enrichContacts([person(FEATURED.withEmailAndPhone).id, '1'], ['emails', 'phones']) },
  {
    method: 'getContactSignals',
    name: 'all signals with a window and a cap',
    run: (client, sandbox) => {
      const ids = sandbox.dataset.people.filter((p) => /[379]$/.test(p.id) && !p.restricted).slice(0, 3).map((p) => p.id);
      return client.getContactSignals([...ids, '999'], ['allSignals'], { startDate: '2024-01-01', maxResultsPerSignal: 3 });
    },
  },
  {
    method: 'searchCompanies',
    name: 'id, domain and name, options and a signal filter',
    run: async (client, sandbox) => {
      const [a, b, c] = sandbox.dataset.companies;
      await client.searchCompanies(
        [
          { clientReferenceId: 'id', id: a?.id ?? '' },
          { clientReferenceId: 'dom', domain: `https://www.${b?.domain ?? ''}/about` },
          { clientReferenceId: 'name', name: c?.name ?? '' },
          { clientReferenceId: 'none', name: 'No Such Company' },
        ],
        { includePartialProfiles: false },
      );
      await client.searchCompanies([{ clientReferenceId: 's', id: a?.id ?? '' }], {
        signals: { types: ['headcountIncrease3m', 'surgeInHiring', 'riskNews'], startDate: '2024-01-01', maxResultsPerSignal: 2 },
      });
    },
  },
  {
    method: 'enrichCompanies',
    name: 'every reveal extra, and none',
    run: async (client, sandbox) => {
      const ids = sandbox.dataset.companies.slice(0, 6).map((c) => c.id);
      await client.enrichCompanies([...ids, '404404'], [
        'employeesByDepartment',
        'employeesByLocation',
        'employeesBySeniority',
        'competitors',
        'intent',
        'estimatedAnnualItSpend',
        'monthlyWebsiteTraffic',
      ]);
      await client.enrichCompanies(ids.slice(0, 1));
    },
  },
  {
    method: 'getCompanySignals',
    name: 'all signals, window, cap, intent categories',
    run: async (client, sandbox) => {
      const ids = sandbox.dataset.companies.slice(0, 8).map((c) => c.id);
      await client.getCompanySignals([...ids, '404404'], ['allSignals'], { startDate: '2024-01-01', maxResultsPerSignal: 10, intentCategories: ['Technology', 'Business'] });
      await client.getCompanySignals(ids.slice(0, 2), ['linkedinActivityIntent', 'headcountDecrease12m', 'productActivityNews']);
    },
  },
  {
    method: 'prospectContacts',
    name: 'every filter the client sends, two pages',
    run: async (client, sandbox) => {
      const company = sandbox.dataset.companies[0];
      const query = {
        companyDomains: [company?.domain ?? ''],
        companyIds: [company?.id ?? ''],
        companyNames: [company?.name ?? ''],
        jobTitles: ['Director', 'VP'],
        seniorityIds: [10, 9, 8, 6],
        departments: ['Sales', 'Engineering & Technical'],
        countries: ['US', 'DE'],
        existingDataPoints: ['work_email'],
        searchText: 'a',
        excludeContactIds: ['4389000001'],
      };
      await client.prospectContacts(query, { page: 0, size: 10, includePartialProfiles: true, excludeDnc: false });
      await client.prospectContacts({ companyDomains: [company?.domain ?? ''] }, { page: 1, size: 500 });
    },
  },
  {
    method: 'getBuyingGroup',
    name: 'by domain and id, personas, limit, pagination',
    run: (client, sandbox) =>
      client.getBuyingGroup(
        [
          { clientReferenceId: 'd', domain: sandbox.dataset.companies[1]?.domain ?? '' },
          { clientReferenceId: 'i', id: sandbox.dataset.companies[2]?.id ?? '' },
          { clientReferenceId: 'x', domain: 'no-such-company.example' },
        ],
        { personas: ['decision_maker', 'potential_champion', 'end_user'], contactsLimit: 5, page: 0, size: 10 },
      ),
  },
  { method: 'getAccountUsage', name: 'credits, windows, plan, pricing', run: (client) => client.getAccountUsage() },
];

/** Spec errata: the one place the harvested spec contradicts its own examples (docs/providers.md §3.11). */
function patchSpec(schemas: Record<string, unknown>): void {
  const preview = schemas.V3CompanyPreview as { properties: { canReveal: { items: unknown } } };
  preview.properties.canReveal.items = { type: 'object', properties: { field: { type: 'string' }, credits: { type: 'integer' } } };
}

/** What one exchange breaks of the contract, as readable lines (empty = conforms). */
function violations(spec: OpenApiSpec, validator: ReturnType<typeof createSpecValidator>, exchange: Exchange): { op?: Operation; problems: string[] } {
  const label = `${exchange.method} ${exchange.url.pathname}${exchange.url.search}`;
  const match = matchOperation(spec, exchange.method, exchange.url.pathname);
  if (!match) return { problems: [`${label}: no such operation in the spec`] };
  const { op, params } = match;
  const problems: string[] = [];
  const add = (what: string, errors: string[]) => problems.push(...errors.map((e) => `${label} ${what}: ${e}`));
  add('parameters', validator.parameters(op, params, exchange.url.searchParams).errors);
  if (op.node.requestBody !== undefined) add('request body', validator.requestBody(op, exchange.requestBody).errors);
  else if (exchange.requestBody !== undefined) problems.push(`${label}: sends a body the spec does not define`);
  let body: unknown;
  try {
    body = JSON.parse(exchange.responseText);
  } catch {
    problems.push(`${label}: response is not JSON`);
    return { op, problems };
  }
  if (exchange.status !== 200) problems.push(`${label}: the sandbox answered ${exchange.status}: ${exchange.responseText.slice(0, 200)}`);
  else add('200 response', validator.response(op, 200, body).errors);
  return { op, problems };
}

describe.skipIf(!specAvailable)('Lusha V3 contract (spec ↔ client ↔ sandbox)', () => {
  let spec: OpenApiSpec;
  let validator: ReturnType<typeof createSpecValidator>;
  let sandbox: Sandbox;
  const exchanges = new Map<Scenario, Exchange[]>();
  const failures = new Map<Scenario, unknown>();

  beforeAll(async () => {
    spec = loadOpenApi(SPEC_PATH);
    validator = createSpecValidator(spec, patchSpec);
    // A clock that stands still: no quota window rolls over mid-test.
    sandbox = await startSandbox({ port: 0, now: () => Date.UTC(2026, 5, 15, 9, 0, 30) });
    for (const scenario of SCENARIOS) {
      sandbox.reset();
      const log: Exchange[] = [];
      exchanges.set(scenario, log);
      const client = createLushaClient({ apiKey: SANDBOX_KEYS.valid, baseUrl: sandbox.url, fetch: recordingFetch(log), timeoutMs: 5000 });
      try {
        await scenario.run(client, sandbox);
      } catch (error) {
        failures.set(scenario, error);
      }
    }
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it.each(SCENARIOS.map((s) => [`${s.method}: ${s.name}`, s] as const))('%s conforms', (_label, scenario) => {
    expect(failures.get(scenario)).toBeUndefined();
    const log = exchanges.get(scenario) ?? [];
    expect(log.length).toBeGreaterThan(0);
    const problems = log.flatMap((exchange) => violations(spec, validator, exchange).problems);
    expect(problems).toEqual([]);
  });

  it('has a scenario for every client method', () => {
    const client = createLushaClient({ apiKey: SANDBOX_KEYS.valid, baseUrl: 'http://127.0.0.1:1' });
    // getContactsJob reads Lusha's asynchronous enrichment, which the live docs describe and the harvested spec lacks
    // (docs/providers.md §1.3.2, "Drift"): it has no operation here to check against (see COVERAGE.md).
    expect([...new Set(SCENARIOS.map((s) => s.method))].sort()).toEqual(Object.keys(client).filter((name) => name !== 'getContactsJob').sort());
  });

  it('covers exactly what COVERAGE.md says, and COVERAGE.md lists every operation of the spec', () => {
    const reached = new Set<string>();
    for (const log of exchanges.values()) {
      for (const exchange of log) {
        const match = matchOperation(spec, exchange.method, exchange.url.pathname);
        if (match) reached.add(`${match.op.method} ${match.op.path}`);
      }
    }
    const all = spec.operations.map((op) => `${op.method} ${op.path}`);
    const v3 = all.filter((key) => key.split(' ')[1]?.startsWith('/v3/'));
    const coverage = readFileSync(COVERAGE_PATH, 'utf8');
    const rows = [...coverage.matchAll(/^\| `([A-Z]+ [^`]+)` \| [^|]+ \| (covered|left out) \| ([^|]*)\|$/gm)].map((m) => ({
      key: m[1] ?? '',
      status: m[2],
      note: (m[3] ?? '').trim(),
    }));
    expect(rows.map((r) => r.key).sort()).toEqual([...all].sort());
    expect(rows.filter((r) => r.status === 'covered').map((r) => r.key).sort()).toEqual([...reached].sort());
    expect(rows.filter((r) => r.note === '')).toEqual([]);
    const summary = `**Spec: ${all.length} operations, ${v3.length} of them under \`/v3\`; the client covers ${reached.size} (all under \`/v3\`).**`;
    expect(coverage).toContain(summary);
    expect([...reached].every((key) => key.split(' ')[1]?.startsWith('/v3/'))).toBe(true);
    const left = v3.filter((key) => !reached.has(key));
    console.log(
      `[contract] Lusha V3 spec: ${all.length} operations (${v3.length} under /v3, ${all.length - v3.length} webhook operations under /api). ` +
        `Client covers ${reached.size} of the ${v3.length} /v3 operations; ${left.length} left out on purpose (see lib/providers/lusha/COVERAGE.md):\n  ` +
        left.join('\n  '),
    );
  });

  describe('error bodies', () => {
    async function raw(pathname: string, init: { key?: string; body?: unknown; method?: string } = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', api_key: init.key ?? SANDBOX_KEYS.valid };
      const response = await fetch(`${sandbox.url}${pathname}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
    }

    function checkError(method: string, pathname: string, status: number, body: unknown): string[] {
      const match = matchOperation(spec, method, pathname);
      if (!match) return [`${method} ${pathname}: no such operation`];
      // A status the spec does not list for the operation (451) is still an ErrorResponse.
      const result = validator.declares(match.op, status) ? validator.response(match.op, status, body) : validator.component('ErrorResponse', body);
      return result.errors;
    }

    it.each([
      ['400 unknown property', 'POST', '/v3/contacts/search', { body: { contacts: [{ id: '1' }], extra: true } }, 400],
      ['400 missing signalTypes', 'POST', '/v3/companies/signals', { body: { ids: ['16300001'] } }, 400],
      ['400 page size below 10', 'POST', '/v3/contacts/prospecting', { body: { pagination: { page: 0, size: 5 }, filters: {} } }, 400],
      ['400 unknown filter type', 'GET', '/v3/companies/signals/filters/colours', {}, 400],
      ['400 query refused', 'GET', '/v3/companies/signals/filters/intentCategories?query=te', {}, 400],
      ['401 unknown key', 'POST', '/v3/companies/search', { key: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', body: { companies: [{ id: '1' }] } }, 401],
      ['402 out of credits', 'POST', '/v3/companies/enrich', { key: SANDBOX_KEYS.lowCredits, body: { ids: ['16300001', '16300002', '16300003'], reveal: ['competitors'] } }, 402],
      ['403 V3 not enabled', 'POST', '/v3/contacts/buying-group', { key: SANDBOX_KEYS.v3Disabled, body: { companies: [{ id: '16300001' }] } }, 403],
      ['403 inactive', 'GET', '/v3/contacts/signals/types', { key: SANDBOX_KEYS.inactive }, 403],
    ] as const)('%s validates against the spec', async (_label, method, pathname, init, status) => {
      sandbox.reset();
      const reply = await raw(pathname, { ...init, method });
      expect(reply.status).toBe(status);
      expect(checkError(method, pathname.split('?')[0] ?? pathname, status, reply.body)).toEqual([]);
    });

    it('429 carries the spec’s rate-limit headers and body', async () => {
      sandbox.reset({ minuteLimit: 1 });
      expect((await raw('/v3/companies/signals/types')).status).toBe(200);
      const reply = await raw('/v3/companies/signals/types');
      expect(reply.status).toBe(429);
      expect(checkError('GET', '/v3/companies/signals/types', 429, reply.body)).toEqual([]);
      for (const name of ['x-rate-limit-daily', 'x-daily-requests-left', 'x-rate-limit-hourly', 'x-hourly-requests-left', 'x-rate-limit-minute', 'x-minute-requests-left']) {
        expect(reply.headers.get(name), name).toMatch(/^\d+$/);
      }
      expect(reply.headers.get('x-minute-requests-left')).toBe('0');
    });

    it('451 (GDPR, not listed by the spec) is still an ErrorResponse', async () => {
      sandbox.reset();
      const reply = await raw('/v3/contacts/enrich', { body: { ids: [person(FEATURED.gdpr).id] } });
      expect(reply.status).toBe(451);
      expect(checkError('POST', '/v3/contacts/enrich', 451, reply.body)).toEqual([]);
    });

    it('a body that breaks the spec is caught (the validator can fail)', () => {
      const op = matchOperation(spec, 'POST', '/v3/companies/enrich')?.op;
      if (!op) throw new Error('no enrich operation');
      expect(validator.requestBody(op, { ids: ['1'], reveal: ['funding'] }).valid).toBe(false);
      expect(validator.requestBody(op, { ids: ['1'], revealAll: true }).valid).toBe(false);
      expect(validator.response(op, 200, { results: [{ id: 1 }] }).valid).toBe(false);
      expect(validator.component('ErrorResponse', { statusCode: 401, error: 'invalid_request' }).valid).toBe(false);
    });
  });
});
