/**
 * Sidecar's own company shape: one `Company` for both a search preview (firmographics only) and an enriched
 * record (plus whichever paid extras were revealed). Provider clients map vendor responses to it; the UI never
 * sees vendor shapes. Leaf module: imports only zod.
 */
import { z } from 'zod';

/**
 * Company data that costs extra to reveal, one credit per company each (Lusha's `reveal` names for company
 * enrich). `estimatedAnnualItSpend` and `monthlyWebsiteTraffic` are charged only when a value comes back.
 */
export const COMPANY_REVEAL_FIELDS = [
  'employeesByDepartment',
  'employeesByLocation',
  'employeesBySeniority',
  'competitors',
  'intent',
  'estimatedAnnualItSpend',
  'monthlyWebsiteTraffic',
] as const;
export const companyRevealFieldSchema = z.enum(COMPANY_REVEAL_FIELDS);
export type CompanyRevealField = z.infer<typeof companyRevealFieldSchema>;

const optionalNumber = z.number().optional();

export const companyPlaceSchema = z.object({
  city: z.string().optional(),
  state: z.string().optional(),
  stateCode: z.string().optional(),
  country: z.string().optional(),
  countryIso2: z.string().optional(),
  continent: z.string().optional(),
  zipCode: z.string().optional(),
});
export type CompanyPlace = z.infer<typeof companyPlaceSchema>;

export const industryCodeSchema = z.object({ code: z.string(), description: z.string().optional() });
export type IndustryCode = z.infer<typeof industryCodeSchema>;

export const fundingRoundSchema = z.object({
  type: z.string().optional(),
  amount: optionalNumber,
  currency: z.string().optional(),
  /** As the provider wrote it (e.g. "Nov 10, 2021"); not necessarily ISO. */
  date: z.string().optional(),
});

export const fundingSchema = z.object({
  totalRounds: optionalNumber,
  totalAmount: optionalNumber,
  currency: z.string().optional(),
  isIpo: z.boolean().optional(),
  lastRoundType: z.string().optional(),
  lastRoundAmount: optionalNumber,
  lastRoundDate: z.string().optional(),
  rounds: z.array(fundingRoundSchema).default([]),
});
export type Funding = z.infer<typeof fundingSchema>;

export const intentTopicSchema = z.object({
  name: z.string(),
  /** 0..100 when the provider scores the topic. */
  score: optionalNumber,
  /** The provider's trend text, e.g. "+24". */
  trend: z.string().optional(),
});
export const companyIntentSchema = z.object({
  topics: z.array(intentTopicSchema).default([]),
  topicCount: optionalNumber,
});
export type CompanyIntent = z.infer<typeof companyIntentSchema>;

export const itSpendSchema = z.object({ value: optionalNumber, currency: z.string().optional(), valueUsd: optionalNumber });
export type ItSpend = z.infer<typeof itSpendSchema>;

export const websiteTrafficSchema = z.object({
  visits: optionalNumber,
  momChangePercent: optionalNumber,
  /** "YYYY-MM". */
  month: z.string().optional(),
});
export type WebsiteTraffic = z.infer<typeof websiteTrafficSchema>;

export const headcountSliceSchema = z.object({ label: z.string(), count: z.number().min(0) });
export type HeadcountSlice = z.infer<typeof headcountSliceSchema>;

export const locationSliceSchema = z.object({
  country: z.string().optional(),
  state: z.string().optional(),
  count: z.number().min(0),
});
export type LocationSlice = z.infer<typeof locationSliceSchema>;

export const companyRefSchema = z.object({
  /** The provider's opaque id, when it has one for this company. */
  id: z.string().optional(),
  name: z.string().optional(),
  domain: z.string().optional(),
});
export type CompanyRef = z.infer<typeof companyRefSchema>;

/**
 * One company. The paid extras (`COMPANY_REVEAL_FIELDS`) follow one rule: `undefined` = not revealed (never
 * asked for), `null` or `[]` = revealed and the provider has nothing, a value = revealed data.
 */
export const companySchema = z.object({
  provider: z.literal('lusha'),
  /** The provider's opaque id for this company. */
  id: z.string().min(1),
  /** `preview`: from a search (what exists and what it costs); `enriched`: full record from an enrich. */
  detail: z.enum(['preview', 'enriched']),
  name: z.string().optional(),
  alternativeName: z.string().optional(),
  /** Bare lower-case host (no scheme, no `www.`). */
  domain: z.string().optional(),
  alternativeDomains: z.array(z.string()).default([]),
  emailDomain: z.string().optional(),
  description: z.string().optional(),
  /** What the company sells, in one line. */
  offering: z.string().optional(),
  companyType: z.string().optional(),
  yearFounded: optionalNumber,
  industry: z.string().optional(),
  subIndustry: z.string().optional(),
  additionalIndustries: z.array(z.object({ industry: z.string().optional(), subIndustry: z.string().optional() })).default([]),
  industryTags: z.array(z.string()).default([]),
  specialities: z.array(z.string()).default([]),
  keywords: z.array(z.string()).default([]),
  technologies: z.array(z.string()).default([]),
  businessModel: z.array(z.string()).default([]),
  sicCodes: z.array(industryCodeSchema).default([]),
  naicsCodes: z.array(industryCodeSchema).default([]),
  employees: z.object({ exact: optionalNumber, min: optionalNumber, max: optionalNumber }).optional(),
  revenue: z.object({ min: optionalNumber, max: optionalNumber }).optional(),
  /** "City, State, Country" of the headquarters, for display. */
  location: z.string().optional(),
  headquarters: companyPlaceSchema.optional(),
  additionalLocations: z.array(companyPlaceSchema).default([]),
  linkedinUrl: z.string().optional(),
  facebookUrl: z.string().optional(),
  xUrl: z.string().optional(),
  logoUrl: z.string().optional(),
  linkedinFollowers: optionalNumber,
  popularityTier: optionalNumber,
  /** The company's public switchboard numbers and contact addresses (not a person's). */
  phones: z.array(z.string()).default([]),
  emails: z.array(z.string()).default([]),
  funding: fundingSchema.optional(),
  intent: companyIntentSchema.nullable().optional(),
  estimatedAnnualItSpend: itSpendSchema.nullable().optional(),
  monthlyWebsiteTraffic: websiteTrafficSchema.nullable().optional(),
  employeesByDepartment: z.array(headcountSliceSchema).optional(),
  employeesBySeniority: z.array(headcountSliceSchema).optional(),
  employeesByLocation: z.array(locationSliceSchema).optional(),
  competitors: z.array(companyRefSchema).optional(),
  /** Data the provider holds for this company (field names, e.g. "description", "competitors"). */
  has: z.array(z.string()).default([]),
  /** What each revealable field costs now; 0 means already paid for. Field names as the provider sends them. */
  canReveal: z.array(z.object({ field: z.string(), credits: z.number().min(0) })).default([]),
  /** Signal types that matched a search's signal filter. */
  signalTypes: z.array(z.string()).default([]),
});
export type Company = z.infer<typeof companySchema>;

/** The outcome of looking up one company: found, not found, restricted, or failed. */
export const companyLookupResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('found'), company: companySchema }),
  z.object({ status: z.literal('not-found'), message: z.string().optional() }),
  z.object({ status: z.literal('restricted'), message: z.string().optional() }),
  z.object({ status: z.literal('failed'), message: z.string().optional() }),
]);
export type CompanyLookupResult = z.infer<typeof companyLookupResultSchema>;
