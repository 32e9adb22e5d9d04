/**
 * Contract tests against Salesforce's own Postman collection, as far as it allows (../shared/specs/crm/salesforce-
 * postman-collection-2021.subset.json, outside this repo; CC0). Skipped, with a notice, when it is not there.
 *
 * The collection has request templates only (no OpenAPI, no example responses), so: every request the client and
 * the sign-in helpers send must match a template's method and URL (`{{_endpoint}}`, `{{url}}{{site}}`, `{{version}}`
 * and `<PLACEHOLDERS>` as wildcards), send only query keys and form fields the template names, JSON bodies of the
 * template's shape (composite subrequests are checked as requests in turn), and `Authorization: Bearer` on REST
 * calls. Extensions the 2021 collection predates are named here: PKCE (`code_challenge`, `code_challenge_method`,
 * `code_verifier`), `state`, `login_hint` and `prompt` on authorize, `format=json` on a refresh, and `fields` on a
 * record GET. No request may carry a client secret. The stand-in's
 * answers are checked against the shapes docs/crm.md §2 writes out: tokens without `expires_in`, create
 * `{id, success, errors}`, 204 PATCH, array errors, `Sforce-Limit-Info` on every REST answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  codeChallenge,
  createCodeVerifier,
  createSalesforceClient,
  exchangeCode,
  refreshSalesforceToken,
  revokeSalesforceToken,
  type SalesforceClient,
} from '../../lib/providers/crm/salesforce';
import { SALESFORCE_CONSUMER_KEY } from '../sandbox/crm/accounts';
import { crmExamples } from '../sandbox/crm/crm-dataset';
import { linkedinUrlOf } from '../sandbox/dataset';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { recordingFetch, responseJson, type Exchange } from './recording-fetch';

const here = path.dirname(fileURLToPath(import.meta.url));
const COLLECTION = path.resolve(here, '../../../shared/specs/crm/salesforce-postman-collection-2021.subset.json');
const available = existsSync(COLLECTION);
if (!available) console.warn(`[contract] Salesforce Postman collection not found at ${COLLECTION}: the Salesforce contract tests are skipped.`);

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/salesforce';
/** Form fields beyond a template's: the PKCE verifier, and `format=json`, which the collection sends on the code exchange and Salesforce's refresh docs name too. */
const FORM_EXTRAS = ['code_verifier', 'format'];
const AUTHORIZE_EXTRAS = ['code_challenge', 'code_challenge_method', 'state', 'login_hint', 'prompt'];
const QUERY_EXTRAS: Record<string, string[]> = { 'rest/sobject_rows.json': ['fields'] };

interface PostmanRequest {
  method: string;
  url: string;
  dataMode?: string | null;
  data?: { key: string }[] | null;
  rawModeData?: string | null;
  queryParams?: { key: string }[];
}

interface Template {
  file: string;
  method: string;
  pattern: RegExp;
  wildcards: number;
  queryKeys: string[];
  formKeys: string[];
  rawKeys: string[];
}

function templates(): Template[] {
  const collection = JSON.parse(readFileSync(COLLECTION, 'utf8')) as { files: Record<string, PostmanRequest> };
  return Object.entries(collection.files)
    .filter(([file]) => file !== 'index.json')
    .map(([file, request]) => {
      const [rawPath = '', rawQuery = ''] = request.url.split('?');
      const pathTemplate = rawPath.replace('{{_endpoint}}', '').replace('{{url}}{{site}}', '').replace(/\/+$/, '');
      let wildcards = 0;
      const source = pathTemplate
        .split(/(\{\{version\}\}|<[^>]+>)/)
        .map((part) => {
          if (part === '{{version}}') return '\\d+\\.\\d+';
          if (/^<[^>]+>$/.test(part)) {
            wildcards += 1;
            return '[^/]+';
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      let rawKeys: string[] = [];
      try {
        rawKeys = request.rawModeData ? Object.keys(JSON.parse(request.rawModeData) as Record<string, unknown>) : [];
      } catch {
        rawKeys = [];
      }
      return {
        file,
        method: request.method,
        pattern: new RegExp(`^${source}/?$`),
        wildcards,
        queryKeys: [...new Set([...(request.queryParams ?? []).map((q) => q.key), ...[...new URLSearchParams(rawQuery).keys()]])],
        formKeys: (request.data ?? []).map((d) => d.key),
        rawKeys,
      };
    });
}

type Scenario = { name: string; method: string; run: (client: SalesforceClient, sandbox: Sandbox, fetchFn: typeof fetch) => Promise<unknown> };

const SCENARIOS: Scenario[] = [
  {
    name: 'sign in: code exchange, refresh, revoke',
    method: 'oauth',
    run: async (_c, sb, fetchFn) => {
      const verifier = createCodeVerifier();
      const url = authorizeUrl({ loginUrl: sb.url, clientId: SALESFORCE_CONSUMER_KEY, redirectUri: REDIRECT, codeChallenge: await codeChallenge(verifier), state: 'state-1', loginHint: 'admin@sidecar-sandbox.example' });
      const redirected = await fetchFn(url, { redirect: 'manual' });
      const code = new URL(redirected.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const tokens = await exchangeCode({ loginUrl: sb.url, clientId: SALESFORCE_CONSUMER_KEY, code, redirectUri: REDIRECT, codeVerifier: verifier, fetch: fetchFn });
      await refreshSalesforceToken({ loginUrl: sb.url, clientId: SALESFORCE_CONSUMER_KEY, refreshToken: tokens.refreshToken ?? '', fetch: fetchFn });
      await revokeSalesforceToken({ loginUrl: sb.url, clientId: SALESFORCE_CONSUMER_KEY, token: tokens.refreshToken ?? '', fetch: fetchFn });
    },
  },
  { name: 'verify', method: 'verify', run: (c) => c.verify() },
  {
    name: 'find people (composite SOQL)',
    method: 'findPeople',
    run: (c, sb) => {
      const ex = crmExamples(sb.dataset, 'salesforce');
      return c.findPeople([{ ref: 'a', email: ex.full.email, linkedinUrl: linkedinUrlOf(ex.linkedinOnly.person) }, { ref: 'b', firstName: ex.nameCompany.person.firstName, lastName: ex.nameCompany.person.lastName }]);
    },
  },
  { name: 'find companies', method: 'findCompanies', run: (c, sb) => c.findCompanies([{ ref: 'a', domain: crmExamples(sb.dataset, 'salesforce').full.company.domain, name: 'Other Co' }]) },
  { name: 'get a person', method: 'getPerson', run: (c) => c.getPerson('003SB0000000001AAA') },
  {
    name: 'create a Contact, a duplicate, then save it anyway',
    method: 'createPerson',
    run: async (c, sb) => {
      const ex = crmExamples(sb.dataset, 'salesforce');
      await c.createPerson({ firstName: ex.absent.firstName, lastName: ex.absent.lastName, emails: [ex.absent.emails[0]?.email ?? ''], linkedinUrl: linkedinUrlOf(ex.absent) }, { companyId: '001SB0000000001AAA' });
      await c.createPerson({ lastName: 'Dup', emails: [ex.full.email ?? ''] }).catch(() => undefined);
      await c.createPerson({ lastName: 'Dup', emails: [ex.full.email ?? ''] }, { allowDuplicate: true });
      await c.createPerson({ lastName: 'Lead', companyName: 'Lead Co', companyDomain: 'lead-co.example' }, { asLead: true });
    },
  },
  { name: 'update by diff (PATCH 204)', method: 'updatePerson', run: (c) => c.updatePerson('003SB0000000001AAA', { title: 'Another', phones: [{ value: '+1 415 555 0142', label: 'mobile' }] }) },
  { name: 'find or create an Account', method: 'findOrCreateCompany', run: async (c, sb) => c.findOrCreateCompany({ name: crmExamples(sb.dataset, 'salesforce').absentCompany.name, domain: crmExamples(sb.dataset, 'salesforce').absentCompany.domain }) },
  { name: 'link a Contact to an Account', method: 'associate', run: (c) => c.associate('003SB0000000001AAA', '001SB0000000002AAA') },
  { name: 'a Task as the note', method: 'addNote', run: (c) => c.addNote({ personId: '003SB0000000001AAA', companyId: '001SB0000000001AAA' }, 'from Sidecar, Lusha, 2026-11-20') },
  { name: 'a note found by its marker (the Tasks of a person)', method: 'findNote', run: (c) => c.findNote({ personId: '003SB0000000001AAA' }, 'scmarker0001') },
  { name: 'describe Contact', method: 'describe', run: (c) => c.describe('Contact') },
  { name: 'limits', method: 'getLimits', run: (c) => c.getLimits() },
];

describe.skipIf(!available)('Salesforce contract (Postman collection ↔ client ↔ stand-in)', () => {
  let list: Template[];
  let sandbox: Sandbox;
  const exchanges = new Map<Scenario, Exchange[]>();
  const failures = new Map<Scenario, unknown>();
  const reached = new Set<string>();

  /** The template for a request: fewest wildcards, then (the token endpoint has two) the one naming most fields. */
  function template(method: string, pathname: string, fields: string[] = []): Template | undefined {
    const missing = (t: Template) => fields.filter((f) => !t.formKeys.includes(f) && !FORM_EXTRAS.includes(f)).length;
    return list.filter((t) => t.method === method && t.pattern.test(pathname)).sort((a, b) => a.wildcards - b.wildcards || missing(a) - missing(b))[0];
  }

  /** What one request breaks of the collection (also used for composite subrequests). */
  function requestProblems(label: string, method: string, url: URL, body: unknown, kind: Exchange['requestKind'], headers: Record<string, string> | undefined): string[] {
    const problems: string[] = [];
    const t = template(method, url.pathname, kind === 'form' ? Object.keys(body as Record<string, string>) : []);
    if (!t) return [`${label}: no request of the collection has this method and URL`];
    reached.add(t.file);
    const extras = t.file === 'auth/web_server_flow_1.json' ? AUTHORIZE_EXTRAS : (QUERY_EXTRAS[t.file] ?? []);
    for (const key of new Set(url.searchParams.keys())) if (!t.queryKeys.includes(key) && !extras.includes(key)) problems.push(`${label}: query key ${key} is not in ${t.file}`);
    if (kind === 'form') {
      for (const key of Object.keys(body as Record<string, string>)) if (!t.formKeys.includes(key) && !FORM_EXTRAS.includes(key)) problems.push(`${label}: form field ${key} is not in ${t.file}`);
      if ('client_secret' in (body as Record<string, string>)) problems.push(`${label}: sends a client secret`);
    } else if (kind === 'json') {
      if (t.rawKeys.length > 0 && t.file.startsWith('composite/')) {
        const composite = body as { compositeRequest?: { method: string; url: string; body?: unknown }[] } & Record<string, unknown>;
        for (const key of Object.keys(composite)) if (!t.rawKeys.includes(key)) problems.push(`${label}: ${key} is not a composite field`);
        (composite.compositeRequest ?? []).forEach((sub, i) => {
          const subUrl = new URL(sub.url, 'https://instance.invalid');
          problems.push(...requestProblems(`${label} subrequest ${i}`, sub.method, subUrl, sub.body, sub.body === undefined ? undefined : 'json', undefined));
        });
      } else {
        const flat = typeof body === 'object' && body !== null && !Array.isArray(body) && Object.entries(body).every(([k, v]) => /^[A-Za-z][A-Za-z0-9_]*$/.test(k) && (v === null || typeof v !== 'object'));
        if (!flat) problems.push(`${label}: a record body must be a flat object of field API names`);
      }
    }
    if (headers && url.pathname.startsWith('/services/data/v') && !/^Bearer \S+$/.test(headers.authorization ?? '')) problems.push(`${label}: a REST call without Authorization: Bearer`);
    return problems;
  }

  /** What one answer breaks of the shapes docs/crm.md §2 gives. */
  function answerProblems(label: string, exchange: Exchange): string[] {
    const problems: string[] = [];
    const body = responseJson(exchange);
    const rest = exchange.url.pathname.startsWith('/services/data/v');
    if (rest && !/^api-usage=\d+\/\d+/.test(exchange.headers.get('sforce-limit-info') ?? '')) problems.push(`${label}: no Sforce-Limit-Info`);
    if (exchange.url.pathname === '/services/oauth2/token' && exchange.status === 200) {
      const token = body as Record<string, unknown>;
      for (const key of ['access_token', 'instance_url', 'id', 'token_type', 'issued_at', 'signature']) if (!(key in token)) problems.push(`${label}: token answer lacks ${key}`);
      if ('expires_in' in token) problems.push(`${label}: token answer has expires_in`);
    }
    if (exchange.method === 'POST' && /\/sobjects\/[A-Za-z]+$/.test(exchange.url.pathname) && exchange.status === 201) {
      const created = body as Record<string, unknown>;
      if (typeof created.id !== 'string' || created.success !== true || !Array.isArray(created.errors)) problems.push(`${label}: create answer is not {id, success, errors}`);
    }
    if (exchange.method === 'PATCH' && exchange.status < 300 && (exchange.status !== 204 || exchange.responseText !== '')) problems.push(`${label}: PATCH answered ${exchange.status} with a body`);
    if (rest && exchange.status >= 400) {
      const ok = Array.isArray(body) && body.every((e: unknown) => typeof e === 'object' && e !== null && typeof (e as Record<string, unknown>).errorCode === 'string' && typeof (e as Record<string, unknown>).message === 'string');
      if (!ok) problems.push(`${label}: error body is not [{message, errorCode}]`);
    }
    return problems;
  }

  const violations = (exchange: Exchange): string[] => {
    const label = `${exchange.method} ${exchange.url.pathname}${exchange.url.search.slice(0, 80)}`;
    return [...requestProblems(label, exchange.method, exchange.url, exchange.requestBody, exchange.requestKind, exchange.requestHeaders), ...answerProblems(label, exchange)];
  };

  beforeAll(async () => {
    list = templates();
    sandbox = await startSandbox({ port: 0, now: () => Date.UTC(2026, 10, 20, 9, 0, 0) });
    for (const scenario of SCENARIOS) {
      sandbox.reset();
      const log: Exchange[] = [];
      exchanges.set(scenario, log);
      const fetchFn = recordingFetch(log);
      const tokens = sandbox.crm.salesforce.issueTokens('admin', sandbox.url);
      const client = createSalesforceClient({ accessToken: tokens.access_token, instanceUrl: sandbox.url, linkedinField: 'LinkedIn_URL__c', fetch: fetchFn, timeoutMs: 5000 });
      try {
        await scenario.run(client, sandbox, fetchFn);
      } catch (error) {
        failures.set(scenario, error);
      }
    }
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s conforms', (_label, scenario) => {
    expect(failures.get(scenario)).toBeUndefined();
    const log = exchanges.get(scenario) ?? [];
    expect(log.length).toBeGreaterThan(0);
    expect(log.flatMap(violations)).toEqual([]);
  });

  it('has a scenario for every client method that calls Salesforce', () => {
    const client = createSalesforceClient({ accessToken: 'x', instanceUrl: 'http://127.0.0.1:1' });
    const methods = Object.keys(client).filter((k) => k !== 'crm' && k !== 'recordUrl');
    expect(methods.filter((m) => !SCENARIOS.some((s) => s.method === m))).toEqual([]);
    console.log(`[contract] Salesforce: requests match ${reached.size} templates of the collection:\n  ${[...reached].sort().join('\n  ')}`);
  });
});
