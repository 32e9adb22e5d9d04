/**
 * Pure rules shared by the CRM clients: how values compare (emails, LinkedIn URLs, domains, names, phones), how a
 * record matched a query (`CrmMatchKind`), and the field-by-field diff an update is built from. No I/O. Leaf module:
 * imports only other domain modules.
 */
import { normalizeDomain } from './normalize';
import type { CrmField, CrmFieldDiff, CrmMatch, CrmMatchKind, CrmPersonInput, CrmPersonQuery, CrmCompanyQuery, CrmRecord } from './crm';

// ---------------------------------------------------------------------------------------------------------------
// Normalising

const text = (value: string | null | undefined): string | undefined => {
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  return trimmed ? trimmed : undefined;
};

/** `Jane@ACME.com ` → `jane@acme.com`; `mailto:` and a query dropped; undefined when it is not an address. */
export function normalizeEmail(value: string | null | undefined): string | undefined {
  const raw = text(value)
    ?.replace(/^mailto:/i, '')
    .split('?')[0]
    ?.trim()
    .toLowerCase();
  return raw && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw) ? raw : undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The profile slug of a LinkedIn `/in/` URL in any common form (scheme, subdomain, case, slash, query), lower-case. */
export function linkedinSlug(value: string | null | undefined): string | undefined {
  const match = /(?:^|[/.])linkedin\.com\/in\/([^/?#\s]+)/i.exec(text(value) ?? '');
  return match?.[1] ? safeDecode(match[1]).normalize('NFC').toLowerCase() : undefined;
}

/** `https://www.linkedin.com/in/<slug>` (slug decoded, lower-case, no trailing slash); undefined when not a profile. */
export function normalizeLinkedinUrl(value: string | null | undefined): string | undefined {
  const slug = linkedinSlug(value);
  return slug ? `https://www.linkedin.com/in/${slug}` : undefined;
}

/**
 * The forms a LinkedIn profile URL is commonly stored in (CRMs hold free text and compare exactly): canonical, with
 * a trailing slash, without `www.`, over http, and with the slug percent-encoded.
 */
export function linkedinUrlVariants(value: string | null | undefined): string[] {
  const slug = linkedinSlug(value);
  if (!slug) return [];
  const encoded = encodeURIComponent(slug);
  const slugs = encoded === slug ? [slug] : [slug, encoded];
  const hosts = ['https://www.linkedin.com', 'https://linkedin.com', 'http://www.linkedin.com'];
  return [...new Set(slugs.flatMap((s) => hosts.flatMap((host) => [`${host}/in/${s}`, `${host}/in/${s}/`])))];
}

export { normalizeDomain } from './normalize';

/** The domain of an email address. */
export const emailDomain = (email: string | null | undefined): string | undefined => normalizeEmail(email)?.split('@')[1];

/** For comparing names: lower-case, accents and punctuation dropped, spaces collapsed. */
export function normalizeName(value: string | null | undefined): string | undefined {
  const folded = text(value)
    ?.normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return folded ? folded : undefined;
}

const LEGAL_SUFFIXES = /\b(inc|incorporated|llc|ltd|limited|gmbh|ag|sa|sas|sarl|bv|nv|plc|corp|corporation|co|company|oy|ab|as|srl|spa|pty)\b/g;

/** For comparing company names: as `normalizeName`, with legal suffixes ("Inc.", "GmbH") dropped. */
export function normalizeCompanyName(value: string | null | undefined): string | undefined {
  const name = normalizeName(value)?.replace(LEGAL_SUFFIXES, ' ').replace(/\s+/g, ' ').trim();
  return name ? name : undefined;
}

/** For comparing phone numbers: digits only (a leading + kept). */
export function normalizePhone(value: string | null | undefined): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  const digits = raw.replace(/\D/g, '');
  return digits ? `${raw.startsWith('+') ? '+' : ''}${digits}` : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

const STRENGTH: Record<CrmMatchKind, number> = { email: 5, linkedin: 4, domain: 4, 'name-company': 3, name: 2, 'name-only': 1 };

/** Whether a person record's company agrees with the query's company name or domain. */
function companyAgrees(query: CrmPersonQuery, record: CrmRecord): boolean {
  const domain = normalizeDomain(query.companyDomain);
  if (domain && (record.emails.some((email) => emailDomain(email) === domain) || normalizeDomain(record.domain) === domain)) return true;
  const wanted = normalizeCompanyName(query.companyName);
  return !!wanted && wanted === normalizeCompanyName(record.company);
}

/** How `record` matches the person `query`, or undefined. */
export function classifyPersonMatch(query: CrmPersonQuery, record: CrmRecord): CrmMatchKind | undefined {
  const email = normalizeEmail(query.email);
  if (email && record.emails.some((e) => normalizeEmail(e) === email)) return 'email';
  const slug = linkedinSlug(query.linkedinUrl);
  if (slug && linkedinSlug(record.linkedinUrl) === slug) return 'linkedin';
  const first = normalizeName(query.firstName);
  const last = normalizeName(query.lastName);
  if (!first || !last) return undefined;
  const recordFirst = normalizeName(record.firstName);
  const recordLast = normalizeName(record.lastName);
  const sameName =
    recordFirst !== undefined && recordLast !== undefined
      ? recordFirst === first && recordLast === last
      : normalizeName(record.name) === `${first} ${last}`;
  if (!sameName) return undefined;
  return companyAgrees(query, record) ? 'name-company' : 'name-only';
}

/** How `record` matches the company `query`, or undefined. */
export function classifyCompanyMatch(query: CrmCompanyQuery, record: CrmRecord): CrmMatchKind | undefined {
  const domain = normalizeDomain(query.domain);
  if (domain && normalizeDomain(record.domain) === domain) return 'domain';
  const name = normalizeCompanyName(query.name);
  if (name && normalizeCompanyName(record.name) === name) return 'name';
  return undefined;
}

function collect<Q extends { ref: string }>(
  queries: readonly Q[],
  records: readonly CrmRecord[],
  classify: (query: Q, record: CrmRecord) => CrmMatchKind | undefined,
  isPossible: (query: Q, by: CrmMatchKind) => boolean,
): CrmMatch[] {
  const out: CrmMatch[] = [];
  for (const query of queries) {
    const seen = new Map<string, CrmMatch>();
    for (const record of records) {
      const by = classify(query, record);
      if (!by) continue;
      const key = `${record.kind}:${record.id}`;
      const previous = seen.get(key);
      if (!previous || STRENGTH[by] > STRENGTH[previous.by]) seen.set(key, { ref: query.ref, by, possible: isPossible(query, by), record });
    }
    const matches = [...seen.values()].sort((a, b) => STRENGTH[b.by] - STRENGTH[a.by]);
    // A namesake is worth showing only when nothing definite was found.
    const definite = matches.filter((m) => !m.possible);
    out.push(...(definite.length > 0 ? definite : matches));
  }
  return out;
}

/**
 * Every record that matches each person query, strongest first (email, LinkedIn, name with company, then name
 * only). Name-only matches are `possible` and are dropped when a definite match exists for the same query.
 */
export function matchPeople(queries: readonly CrmPersonQuery[], records: readonly CrmRecord[]): CrmMatch[] {
  return collect(queries, records, classifyPersonMatch, (_query, by) => by === 'name-only');
}

/** Every record that matches each company query: by domain, else by name (`possible` when a domain was asked). */
export function matchCompanies(queries: readonly CrmCompanyQuery[], records: readonly CrmRecord[]): CrmMatch[] {
  return collect(queries, records, classifyCompanyMatch, (query, by) => by === 'name' && normalizeDomain(query.domain) !== undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// Diffing

/** A person's comparable values: single fields as strings, list fields (Pipedrive) as arrays. */
export interface PersonValues {
  firstName?: string;
  lastName?: string;
  title?: string;
  companyName?: string;
  email?: string;
  phone?: string;
  mobilePhone?: string;
  linkedinUrl?: string;
  emails?: string[];
  phones?: string[];
}

type ScalarField = Exclude<CrmField, 'emails' | 'phones'>;
type ListField = Extract<CrmField, 'emails' | 'phones'>;

const SCALAR_NORMALIZERS: Record<ScalarField, (value: string) => string | undefined> = {
  firstName: normalizeName,
  lastName: normalizeName,
  title: normalizeName,
  companyName: normalizeCompanyName,
  email: normalizeEmail,
  phone: normalizePhone,
  mobilePhone: normalizePhone,
  linkedinUrl: (value) => normalizeLinkedinUrl(value) ?? normalizeName(value),
};
const LIST_NORMALIZERS: Record<ListField, (value: string) => string | undefined> = { emails: normalizeEmail, phones: normalizePhone };

const isList = (field: CrmField): field is ListField => field === 'emails' || field === 'phones';

/** Sidecar's input as comparable values: the first email is the main one; the first mobile phone is `mobilePhone`. */
export function personValuesFromInput(input: CrmPersonInput): PersonValues {
  const emails = (input.emails ?? []).map((e) => e.trim()).filter((e) => e !== '');
  const phones = (input.phones ?? []).filter((p) => p.value.trim() !== '');
  const mobile = phones.find((p) => p.label === 'mobile');
  const main = phones.find((p) => p !== mobile);
  const values: PersonValues = {
    firstName: text(input.firstName),
    lastName: text(input.lastName),
    title: text(input.title),
    companyName: text(input.companyName),
    email: emails[0],
    phone: main?.value.trim(),
    mobilePhone: mobile?.value.trim(),
    linkedinUrl: normalizeLinkedinUrl(input.linkedinUrl) ?? text(input.linkedinUrl),
    emails: emails.length > 0 ? emails : undefined,
    phones: phones.length > 0 ? phones.map((p) => p.value.trim()) : undefined,
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as PersonValues;
}

/** `current` with every value of `extra` it lacks appended (compared normalised); current order first. */
export function mergeValues(current: readonly string[], extra: readonly string[], normalize: (value: string) => string | undefined): string[] {
  const out = [...current];
  const seen = new Set(current.map((v) => normalize(v) ?? v));
  for (const value of extra) {
    const key = normalize(value) ?? value;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}

/**
 * The diff of an update: for each of `fields` Sidecar has a value for, what happens to it (see `CrmFieldDiff`).
 * Nothing is ever cleared: a field Sidecar has no value for is left out.
 */
export function diffPerson(current: PersonValues, proposed: PersonValues, fields: readonly CrmField[], overwrite: readonly CrmField[] = []): CrmFieldDiff[] {
  const diffs: CrmFieldDiff[] = [];
  for (const field of fields) {
    if (isList(field)) {
      const wanted = proposed[field];
      if (!wanted || wanted.length === 0) continue;
      const have = current[field] ?? [];
      const merged = mergeValues(have, wanted, LIST_NORMALIZERS[field]);
      const grew = merged.length > have.length;
      diffs.push({ field, current: have.length > 0 ? have : null, proposed: merged, action: grew ? (have.length === 0 ? 'fill' : 'merge') : 'same' });
      continue;
    }
    const wanted = text(proposed[field]);
    if (!wanted) continue;
    const have = text(current[field]);
    const normalize = SCALAR_NORMALIZERS[field];
    const action: CrmFieldDiff['action'] = !have
      ? 'fill'
      : (normalize(have) ?? have) === (normalize(wanted) ?? wanted)
        ? 'same'
        : overwrite.includes(field)
          ? 'overwrite'
          : 'conflict';
    diffs.push({ field, current: have ?? null, proposed: wanted, action });
  }
  return diffs;
}

/** The fields a diff writes (fill, overwrite, merge). */
export const writtenFields = (diffs: readonly CrmFieldDiff[]): CrmField[] =>
  diffs.filter((d) => d.action === 'fill' || d.action === 'overwrite' || d.action === 'merge').map((d) => d.field);

/** The fields a diff leaves because the CRM's value differs. */
export const conflictFields = (diffs: readonly CrmFieldDiff[]): CrmField[] => diffs.filter((d) => d.action === 'conflict').map((d) => d.field);

/** The values of `record` in the diff's terms. */
export function personValuesFromRecord(record: CrmRecord): PersonValues {
  const mobile = record.phones.find((p) => p.label === 'mobile');
  const main = record.phones.find((p) => p !== mobile);
  const values: PersonValues = {
    firstName: record.firstName,
    lastName: record.lastName,
    title: record.title,
    companyName: record.company,
    email: record.emails[0],
    phone: main?.value,
    mobilePhone: mobile?.value,
    linkedinUrl: record.linkedinUrl,
    emails: record.emails.length > 0 ? record.emails : undefined,
    phones: record.phones.length > 0 ? record.phones.map((p) => p.value) : undefined,
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as PersonValues;
}

/** "from Sidecar, Lusha, 2026-11-20": the source line every note and created record carries. */
export function sourceLine(provider: string, at: Date): string {
  return `from Sidecar, ${provider}, ${at.toISOString().slice(0, 10)}`;
}
