/**
 * What each CRM stand-in already holds, derived deterministically from the sandbox dataset (tests/sandbox/dataset.ts)
 * so that about half of the people Lusha knows are already in each CRM, each CRM a different half:
 *
 * | share | presence        | stored                                                                      |
 * |-------|-----------------|-----------------------------------------------------------------------------|
 * One company in five (hashed per CRM) is unknown to the CRM, and so are all its people. Of the others' people:
 *
 * | share | presence        | stored                                                                      |
 * |-------|-----------------|-----------------------------------------------------------------------------|
 * | 24 %  | `full`          | name, company, title, work email, first phone, LinkedIn URL                 |
 * | 12 %  | `email-only`    | name, company, title, work email                                            |
 * | 12 %  | `linkedin-only` | name, company, title, LinkedIn URL (no email, no phone)                     |
 * |  8 %  | `name-company`  | name and company only                                                       |
 * |  6 %  | `namesake`      | the same name at another company: a "possible" match only                   |
 * | 38 %  | absent          |                                                                             |
 *
 * So about half of all people are in each CRM. People without an email in the dataset who draw `full` or
 * `email-only` are stored `linkedin-only`. Companies of stored people exist in the CRM with their domain. Salesforce stores a third of its people as Leads (with the
 * company as text) and the rest as Contacts of an Account. LinkedIn URLs are stored in the forms people paste:
 * canonical, with a trailing slash, or without `www.`. Owners and last-activity dates are drawn from the same hash.
 */
import { companyOf, linkedinUrlOf } from '../dataset';
import type { SandboxCompany, SandboxDataset, SandboxPerson } from '../dataset-types';

export type CrmStandInName = 'hubspot' | 'salesforce' | 'pipedrive';
export type CrmPresence = 'full' | 'email-only' | 'linkedin-only' | 'name-company' | 'namesake';

export interface CrmSeedPerson {
  person: SandboxPerson;
  presence: CrmPresence;
  /** The company the CRM files them under (another one for a namesake). */
  company: SandboxCompany;
  email?: string;
  phone?: { number: string; mobile: boolean };
  linkedinUrl?: string;
  title?: string;
  /** Salesforce only: stored as a Lead. */
  lead: boolean;
  /** Index into `CRM_OWNERS`. */
  owner: number;
  /** ISO date of the last activity, or none. */
  lastActivity?: string;
}

export interface CrmSeed {
  people: CrmSeedPerson[];
  /** Companies the CRM holds (those of stored people), in dataset order. */
  companies: SandboxCompany[];
}

/** The CRM users who own records (fictional). */
export const CRM_OWNERS = [
  { first: 'Morgan', last: 'Reyes', email: 'morgan.reyes@sidecar-sandbox.example' },
  { first: 'Sam', last: 'Okafor', email: 'sam.okafor@sidecar-sandbox.example' },
  { first: 'Priya', last: 'Natarajan', email: 'priya.natarajan@sidecar-sandbox.example' },
] as const;

/** FNV-1a, 32 bits: a stable hash of a string. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function presenceOf(roll: number): CrmPresence | undefined {
  if (roll < 24) return 'full';
  if (roll < 36) return 'email-only';
  if (roll < 48) return 'linkedin-only';
  if (roll < 56) return 'name-company';
  if (roll < 62) return 'namesake';
  return undefined;
}

/** One company in five is unknown to a CRM, with all its people. */
const companyAbsent = (crm: CrmStandInName, company: SandboxCompany): boolean => hash(`${crm}:company:${company.id}`) % 5 === 0;

/** A LinkedIn URL in one of the forms people paste. */
function storedLinkedinUrl(person: SandboxPerson, roll: number): string {
  const canonical = linkedinUrlOf(person);
  if (roll % 3 === 1) return `${canonical}/`;
  if (roll % 3 === 2) return `${canonical.replace('https://www.', 'https://')}/`;
  return canonical;
}

const seeds = new WeakMap<SandboxDataset, Map<CrmStandInName, CrmSeed>>();

/** What `crm` holds for `dataset` (memoised per dataset). */
export function crmSeed(dataset: SandboxDataset, crm: CrmStandInName): CrmSeed {
  let perCrm = seeds.get(dataset);
  if (!perCrm) {
    perCrm = new Map();
    seeds.set(dataset, perCrm);
  }
  const cached = perCrm.get(crm);
  if (cached) return cached;

  const people: CrmSeedPerson[] = [];
  const companyIds = new Set<string>();
  const known = dataset.companies.filter((c) => !companyAbsent(crm, c));
  for (const person of dataset.people) {
    const h = hash(`${crm}:${person.id}`);
    let presence = presenceOf(h % 100);
    const own = companyOf(person, dataset);
    if (!presence || companyAbsent(crm, own)) continue;
    const workEmail = person.emails.find((e) => e.type === 'work')?.email ?? person.emails[0]?.email;
    if ((presence === 'full' || presence === 'email-only') && !workEmail) presence = 'linkedin-only';
    const other = known[(known.indexOf(own) + 7) % known.length] ?? own;
    const company = presence === 'namesake' ? other : own;
    const firstPhone = person.phones[0];
    const seed: CrmSeedPerson = {
      person,
      presence,
      company,
      lead: crm === 'salesforce' && (h >>> 8) % 3 === 0,
      owner: (h >>> 4) % CRM_OWNERS.length,
      ...(presence !== 'namesake' && presence !== 'name-company' ? { title: person.title } : {}),
      ...((h >>> 12) % 5 === 0 ? {} : { lastActivity: new Date(Date.UTC(2026, 0, 1) + ((h >>> 16) % 300) * 86_400_000).toISOString().slice(0, 10) }),
    };
    if ((presence === 'full' || presence === 'email-only') && workEmail) seed.email = workEmail;
    if (presence === 'full' && firstPhone) seed.phone = { number: firstPhone.number, mobile: firstPhone.type === 'mobile' };
    if (presence === 'full' || presence === 'linkedin-only') seed.linkedinUrl = storedLinkedinUrl(person, h >>> 20);
    // A namesake is someone else: never the dataset person's own title, email or profile.
    people.push(seed);
    companyIds.add(company.id);
  }
  const companies = dataset.companies.filter((c) => companyIds.has(c.id));
  const seed = { people, companies };
  perCrm.set(crm, seed);
  return seed;
}

/** Stable test subjects of one CRM: the first stored person of each presence, and absent people. */
export interface CrmExamples {
  full: CrmSeedPerson;
  emailOnly: CrmSeedPerson;
  linkedinOnly: CrmSeedPerson;
  nameCompany: CrmSeedPerson;
  namesake: CrmSeedPerson;
  /** In the dataset with a work email and a phone, absent from this CRM, whose name nobody in the CRM shares. */
  absent: SandboxPerson;
  /** Another absent person with an email and no phone. */
  absentNoPhone: SandboxPerson;
  /** A company the CRM does not hold. */
  absentCompany: SandboxCompany;
}

export function crmExamples(dataset: SandboxDataset, crm: CrmStandInName): CrmExamples {
  const seed = crmSeed(dataset, crm);
  const first = (presence: CrmPresence, extra: (s: CrmSeedPerson) => boolean = () => true): CrmSeedPerson => {
    const found = seed.people.find((s) => s.presence === presence && extra(s) && !s.person.restricted);
    if (!found) throw new Error(`${crm} seed has no ${presence} person`);
    return found;
  };
  const stored = new Set(seed.people.map((s) => s.person.id));
  const names = new Set(seed.people.map((s) => `${s.person.firstName} ${s.person.lastName}`.toLowerCase()));
  const absentWith = (test: (p: SandboxPerson) => boolean): SandboxPerson => {
    const found = dataset.people.find(
      (p) => !stored.has(p.id) && !names.has(`${p.firstName} ${p.lastName}`.toLowerCase()) && !p.restricted && !p.gdprBlocked && test(p),
    );
    if (!found) throw new Error(`${crm} seed leaves nobody absent`);
    return found;
  };
  const absentCompany = dataset.companies.find((c) => !seed.companies.includes(c));
  if (!absentCompany) throw new Error(`${crm} seed holds every company`);
  return {
    full: first('full', (s) => s.phone !== undefined && !s.lead),
    emailOnly: first('email-only', (s) => !s.lead),
    linkedinOnly: first('linkedin-only', (s) => !s.lead),
    nameCompany: first('name-company', (s) => !s.lead),
    namesake: first('namesake', (s) => !s.lead),
    absent: absentWith((p) => p.emails.some((e) => e.type === 'work') && p.phones.length > 0 && /^[A-Za-z]+$/.test(p.firstName + p.lastName)),
    absentNoPhone: absentWith((p) => p.emails.some((e) => e.type === 'work') && p.phones.length === 0),
    absentCompany,
  };
}
