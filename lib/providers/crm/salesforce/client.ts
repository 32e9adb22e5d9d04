/**
 * A thin, typed Salesforce REST client for one session (docs/crm.md §2): verify (userinfo, versions, the LinkedIn
 * field from describe), find Contacts and unconverted Leads in one composite call (one API request against the
 * org's daily allocation), Accounts by name or website, create Contact or Lead (duplicate rules answered as
 * 'duplicate'; `allowDuplicate` resends with the duplicate-rule header), update by diff (PATCH → 204), link a Contact
 * to its Account, and log a completed Task as the note. The access token is an input: on bad-key
 * `session-expired`, refresh it (oauth.ts) and make a new client. No retries, caching or throttling here.
 */
import { z } from 'zod';
import type { CrmConnection, CrmField, CrmPersonInput, CrmRecord, CrmRecordKind } from '../../../domain/crm';
import {
  conflictFields,
  diffPerson,
  matchCompanies,
  matchPeople,
  normalizeDomain,
  normalizeEmail,
  personValuesFromInput,
  personValuesFromRecord,
  writtenFields,
  type PersonValues,
} from '../../../domain/crm-match';
import { SidecarError } from '../../../domain/errors';
import { createHttpClient, type HttpRequest } from '../../request';
import { chunk, clean, defined } from '../shared';
import type { CrmCallInit, CrmCallResult } from '../types';
import { salesforceError, salesforceErrorFromResponse } from './errors';
import { parseSalesforceLimitInfo } from './rate-limit-headers';
import {
  salesforceCompositeResponseSchema,
  salesforceCreateResultSchema,
  salesforceDescribeSchema,
  salesforceLimitsSchema,
  salesforceQueryResultSchema,
  salesforceRecordSchema,
  salesforceUserInfoSchema,
  salesforceVersionsSchema,
  type SalesforceRecord,
} from './schemas';
import { ACCOUNT_FIELDS, companyCondition, contactFields, leadFields, peopleCondition, select, soqlString } from './soql';
import { objectOfKind, salesforceAppBaseUrl, salesforceRecordUrl, toAccountRecord, toPersonRecord } from './to-domain';
import { SALESFORCE_API_VERSION, SALESFORCE_MAX_QUERIES, type SalesforceClient, type SalesforceClientOptions } from './types';

const DEFAULT_TIMEOUT_MS = 15_000;
const DUPLICATE_RULE_HEADER = 'allowSave=true; includeRecordDetails=false; runAsCurrentUser=true';
/** Standard text lengths (docs/crm.md §2.12): longer names and titles are cut rather than refused. */
const LENGTHS = { FirstName: 40, LastName: 80, Title: 128, Company: 255, Name: 255, Subject: 255, Description: 32_000 } as const;

const cut = (value: string | undefined, max: number): string | undefined => (value === undefined ? undefined : value.slice(0, max));

/** Which object an id belongs to, by its key prefix. */
export function objectOfId(id: string): 'Contact' | 'Lead' | 'Account' | undefined {
  if (/^003[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(id)) return 'Contact';
  if (/^00Q[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(id)) return 'Lead';
  if (/^001[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(id)) return 'Account';
  return undefined;
}

/** Create a client bound to one access token and instance. Never throws; problems surface on the first call. */
export function createSalesforceClient(options: SalesforceClientOptions): SalesforceClient {
  const token = options.accessToken.trim();
  const now = options.now ?? Date.now;
  const version = options.apiVersion ?? SALESFORCE_API_VERSION;
  const data = `/services/data/v${version}`;
  const instanceUrl = options.instanceUrl.replace(/\/+$/, '');
  const links = defined({ instanceUrl, appBaseUrl: options.appBaseUrl });
  const linkedinField = options.linkedinField ?? null;
  const http = createHttpClient({
    label: 'Salesforce',
    baseUrl: instanceUrl,
    secret: token,
    authHeaders: { authorization: `Bearer ${token}` },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch,
    now,
    providerError: salesforceError,
    errorFromResponse: salesforceErrorFromResponse,
  });

  async function call<S extends z.ZodType>(spec: HttpRequest<S>): Promise<CrmCallResult<z.output<S>>> {
    const { data: body, status, headers } = await http.request(spec);
    return { data: body, status, rateLimit: parseSalesforceLimitInfo(headers) };
  }

  async function built<T>(build: () => T): Promise<T> {
    return build();
  }

  const toPerson = (record: SalesforceRecord) => toPersonRecord(record, linkedinField, links);
  const toAccount = (record: SalesforceRecord) => toAccountRecord(record, links);
  const queryPath = (soql: string) => `${data}/query?${new URLSearchParams({ q: soql }).toString()}`;

  /** Several SOQL queries in one composite request (one API call); a failed subrequest fails the whole. */
  async function queries(soql: string[], init: CrmCallInit | undefined): Promise<CrmCallResult<SalesforceRecord[][]>> {
    const result = await call({
      method: 'POST',
      path: `${data}/composite`,
      body: { allOrNone: false, compositeRequest: soql.map((q, i) => ({ method: 'GET', url: queryPath(q), referenceId: `q${i}` })) },
      schema: salesforceCompositeResponseSchema,
      signal: init?.signal,
    });
    const out: SalesforceRecord[][] = [];
    for (const sub of result.data.compositeResponse) {
      if (sub.httpStatusCode >= 400) throw salesforceErrorFromResponse({ status: sub.httpStatusCode, bodyText: JSON.stringify(sub.body), headers: new Headers(), now: now() });
      const parsed = salesforceQueryResultSchema.safeParse(sub.body);
      if (!parsed.success) throw salesforceError('unexpected-response', { status: sub.httpStatusCode, detail: `subrequest ${sub.referenceId}: ${parsed.error.issues[0]?.message ?? 'bad shape'}` });
      out.push(parsed.data.records);
    }
    return { ...result, data: out };
  }

  async function getRecord(object: 'Account', id: string, init: CrmCallInit | undefined) {
    const own = ACCOUNT_FIELDS.filter((f) => !f.includes('.'));
    return call({
      method: 'GET',
      path: `${data}/sobjects/${object}/${encodeURIComponent(id)}?${new URLSearchParams({ fields: own.join(',') }).toString()}`,
      schema: salesforceRecordSchema,
      signal: init?.signal,
    });
  }

  /** The fields an update compares, per object. */
  const personFields = (object: 'Contact' | 'Lead'): CrmField[] => [
    'firstName',
    'lastName',
    'title',
    ...(object === 'Lead' ? (['companyName'] as const) : []),
    'email',
    'phone',
    'mobilePhone',
    ...(linkedinField ? (['linkedinUrl'] as const) : []),
  ];

  /** The sObject fields that write `fields` of `values`; nothing empty. */
  function sobjectValues(object: 'Contact' | 'Lead', values: PersonValues, fields: readonly CrmField[]): Record<string, string> {
    const map: Partial<Record<CrmField, string>> = { firstName: 'FirstName', lastName: 'LastName', title: 'Title', companyName: 'Company', email: 'Email', phone: 'Phone', mobilePhone: 'MobilePhone' };
    if (linkedinField) map.linkedinUrl = linkedinField;
    const out: Record<string, string> = {};
    for (const field of fields) {
      const name = map[field];
      const value = field === 'emails' || field === 'phones' ? undefined : clean(values[field]);
      if (!name || !value || (field === 'companyName' && object !== 'Lead')) continue;
      const max = LENGTHS[name as keyof typeof LENGTHS] as number | undefined;
      out[name] = max ? (cut(value, max) ?? value) : value;
    }
    return out;
  }

  function newPersonBody(object: 'Contact' | 'Lead', input: CrmPersonInput, companyId: string | undefined): Record<string, string> {
    const values = personValuesFromInput(input);
    if (values.email) values.email = normalizeEmail(values.email) ?? values.email;
    const body = sobjectValues(object, values, personFields(object));
    if (!body.LastName) throw salesforceError('validation', { detail: 'Salesforce needs a last name', field: 'LastName', reason: 'REQUIRED_FIELD_MISSING' });
    if (object === 'Lead') {
      if (!body.Company) throw salesforceError('validation', { detail: 'a Lead needs a company', field: 'Company', reason: 'REQUIRED_FIELD_MISSING' });
      const domain = normalizeDomain(input.companyDomain);
      if (domain) body.Website = `https://${domain}`;
    } else if (companyId) {
      body.AccountId = companyId;
    }
    return body;
  }

  /** The record as written, without another request (the create answer holds only the id). */
  function writtenRecord(object: 'Contact' | 'Lead', id: string, body: Record<string, string>, base?: CrmRecord): CrmRecord {
    const fields: SalesforceRecord = { attributes: { type: object }, Id: id };
    if (base) {
      Object.assign(fields, {
        FirstName: base.firstName,
        LastName: base.lastName,
        Title: base.title,
        Email: base.emails[0],
        Phone: base.phones.find((p) => p.label !== 'mobile')?.value,
        MobilePhone: base.phones.find((p) => p.label === 'mobile')?.value,
        ...(object === 'Lead' ? { Company: base.company } : { AccountId: base.companyId }),
        ...(linkedinField ? { [linkedinField]: base.linkedinUrl } : {}),
        OwnerId: base.owner?.id,
        LastActivityDate: base.lastActivityAt,
        CreatedDate: base.createdAt,
      });
    }
    Object.assign(fields, body);
    const record = toPerson(fields);
    const name = [record.firstName, record.lastName].filter(Boolean).join(' ');
    return { ...record, ...(name ? { name } : {}), ...defined({ owner: base?.owner, company: record.company ?? base?.company }) };
  }

  const client: SalesforceClient = {
    crm: 'salesforce',

    async verify(init) {
      const info = await call({ method: 'GET', path: '/services/oauth2/userinfo', schema: salesforceUserInfoSchema, signal: init?.signal });
      const versions = await call({ method: 'GET', path: '/services/data/', schema: salesforceVersionsSchema, signal: init?.signal });
      if (!versions.data.some((v) => v.version === version)) {
        throw salesforceError('unexpected-response', { detail: `the org does not serve API v${version} (it serves ${versions.data.map((v) => v.version).join(', ')})`, reason: 'api-version' });
      }
      const fields = await client.describe('Contact', init);
      const linkedin = fields.data.find((f) => f.type === 'url' && /linked\s*in/i.test(`${f.label} ${f.name}`) && f.createable && f.updateable);
      const u = info.data;
      const host = new URL(instanceUrl).hostname;
      const connection: CrmConnection = {
        crm: 'salesforce',
        accountId: u.organization_id,
        apiBaseUrl: instanceUrl,
        appBaseUrl: salesforceAppBaseUrl(instanceUrl, options.appBaseUrl),
        sandbox: host.endsWith('.sandbox.my.salesforce.com'),
        linkedinField: linkedin?.name ?? null,
        user: defined({ id: u.user_id, name: u.name, email: u.email ?? u.preferred_username }),
      };
      return { ...fields, data: connection };
    },

    async findPeople(queryList, init) {
      const records: CrmRecord[] = [];
      let last: CrmCallResult<unknown> | undefined;
      for (const part of chunk(queryList, SALESFORCE_MAX_QUERIES)) {
        const where = peopleCondition(part, linkedinField);
        if (!where) continue;
        const result = await queries(
          [select(contactFields(linkedinField), 'Contact', where, 200), select(leadFields(linkedinField), 'Lead', `${where} AND IsConverted = false`, 200)],
          init,
        );
        last = result;
        for (const list of result.data) for (const record of list) records.push(toPerson(record));
      }
      return { status: last?.status ?? 200, rateLimit: last?.rateLimit ?? {}, data: matchPeople(queryList, records) };
    },

    async findCompanies(queryList, init) {
      const records: CrmRecord[] = [];
      let last: CrmCallResult<unknown> | undefined;
      for (const part of chunk(queryList, SALESFORCE_MAX_QUERIES)) {
        const where = companyCondition(part);
        if (!where) continue;
        const result = await call({ method: 'GET', path: queryPath(select(ACCOUNT_FIELDS, 'Account', where, 200)), schema: salesforceQueryResultSchema, signal: init?.signal });
        last = result;
        records.push(...result.data.records.map(toAccount));
      }
      return { status: last?.status ?? 200, rateLimit: last?.rateLimit ?? {}, data: matchCompanies(queryList, records) };
    },

    async getPerson(id, init) {
      const object = objectOfId(clean(id) ?? '');
      if (object !== 'Contact' && object !== 'Lead') throw salesforceError('validation', { detail: 'not a Contact or Lead id', field: 'Id' });
      // A query, not a record GET: it brings the Account's and owner's names in the same request.
      const fields = object === 'Contact' ? contactFields(linkedinField) : leadFields(linkedinField);
      const result = await call({ method: 'GET', path: queryPath(select(fields, object, `Id = ${soqlString(id.trim())}`, 1)), schema: salesforceQueryResultSchema, signal: init?.signal });
      const found = result.data.records[0];
      if (!found) throw salesforceError('not-found', { status: 404, detail: `no ${object} ${id.trim()}` });
      return { ...result, data: toPerson(found) };
    },

    async createPerson(input, createOptions, init) {
      const object = createOptions?.asLead ? 'Lead' : 'Contact';
      const body = await built(() => newPersonBody(object, input, clean(createOptions?.companyId)));
      const result = await call({
        method: 'POST',
        path: `${data}/sobjects/${object}`,
        body,
        ...(createOptions?.allowDuplicate ? { headers: { 'Sforce-Duplicate-Rule-Header': DUPLICATE_RULE_HEADER } } : {}),
        schema: salesforceCreateResultSchema,
        signal: init?.signal,
      });
      return { ...result, data: writtenRecord(object, result.data.id, body) };
    },

    async updatePerson(id, input, updateOptions, init) {
      const current = await client.getPerson(id, init);
      const object = current.data.kind === 'lead' ? 'Lead' : 'Contact';
      const diffs = diffPerson(personValuesFromRecord(current.data), personValuesFromInput(input), personFields(object), updateOptions?.overwrite ?? []);
      const written = writtenFields(diffs);
      const outcome = { diffs, conflicts: conflictFields(diffs) };
      if (written.length === 0 || updateOptions?.dryRun) return { ...current, data: { record: current.data, written: [], ...outcome } };
      const body = sobjectValues(object, personValuesFromInput(input), written);
      const result = await call({
        method: 'PATCH',
        path: `${data}/sobjects/${object}/${encodeURIComponent(current.data.id)}`,
        body,
        ...(updateOptions?.allowDuplicate ? { headers: { 'Sforce-Duplicate-Rule-Header': DUPLICATE_RULE_HEADER } } : {}),
        schema: z.null(),
        signal: init?.signal,
      });
      const record = { ...writtenRecord(object, current.data.id, body, current.data), url: current.data.url, ...defined({ updatedAt: current.data.updatedAt, domain: current.data.domain }) };
      return { ...result, data: { record, written, ...outcome } };
    },

    async findOrCreateCompany(input, init) {
      const domain = normalizeDomain(input.domain);
      const found = await client.findCompanies([{ ref: 'company', name: input.name, ...(domain ? { domain } : {}) }], init);
      const best = found.data.find((m) => m.by === 'domain') ?? (domain ? undefined : found.data.find((m) => m.by === 'name'));
      if (best) return { ...found, data: { record: best.record, created: false } };
      const name = clean(input.name);
      if (!name) throw salesforceError('validation', { detail: 'an Account needs a name', field: 'Name' });
      const body = defined({ Name: cut(name, LENGTHS.Name), Website: domain ? `https://${domain}` : undefined, Phone: clean(input.phone) });
      try {
        const result = await call({ method: 'POST', path: `${data}/sobjects/Account`, body, schema: salesforceCreateResultSchema, signal: init?.signal });
        return { ...result, data: { record: toAccount({ attributes: { type: 'Account' }, Id: result.data.id, ...body }), created: true } };
      } catch (error) {
        // An Account duplicate rule names the existing company: that one is the answer.
        const existing = SidecarError.is(error) && error.kind === 'duplicate' ? error.data.existingIds?.[0] : undefined;
        if (!existing) throw error;
        const account = await getRecord('Account', existing, init);
        return { ...account, data: { record: toAccount(account.data), created: false } };
      }
    },

    async associate(personId, companyId, init) {
      const object = objectOfId(clean(personId) ?? '');
      if (object === 'Lead') throw salesforceError('validation', { detail: 'a Lead names its company in Company; it links to an Account only when converted', field: 'AccountId', reason: 'lead-has-no-account' });
      if (object !== 'Contact') throw salesforceError('validation', { detail: 'not a Contact id', field: 'Id' });
      if (objectOfId(clean(companyId) ?? '') !== 'Account') throw salesforceError('validation', { detail: 'not an Account id', field: 'AccountId' });
      const result = await call({ method: 'PATCH', path: `${data}/sobjects/Contact/${encodeURIComponent(personId.trim())}`, body: { AccountId: companyId.trim() }, schema: z.null(), signal: init?.signal });
      return { ...result, data: null };
    },

    async addNote(target, text, noteOptions, init) {
      const body = clean(text);
      if (!body) throw salesforceError('validation', { detail: 'a note needs text', field: 'Description' });
      const who = clean(target.personId);
      const what = clean(target.companyId);
      if (!who && !what) throw salesforceError('validation', { detail: 'a note needs a person or a company' });
      const whoObject = who ? objectOfId(who) : undefined;
      const at = noteOptions?.at ?? new Date(now());
      const task = defined({
        Subject: cut(body.split('\n')[0]?.trim() || 'Sidecar note', LENGTHS.Subject),
        Description: cut(body, LENGTHS.Description),
        WhoId: who,
        // A Task on a Lead cannot also name an Account.
        WhatId: whoObject === 'Lead' ? undefined : what,
        Status: 'Completed',
        ActivityDate: at.toISOString().slice(0, 10),
      });
      const result = await call({ method: 'POST', path: `${data}/sobjects/Task`, body: task, schema: salesforceCreateResultSchema, signal: init?.signal });
      return { ...result, data: { id: result.data.id } };
    },

    async findNote(target, marker, init) {
      const token = clean(marker);
      if (!token || !/^[A-Za-z0-9]+$/.test(token)) throw salesforceError('validation', { detail: 'a note marker is letters and digits', field: 'Description' });
      const who = clean(target.personId);
      const what = clean(target.companyId);
      const on = who ? `WhoId = ${soqlString(who)}` : what ? `WhatId = ${soqlString(what)}` : undefined;
      if (!on) throw salesforceError('validation', { detail: 'a note needs a person or a company' });
      // Description is a long text area, which SOQL cannot filter: the target's recent Tasks are read and checked here.
      const result = await call({
        method: 'GET',
        path: queryPath(`SELECT Id, Description FROM Task WHERE ${on} ORDER BY CreatedDate DESC LIMIT 50`),
        schema: salesforceQueryResultSchema,
        signal: init?.signal,
      });
      const found = result.data.records.find((r) => typeof r.Description === 'string' && r.Description.includes(token));
      return { ...result, data: found ? { id: found.Id as string } : null };
    },

    recordUrl(kind: CrmRecordKind, id: string) {
      return salesforceRecordUrl(instanceUrl, options.appBaseUrl, objectOfKind(kind), id);
    },

    async describe(object, init) {
      const result = await call({ method: 'GET', path: `${data}/sobjects/${object}/describe`, schema: salesforceDescribeSchema, signal: init?.signal });
      return { ...result, data: result.data.fields.map((f) => ({ name: f.name, label: f.label, type: f.type, length: f.length, createable: f.createable, updateable: f.updateable, nillable: f.nillable })) };
    },

    async getLimits(init) {
      const result = await call({ method: 'GET', path: `${data}/limits`, schema: salesforceLimitsSchema, signal: init?.signal });
      return { ...result, data: { max: result.data.DailyApiRequests.Max, remaining: result.data.DailyApiRequests.Remaining } };
    },
  };
  return client;
}
