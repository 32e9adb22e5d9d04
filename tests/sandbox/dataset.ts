/**
 * The sandbox's seeded, fictional dataset: 50 companies under the reserved `.example` TLD and 500+ people.
 * `generateDataset(seed)` is deterministic: the same seed always yields the same JSON.
 *
 * Proportions are exact counts drawn from shuffled index lists, so they hold for every seed:
 * 15% without email, 35% without phone, 5% with a do-not-call phone, 3% restricted, 2% GDPR-blocked
 * (disjoint from restricted), 25% in the EU, 5% with honorifics/credentials in their display name.
 */
import type { SandboxCompany, SandboxDataset, SandboxEmail, SandboxPerson, SandboxPhone } from './dataset-types';
import {
  COMPANY_PREFIXES,
  COMPANY_SIZES,
  COMPANY_SUFFIXES,
  DEPARTMENTS,
  EU_PLACES,
  FIRST_NAMES,
  HEADLINE_TAILS,
  HONORIFIC_FORMS,
  LAST_NAMES,
  NON_EU_PLACES,
  SENIORITIES,
  type Place,
} from './dataset-data';
import { createRng, type Rng } from './prng';

/** How many companies every dataset has. */
export const COMPANY_COUNT = 50;
const PEOPLE_PER_COMPANY = { min: 10, max: 14 } as const;
const FIRST_PERSON_ID = 4389000001;
const FIRST_COMPANY_ID = 16300001;

const SHARE = {
  noEmail: 0.15,
  noPhone: 0.35,
  doNotCall: 0.05,
  restricted: 0.03,
  gdprBlocked: 0.02,
  eu: 0.25,
  honorific: 0.05,
  nonAsciiSlug: 0.03,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Text helpers

/** Strips diacritics and maps the letters NFD cannot decompose ("Łukasz" → "Lukasz"). */
export function toAscii(text: string): string {
  const special: Record<string, string> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', Æ: 'AE', đ: 'd', ı: 'i' };
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁøØßæÆđı]/g, (c) => special[c] ?? c);
}

/** Lowercase ASCII slug: "Van der Berg" → "van-der-berg", "O'Brien" → "obrien". */
function asciiSlug(text: string): string {
  return toAscii(text)
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** Lowercase slug that keeps non-ASCII letters: "Zoë Müller" → "zoë-müller". */
function unicodeSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

const isAscii = (text: string): boolean => /^[\x20-\x7e]*$/.test(text);

function isoDate(rng: Rng): string {
  const start = Date.UTC(2025, 5, 1);
  return new Date(start + rng.int(0, 517) * 86_400_000).toISOString().slice(0, 10);
}

/** Picks exactly `share × from.length` members of `from`, at random. */
function sample(rng: Rng, from: readonly number[], share: number, total: number): Set<number> {
  return new Set(rng.shuffle(from).slice(0, Math.round(share * total)));
}

// ---------------------------------------------------------------------------------------------------------------
// Companies

interface CompanyDraft {
  company: SandboxCompany;
  place: Place;
}

function generateCompanies(rng: Rng): CompanyDraft[] {
  const prefixes = rng.shuffle(COMPANY_PREFIXES).slice(0, COMPANY_COUNT);
  const withWww = sample(
    rng,
    prefixes.map((_, i) => i),
    0.5,
    COMPANY_COUNT,
  );
  return prefixes.map((prefix, i) => {
    const suffix = rng.pick(COMPANY_SUFFIXES);
    const name = `${prefix} ${suffix.word}`;
    const slug = asciiSlug(name);
    const domain = `${slug}.example`;
    const place = rng.chance(0.3) ? rng.pick(EU_PLACES) : rng.pick(NON_EU_PLACES);
    const company: SandboxCompany = {
      id: String(FIRST_COMPANY_ID + i),
      name,
      domain,
      apiDomain: withWww.has(i) ? `www.${domain}` : domain,
      industry: suffix.industry,
      size: rng.pick(COMPANY_SIZES),
      linkedinSlug: slug,
      location: { country: place.country, city: place.city },
    };
    return { company, place };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// People

interface Traits {
  noEmail: boolean;
  noPhone: boolean;
  doNotCall: boolean;
  restricted: boolean;
  gdprBlocked: boolean;
  eu: boolean;
  honorific: boolean;
  nonAsciiSlug: boolean;
}

interface Role {
  title: string;
  seniority: string;
  departments: string[];
}

function generateRole(rng: Rng, isFounder: boolean): Role {
  if (isFounder) return { title: 'Co-Founder & CEO', seniority: 'Founder', departments: ['General Management'] };
  const dept = rng.pick(DEPARTMENTS);
  const roll = rng.next();
  const seniority =
    roll < 0.08 ? SENIORITIES[0] : roll < 0.18 ? SENIORITIES[1] : roll < 0.33 ? SENIORITIES[2] : roll < 0.58 ? SENIORITIES[3] : roll < 0.83 ? SENIORITIES[4] : SENIORITIES[5];
  const titles: Record<(typeof SENIORITIES)[number], string> = {
    'C-Suite': dept.chief,
    'Vice President': `VP of ${dept.area}`,
    Director: `Director of ${dept.area}`,
    Manager: `${dept.area} Manager`,
    Senior: `Senior ${dept.role}`,
    Entry: rng.chance(0.5) ? `Junior ${dept.role}` : dept.role,
  };
  return { title: titles[seniority], seniority, departments: [dept.name] };
}

const US_AREA_CODES: Record<string, string> = {
  'San Francisco': '415',
  'New York': '212',
  Austin: '512',
  Chicago: '312',
  Seattle: '206',
  Boston: '617',
  Toronto: '416',
};

/** A number from a range reserved for fiction (555-01xx, Ofcom drama numbers, ARCEP 01 99 00, ACMA 02 5550). */
function fictionalPhoneNumber(rng: Rng, place: Place): string {
  const d = (n: number): string => String(rng.int(0, 10 ** n - 1)).padStart(n, '0');
  switch (place.countryIso2) {
    case 'GB':
      return place.city === 'Edinburgh' ? `+44 131 496 0${d(3)}` : `+44 20 7946 0${d(3)}`;
    case 'FR':
      return `+33 1 99 00 ${d(2)} ${d(2)}`;
    case 'AU':
      return `+61 2 5550 ${d(4)}`;
    default: {
      const area = US_AREA_CODES[place.city] ?? rng.pick(Object.values(US_AREA_CODES));
      return `+1 ${area} 555 01${d(2)}`;
    }
  }
}

function generatePhones(rng: Rng, place: Place, traits: Traits): SandboxPhone[] {
  if (traits.noPhone) return [];
  const count = rng.chance(0.25) ? 2 : 1;
  const phones: SandboxPhone[] = [];
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    phones.push({
      number: fictionalPhoneNumber(rng, place),
      type: i === 0 ? (roll < 0.5 ? 'mobile' : roll < 0.85 ? 'direct' : 'work') : roll < 0.8 ? 'work' : 'unknown',
      doNotCall: i === 0 && traits.doNotCall,
      updateDate: isoDate(rng),
    });
  }
  return phones;
}

function generateEmails(rng: Rng, first: string, last: string, domain: string, taken: Set<string>, traits: Traits): SandboxEmail[] {
  if (traits.noEmail) return [];
  const local = `${asciiSlug(first).replace(/-/g, '')}.${asciiSlug(last).replace(/-/g, '')}`;
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@${domain}`;
  taken.add(email);
  const emails: SandboxEmail[] = [{ email, type: 'work', confidence: rng.pick(['A+', 'A', 'A', 'B']), updateDate: isoDate(rng) }];
  if (rng.chance(0.1)) {
    const privateEmail = `${local.replace('.', '')}${rng.int(10, 99)}@mail.example`;
    if (!taken.has(privateEmail)) {
      taken.add(privateEmail);
      emails.push({ email: privateEmail, type: 'private', confidence: rng.chance(0.5) ? 'B' : null, updateDate: isoDate(rng) });
    }
  }
  return emails;
}

function generateSlug(rng: Rng, first: string, last: string, taken: Set<string>, traits: Traits): string {
  const roll = rng.next();
  let slug =
    traits.nonAsciiSlug ? `${unicodeSlug(`${first} ${last}`)}-${rng.hex(6)}`
    : roll < 0.07 ? `${asciiSlug(first)}${asciiSlug(last).replace(/-/g, '')}`
    : `${asciiSlug(first)}-${asciiSlug(last)}-${rng.hex(6)}`;
  while (taken.has(slug)) slug = `${asciiSlug(first)}-${asciiSlug(last)}-${rng.hex(6)}`;
  taken.add(slug);
  return slug;
}

interface PersonContext {
  index: number;
  company: CompanyDraft;
  isFounder: boolean;
  first: string;
  last: string;
  traits: Traits;
  takenSlugs: Set<string>;
  takenEmails: Set<string>;
}

function generatePerson(rng: Rng, ctx: PersonContext): SandboxPerson {
  const { company, place: companyPlace } = ctx.company;
  const { first, last, traits } = ctx;
  const role = generateRole(rng, ctx.isFounder);
  const pool = traits.eu ? EU_PLACES : NON_EU_PLACES;
  const place = companyPlace.eu === traits.eu && rng.chance(0.6) ? companyPlace : rng.pick(pool);
  const fullName = `${first} ${last}`;
  const headline = rng.chance(0.5) ? `${role.title} at ${company.name}` : `${role.title} at ${company.name} | ${rng.pick(HEADLINE_TAILS)}`;
  return {
    id: String(FIRST_PERSON_ID + ctx.index),
    firstName: first,
    lastName: last,
    displayName: traits.honorific ? rng.pick(HONORIFIC_FORMS)(fullName) : fullName,
    title: role.title,
    headline,
    seniority: role.seniority,
    departments: role.departments,
    companyId: company.id,
    linkedinSlug: generateSlug(rng, first, last, ctx.takenSlugs, traits),
    location: {
      country: place.country,
      countryIso2: place.countryIso2,
      ...(place.state === undefined ? {} : { state: place.state }),
      city: place.city,
      isEuContact: place.eu,
    },
    emails: generateEmails(rng, first, last, company.domain, ctx.takenEmails, traits),
    phones: generatePhones(rng, place, traits),
    restricted: traits.restricted,
    gdprBlocked: traits.gdprBlocked,
    photo: rng.chance(0.7),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Dataset

/** Generates the fictional dataset for `seed`. Deterministic: the same seed gives deep-equal output. */
export function generateDataset(seed = 42): SandboxDataset {
  const rng = createRng(seed);
  const companies = generateCompanies(rng);
  const owners = companies.flatMap((draft) => Array.from({ length: rng.int(PEOPLE_PER_COMPANY.min, PEOPLE_PER_COMPANY.max) }, () => draft));
  const total = owners.length;
  const names = owners.map(() => ({ first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) }));
  const all = owners.map((_, i) => i);

  const noEmail = sample(rng, all, SHARE.noEmail, total);
  const noPhone = sample(rng, all, SHARE.noPhone, total);
  const doNotCall = sample(rng, all.filter((i) => !noPhone.has(i)), SHARE.doNotCall, total);
  const compliance = rng.shuffle(all);
  const restrictedCount = Math.round(SHARE.restricted * total);
  const restricted = new Set(compliance.slice(0, restrictedCount));
  const gdprBlocked = new Set(compliance.slice(restrictedCount, restrictedCount + Math.round(SHARE.gdprBlocked * total)));
  const eu = sample(rng, all, SHARE.eu, total);
  const honorific = sample(rng, all, SHARE.honorific, total);
  const nonAscii = all.filter((i) => {
    const name = names[i];
    return name !== undefined && !isAscii(`${name.first}${name.last}`);
  });
  const nonAsciiSlug = sample(rng, nonAscii, SHARE.nonAsciiSlug, total);

  const takenSlugs = new Set<string>();
  const takenEmails = new Set<string>();
  const people = owners.map((company, index) => {
    const name = names[index] ?? { first: 'Ana', last: 'Ruiz' };
    const traits: Traits = {
      noEmail: noEmail.has(index),
      noPhone: noPhone.has(index),
      doNotCall: doNotCall.has(index),
      restricted: restricted.has(index),
      gdprBlocked: gdprBlocked.has(index),
      eu: eu.has(index),
      honorific: honorific.has(index),
      nonAsciiSlug: nonAsciiSlug.has(index),
    };
    const isFounder = owners[index - 1] !== company;
    return generatePerson(rng, { index, company, isFounder, first: name.first, last: name.last, traits, takenSlugs, takenEmails });
  });

  return { seed, companies: companies.map((draft) => draft.company), people };
}

let defaultDataset: SandboxDataset | undefined;

/** The dataset for seed 42, generated once on first use. */
export function getDefaultDataset(): SandboxDataset {
  defaultDataset ??= generateDataset(42);
  return defaultDataset;
}

/** The dataset for seed 42 (the one `startSandbox()` serves unless told otherwise). */
export const DEFAULT_DATASET: SandboxDataset = getDefaultDataset();

// ---------------------------------------------------------------------------------------------------------------
// Lookups

/** Normalizes a LinkedIn slug for comparison: percent-decoded, NFC, lowercase. */
export function normalizeSlug(slug: string): string {
  let decoded = slug;
  try {
    decoded = decodeURIComponent(slug);
  } catch {
    // Not valid percent-encoding: compare as given.
  }
  return decoded.normalize('NFC').toLowerCase();
}

/** The person whose LinkedIn slug is `slug` (case- and percent-encoding-insensitive). */
export function findPersonBySlug(slug: string, dataset: SandboxDataset = DEFAULT_DATASET): SandboxPerson | undefined {
  const wanted = normalizeSlug(slug);
  return dataset.people.find((p) => normalizeSlug(p.linkedinSlug) === wanted);
}

/** The person with this Lusha-style id. */
export function findPersonById(id: string, dataset: SandboxDataset = DEFAULT_DATASET): SandboxPerson | undefined {
  return dataset.people.find((p) => p.id === id);
}

/** The person who owns this email address (case-insensitive). */
export function findPersonByEmail(email: string, dataset: SandboxDataset = DEFAULT_DATASET): SandboxPerson | undefined {
  const wanted = email.trim().toLowerCase();
  return dataset.people.find((p) => p.emails.some((e) => e.email.toLowerCase() === wanted));
}

/** The company with this Lusha-style id. */
export function findCompanyById(id: string, dataset: SandboxDataset = DEFAULT_DATASET): SandboxCompany | undefined {
  return dataset.companies.find((c) => c.id === id);
}

/** The company whose LinkedIn slug (case- and percent-encoding-insensitive) or Lusha-style id is `slugOrId`. */
export function findCompanyBySlug(slugOrId: string, dataset: SandboxDataset = DEFAULT_DATASET): SandboxCompany | undefined {
  const wanted = normalizeSlug(slugOrId);
  return dataset.companies.find((c) => normalizeSlug(c.linkedinSlug) === wanted) ?? findCompanyById(wanted, dataset);
}

/** The company a person works at. Throws if the dataset is inconsistent. */
export function companyOf(person: SandboxPerson, dataset: SandboxDataset = DEFAULT_DATASET): SandboxCompany {
  const company = findCompanyById(person.companyId, dataset);
  if (!company) throw new Error(`No company ${person.companyId} for person ${person.id}`);
  return company;
}

/** The person's public LinkedIn URL, as LinkedIn writes it (non-ASCII slugs percent-encoded). */
export function linkedinUrlOf(person: SandboxPerson): string {
  return `https://www.linkedin.com/in/${encodeURIComponent(person.linkedinSlug)}`;
}

/** Contact signals the fake Lusha reports for a person; derived from the id so they need no dataset field. */
export function personSignals(person: SandboxPerson): ('promotion' | 'companyChange')[] {
  const lastDigit = Number(person.id.slice(-1));
  if (lastDigit === 3) return ['promotion'];
  if (lastDigit === 7) return ['companyChange'];
  if (lastDigit === 9) return ['promotion', 'companyChange'];
  return [];
}

// ---------------------------------------------------------------------------------------------------------------
// Featured people: stable picks for tests.

/** Slugs of people with a given trait, picked by a fixed rule (the first match in dataset order). */
export interface FeaturedSlugs {
  /** Has a work email and a callable phone; not EU; plain ASCII name; not restricted. */
  withEmailAndPhone: string;
  /** No email, but a phone (so not a partial profile). */
  noEmail: string;
  /** Has an email but no phone. */
  noPhone: string;
  /** Has a do-not-call phone. */
  doNotCall: string;
  /** COMPLIANCE_RESTRICTED. */
  restricted: string;
  /** Enrich answers 451. */
  gdpr: string;
  /** EU contact with email and phone. */
  eu: string;
  /** Display name carries an honorific or credential. */
  honorific: string;
  /** LinkedIn slug with non-ASCII letters. */
  nonAsciiSlug: string;
}

/** Picks the featured people of a dataset. Throws if the dataset lacks one (never for generated datasets). */
export function featuredPeople(dataset: SandboxDataset): FeaturedSlugs {
  const plain = (p: SandboxPerson): boolean =>
    !p.restricted && !p.gdprBlocked && p.displayName === `${p.firstName} ${p.lastName}` && isAscii(p.linkedinSlug);
  const callable = (p: SandboxPerson): boolean => p.phones.length > 0 && p.phones.every((ph) => !ph.doNotCall);
  const first = (label: string, test: (p: SandboxPerson) => boolean): string => {
    const person = dataset.people.find(test);
    if (!person) throw new Error(`Dataset has no featured "${label}" person`);
    return person.linkedinSlug;
  };
  return {
    withEmailAndPhone: first('withEmailAndPhone', (p) =>
      plain(p) && p.emails.length > 0 && callable(p) && !p.location.isEuContact && /^[A-Za-z]+ [A-Za-z]+$/.test(p.displayName)),
    noEmail: first('noEmail', (p) => plain(p) && p.emails.length === 0 && callable(p)),
    noPhone: first('noPhone', (p) => plain(p) && p.emails.length > 0 && p.phones.length === 0),
    doNotCall: first('doNotCall', (p) => !p.restricted && !p.gdprBlocked && p.phones.some((ph) => ph.doNotCall)),
    restricted: first('restricted', (p) => p.restricted),
    gdpr: first('gdpr', (p) => p.gdprBlocked),
    eu: first('eu', (p) => plain(p) && p.location.isEuContact && p.emails.length > 0 && callable(p)),
    honorific: first('honorific', (p) => !p.restricted && !p.gdprBlocked && p.displayName !== `${p.firstName} ${p.lastName}`),
    nonAsciiSlug: first('nonAsciiSlug', (p) => !p.restricted && !p.gdprBlocked && !isAscii(p.linkedinSlug)),
  };
}

/** Featured people of `DEFAULT_DATASET`. */
export const FEATURED: FeaturedSlugs = featuredPeople(DEFAULT_DATASET);
