/**
 * Deterministic company records for the fake Lusha, derived from the dataset: firmographics, the paid extras
 * (employees by department / location / seniority counted from the dataset's own people, competitors from the
 * same industry, intent, IT spend, website traffic) and what a search preview says exists. Every value is
 * invented; the same dataset always yields the same records.
 */
import { EU_PLACES, NON_EU_PLACES, type Place } from './dataset-data';
import type { SandboxCompany, SandboxDataset, SandboxPerson } from './dataset-types';
import { createRng, type Rng } from './prng';

/** The company `reveal` extras of `POST /v3/companies/enrich` (V3CompaniesEnrichRequest). */
export const COMPANY_REVEAL_FIELDS = [
  'employeesByDepartment',
  'employeesByLocation',
  'employeesBySeniority',
  'competitors',
  'intent',
  'estimatedAnnualItSpend',
  'monthlyWebsiteTraffic',
] as const;
export type CompanyRevealField = (typeof COMPANY_REVEAL_FIELDS)[number];

export interface CompanyLocation {
  city: string;
  state?: string;
  stateCode?: string;
  country: string;
  countryIso2: string;
  continent: string;
  zipCode?: string;
}

/** Everything the fake Lusha knows about one company. `null` extras: Lusha has no value (never charged). */
export interface CompanyProfile {
  company: SandboxCompany;
  people: SandboxPerson[];
  employeeCount: { exact: number; min: number; max: number };
  alternativeName: string;
  alternativeDomains: string[];
  description: string;
  companyOffering: string;
  companyType: string;
  yearFounded: number;
  subIndustry: string;
  specialities: string[];
  industryTags: string[];
  keywords: string[];
  technologies: string[];
  sicCodes: { code: number; description: string }[];
  naicsCodes: { code: number; description: string }[];
  location: CompanyLocation;
  additionalLocations: CompanyLocation[];
  socialLinks: { linkedin: string; facebook?: string; x?: string };
  linkedinFollowers: number;
  revenueRange: { min: number; max: number };
  funding: Record<string, unknown> | null;
  businessModel: string[];
  phone: string;
  email: string;
  logoUrl: string;
  popularityTier: number;
  intent: { detectedTopics: { topicName: string; metadata: { topicScore: number; topicTrend: string } }[]; topicCount: number } | null;
  estimatedAnnualItSpend: { value: number; currency: string; valueUsd: number } | null;
  monthlyWebsiteTraffic: { visits: number; momChangePercent: number; month: string } | null;
  employeesByDepartment: { department: string; count: number }[];
  employeesByLocation: { country: string; state: string | null; count: number }[];
  employeesBySeniority: { seniority: string; count: number }[];
  competitors: { id: string; name: string; domain: string }[];
}

/** A stable 32-bit seed from text (FNV-1a). */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A generator private to one company and purpose, so adding a field never shifts the others. */
export function rngFor(dataset: SandboxDataset, company: SandboxCompany, purpose: string): Rng {
  return createRng(seedOf(`${dataset.seed}:${company.id}:${purpose}`));
}

const INDUSTRY_DETAILS: Record<string, { sub: string; sic: [number, string]; naics: [number, string]; tags: string[]; model: string[] }> = {
  'Technology, Information & Media': { sub: 'Software Development', sic: [7371, 'Custom computer programming services'], naics: [541511, 'Custom Computer Programming Services'], tags: ['saas', 'b2b'], model: ['B2B'] },
  Manufacturing: { sub: 'Industrial Machinery Manufacturing', sic: [3569, 'General industrial machinery'], naics: [333249, 'Other Industrial Machinery Manufacturing'], tags: ['hardware', 'automation'], model: ['B2B'] },
  'Hospitals & Health Care': { sub: 'Medical Practices', sic: [8011, 'Offices and clinics of doctors of medicine'], naics: [621111, 'Offices of Physicians'], tags: ['healthcare'], model: ['B2C'] },
  'Transportation, Logistics, Supply Chain & Storage': { sub: 'Freight and Package Transportation', sic: [4731, 'Arrangement of transportation of freight'], naics: [488510, 'Freight Transportation Arrangement'], tags: ['logistics'], model: ['B2B'] },
  'Financial Services': { sub: 'Venture Capital and Private Equity', sic: [6799, 'Investors, not elsewhere classified'], naics: [523999, 'Miscellaneous Financial Investment Activities'], tags: ['fintech'], model: ['B2B'] },
  'Food & Beverage Manufacturing': { sub: 'Food Production', sic: [2099, 'Food preparations'], naics: [311999, 'All Other Miscellaneous Food Manufacturing'], tags: ['cpg'], model: ['B2C'] },
  Utilities: { sub: 'Renewable Energy', sic: [4911, 'Electric services'], naics: [221114, 'Solar Electric Power Generation'], tags: ['cleantech'], model: ['B2B', 'B2C'] },
  'Software Development': { sub: 'Software Development', sic: [7372, 'Prepackaged software'], naics: [511210, 'Software Publishers'], tags: ['saas', 'b2b'], model: ['B2B'] },
  'Computer & Network Security': { sub: 'Computer and Network Security', sic: [7373, 'Computer integrated systems design'], naics: [541512, 'Computer Systems Design Services'], tags: ['security', 'saas'], model: ['B2B'] },
  'Media & Telecommunications': { sub: 'Media Production', sic: [7812, 'Motion picture and video production'], naics: [512110, 'Motion Picture and Video Production'], tags: ['media'], model: ['B2B', 'B2C'] },
  'Business Consulting & Services': { sub: 'Business Consulting and Services', sic: [8742, 'Management consulting services'], naics: [541611, 'Administrative Management Consulting Services'], tags: ['consulting'], model: ['B2B'] },
  Retail: { sub: 'Retail Apparel and Fashion', sic: [5651, 'Family clothing stores'], naics: [448140, 'Family Clothing Stores'], tags: ['ecommerce'], model: ['B2C'] },
  'Biotechnology Research': { sub: 'Biotechnology Research', sic: [8731, 'Commercial physical and biological research'], naics: [541714, 'Research and Development in Biotechnology'], tags: ['biotech', 'life sciences'], model: ['B2B'] },
  'IT Services & IT Consulting': { sub: 'IT Services and IT Consulting', sic: [7379, 'Computer related services'], naics: [541519, 'Other Computer Related Services'], tags: ['it services'], model: ['B2B'] },
};
const DEFAULT_DETAILS = { sub: 'Other', sic: [8999, 'Services, not elsewhere classified'] as [number, string], naics: [541990, 'All Other Professional Services'] as [number, string], tags: [], model: ['B2B'] };

const SPECIALITIES = ['data enrichment', 'workflow automation', 'analytics', 'customer success', 'supply chain', 'machine learning', 'compliance', 'payments', 'field service', 'marketplaces', 'api platform', 'observability'] as const;
const TECHNOLOGIES = ['react', 'node.js', 'aws', 'google analytics', 'salesforce', 'hubspot', 'stripe', 'kubernetes', 'snowflake', 'zendesk', 'segment', 'datadog'] as const;
const INTENT_TOPICS = ['Cloud Security', 'Sales Intelligence', 'Data Enrichment', 'CRM Software', 'Marketing Automation', 'Customer Data Platform', 'Revenue Operations', 'Data Warehousing'] as const;
const ROUND_TYPES = ['Seed Round', 'Series A', 'Series B', 'Series C', 'Private Equity Round'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "201-500 employees" → { min: 201, max: 500 }. */
export function sizeRange(size: string): { min: number; max: number } {
  const numbers = size.replace(/,/g, '').match(/\d+/g)?.map(Number) ?? [];
  const [min = 1, max = min] = numbers;
  return { min, max };
}

/** The place (with state, ISO code, continent) of a company's city. */
function placeOf(company: SandboxCompany): Place | undefined {
  return [...EU_PLACES, ...NON_EU_PLACES].find((p) => p.city === company.location.city && p.country === company.location.country);
}

function toLocation(place: Place | undefined, fallback: SandboxCompany['location'], zip?: string): CompanyLocation {
  const location: CompanyLocation = {
    city: place?.city ?? fallback.city,
    country: place?.country ?? fallback.country,
    countryIso2: place?.countryIso2 ?? '',
    continent: place?.continent ?? 'Unknown',
  };
  if (place?.state) location.state = place.state;
  if (place?.countryIso2 === 'US' && place.state) location.stateCode = US_STATE_CODES[place.state] ?? place.state.slice(0, 2).toUpperCase();
  if (zip) location.zipCode = zip;
  return location;
}

const US_STATE_CODES: Record<string, string> = { California: 'CA', 'New York': 'NY', Texas: 'TX', Illinois: 'IL', Washington: 'WA', Massachusetts: 'MA' };

/** `count` spread over the buckets in proportion to `weights` (each at least 1), largest first. */
function spread<K>(weights: Map<K, number>, total: number): [K, number][] {
  const sum = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
  return [...weights.entries()]
    .map(([key, weight]): [K, number] => [key, Math.max(1, Math.round((total * weight) / sum))])
    .sort((a, b) => b[1] - a[1]);
}

function tally<K>(items: readonly K[]): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function buildProfile(company: SandboxCompany, index: number, dataset: SandboxDataset): CompanyProfile {
  const rng = rngFor(dataset, company, 'profile');
  const extrasRng = rngFor(dataset, company, 'extras');
  const people = dataset.people.filter((p) => p.companyId === company.id);
  const { min, max } = sizeRange(company.size);
  const exact = rng.int(min, max);
  const details = INDUSTRY_DETAILS[company.industry] ?? DEFAULT_DETAILS;
  const place = placeOf(company);
  const yearFounded = rng.int(1988, 2022);
  const specialities = rng.shuffle(SPECIALITIES).slice(0, rng.int(2, 4));
  const technologies = rng.shuffle(TECHNOLOGIES).slice(0, rng.int(2, 5));
  const otherPlace = rng.pick(NON_EU_PLACES);
  const slug = company.linkedinSlug;

  const rounds = rng.chance(0.6)
    ? Array.from({ length: rng.int(1, 3) }, (_, i) => ({
        currency: 'USD',
        roundAmount: rng.int(2, 80) * 1_000_000,
        roundType: ROUND_TYPES[Math.min(i, ROUND_TYPES.length - 1)] ?? 'Seed Round',
        roundDate: `${rng.pick(MONTHS)} ${rng.int(1, 28)}, ${rng.int(Math.max(yearFounded, 2012), 2025)}`,
      }))
    : [];
  const lastRound = rounds[rounds.length - 1];
  const funding = lastRound
    ? {
        rounds,
        totalRounds: rounds.length,
        totalRoundsAmount: rounds.reduce((sum, r) => sum + r.roundAmount, 0),
        currency: 'USD',
        isIpo: false,
        lastRoundType: lastRound.roundType,
        lastRoundAmount: lastRound.roundAmount,
        lastRoundDate: lastRound.roundDate,
      }
    : null;

  const topics = extrasRng.chance(0.6) ? extrasRng.shuffle(INTENT_TOPICS).slice(0, extrasRng.int(1, 3)) : [];
  const intent =
    topics.length > 0
      ? {
          detectedTopics: topics.map((topicName) => ({
            topicName,
            metadata: { topicScore: extrasRng.int(55, 99), topicTrend: `${extrasRng.chance(0.7) ? '+' : '-'}${extrasRng.int(1, 40)}` },
          })),
          topicCount: topics.length,
        }
      : null;
  const itSpendValue = extrasRng.int(2, 400) * 25_000;
  const estimatedAnnualItSpend = extrasRng.chance(0.7) ? { value: itSpendValue, currency: 'USD', valueUsd: itSpendValue } : null;
  const monthlyWebsiteTraffic = extrasRng.chance(0.7)
    ? { visits: extrasRng.int(2_000, 900_000), momChangePercent: Math.round((extrasRng.next() * 40 - 15) * 10) / 10, month: '2026-06' }
    : null;

  const scale = (counts: Map<string, number>) => spread(counts, exact);
  const employeesByDepartment = scale(tally(people.map((p) => p.departments[0] ?? 'Other'))).map(([department, count]) => ({ department, count }));
  const employeesBySeniority = scale(tally(people.map((p) => p.seniority))).map(([seniority, count]) => ({ seniority, count }));
  const byPlace = tally(people.map((p) => `${p.location.country}|${p.location.state ?? ''}`));
  const employeesByLocation = spread(byPlace, exact).map(([key, count]) => {
    const [country = '', state = ''] = key.split('|');
    return { country, state: state === '' ? null : state, count };
  });
  const sameIndustry = dataset.companies.filter((c) => c.id !== company.id && c.industry === company.industry);
  const neighbours = [1, 2, 3].map((step) => dataset.companies[(index + step * 7) % dataset.companies.length]).filter((c): c is SandboxCompany => !!c && c.id !== company.id);
  const competitors = [...sameIndustry, ...neighbours]
    .filter((c, i, all) => all.findIndex((o) => o.id === c.id) === i)
    .slice(0, 3)
    .map((c) => ({ id: c.id, name: c.name, domain: c.domain }));

  return {
    company,
    people,
    employeeCount: { exact, min, max },
    alternativeName: company.name.toLowerCase(),
    alternativeDomains: [company.domain],
    description: `${company.name} is a fictional ${company.industry.toLowerCase()} company based in ${company.location.city}.`,
    companyOffering: `${details.sub} for ${rng.pick(['small businesses', 'enterprises', 'public sector teams', 'retailers', 'hospitals'])}`,
    companyType: rng.chance(0.85) ? 'Private Company' : 'Public Company',
    yearFounded,
    subIndustry: details.sub,
    specialities,
    industryTags: [...details.tags],
    keywords: [...specialities, ...details.tags].sort(),
    technologies,
    sicCodes: [{ code: details.sic[0], description: details.sic[1] }],
    naicsCodes: [{ code: details.naics[0], description: details.naics[1] }],
    location: toLocation(place, company.location, String(rng.int(10000, 99999))),
    additionalLocations: otherPlace.city === company.location.city ? [] : [toLocation(otherPlace, company.location)],
    socialLinks: {
      linkedin: `https://www.linkedin.com/company/${slug}`,
      ...(rng.chance(0.5) ? { facebook: `https://www.facebook.com/${slug}` } : {}),
      ...(rng.chance(0.5) ? { x: `https://x.com/${slug.replace(/-/g, '')}` } : {}),
    },
    linkedinFollowers: rng.int(200, 250_000),
    revenueRange: { min: exact * 50_000, max: exact * 200_000 },
    funding,
    businessModel: [...details.model],
    phone: `+1 212 555 01${String(index % 100).padStart(2, '0')}`,
    email: `info@${company.domain}`,
    logoUrl: `https://logos.example/${slug}.png`,
    popularityTier: rng.int(1, 5),
    intent,
    estimatedAnnualItSpend,
    monthlyWebsiteTraffic,
    employeesByDepartment,
    employeesByLocation,
    employeesBySeniority,
    competitors,
  };
}

const cache = new WeakMap<SandboxDataset, Map<string, CompanyProfile>>();

/** The profile of every company of a dataset, by company id (built once per dataset). */
export function companyProfiles(dataset: SandboxDataset): Map<string, CompanyProfile> {
  let profiles = cache.get(dataset);
  if (!profiles) {
    profiles = new Map(dataset.companies.map((company, index) => [company.id, buildProfile(company, index, dataset)]));
    cache.set(dataset, profiles);
  }
  return profiles;
}

/** The profile of one company. Throws if the company is not in the dataset. */
export function companyProfile(company: SandboxCompany, dataset: SandboxDataset): CompanyProfile {
  const profile = companyProfiles(dataset).get(company.id);
  if (!profile) throw new Error(`No company ${company.id} in the dataset`);
  return profile;
}

/** Whether Lusha holds a value for a reveal extra (only held extras are offered, and charged). */
export function holdsExtra(profile: CompanyProfile, field: CompanyRevealField): boolean {
  const value = profile[field];
  return Array.isArray(value) ? value.length > 0 : value !== null;
}
