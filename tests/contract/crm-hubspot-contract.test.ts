/**
 * Contract tests against HubSpot's own OpenAPI files (../shared/specs/crm/hubspot-*.json, outside this repo; HubSpot
 * does not license them for redistribution, so they are read in place and never copied). Skipped, with a notice,
 * when they are not there.
 *
 * Every HubSpot client method runs against the HubSpot stand-in through a recording fetch; each exchange must match
 * an operation of one of the files, its query and path parameters and its request body (JSON or form, closed: no
 * property the spec does not name) must validate, and the stand-in's answer must validate against the operation's
 * schema for that status, or against the spec's `Error` for an error. Known spec defects are patched here and
 * nowhere else (docs/crm.md §1.3, §1.12; SOURCES.md): `PublicObjectSearchRequest` requires only `filterGroups`; a
 * requested property without a value is `null` in an object's `properties`, and so is an unlabelled association's
 * `label` (the spec says string for both);
 * array query parameters are comma-separated as their descriptions say (their `explode: true` says otherwise); the
 * `private-app` header scheme is really `Authorization: Bearer`. Not in these files: the owners API (`/crm/v3/owners`)
 * and the 429 body (`errorType`/`policyName`, from HubSpot's usage docs).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient, type HubSpotClient } from '../../lib/providers/crm/hubspot';
import { HUBSPOT_TOKENS } from '../sandbox/crm/accounts';
import { crmExamples } from '../sandbox/crm/crm-dataset';
import { linkedinUrlOf } from '../sandbox/dataset';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { createSpecValidator, loadOpenApi, matchOperation, type OpenApiSpec } from './openapi';
import { recordingFetch, responseJson, type Exchange } from './recording-fetch';

const here = path.dirname(fileURLToPath(import.meta.url));
const SPEC_DIR = path.resolve(here, '../../../shared/specs/crm');
const FILES = [
  'hubspot-crm-contacts-v3.json',
  'hubspot-crm-contacts-2026-03.json',
  'hubspot-crm-companies-v3.json',
  'hubspot-crm-notes-v3.json',
  'hubspot-crm-associations-v4.json',
  'hubspot-crm-properties-v3.json',
  'hubspot-account-info-v3.json',
  'hubspot-auth-oauth-2026-03.json',
];
const available = FILES.every((file) => existsSync(path.join(SPEC_DIR, file)));
if (!available) console.warn(`[contract] HubSpot OpenAPI files not found in ${SPEC_DIR}: the HubSpot contract tests are skipped.`);

/** Paths HubSpot publishes elsewhere than these files. */
const OUTSIDE_THE_FILES = [/^\/crm\/v3\/owners\//];

type Method = Exclude<keyof HubSpotClient, 'crm' | 'recordUrl'>;
type Scenario = { method: Method; name: string; run: (client: HubSpotClient, sandbox: Sandbox) => Promise<unknown>; version?: '2026-03' };

const SCENARIOS: Scenario[] = [
  { method: 'verify', name: 'account, introspection, LinkedIn property', run: (c) => c.verify() },
  {
    method: 'findPeople',
    name: 'one email (exact lookup), then a batch by email, LinkedIn and names',
    run: async (c, sb) => {
      const ex = crmExamples(sb.dataset, 'hubspot');
      await c.findPeople([{ ref: 'one', email: ex.full.email }]);
      await c.findPeople([
        { ref: 'a', email: ex.emailOnly.email },
        { ref: 'b', email: 'nobody@nowhere.example', linkedinUrl: linkedinUrlOf(ex.linkedinOnly.person) },
        { ref: 'c', firstName: ex.nameCompany.person.firstName, lastName: ex.nameCompany.person.lastName, companyName: ex.nameCompany.company.name },
      ]);
    },
  },
  { method: 'findPeople', name: 'date-versioned objects', version: '2026-03', run: (c, sb) => c.findPeople([{ ref: 'a', email: crmExamples(sb.dataset, 'hubspot').full.email }, { ref: 'b', email: 'x@y.example' }]) },
  { method: 'findCompanies', name: 'by domain and by name', run: (c, sb) => c.findCompanies([{ ref: 'a', domain: crmExamples(sb.dataset, 'hubspot').full.company.domain }, { ref: 'b', name: 'No Such Company' }]) },
  { method: 'getPerson', name: 'by id, with its companies', run: (c) => c.getPerson('51000001') },
  { method: 'getContactByEmail', name: 'found and not found', run: async (c, sb) => [await c.getContactByEmail(crmExamples(sb.dataset, 'hubspot').full.email ?? ''), await c.getContactByEmail('nobody@nowhere.example')] },
  {
    method: 'createPerson',
    name: 'with a company association, then the same email again (409)',
    run: async (c, sb) => {
      const ex = crmExamples(sb.dataset, 'hubspot');
      const input = { firstName: ex.absent.firstName, lastName: ex.absent.lastName, title: ex.absent.title, companyName: ex.full.company.name, emails: [ex.absent.emails[0]?.email ?? ''], phones: [{ value: ex.absent.phones[0]?.number ?? '', label: 'mobile' as const }], linkedinUrl: linkedinUrlOf(ex.absent) };
      await c.createPerson(input, { companyId: '9100001' });
      await c.createPerson(input).catch(() => undefined);
      await c.createPerson({ lastName: 'Broken', emails: ['jane@'] }).catch(() => undefined);
    },
  },
  { method: 'createPerson', name: 'date-versioned objects', version: '2026-03', run: (c) => c.createPerson({ firstName: 'Versioned', lastName: 'Contact', emails: ['versioned@sidecar.example'] }) },
  {
    method: 'updatePerson',
    name: 'read, diff, PATCH the empty fields',
    run: async (c, sb) => {
      const id = (await c.getContactByEmail(crmExamples(sb.dataset, 'hubspot').emailOnly.email ?? '')).data?.id ?? '';
      await c.updatePerson(id, { title: 'Another', phones: [{ value: '+1 415 555 0142', label: 'work' }] });
    },
  },
  {
    method: 'findOrCreateCompany',
    name: 'an existing one and a new one',
    run: async (c, sb) => {
      const ex = crmExamples(sb.dataset, 'hubspot');
      await c.findOrCreateCompany({ name: ex.full.company.name, domain: ex.full.company.domain });
      await c.findOrCreateCompany({ name: ex.absentCompany.name, domain: ex.absentCompany.domain, linkedinUrl: `https://www.linkedin.com/company/${ex.absentCompany.linkedinSlug}`, phone: '+1 415 555 0100' });
    },
  },
  { method: 'associate', name: 'contact to company (default)', run: (c) => c.associate('51000001', '9100002') },
  { method: 'addNote', name: 'on a contact and a company', run: (c) => c.addNote({ personId: '51000001', companyId: '9100001' }, 'from Sidecar, Lusha, 2026-11-20') },
  {
    method: 'findNote',
    name: 'a note by its marker (notes search)',
    run: async (c) => {
      await c.addNote({ personId: '51000001' }, 'from Sidecar, Lusha, 2026-11-20\nSidecar ref scmarker0001');
      await c.findNote({ personId: '51000001' }, 'scmarker0001');
    },
  },
  { method: 'getContactProperty', name: 'present and absent', run: async (c) => [await c.getContactProperty('hs_linkedin_url'), await c.getContactProperty('no_such_property')] },
  { method: 'getApiUsage', name: 'private-app daily usage', run: (c) => c.getApiUsage() },
  { method: 'getOwner', name: 'an owner', run: (c) => c.getOwner('7100001') },
];

function patchSpec(schemas: Record<string, unknown>): void {
  const search = schemas.PublicObjectSearchRequest as { required?: string[] } | undefined;
  if (search) search.required = ['filterGroups'];
  // A requested property without a value comes back as null, which the spec's `additionalProperties: string` omits.
  for (const name of ['SimplePublicObject', 'SimplePublicObjectWithAssociations']) {
    const object = schemas[name] as { properties?: { properties?: { additionalProperties?: Record<string, unknown> } } } | undefined;
    const values = object?.properties?.properties;
    if (values) values.additionalProperties = { type: 'string', nullable: true };
  }
  // An unlabelled association's `label` is null in HubSpot's own examples; the schema says string.
  const label = (schemas.AssociationSpecWithLabel as { properties?: { label?: Record<string, unknown> } } | undefined)?.properties?.label;
  if (label) label.nullable = true;
}

interface Loaded {
  spec: OpenApiSpec;
  validator: ReturnType<typeof createSpecValidator>;
}

describe.skipIf(!available)('HubSpot contract (spec ↔ client ↔ stand-in)', () => {
  let specs: Loaded[];
  let sandbox: Sandbox;
  const exchanges = new Map<Scenario, Exchange[]>();
  const failures = new Map<Scenario, unknown>();
  const reached = new Set<string>();
  const outside = new Set<string>();

  function violations(exchange: Exchange): string[] {
    const label = `${exchange.method} ${exchange.url.pathname}${exchange.url.search}`;
    const problems: string[] = [];
    const oauth = exchange.url.pathname.startsWith('/oauth/');
    if (!oauth && exchange.requestHeaders.authorization !== `Bearer ${HUBSPOT_TOKENS.valid}`) problems.push(`${label}: not sent with Authorization: Bearer`);
    if ('private-app' in exchange.requestHeaders) problems.push(`${label}: sends the spec's mistaken private-app header`);
    const found = specs.map((s) => ({ s, match: matchOperation(s.spec, exchange.method, exchange.url.pathname) })).find((x) => x.match);
    if (!found?.match) {
      if (OUTSIDE_THE_FILES.some((p) => p.test(exchange.url.pathname))) {
        outside.add(`${exchange.method} ${exchange.url.pathname.replace(/\/[^/]+$/, '/{id}')}`);
        return problems;
      }
      return [...problems, `${label}: no such operation in the HubSpot files`];
    }
    const { op, params } = found.match;
    const { validator } = found.s;
    reached.add(`${op.method} ${op.path}`);
    const add = (what: string, errors: string[]) => problems.push(...errors.map((e) => `${label} ${what}: ${e}`));
    add('parameters', validator.parameters(op, params, exchange.url.searchParams, { coerce: true }).errors);
    if (op.node.requestBody !== undefined) {
      add('request body', validator.requestBody(op, exchange.requestBody, exchange.requestKind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json').errors);
    } else if (exchange.requestBody !== undefined) problems.push(`${label}: sends a body the spec does not define`);
    const body = responseJson(exchange);
    if (exchange.status < 300) {
      if (!validator.declares(op, exchange.status)) problems.push(`${label}: answered ${exchange.status}, which the spec does not declare`);
      else add(`${exchange.status} response`, validator.response(op, exchange.status, body).errors);
    } else if (exchange.status !== 429 && !oauth) {
      add(`${exchange.status} error body`, validator.component('Error', body).errors);
    }
    return problems;
  }

  beforeAll(async () => {
    specs = FILES.map((file) => {
      const spec = loadOpenApi(path.join(SPEC_DIR, file));
      return { spec, validator: createSpecValidator(spec, patchSpec) };
    });
    sandbox = await startSandbox({ port: 0, now: () => Date.UTC(2026, 10, 20, 15, 0, 0) });
    for (const scenario of SCENARIOS) {
      sandbox.reset();
      const log: Exchange[] = [];
      exchanges.set(scenario, log);
      const client = createHubSpotClient({ accessToken: HUBSPOT_TOKENS.valid, baseUrl: sandbox.url, fetch: recordingFetch(log), timeoutMs: 5000, ...(scenario.version ? { objectsVersion: scenario.version } : {}) });
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
    expect(log.flatMap(violations)).toEqual([]);
  });

  it('has a scenario for every client method that calls HubSpot, and says what lies outside the files', () => {
    const client = createHubSpotClient({ accessToken: HUBSPOT_TOKENS.valid, baseUrl: 'http://127.0.0.1:1' });
    const methods = Object.keys(client).filter((k) => k !== 'crm' && k !== 'recordUrl');
    expect([...new Set(SCENARIOS.map((s) => s.method))].sort()).toEqual(methods.sort());
    for (const log of exchanges.values()) log.forEach(violations);
    expect([...outside]).toEqual(['GET /crm/v3/owners/{id}']);
    console.log(`[contract] HubSpot: the client reaches ${reached.size} operations of the spec files:\n  ${[...reached].sort().join('\n  ')}\n  and, outside them: ${[...outside].join(', ')}`);
  });

  it('the stand-in’s answers to what the client does not call conform too (labelled and listed associations)', async () => {
    sandbox.reset();
    const log: Exchange[] = [];
    const record = recordingFetch(log);
    const headers = { authorization: `Bearer ${HUBSPOT_TOKENS.valid}`, 'content-type': 'application/json' };
    await record(`${sandbox.url}/crm/v4/objects/contact/51000001/associations/company/9100002`, { method: 'PUT', headers, body: JSON.stringify([{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }]) });
    await record(`${sandbox.url}/crm/v4/objects/contact/51000001/associations/company`, { method: 'GET', headers });
    await record(`${sandbox.url}/crm/objects/2026-03/contact/51000002/associations/default/company/9100001`, { method: 'PUT', headers });
    await record(`${sandbox.url}/crm/v3/objects/notes`, { method: 'POST', headers, body: JSON.stringify({ properties: { hs_note_body: 'no timestamp' }, associations: [] }) });
    expect(log.map((e) => e.status)).toEqual([201, 200, 200, 400]);
    expect(log.flatMap(violations)).toEqual([]);
  });

  it('the stand-in answers 429 in the documented RATE_LIMIT shape (not the spec’s Error)', async () => {
    sandbox.reset();
    sandbox.faults.add({ kind: 'status', path: '/crm/*', status: 429 });
    const response = await fetch(`${sandbox.url}/crm/v3/objects/contacts/51000001`, { headers: { authorization: `Bearer ${HUBSPOT_TOKENS.valid}` } });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING', correlationId: expect.any(String) });
  });
});
