/**
 * The Pipedrive stand-in (docs/crm.md §3 and §7): `x-api-token` auth; `users/me` with `company_domain`; v2 persons
 * and organizations (create, read, PATCH with lists replaced whole, search with `exact_match`), item search and
 * person/organization fields with custom LinkedIn and domain fields; v1 notes; the `{success,error,error_info,…}`
 * envelope; the per-token 2-s burst (search 10 per 2 s) with `x-ratelimit-*` headers; the company's daily token
 * budget spent at each endpoint's `x-token-cost`; a Cloudflare-style HTML 403 after sustained 429s; and no duplicate
 * blocking at all. The stand-in serves every company on one host: `WXT_PIPEDRIVE_BASE_URL` replaces
 * `https://<company>.pipedrive.com`. See README.md ("Pipedrive").
 */
import { z } from 'zod';
import type { SandboxDataset } from '../dataset-types';
import { json, parseJson, type ApiRequest, type ApiResponse } from '../http';
import { SlidingWindow } from '../rate-limit';
import { PIPEDRIVE_TOKENS, type PipedriveTokenName } from './accounts';
import { fold, header, StandInLog } from './common';
import { CRM_OWNERS, crmSeed, hash } from './crm-dataset';

export interface PipedriveStandInOptions {
  /** Requests per rolling 2 s per token (API token: Lite 20, Growth 40, Premium 100, Ultimate 120). Default 40. */
  burstLimit?: number;
  /** Search requests per rolling 2 s per token (every plan). Default 10. */
  searchBurstLimit?: number;
  /** The company's daily token budget (30 000 × plan multiplier × seats). Default 180 000 (Growth, 3 seats). */
  dailyTokenBudget?: number;
  /** POST/PUT/PATCH requests per user per day (`x-daily-requests-left`). Default 10 000. */
  dailyWriteLimit?: number;
  /** 429s within 10 s that make Cloudflare block the token; null: never. Default 10. */
  cloudflareAfter429s?: number | null;
  /** How long a Cloudflare block lasts. Default 60 s. */
  cloudflareBlockMs?: number;
  /** How long a write stays invisible to search. Default 0 (Pipedrive's lag, if any, is undocumented). */
  searchDelayMs?: number;
}

export interface PipedriveStateSnapshot {
  records: { persons: number; organizations: number; notes: number };
  created: { type: 'person' | 'organization' | 'note'; id: number }[];
  requests: ReturnType<StandInLog['list']>;
  writes: number;
  tokensUsed: number;
  dailyTokenBudget: number;
}

export interface PipedriveStandIn {
  handle(request: ApiRequest): ApiResponse;
  reset(): void;
  snapshot(): PipedriveStateSnapshot;
  /** What the stand-in holds now (for tests to look inside). */
  store(): { persons: ReadonlyMap<number, PipedriveStoredPerson>; organizations: ReadonlyMap<number, PipedriveStoredOrganization>; notes: ReadonlyMap<number, PipedriveStoredNote> };
}

/** Path prefixes the Pipedrive stand-in answers. */
export const PIPEDRIVE_PREFIXES = ['/api/v1/', '/api/v2/'] as const;

/** The company behind the sandbox tokens. */
export const PIPEDRIVE_COMPANY = { id: 7700001, name: 'Sidecar Sandbox', domain: 'sidecar-sandbox' } as const;
/** Custom field keys (40-character hashes, as Pipedrive's are). */
export const PIPEDRIVE_LINKEDIN_FIELD = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const PIPEDRIVE_DOMAIN_FIELD = 'f0e1d2c3b4a5968778695a4b3c2d1e0f98765432';

const ERROR_INFO = 'Please check developers.pipedrive.com for more information about Pipedrive API.';

/** Token cost of each endpoint (the specs' `x-token-cost`). */
function tokenCost(method: string, path: string): number {
  const p = path.replace(/\/\d+(?=\/|$)/g, '/{id}').replace(/\/+$/, '');
  const table: Record<string, number> = {
    'GET /api/v1/users/me': 2,
    'POST /api/v1/notes': 10,
    'GET /api/v1/notes/{id}': 2,
    // Not in the cut files (`GET /v1/notes` is, without a cost): a list costs 20 in Pipedrive's v1 table [I].
    'GET /api/v1/notes': 20,
    'GET /api/v1/users': 20,
    'GET /api/v2/persons': 10,
    'POST /api/v2/persons': 5,
    'GET /api/v2/persons/{id}': 1,
    'PATCH /api/v2/persons/{id}': 5,
    'GET /api/v2/persons/search': 20,
    'GET /api/v2/organizations': 10,
    'POST /api/v2/organizations': 5,
    'GET /api/v2/organizations/{id}': 1,
    'PATCH /api/v2/organizations/{id}': 5,
    'GET /api/v2/organizations/search': 20,
    'GET /api/v2/itemSearch': 20,
    'GET /api/v2/personFields': 10,
    'GET /api/v2/organizationFields': 10,
  };
  return table[`${method} ${p}`] ?? 1;
}

interface Labelled {
  value: string;
  primary: boolean;
  label: string;
}

interface Person {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  owner_id: number;
  org_id: number | null;
  emails: Labelled[];
  phones: Labelled[];
  job_title: string | null;
  custom_fields: Record<string, string | null>;
  add_time: string;
  update_time: string;
  visible_to: number;
  label_ids: number[];
  is_deleted: boolean;
  indexedAt: number;
  created: boolean;
}

interface Organization {
  id: number;
  name: string;
  owner_id: number;
  address: { value: string } | null;
  custom_fields: Record<string, string | null>;
  add_time: string;
  update_time: string;
  visible_to: number;
  label_ids: number[];
  is_deleted: boolean;
  indexedAt: number;
  created: boolean;
}

interface Note {
  id: number;
  content: string;
  person_id: number | null;
  org_id: number | null;
  lead_id: string | null;
  deal_id: number | null;
  user_id: number;
  add_time: string;
  update_time: string;
  pinned_to_person_flag: boolean;
  pinned_to_organization_flag: boolean;
}

export type PipedriveStoredPerson = Person;
export type PipedriveStoredOrganization = Organization;
export type PipedriveStoredNote = Note;

const USERS = CRM_OWNERS.map((o, i) => ({ id: i + 1, name: `${o.first} ${o.last}`, email: o.email }));

/** `2026-11-20 10:30:00`, the v1 date-time format. */
const v1Time = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const v2Time = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function splitName(name: string): { first: string; last: string } {
  const parts = name.trim().split(/\s+/);
  return parts.length <= 1 ? { first: parts[0] ?? '', last: '' } : { first: parts.slice(0, -1).join(' '), last: parts[parts.length - 1] ?? '' };
}

// --- request bodies (strict: the v2 request schemas list only these properties) ---------------------------------

const labelledSchema = z.strictObject({ value: z.string(), primary: z.boolean().optional(), label: z.string().optional() });
const personBodySchema = z.strictObject({
  name: z.string().optional(),
  owner_id: z.number().int().optional(),
  org_id: z.number().int().nullable().optional(),
  add_time: z.string().optional(),
  update_time: z.string().optional(),
  emails: z.array(labelledSchema).optional(),
  phones: z.array(labelledSchema).optional(),
  visible_to: z.number().int().optional(),
  label_ids: z.array(z.number().int()).optional(),
  marketing_status: z.enum(['no_consent', 'unsubscribed', 'subscribed', 'archived']).optional(),
  custom_fields: z.record(z.string(), z.unknown()).optional(),
});
const organizationBodySchema = z.strictObject({
  name: z.string().optional(),
  owner_id: z.number().int().optional(),
  add_time: z.string().optional(),
  update_time: z.string().optional(),
  visible_to: z.number().int().optional(),
  label_ids: z.array(z.number().int()).optional(),
  address: z.object({ value: z.string().optional() }).passthrough().optional(),
  custom_fields: z.record(z.string(), z.unknown()).optional(),
});
const noteBodySchema = z
  .object({
    content: z.string(),
    lead_id: z.string().optional(),
    deal_id: z.number().int().optional(),
    person_id: z.number().int().optional(),
    org_id: z.number().int().optional(),
    project_id: z.number().int().optional(),
    task_id: z.number().int().optional(),
    user_id: z.number().int().optional(),
    add_time: z.string().optional(),
    pinned_to_lead_flag: z.union([z.literal(0), z.literal(1)]).optional(),
    pinned_to_deal_flag: z.union([z.literal(0), z.literal(1)]).optional(),
    pinned_to_organization_flag: z.union([z.literal(0), z.literal(1)]).optional(),
    pinned_to_person_flag: z.union([z.literal(0), z.literal(1)]).optional(),
    pinned_to_project_flag: z.union([z.literal(0), z.literal(1)]).optional(),
  })
  .passthrough();

const PERSON_FIELDS = [
  { field_name: 'Name', field_code: 'name', field_type: 'varchar', is_custom_field: false },
  { field_name: 'Owner', field_code: 'owner_id', field_type: 'user', is_custom_field: false },
  { field_name: 'Organization', field_code: 'org_id', field_type: 'org', is_custom_field: false },
  { field_name: 'Email', field_code: 'emails', field_type: 'varchar', is_custom_field: false },
  { field_name: 'Phone', field_code: 'phones', field_type: 'phone', is_custom_field: false },
  { field_name: 'Job title', field_code: 'job_title', field_type: 'varchar', is_custom_field: false },
  { field_name: 'LinkedIn profile', field_code: PIPEDRIVE_LINKEDIN_FIELD, field_type: 'varchar', is_custom_field: true },
];
const ORGANIZATION_FIELDS = [
  { field_name: 'Name', field_code: 'name', field_type: 'varchar', is_custom_field: false },
  { field_name: 'Owner', field_code: 'owner_id', field_type: 'user', is_custom_field: false },
  { field_name: 'Address', field_code: 'address', field_type: 'address', is_custom_field: false },
  { field_name: 'Website domain', field_code: PIPEDRIVE_DOMAIN_FIELD, field_type: 'varchar', is_custom_field: true },
];

export function createPipedriveStandIn(options: PipedriveStandInOptions & { dataset: SandboxDataset; now: () => number }): PipedriveStandIn {
  const config = {
    burstLimit: options.burstLimit ?? 40,
    searchBurstLimit: options.searchBurstLimit ?? 10,
    dailyTokenBudget: options.dailyTokenBudget ?? 180_000,
    dailyWriteLimit: options.dailyWriteLimit ?? 10_000,
    cloudflareAfter: options.cloudflareAfter429s === undefined ? 10 : options.cloudflareAfter429s,
    cloudflareBlockMs: options.cloudflareBlockMs ?? 60_000,
    searchDelayMs: options.searchDelayMs ?? 0,
  };
  const log = new StandInLog();
  let persons = new Map<number, Person>();
  let organizations = new Map<number, Organization>();
  let notes = new Map<number, Note>();
  let next = { person: 1, organization: 1, note: 1 };
  let created: PipedriveStateSnapshot['created'] = [];
  let tokens = { day: Number.NaN, used: 0, writes: 0 };
  let windows = new Map<PipedriveTokenName, { burst: SlidingWindow; search: SlidingWindow; rejected: number[]; blockedUntil: number }>();

  function seed(): void {
    persons = new Map();
    organizations = new Map();
    notes = new Map();
    const at = Date.UTC(2025, 0, 15);
    const { people, companies } = crmSeed(options.dataset, 'pipedrive');
    const orgIds = new Map<string, number>();
    companies.forEach((company, i) => {
      const id = 11 + i;
      orgIds.set(company.id, id);
      organizations.set(id, {
        id,
        name: company.name,
        owner_id: 1 + (i % USERS.length),
        address: { value: `${company.location.city}, ${company.location.country}` },
        custom_fields: { [PIPEDRIVE_DOMAIN_FIELD]: hash(company.id) % 4 === 0 ? `https://www.${company.domain}/` : company.domain },
        add_time: v2Time(at),
        update_time: v2Time(at),
        visible_to: 3,
        label_ids: [],
        is_deleted: false,
        indexedAt: Number.NEGATIVE_INFINITY,
        created: false,
      });
    });
    people.forEach((s, i) => {
      const id = 101 + i;
      const name = `${s.person.firstName} ${s.person.lastName}`;
      persons.set(id, {
        id,
        name,
        first_name: s.person.firstName,
        last_name: s.person.lastName,
        owner_id: s.owner + 1,
        org_id: orgIds.get(s.company.id) ?? null,
        emails: s.email ? [{ value: s.email, primary: true, label: 'work' }] : [],
        phones: s.phone ? [{ value: s.phone.number, primary: true, label: s.phone.mobile ? 'mobile' : 'work' }] : [],
        job_title: s.title ?? null,
        custom_fields: { [PIPEDRIVE_LINKEDIN_FIELD]: s.linkedinUrl ?? null },
        add_time: v2Time(at),
        update_time: v2Time(s.lastActivity ? Date.parse(`${s.lastActivity}T12:00:00Z`) : at),
        visible_to: 3,
        label_ids: [],
        is_deleted: false,
        indexedAt: Number.NEGATIVE_INFINITY,
        created: false,
      });
    });
    next = { person: 101 + people.length + 100, organization: 11 + companies.length + 100, note: 5001 };
    created = [];
  }
  seed();

  const fail = (status: number, error: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): ApiResponse =>
    json(status, { success: false, error, error_info: ERROR_INFO, data: null, additional_data: null, ...extra }, headers);
  const ok = (data: unknown, additional?: Record<string, unknown>): ApiResponse => json(200, { success: true, data, ...(additional ? { additional_data: additional } : {}) });
  const invalid = (message: string): ApiResponse => fail(400, `Validation failed: ${message}`, { code: 'ERR_SCHEMA_VALIDATION_FAILED' });
  const zodInvalid = (issues: z.core.$ZodIssue[]): ApiResponse => {
    const issue = issues[0];
    if (issue?.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      return invalid(`${key}: Parameter '${key}' is not allowed for this request`);
    }
    const field = issue?.path.map(String).join('.') ?? '(body)';
    return invalid(`${field}: Parameter '${field}' ${issue?.message ?? 'is invalid'}`);
  };

  // --- views -----------------------------------------------------------------------------------------------------

  const personView = (p: Person) => ({
    id: p.id,
    name: p.name,
    first_name: p.first_name,
    last_name: p.last_name,
    owner_id: p.owner_id,
    org_id: p.org_id,
    add_time: p.add_time,
    update_time: p.update_time,
    emails: p.emails,
    phones: p.phones,
    is_deleted: p.is_deleted,
    visible_to: p.visible_to,
    label_ids: p.label_ids,
    picture_id: null,
    custom_fields: p.custom_fields,
    ...(p.job_title ? { job_title: p.job_title } : {}),
  });
  const organizationView = (o: Organization) => ({
    id: o.id,
    name: o.name,
    owner_id: o.owner_id,
    add_time: o.add_time,
    update_time: o.update_time,
    is_deleted: o.is_deleted,
    visible_to: o.visible_to,
    label_ids: o.label_ids,
    address: o.address,
    custom_fields: o.custom_fields,
  });

  // --- search --------------------------------------------------------------------------------------------------

  function matches(values: (string | null | undefined)[], term: string, exact: boolean): boolean {
    const t = fold(term);
    return values.some((v) => typeof v === 'string' && v !== '' && (exact ? fold(v) === t : fold(v).includes(t)));
  }

  function searchParams(query: URLSearchParams, allowed: string[]): { term: string; fields: string[]; exact: boolean; limit: number; offset: number } | ApiResponse {
    const term = query.get('term') ?? '';
    const exact = query.get('exact_match') === 'true';
    if (term.trim().length < (exact ? 1 : 2)) return invalid(`term: Parameter 'term' must be at least ${exact ? 1 : 2} characters long`);
    const fields = (query.get('fields') ?? allowed.join(',')).split(',').map((f) => f.trim()).filter(Boolean);
    const bad = fields.find((f) => !allowed.includes(f));
    if (bad) return invalid(`fields: Parameter 'fields' must be one of ${allowed.join(', ')}`);
    const limit = Number(query.get('limit') ?? '100');
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return invalid("limit: Parameter 'limit' must be an integer between 1 and 500");
    const cursor = query.get('cursor');
    const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^offset:/, '')) || 0 : 0;
    return { term, fields, exact, limit, offset };
  }

  const page = <T>(items: T[], limit: number, offset: number) => {
    const slice = items.slice(offset, offset + limit);
    const nextCursor = offset + limit < items.length ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : null;
    return { slice, nextCursor };
  };

  function personHit(p: Person, fields: string[], term: string, exact: boolean): number {
    const custom = Object.values(p.custom_fields);
    const hits = [
      fields.includes('name') && matches([p.name], term, exact),
      fields.includes('email') && matches(p.emails.map((e) => e.value), term, exact),
      fields.includes('phone') && matches(p.phones.map((e) => e.value), term, exact),
      fields.includes('custom_fields') && matches(custom, term, exact),
    ].filter(Boolean).length;
    return hits;
  }

  function searchPersons(query: URLSearchParams, now: number): ApiResponse {
    const params = searchParams(query, ['custom_fields', 'email', 'notes', 'phone', 'name']);
    if ('status' in params) return params;
    const orgFilter = query.get('organization_id');
    const found = [...persons.values()]
      .filter((p) => !p.is_deleted && p.indexedAt <= now - config.searchDelayMs)
      .filter((p) => orgFilter === null || String(p.org_id) === orgFilter)
      .map((p) => ({ p, score: personHit(p, params.fields, params.term, params.exact) }))
      .filter((x) => x.score > 0);
    const { slice, nextCursor } = page(found, params.limit, params.offset);
    return ok(
      {
        items: slice.map(({ p, score }) => {
          const org = p.org_id !== null ? organizations.get(p.org_id) : undefined;
          return {
            result_score: Math.round((0.3 + score * 0.2) * 10_000) / 10_000,
            item: {
              id: p.id,
              type: 'person',
              name: p.name,
              phones: p.phones.map((x) => x.value),
              emails: p.emails.map((x) => x.value),
              visible_to: p.visible_to,
              owner: { id: p.owner_id },
              organization: org ? { id: org.id, name: org.name, address: org.address?.value ?? null } : null,
              custom_fields: Object.values(p.custom_fields).filter((v): v is string => typeof v === 'string' && v !== ''),
              notes: [],
            },
          };
        }),
      },
      { next_cursor: nextCursor },
    );
  }

  function searchOrganizations(query: URLSearchParams, now: number): ApiResponse {
    const params = searchParams(query, ['address', 'custom_fields', 'notes', 'name']);
    if ('status' in params) return params;
    const found = [...organizations.values()].filter(
      (o) =>
        !o.is_deleted &&
        o.indexedAt <= now - config.searchDelayMs &&
        ((params.fields.includes('name') && matches([o.name], params.term, params.exact)) ||
          (params.fields.includes('address') && matches([o.address?.value], params.term, params.exact)) ||
          (params.fields.includes('custom_fields') && matches(Object.values(o.custom_fields), params.term, params.exact))),
    );
    const { slice, nextCursor } = page(found, params.limit, params.offset);
    return ok(
      {
        items: slice.map((o) => ({
          result_score: 0.5,
          item: { id: o.id, type: 'organization', name: o.name, address: o.address?.value ?? null, visible_to: o.visible_to, owner: { id: o.owner_id }, custom_fields: Object.values(o.custom_fields).filter((v): v is string => typeof v === 'string' && v !== ''), notes: [] },
        })),
      },
      { next_cursor: nextCursor },
    );
  }

  function itemSearch(query: URLSearchParams, now: number): ApiResponse {
    const types = (query.get('item_types') ?? 'person,organization').split(',').map((t) => t.trim());
    const people = types.includes('person') ? searchPersons(new URLSearchParams({ ...Object.fromEntries(query), fields: (query.get('fields') ?? 'name,email,phone,custom_fields').split(',').filter((f) => ['custom_fields', 'email', 'notes', 'phone', 'name'].includes(f)).join(',') || 'name' }), now) : undefined;
    if (people && people.status !== 200) return people;
    const orgs = types.includes('organization') ? searchOrganizations(new URLSearchParams({ ...Object.fromEntries(query), fields: (query.get('fields') ?? 'name,address,custom_fields').split(',').filter((f) => ['address', 'custom_fields', 'notes', 'name'].includes(f)).join(',') || 'name' }), now) : undefined;
    if (orgs && orgs.status !== 200) return orgs;
    const items = [
      ...(((people?.json as { data?: { items?: unknown[] } } | undefined)?.data?.items ?? []) as unknown[]),
      ...(((orgs?.json as { data?: { items?: unknown[] } } | undefined)?.data?.items ?? []) as unknown[]),
    ];
    return ok({ items }, { next_cursor: null });
  }

  // --- writes --------------------------------------------------------------------------------------------------

  function checkLists(body: { emails?: z.infer<typeof labelledSchema>[]; phones?: z.infer<typeof labelledSchema>[] }): ApiResponse | undefined {
    for (const key of ['emails', 'phones'] as const) {
      const list = body[key];
      if (!list) continue;
      if (list.filter((x) => x.primary).length > 1) return invalid(`${key}: only one ${key.slice(0, -1)} may be primary`);
      if (list.some((x) => x.value.length > 255)) return invalid(`${key}: values may hold at most 255 characters`);
    }
    return undefined;
  }

  const normalizeList = (list: z.infer<typeof labelledSchema>[]): Labelled[] => {
    const out = list.map((x, i) => ({ value: x.value.trim(), primary: x.primary ?? false, label: x.label ?? (i === 0 ? 'work' : 'other') }));
    if (out.length > 0 && !out.some((x) => x.primary)) (out[0] as Labelled).primary = true;
    return out;
  };

  function writePerson(body: unknown, existing: Person | undefined, now: number): ApiResponse {
    const parsed = personBodySchema.safeParse(body);
    if (!parsed.success) return zodInvalid(parsed.error.issues);
    const b = parsed.data;
    if (!existing && (!b.name || b.name.trim() === '')) return invalid("name: Parameter 'name' is required");
    if (b.name !== undefined && b.name.trim() === '') return invalid("name: Parameter 'name' must not be empty");
    const listProblem = checkLists(b);
    if (listProblem) return listProblem;
    if (b.org_id !== undefined && b.org_id !== null && !organizations.has(b.org_id)) return fail(400, 'Organization not found', { code: 'ERR_ORGANIZATION_NOT_FOUND' });
    if (b.owner_id !== undefined && !USERS.some((u) => u.id === b.owner_id)) return fail(400, 'User not found', { code: 'ERR_USER_NOT_FOUND' });
    const unknownField = Object.keys(b.custom_fields ?? {}).find((k) => k !== PIPEDRIVE_LINKEDIN_FIELD);
    if (unknownField) return invalid(`custom_fields: Unknown custom field '${unknownField}'`);
    const linkedin = b.custom_fields?.[PIPEDRIVE_LINKEDIN_FIELD];
    if (linkedin !== undefined && linkedin !== null && (typeof linkedin !== 'string' || linkedin.length > 255)) return invalid('custom_fields: LinkedIn profile must be a string of at most 255 characters');
    const at = v2Time(now);
    const person: Person = existing ?? {
      id: next.person++,
      name: '',
      first_name: '',
      last_name: '',
      owner_id: 1,
      org_id: null,
      emails: [],
      phones: [],
      job_title: null,
      custom_fields: { [PIPEDRIVE_LINKEDIN_FIELD]: null },
      add_time: at,
      update_time: at,
      visible_to: 3,
      label_ids: [],
      is_deleted: false,
      indexedAt: now,
      created: true,
    };
    if (b.name !== undefined) {
      const { first, last } = splitName(b.name);
      Object.assign(person, { name: b.name.trim(), first_name: first, last_name: last });
    }
    if (b.owner_id !== undefined) person.owner_id = b.owner_id;
    if (b.org_id !== undefined) person.org_id = b.org_id;
    if (b.emails !== undefined) person.emails = normalizeList(b.emails);
    if (b.phones !== undefined) person.phones = normalizeList(b.phones);
    if (b.visible_to !== undefined) person.visible_to = b.visible_to;
    if (b.label_ids !== undefined) person.label_ids = b.label_ids;
    if (linkedin !== undefined) person.custom_fields[PIPEDRIVE_LINKEDIN_FIELD] = (linkedin as string | null) ?? null;
    person.update_time = at;
    person.indexedAt = now;
    if (!existing) {
      persons.set(person.id, person);
      created.push({ type: 'person', id: person.id });
    }
    log.writes += 1;
    return ok(personView(person));
  }

  function writeOrganization(body: unknown, existing: Organization | undefined, now: number): ApiResponse {
    const parsed = organizationBodySchema.safeParse(body);
    if (!parsed.success) return zodInvalid(parsed.error.issues);
    const b = parsed.data;
    // The spec's `required: [title]` is a typo for `name` (SOURCES.md); the stand-in requires `name`.
    if (!existing && (!b.name || b.name.trim() === '')) return invalid("name: Parameter 'name' is required");
    const unknownField = Object.keys(b.custom_fields ?? {}).find((k) => k !== PIPEDRIVE_DOMAIN_FIELD);
    if (unknownField) return invalid(`custom_fields: Unknown custom field '${unknownField}'`);
    const at = v2Time(now);
    const org: Organization = existing ?? {
      id: next.organization++,
      name: '',
      owner_id: 1,
      address: null,
      custom_fields: { [PIPEDRIVE_DOMAIN_FIELD]: null },
      add_time: at,
      update_time: at,
      visible_to: 3,
      label_ids: [],
      is_deleted: false,
      indexedAt: now,
      created: true,
    };
    if (b.name !== undefined) org.name = b.name.trim();
    if (b.owner_id !== undefined) org.owner_id = b.owner_id;
    if (b.address?.value !== undefined) org.address = { value: b.address.value };
    const domain = b.custom_fields?.[PIPEDRIVE_DOMAIN_FIELD];
    if (domain !== undefined) org.custom_fields[PIPEDRIVE_DOMAIN_FIELD] = typeof domain === 'string' ? domain : null;
    org.update_time = at;
    org.indexedAt = now;
    if (!existing) {
      organizations.set(org.id, org);
      created.push({ type: 'organization', id: org.id });
    }
    log.writes += 1;
    return ok(organizationView(org));
  }

  function addNote(body: unknown, now: number): ApiResponse {
    const parsed = noteBodySchema.safeParse(body);
    if (!parsed.success) return zodInvalid(parsed.error.issues);
    const b = parsed.data;
    if (b.content.trim() === '') return invalid("content: Parameter 'content' must not be empty");
    if (b.person_id === undefined && b.org_id === undefined && b.lead_id === undefined && b.deal_id === undefined && b.project_id === undefined && b.task_id === undefined) {
      return fail(400, 'One of the following fields must be provided: lead_id, deal_id, person_id, org_id, project_id, task_id', { code: 'ERR_SCHEMA_VALIDATION_FAILED' });
    }
    if (b.person_id !== undefined && !persons.has(b.person_id)) return fail(404, 'Person not found');
    if (b.org_id !== undefined && !organizations.has(b.org_id)) return fail(404, 'Organization not found');
    const at = b.add_time ?? v1Time(now);
    const note: Note = {
      id: next.note++,
      content: b.content.replace(/<script[\s\S]*?<\/script>/gi, ''),
      person_id: b.person_id ?? null,
      org_id: b.org_id ?? null,
      lead_id: b.lead_id ?? null,
      deal_id: b.deal_id ?? null,
      user_id: 1,
      add_time: at,
      update_time: at,
      pinned_to_person_flag: b.pinned_to_person_flag === 1,
      pinned_to_organization_flag: b.pinned_to_organization_flag === 1,
    };
    notes.set(note.id, note);
    created.push({ type: 'note', id: note.id });
    log.writes += 1;
    const user = USERS[0];
    // Fields the note does not have are left out (the v1 schema types them non-null).
    const { lead_id, deal_id, ...rest } = note;
    return ok({
      ...rest,
      ...(lead_id !== null ? { lead_id } : {}),
      ...(deal_id !== null ? { deal_id } : {}),
      active_flag: true,
      pinned_to_deal_flag: false,
      pinned_to_lead_flag: false,
      last_update_user_id: 1,
      ...(note.org_id ? { organization: { name: organizations.get(note.org_id)?.name ?? '' } } : {}),
      ...(note.person_id ? { person: { name: persons.get(note.person_id)?.name ?? '' } } : {}),
      user: { email: user?.email, name: user?.name, is_you: true },
    });
  }

  /** `GET /api/v1/notes?person_id=&org_id=&sort=add_time DESC&limit=`: a person's or an organization's notes. */
  function listNotes(q: URLSearchParams): ApiResponse {
    const personId = q.get('person_id');
    const orgId = q.get('org_id');
    const limit = Math.min(500, Math.max(1, Number(q.get('limit') ?? 100) || 100));
    const start = Math.max(0, Number(q.get('start') ?? 0) || 0);
    const descending = /desc/i.test(q.get('sort') ?? '');
    const found = [...notes.values()]
      .filter((n) => (personId === null || n.person_id === Number(personId)) && (orgId === null || n.org_id === Number(orgId)))
      .sort((a, b) => (descending ? b.id - a.id : a.id - b.id));
    const page = found.slice(start, start + limit);
    const more = start + limit < found.length;
    const view = (n: Note) => {
      const { lead_id, deal_id, ...rest } = n;
      return { ...rest, ...(lead_id !== null ? { lead_id } : {}), ...(deal_id !== null ? { deal_id } : {}), active_flag: true };
    };
    // The cut v1 file types `data` as an array (some v1 lists send null when empty: the client takes both).
    return ok(page.map(view), { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } });
  }

  // --- dispatch -------------------------------------------------------------------------------------------------

  function route(request: ApiRequest, now: number): ApiResponse {
    const { method, path } = request;
    const p = path.replace(/\/+$/, '');
    if (method === 'GET' && p === '/api/v1/users/me') {
      const user = USERS[0];
      return ok({
        id: user?.id,
        name: user?.name,
        email: user?.email,
        default_currency: 'USD',
        locale: 'en_US',
        lang: 1,
        phone: null,
        activated: true,
        last_login: v1Time(now),
        created: '2025-01-15 00:00:00',
        modified: null,
        has_created_company: true,
        access: [{ app: 'sales', admin: true, permission_set_id: 'sandbox-admin' }],
        active_flag: true,
        timezone_name: 'Europe/Tallinn',
        timezone_offset: '+02:00',
        role_id: 1,
        icon_url: null,
        is_you: true,
        is_deleted: false,
        company_id: PIPEDRIVE_COMPANY.id,
        company_name: PIPEDRIVE_COMPANY.name,
        company_domain: PIPEDRIVE_COMPANY.domain,
        company_country: 'EE',
        company_industry: 'Software',
        language: { language_code: 'en', country_code: 'US' },
      });
    }
    if (method === 'GET' && p === '/api/v2/personFields') return ok(PERSON_FIELDS.map((f) => ({ ...f, is_optional_response_field: false, options: null, subfields: null })), { next_cursor: null });
    if (method === 'GET' && p === '/api/v2/organizationFields') return ok(ORGANIZATION_FIELDS.map((f) => ({ ...f, is_optional_response_field: false, options: null, subfields: null })), { next_cursor: null });
    if (method === 'GET' && p === '/api/v2/persons/search') return searchPersons(request.query, now);
    if (method === 'GET' && p === '/api/v2/organizations/search') return searchOrganizations(request.query, now);
    if (method === 'GET' && p === '/api/v2/itemSearch') return itemSearch(request.query, now);
    const body = () => parseJson(request.rawBody);
    if (p === '/api/v2/persons' && method === 'POST') {
      const b = body();
      return b.ok ? writePerson(b.value, undefined, now) : fail(400, 'Invalid JSON');
    }
    if (p === '/api/v2/organizations' && method === 'POST') {
      const b = body();
      return b.ok ? writeOrganization(b.value, undefined, now) : fail(400, 'Invalid JSON');
    }
    if (p === '/api/v1/notes' && method === 'POST') {
      const b = body();
      return b.ok ? addNote(b.value, now) : fail(400, 'Invalid JSON');
    }
    const one = /^\/api\/v2\/(persons|organizations)\/([^/]+)$/.exec(p);
    if (one) {
      const id = Number(one[2]);
      if (!Number.isInteger(id) || id <= 0) return invalid("id: Parameter 'id' must be an integer");
      if (one[1] === 'persons') {
        const person = persons.get(id);
        if (!person || person.is_deleted) return fail(404, 'Person not found');
        if (method === 'GET') return ok(personView(person));
        if (method === 'PATCH') {
          const b = body();
          return b.ok ? writePerson(b.value, person, now) : fail(400, 'Invalid JSON');
        }
      } else {
        const org = organizations.get(id);
        if (!org || org.is_deleted) return fail(404, 'Organization not found');
        if (method === 'GET') return ok(organizationView(org));
        if (method === 'PATCH') {
          const b = body();
          return b.ok ? writeOrganization(b.value, org, now) : fail(400, 'Invalid JSON');
        }
      }
      return fail(405, `Method ${method} not allowed`);
    }
    if (method === 'GET' && p === '/api/v1/users') {
      // Every user of the company (Pipedrive's "Get all users"; record owners are named from it).
      return ok(USERS.map((u) => ({ id: u.id, name: u.name, email: u.email, active_flag: true, is_admin: u.id === 1 ? 1 : 0, role_id: 1, lang: 1, locale: 'en_US' })));
    }
    if (method === 'GET' && p === '/api/v1/notes') return listNotes(request.query);
    const note = /^\/api\/v1\/notes\/(\d+)$/.exec(p);
    if (note && method === 'GET') {
      const found = notes.get(Number(note[1]));
      return found ? ok(found) : fail(404, 'Note not found');
    }
    return fail(404, `Unknown method .`);
  }

  function windowsOf(name: PipedriveTokenName) {
    let found = windows.get(name);
    if (!found) {
      found = { burst: new SlidingWindow(config.burstLimit, 2000), search: new SlidingWindow(config.searchBurstLimit, 2000), rejected: [], blockedUntil: Number.NEGATIVE_INFINITY };
      windows.set(name, found);
    }
    return found;
  }

  function rollDay(now: number): void {
    const day = Math.floor(now / 86_400_000);
    if (day !== tokens.day) tokens = { day, used: 0, writes: 0 };
  }

  function dispatch(request: ApiRequest, now: number): { response: ApiResponse; account?: string } {
    const token = header(request.headers, 'x-api-token') || (request.query.get('api_token') ?? '');
    const name = (Object.keys(PIPEDRIVE_TOKENS) as PipedriveTokenName[]).find((n) => PIPEDRIVE_TOKENS[n] === token);
    if (!name || name === 'revoked') return { response: fail(401, 'unauthorized access', { errorCode: 401 }) };
    if (name === 'unpaid') return { response: fail(402, 'Company account is not open. Possible reason: trial expired or no payment details entered.'), account: name };

    const w = windowsOf(name);
    if (now < w.blockedUntil) {
      const page = `<!DOCTYPE html>\n<html lang="en-US"><head><title>Access denied | api.pipedrive.com used Cloudflare to restrict access</title></head><body><div id="cf-wrapper"><h1>Error 1015</h1><h2>You are being rate limited</h2><p>The owner of this website (api.pipedrive.com) has banned you temporarily from accessing this website.</p><p>This error is produced by Cloudflare.</p><span>Cloudflare Ray ID: 8f0sandbox0000</span></div></body></html>`;
      return { response: { status: 403, text: page, contentType: 'text/html; charset=UTF-8', headers: { server: 'cloudflare', 'cf-ray': '8f0sandbox0000-TLL' } }, account: name };
    }
    rollDay(now);
    const isSearch = /\/search\/?$|\/itemSearch\/?$/.test(request.path);
    const isWrite = request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH';
    const window = isSearch ? w.search : w.burst;
    const limit = isSearch ? config.searchBurstLimit : config.burstLimit;
    const cost = tokenCost(request.method, request.path);
    const rateHeaders = (remaining: number): Record<string, string> => ({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-reset': '2',
      'x-daily-requests-left': String(Math.max(0, config.dailyWriteLimit - tokens.writes)),
    });
    const reject = (error: string, code: string): { response: ApiResponse; account: string } => {
      w.rejected = [...w.rejected.filter((t) => t > now - 10_000), now];
      if (config.cloudflareAfter !== null && w.rejected.length >= config.cloudflareAfter) w.blockedUntil = now + config.cloudflareBlockMs;
      return { response: fail(429, error, { code }, rateHeaders(0)), account: name };
    };
    if (window.isFull(now)) return reject('Request over limit', 'ERR_RATE_LIMIT_EXCEEDED');
    if (tokens.used + cost > config.dailyTokenBudget) return reject('Daily API token budget exceeded', 'ERR_DAILY_TOKEN_BUDGET_EXCEEDED');
    if (isWrite && tokens.writes >= config.dailyWriteLimit) return reject('Daily limit of POST/PUT requests exceeded', 'ERR_DAILY_WRITE_LIMIT_EXCEEDED');
    window.record(now);
    tokens.used += cost;
    if (isWrite) tokens.writes += 1;
    w.rejected = [];
    const response = route(request, now);
    return { response: { ...response, headers: { ...rateHeaders(limit - window.count(now)), ...response.headers } }, account: name };
  }

  return {
    handle(request) {
      const now = options.now();
      const { response, account } = dispatch(request, now);
      log.add(request, response.status, now, account);
      return response;
    },
    reset() {
      seed();
      tokens = { day: Number.NaN, used: 0, writes: 0 };
      windows = new Map();
      log.clear();
    },
    store: () => ({ persons, organizations, notes }),
    snapshot() {
      return {
        records: { persons: persons.size, organizations: organizations.size, notes: notes.size },
        created: [...created],
        requests: log.list(),
        writes: log.writes,
        tokensUsed: tokens.used,
        dailyTokenBudget: config.dailyTokenBudget,
      };
    },
  };
}

/** Pipedrive's error envelope for a status, for `status` faults on `/api/v1|v2/…`. */
export function pipedriveFaultBody(status: number): { body: unknown; headers?: Record<string, string> } {
  const envelope = (error: string, extra: Record<string, unknown> = {}) => ({ success: false, error, error_info: ERROR_INFO, data: null, additional_data: null, ...extra });
  switch (status) {
    case 400:
      return { body: envelope("Validation failed: name: Parameter 'name' must not be empty", { code: 'ERR_SCHEMA_VALIDATION_FAILED' }) };
    case 401:
      return { body: envelope('unauthorized access', { errorCode: 401 }) };
    case 402:
      return { body: envelope('Company account is not open. Possible reason: trial expired or no payment details entered.') };
    case 403:
      return { body: envelope('You do not have permissions to do this.') };
    case 404:
      return { body: envelope('Person not found') };
    case 429:
      return { body: envelope('Request over limit', { code: 'ERR_RATE_LIMIT_EXCEEDED' }), headers: { 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' } };
    case 503:
      return { body: envelope('Service is temporarily unavailable due to maintenance.') };
    default:
      return { body: envelope(status >= 500 ? 'Internal server error' : `HTTP ${status}`) };
  }
}
