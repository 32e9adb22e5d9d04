/**
 * The CRM stand-ins over raw HTTP: what the clients do not exercise (PATCH "" clears, labelled associations, search
 * limits, notes without hs_timestamp, SOSL, composite references and rollback, item search), the seed, and the
 * sandbox's state, reset and faults for CRM paths.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../server';
import { HUBSPOT_TOKENS, PIPEDRIVE_TOKENS, SALESFORCE_CONSUMER_KEY } from './accounts';
import { crmExamples, crmSeed, type CrmStandInName } from './crm-dataset';

let clock = Date.UTC(2026, 10, 20, 10, 0, 0);
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  clock += 60_000;
  sandbox.reset();
});

async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: unknown } = {}) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    redirect: 'manual',
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as Record<string, unknown> & unknown[] };
}

const hs = { authorization: `Bearer ${HUBSPOT_TOKENS.valid}` };
const pd = { 'x-api-token': PIPEDRIVE_TOKENS.valid };

describe('the CRM seed', () => {
  it.each(['hubspot', 'salesforce', 'pipedrive'] as CrmStandInName[])('%s holds about half of the dataset’s people, in every presence, deterministically', (crm) => {
    const seed = crmSeed(sandbox.dataset, crm);
    const share = seed.people.length / sandbox.dataset.people.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    const presences = new Set(seed.people.map((p) => p.presence));
    expect([...presences].sort()).toEqual(['email-only', 'full', 'linkedin-only', 'name-company', 'namesake']);
    expect(seed.companies.length).toBeLessThan(sandbox.dataset.companies.length);
    expect(() => crmExamples(sandbox.dataset, crm)).not.toThrow();
  });

  it('gives each CRM a different half', () => {
    const ids = (crm: CrmStandInName) => new Set(crmSeed(sandbox.dataset, crm).people.map((p) => p.person.id));
    const hubspot = ids('hubspot');
    const salesforce = ids('salesforce');
    const both = [...hubspot].filter((id) => salesforce.has(id)).length;
    expect(both).toBeLessThan(hubspot.size * 0.75);
  });
});

describe('HubSpot stand-in', () => {
  it('clears a property with "" and keeps the old version in search until the index catches up', async () => {
    const ex = crmExamples(sandbox.dataset, 'hubspot');
    const search = () => call('POST', '/crm/v3/objects/contacts/search', { headers: hs, body: { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: ex.full.email }] }], properties: ['jobtitle'] } });
    const id = ((await search()).json.results as { id: string }[])[0]?.id ?? '';
    const patched = await call('PATCH', `/crm/v3/objects/contacts/${id}`, { headers: hs, body: { properties: { jobtitle: '' } } });
    expect(patched.status).toBe(200);
    expect((patched.json.properties as Record<string, unknown>).jobtitle).toBeNull();
    expect(((await search()).json.results as { properties: Record<string, string> }[])[0]?.properties.jobtitle).toBe(ex.full.title);
    clock += 5000;
    expect(((await search()).json.results as { properties: Record<string, string | null> }[])[0]?.properties.jobtitle).toBeNull();
  });

  it('answers a labelled association 201 and lists it; serves the 2026-03 paths', async () => {
    const contact = '51000001';
    const company = '9100002';
    const labelled = await call('PUT', `/crm/objects/2026-03/contact/${contact}/associations/company/${company}`, { headers: hs, body: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] });
    expect(labelled.status).toBe(201);
    expect(labelled.json).toMatchObject({ fromObjectTypeId: '0-1', toObjectTypeId: '0-2', labels: ['Primary'] });
    const list = await call('GET', `/crm/v4/objects/contact/${contact}/associations/company`, { headers: hs });
    expect((list.json.results as { toObjectId: string }[]).map((r) => r.toObjectId)).toContain(company);
    const wrong = await call('PUT', `/crm/v4/objects/contact/${contact}/associations/company/${company}`, { headers: hs, body: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] });
    expect(wrong.status).toBe(400);
  });

  it('refuses more than five filter groups, a limit over 200, and a note without hs_timestamp', async () => {
    const group = { filters: [{ propertyName: 'firstname', operator: 'EQ', value: 'A' }] };
    expect((await call('POST', '/crm/v3/objects/contacts/search', { headers: hs, body: { filterGroups: Array(6).fill(group) } })).status).toBe(400);
    expect((await call('POST', '/crm/v3/objects/contacts/search', { headers: hs, body: { filterGroups: [group], limit: 201 } })).status).toBe(400);
    const note = await call('POST', '/crm/v3/objects/notes', { headers: hs, body: { properties: { hs_note_body: 'x' }, associations: [] } });
    expect(note.status).toBe(400);
    expect(note.json).toMatchObject({ category: 'VALIDATION_ERROR' });
    expect(String(note.json.message)).toContain('"name":"hs_timestamp"');
  });

  it('pages a search with `after` and reports the total', async () => {
    const first = await call('POST', '/crm/v3/objects/contacts/search', { headers: hs, body: { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }] }], limit: 100 } });
    const total = first.json.total as number;
    expect(total).toBeGreaterThan(100);
    const after = (first.json.paging as { next: { after: string } }).next.after;
    const second = await call('POST', '/crm/v3/objects/contacts/search', { headers: hs, body: { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }] }], limit: 100, after } });
    expect((second.json.results as unknown[]).length).toBe(Math.min(100, total - 100));
  });
});

describe('Salesforce stand-in', () => {
  const token = () => ({ authorization: `Bearer ${sandbox.crm.salesforce.issueTokens('admin', sandbox.url).access_token}` });

  it('requires a code challenge and an allowed callback', async () => {
    const noChallenge = await call('GET', `/services/oauth2/authorize?response_type=code&client_id=${encodeURIComponent(SALESFORCE_CONSUMER_KEY)}&redirect_uri=${encodeURIComponent('https://x.chromiumapp.org/')}&state=s`);
    expect(noChallenge.status).toBe(302);
    expect(noChallenge.headers.get('location')).toContain('error=invalid_request');
    const badCallback = await call('GET', `/services/oauth2/authorize?response_type=code&client_id=${encodeURIComponent(SALESFORCE_CONSUMER_KEY)}&redirect_uri=${encodeURIComponent('https://evil.example/')}&code_challenge=x&code_challenge_method=S256`);
    expect(badCallback.status).toBe(400);
  });

  it('runs SOSL and returns searchRecords', async () => {
    const ex = crmExamples(sandbox.dataset, 'salesforce');
    const q = `FIND {${ex.full.email ?? ''}} IN EMAIL FIELDS RETURNING Contact(Id, Name, Email), Lead(Id, Name, Email)`;
    const result = await call('GET', `/services/data/v66.0/search?q=${encodeURIComponent(q)}`, { headers: token() });
    expect(result.status).toBe(200);
    expect(result.json.searchRecords).toEqual([expect.objectContaining({ attributes: expect.objectContaining({ type: 'Contact' }), Email: ex.full.email })]);
  });

  it('describes fields with their lengths, and rejects malformed SOQL', async () => {
    const describe = await call('GET', '/services/data/v66.0/sobjects/Contact/describe', { headers: token() });
    const fields = describe.json.fields as { name: string; length: number; createable: boolean }[];
    expect(fields.find((f) => f.name === 'Title')).toMatchObject({ length: 128, createable: true });
    expect(fields.find((f) => f.name === 'Name')?.createable).toBe(false);
    const bad = await call('GET', `/services/data/v66.0/query?q=${encodeURIComponent('SELECT Id FROM Contact WHERE')}`, { headers: token() });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual([expect.objectContaining({ errorCode: 'MALFORMED_QUERY' })]);
  });

  it('resolves @{ref.id} in a composite, and rolls all back when one fails with allOrNone', async () => {
    const headers = token();
    const ok = await call('POST', '/services/data/v66.0/composite', {
      headers,
      body: {
        allOrNone: true,
        compositeRequest: [
          { method: 'POST', url: '/services/data/v66.0/sobjects/Account', referenceId: 'acct', body: { Name: 'Composite Co' } },
          { method: 'POST', url: '/services/data/v66.0/sobjects/Contact', referenceId: 'ct', body: { LastName: 'Ref', AccountId: '@{acct.id}' } },
        ],
      },
    });
    const responses = ok.json.compositeResponse as { httpStatusCode: number; body: { id: string } }[];
    expect(responses.map((r) => r.httpStatusCode)).toEqual([201, 201]);
    expect(sandbox.crm.salesforce.store().records.Contact.get(responses[1]?.body.id ?? '')?.AccountId).toBe(responses[0]?.body.id);
    const before = sandbox.crm.salesforce.store().counts().Account;
    const failed = await call('POST', '/services/data/v66.0/composite', {
      headers,
      body: {
        allOrNone: true,
        compositeRequest: [
          { method: 'POST', url: '/services/data/v66.0/sobjects/Account', referenceId: 'acct', body: { Name: 'Rolled Back Co' } },
          { method: 'POST', url: '/services/data/v66.0/sobjects/Contact', referenceId: 'ct', body: { FirstName: 'No last name', AccountId: '@{acct.id}' } },
        ],
      },
    });
    expect((failed.json.compositeResponse as { body: { errorCode: string }[] }[]).map((r) => r.body[0]?.errorCode)).toEqual(['PROCESSING_HALTED', 'REQUIRED_FIELD_MISSING']);
    expect(sandbox.crm.salesforce.store().counts().Account).toBe(before);
    expect(sandbox.state().crm.salesforce.apiUsed).toBe(2);
  });

  it('lists the API versions without a session', async () => {
    const versions = await call('GET', '/services/data/');
    expect((versions.json as unknown as { version: string }[]).map((v) => v.version)).toContain('66.0');
    expect((await call('GET', '/services/data/v99.0/limits', { headers: token() })).status).toBe(404);
  });
});

describe('Pipedrive stand-in', () => {
  it('asks for a token, and answers item search across persons and organizations', async () => {
    expect((await call('GET', '/api/v1/users/me')).status).toBe(401);
    const ex = crmExamples(sandbox.dataset, 'pipedrive');
    const items = await call('GET', `/api/v2/itemSearch?term=${encodeURIComponent(ex.full.company.name)}&item_types=organization,person&fields=name`, { headers: pd });
    const types = ((items.json.data as { items: { item: { type: string } }[] }).items ?? []).map((i) => i.item.type);
    expect(types).toContain('organization');
  });

  it('replaces a person’s email list whole on PATCH and refuses properties the v2 schema does not list', async () => {
    const patched = await call('PATCH', '/api/v2/persons/101', { headers: pd, body: { emails: [{ value: 'only@x.example', primary: true, label: 'work' }] } });
    expect((patched.json.data as { emails: unknown[] }).emails).toEqual([{ value: 'only@x.example', primary: true, label: 'work' }]);
    const unknown = await call('POST', '/api/v2/persons', { headers: pd, body: { name: 'A B', job_title: 'CEO' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ success: false, error: expect.stringContaining('job_title') });
  });

  it('prices calls in tokens (the specs’ x-token-cost)', async () => {
    await call('GET', '/api/v1/users/me', { headers: pd });
    await call('GET', '/api/v2/persons/101', { headers: pd });
    await call('GET', '/api/v2/persons/search?term=ab&fields=name', { headers: pd });
    expect(sandbox.state().crm.pipedrive.tokensUsed).toBe(2 + 1 + 20);
  });
});

describe('the sandbox around the stand-ins', () => {
  it('reports each CRM in /__sandbox/state and resets them with POST /__sandbox/reset', async () => {
    await call('POST', '/crm/v3/objects/companies', { headers: hs, body: { properties: { name: 'State Co' }, associations: [] } });
    const state = (await call('GET', '/__sandbox/state')).json as unknown as { crm: Record<string, { writes: number; requests: { method: string; path: string; status: number }[]; records: Record<string, number> }> };
    expect(Object.keys(state.crm)).toEqual(['hubspot', 'salesforce', 'pipedrive']);
    expect(state.crm.hubspot).toMatchObject({ writes: 1, requests: [{ method: 'POST', path: '/crm/v3/objects/companies', status: 201 }] });
    const companies = state.crm.hubspot?.records.companies ?? 0;
    await call('POST', '/__sandbox/reset');
    const after = (await call('GET', '/__sandbox/state')).json as unknown as typeof state;
    expect(after.crm.hubspot).toMatchObject({ writes: 0, requests: [], records: { companies: companies - 1 } });
  });

  it('applies faults to CRM paths with each vendor’s error body', async () => {
    await call('POST', '/__sandbox/faults', { body: [{ kind: 'status', path: '/crm/*', status: 429 }, { kind: 'status', path: '/services/data/*', status: 401 }, { kind: 'status', path: '/api/v2/*', status: 404 }] });
    const hubspot = await call('GET', '/crm/v3/objects/contacts/51000001', { headers: hs });
    expect(hubspot).toMatchObject({ status: 429, json: { policyName: 'TEN_SECONDLY_ROLLING', errorType: 'RATE_LIMIT' } });
    expect(hubspot.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    const salesforce = await call('GET', '/services/data/v66.0/limits');
    expect(salesforce).toMatchObject({ status: 401, json: [{ errorCode: 'INVALID_SESSION_ID' }] });
    const pipedrive = await call('GET', '/api/v2/persons/101', { headers: pd });
    expect(pipedrive).toMatchObject({ status: 404, json: { success: false, error: 'Person not found' } });
    expect(sandbox.state().crm.hubspot.requests).toEqual([]);
  });
});
