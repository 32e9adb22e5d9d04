/**
 * Contract tests against Pipedrive's OpenAPI files, cut to what Sidecar uses (../shared/specs/crm/pipedrive-v1|v2
 * -openapi.cut.yaml, outside this repo). Skipped, with a notice, when they are not there.
 *
 * Every Pipedrive client method runs against the Pipedrive stand-in through a recording fetch; each exchange must
 * match an operation (`/api/v2/…` in the v2 file, `/api/v1/…` in the v1 file, whose servers are `…/api/v2` and
 * `…/v1`), its parameters and request body (closed) must validate, and the stand-in's 200 answers must validate.
 * Pipedrive's files describe no error bodies except `users/me`'s 401 (docs/crm.md §3.10 gives the rest). Known spec
 * defects patched here only (SOURCES.md, docs/crm.md §3.4): `POST /organizations` requires `name`, not `title`;
 * `next_cursor` is null on the last page, `org_id` null for a person without one, `address` and `picture_id` null
 * when empty, as the files' own descriptions and examples say.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipedriveClient, type PipedriveClient } from '../../lib/providers/crm/pipedrive';
import { PIPEDRIVE_TOKENS } from '../sandbox/crm/accounts';
import { crmExamples } from '../sandbox/crm/crm-dataset';
import { PIPEDRIVE_DOMAIN_FIELD, PIPEDRIVE_LINKEDIN_FIELD } from '../sandbox/crm/pipedrive';
import { linkedinUrlOf } from '../sandbox/dataset';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { createSpecValidator, loadOpenApi, matchOperation, type OpenApiSpec } from './openapi';
import { recordingFetch, responseJson, type Exchange } from './recording-fetch';

const here = path.dirname(fileURLToPath(import.meta.url));
const SPEC_DIR = path.resolve(here, '../../../shared/specs/crm');
const V1 = path.join(SPEC_DIR, 'pipedrive-v1-openapi.cut.yaml');
const V2 = path.join(SPEC_DIR, 'pipedrive-v2-openapi.cut.yaml');
const available = existsSync(V1) && existsSync(V2);
if (!available) console.warn(`[contract] Pipedrive OpenAPI files not found in ${SPEC_DIR}: the Pipedrive contract tests are skipped.`);

type Method = Exclude<keyof PipedriveClient, 'crm' | 'recordUrl'>;
type Scenario = { method: Method; name: string; run: (client: PipedriveClient, sandbox: Sandbox) => Promise<unknown> };

const SCENARIOS: Scenario[] = [
  { method: 'verify', name: 'users/me and both field lists', run: (c) => c.verify() },
  {
    method: 'findPeople',
    name: 'email, LinkedIn slug and name searches',
    run: (c, sb) => {
      const ex = crmExamples(sb.dataset, 'pipedrive');
      return c.findPeople([
        { ref: 'a', email: ex.full.email },
        { ref: 'b', linkedinUrl: linkedinUrlOf(ex.linkedinOnly.person) },
        { ref: 'c', firstName: ex.nameCompany.person.firstName, lastName: ex.nameCompany.person.lastName },
      ]);
    },
  },
  { method: 'findCompanies', name: 'by domain field and by name', run: (c, sb) => c.findCompanies([{ ref: 'a', domain: crmExamples(sb.dataset, 'pipedrive').full.company.domain }, { ref: 'b', name: 'No Such Company' }]) },
  { method: 'getPerson', name: 'a person and their organization', run: (c) => c.getPerson('101') },
  {
    method: 'createPerson',
    name: 'with emails, phones, organization and LinkedIn',
    run: (c, sb) => {
      const ex = crmExamples(sb.dataset, 'pipedrive');
      return c.createPerson({ firstName: ex.absent.firstName, lastName: ex.absent.lastName, title: ex.absent.title, emails: [ex.absent.emails[0]?.email ?? ''], phones: [{ value: ex.absent.phones[0]?.number ?? '', label: 'mobile' }], linkedinUrl: linkedinUrlOf(ex.absent) }, { companyId: '11' });
    },
  },
  { method: 'updatePerson', name: 'merged lists and the LinkedIn field', run: (c) => c.updatePerson('101', { emails: ['extra@mail.example'], phones: [{ value: '+1 415 555 0142', label: 'work' }], linkedinUrl: 'https://www.linkedin.com/in/someone-new' }) },
  {
    method: 'findOrCreateCompany',
    name: 'an existing one and a new one',
    run: async (c, sb) => {
      const ex = crmExamples(sb.dataset, 'pipedrive');
      await c.findOrCreateCompany({ name: ex.full.company.name, domain: ex.full.company.domain });
      await c.findOrCreateCompany({ name: ex.absentCompany.name, domain: ex.absentCompany.domain });
    },
  },
  { method: 'associate', name: 'org_id on the person', run: (c) => c.associate('101', '12') },
  { method: 'addNote', name: 'on a person and an organization, dated', run: (c) => c.addNote({ personId: '101', companyId: '11' }, 'from Sidecar, Lusha, 2026-11-20', { at: new Date(Date.UTC(2026, 10, 20, 10, 30)) }) },
  { method: 'findNote', name: 'a person’s notes, for a marker', run: (c) => c.findNote({ personId: '101' }, 'scmarker0001') },
  { method: 'listUsers', name: 'the company’s users (outside the cut files)', run: (c) => c.listUsers() },
  { method: 'personFields', name: 'the list', run: (c) => c.personFields() },
  { method: 'organizationFields', name: 'the list', run: (c) => c.organizationFields() },
];

/**
 * What the client calls that the cut files leave out: Pipedrive's "Get all users" (`GET /v1/users`, to name record
 * owners; docs/crm.md §3.1 lists its `users:read` scope).
 */
const OUTSIDE_THE_FILES = [/^\/api\/v1\/users$/];

type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>> };

/** Marks every property named in `names` nullable, wherever it appears in the document. */
function nullable(node: unknown, names: ReadonlySet<string>): void {
  if (Array.isArray(node)) node.forEach((n) => nullable(n, names));
  else if (node && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    const properties = object.properties as Record<string, Record<string, unknown>> | undefined;
    if (properties && typeof properties === 'object') for (const [key, schema] of Object.entries(properties)) if (names.has(key) && schema && typeof schema === 'object') schema.nullable = true;
    Object.values(object).forEach((v) => nullable(v, names));
  }
}

function patchDoc(spec: OpenApiSpec): void {
  const doc = spec.doc as unknown as Doc;
  const organizations = doc.paths['/organizations']?.post?.requestBody?.content['application/json']?.schema;
  if (organizations?.required?.includes('title')) organizations.required = ['name'];
  nullable(spec.doc, new Set(['next_cursor', 'org_id', 'address', 'picture_id', 'organization']));
}

describe.skipIf(!available)('Pipedrive contract (spec ↔ client ↔ stand-in)', () => {
  let v1: { spec: OpenApiSpec; validator: ReturnType<typeof createSpecValidator> };
  let v2: { spec: OpenApiSpec; validator: ReturnType<typeof createSpecValidator> };
  let sandbox: Sandbox;
  const exchanges = new Map<Scenario, Exchange[]>();
  const failures = new Map<Scenario, unknown>();
  const reached = new Set<string>();
  const outside = new Set<string>();

  function violations(exchange: Exchange): string[] {
    const label = `${exchange.method} ${exchange.url.pathname}${exchange.url.search}`;
    const problems: string[] = [];
    if (exchange.requestHeaders['x-api-token'] !== PIPEDRIVE_TOKENS.valid) problems.push(`${label}: not sent with x-api-token`);
    if (exchange.url.searchParams.has('api_token')) problems.push(`${label}: the token is in the URL`);
    if (OUTSIDE_THE_FILES.some((p) => p.test(exchange.url.pathname))) {
      outside.add(`${exchange.method} ${exchange.url.pathname}`);
      return problems;
    }
    const version = /^\/api\/(v1|v2)(\/.*)$/.exec(exchange.url.pathname);
    const loaded = version?.[1] === 'v1' ? v1 : version?.[1] === 'v2' ? v2 : undefined;
    const match = loaded && version?.[2] ? matchOperation(loaded.spec, exchange.method, version[2]) : undefined;
    if (!loaded || !match) return [...problems, `${label}: no such operation in the Pipedrive files`];
    const { op, params } = match;
    reached.add(`${op.method} /api/${version?.[1] ?? ''}${op.path}`);
    const add = (what: string, errors: string[]) => problems.push(...errors.map((e) => `${label} ${what}: ${e}`));
    add('parameters', loaded.validator.parameters(op, params, exchange.url.searchParams, { coerce: true }).errors);
    if (op.node.requestBody !== undefined) add('request body', loaded.validator.requestBody(op, exchange.requestBody).errors);
    else if (exchange.requestBody !== undefined) problems.push(`${label}: sends a body the spec does not define`);
    const body = responseJson(exchange);
    if (!loaded.validator.declares(op, exchange.status)) problems.push(`${label}: answered ${exchange.status}: ${exchange.responseText.slice(0, 200)}`);
    else add(`${exchange.status} response`, loaded.validator.response(op, exchange.status, body).errors);
    return problems;
  }

  beforeAll(async () => {
    const load = (file: string) => {
      const spec = loadOpenApi(file);
      patchDoc(spec);
      return { spec, validator: createSpecValidator(spec) };
    };
    v1 = load(V1);
    v2 = load(V2);
    sandbox = await startSandbox({ port: 0, now: () => Date.UTC(2026, 10, 20, 12, 0, 0) });
    for (const scenario of SCENARIOS) {
      sandbox.reset();
      const log: Exchange[] = [];
      exchanges.set(scenario, log);
      const client = createPipedriveClient({
        apiToken: PIPEDRIVE_TOKENS.valid,
        baseUrl: sandbox.url,
        linkedinFieldKey: PIPEDRIVE_LINKEDIN_FIELD,
        domainFieldKey: PIPEDRIVE_DOMAIN_FIELD,
        fetch: recordingFetch(log),
        timeoutMs: 5000,
      });
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

  it('has a scenario for every client method that calls Pipedrive', () => {
    const client = createPipedriveClient({ apiToken: PIPEDRIVE_TOKENS.valid, baseUrl: 'http://127.0.0.1:1' });
    const methods = Object.keys(client).filter((k) => k !== 'crm' && k !== 'recordUrl');
    expect([...new Set(SCENARIOS.map((s) => s.method))].sort()).toEqual(methods.sort());
    expect([...outside]).toEqual(['GET /api/v1/users']);
    console.log(`[contract] Pipedrive: the client reaches ${reached.size} operations of the cut files:\n  ${[...reached].sort().join('\n  ')}`);
  });

  it('the stand-in’s 401 for users/me is the one the v1 file describes, and item search conforms', async () => {
    sandbox.reset();
    const log: Exchange[] = [];
    const record = recordingFetch(log);
    await record(`${sandbox.url}/api/v1/users/me`, { headers: { 'x-api-token': 'not-a-token' } });
    const unauthorized = log[0];
    const match = matchOperation(v1.spec, 'GET', '/users/me');
    expect(unauthorized?.status).toBe(401);
    expect(match && unauthorized ? v1.validator.response(match.op, 401, responseJson(unauthorized)).errors : ['no operation']).toEqual([]);
    await record(`${sandbox.url}/api/v2/itemSearch?term=ana&item_types=organization&fields=name`, { headers: { 'x-api-token': PIPEDRIVE_TOKENS.valid } });
    await record(`${sandbox.url}/api/v2/organizations/11`, { headers: { 'x-api-token': PIPEDRIVE_TOKENS.valid } });
    expect(log.slice(1).flatMap(violations)).toEqual([]);
  });
});
