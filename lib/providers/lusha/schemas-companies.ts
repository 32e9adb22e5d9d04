/**
 * Raw Lusha V3 company shapes (V3CompanyPreview, V3EnrichedCompany and their responses), as loose zod schemas:
 * unknown fields pass through, optional fields also accept `null`, ids are opaque strings. `funding` and `intent`
 * are untyped in the spec ("payload when present"), so they are kept as `unknown` here and read defensively.
 */
import { z } from 'zod';
import { lushaBillingSchema, lushaCanRevealItemSchema, lushaIdSchema, lushaItemErrorSchema } from './schemas';

const optString = z.string().nullish();
const optNumber = z.number().nullish();
const stringList = z.array(z.string()).nullish();

export const lushaEmployeeCountSchema = z.looseObject({ exact: optNumber, min: optNumber, max: optNumber });

/** `V3CompanyLocation` (the preview's location is the same without `zipCode`). */
export const lushaCompanyLocationSchema = z.looseObject({
  city: optString,
  state: optString,
  stateCode: optString,
  country: optString,
  countryIso2: optString,
  continent: optString,
  zipCode: optString,
});

const companySocialLinksSchema = z.looseObject({ linkedin: optString, facebook: optString, x: optString });

/** `V3CompanyPreview`: one company search result. */
export const lushaCompanyPreviewSchema = z.looseObject({
  clientReferenceId: lushaIdSchema.nullish(),
  id: lushaIdSchema.nullish(),
  name: optString,
  domain: optString,
  employeeCount: lushaEmployeeCountSchema.nullish(),
  industry: optString,
  location: lushaCompanyLocationSchema.nullish(),
  socialLinks: companySocialLinksSchema.nullish(),
  has: stringList,
  canReveal: z.array(lushaCanRevealItemSchema).nullish(),
  signalTypes: stringList,
  error: lushaItemErrorSchema.nullish(),
});
export type LushaCompanyPreview = z.infer<typeof lushaCompanyPreviewSchema>;

const industryCodeSchema = z.looseObject({ code: z.union([z.number(), z.string()]).nullish(), description: optString });

/** `V3EnrichedCompany`. */
export const lushaEnrichedCompanySchema = z.looseObject({
  id: lushaIdSchema.nullish(),
  name: optString,
  alternativeName: optString,
  domain: optString,
  alternativeDomains: stringList,
  description: optString,
  companyType: optString,
  yearFounded: optNumber,
  employeeCount: lushaEmployeeCountSchema.nullish(),
  industry: optString,
  subIndustry: optString,
  specialities: stringList,
  industryTags: stringList,
  sicCodes: z.array(industryCodeSchema).nullish(),
  naicsCodes: z.array(industryCodeSchema).nullish(),
  companyOffering: optString,
  emailDomain: optString,
  additionalIndustries: z.array(z.looseObject({ industry: optString, subIndustry: optString })).nullish(),
  estimatedAnnualItSpend: z.looseObject({ value: optNumber, currency: optString, valueUsd: optNumber }).nullish(),
  monthlyWebsiteTraffic: z.looseObject({ visits: optNumber, momChangePercent: optNumber, month: optString }).nullish(),
  location: lushaCompanyLocationSchema.nullish(),
  additionalLocations: z.array(lushaCompanyLocationSchema).nullish(),
  socialLinks: companySocialLinksSchema.nullish(),
  linkedinFollowers: optNumber,
  revenueRange: z.looseObject({ min: optNumber, max: optNumber }).nullish(),
  funding: z.unknown().optional(),
  intent: z.unknown().optional(),
  technologies: stringList,
  popularityTier: optNumber,
  logoUrl: optString,
  employeesByDepartment: z.array(z.looseObject({ department: optString, count: optNumber })).nullish(),
  employeesByLocation: z.array(z.looseObject({ country: optString, state: optString, count: optNumber })).nullish(),
  employeesBySeniority: z.array(z.looseObject({ seniority: optString, count: optNumber })).nullish(),
  competitors: z.array(z.looseObject({ id: lushaIdSchema.nullish(), name: optString, domain: optString })).nullish(),
  businessModel: stringList,
  /** The spec types `phone`/`email` as strings; its examples send `phones[{number}]`/`emails[{email}]`. Both read. */
  phone: optString,
  email: optString,
  phones: z.array(z.looseObject({ number: optString })).nullish(),
  emails: z.array(z.looseObject({ email: optString })).nullish(),
  keywords: stringList,
  specialitiesRefactored: stringList,
  has: stringList,
  canReveal: z.array(lushaCanRevealItemSchema).nullish(),
  error: lushaItemErrorSchema.nullish(),
});
export type LushaEnrichedCompany = z.infer<typeof lushaEnrichedCompanySchema>;

/** `V3CompaniesSearchResponse`. */
export const lushaCompaniesSearchResponseSchema = z.looseObject({
  requestId: optString,
  results: z.array(lushaCompanyPreviewSchema),
  billing: lushaBillingSchema.nullish(),
});

/** `V3CompaniesEnrichResponse`. */
export const lushaCompaniesEnrichResponseSchema = z.looseObject({
  requestId: optString,
  results: z.array(lushaEnrichedCompanySchema),
  billing: lushaBillingSchema.nullish(),
});

/** `funding` as the spec's examples show it; read with safeParse, anything else is ignored. */
export const lushaFundingSchema = z.looseObject({
  rounds: z
    .array(z.looseObject({ currency: optString, roundAmount: optNumber, roundType: optString, roundDate: optString }))
    .nullish(),
  totalRounds: optNumber,
  totalRoundsAmount: optNumber,
  currency: optString,
  isIpo: z.boolean().nullish(),
  lastRoundType: optString,
  lastRoundAmount: optNumber,
  lastRoundDate: optString,
});

/** `intent` as the spec's example shows it (`detectedTopics[{topicName, metadata{topicScore, topicTrend}}]`). */
export const lushaIntentSchema = z.looseObject({
  detectedTopics: z
    .array(
      z.looseObject({
        topicName: optString,
        metadata: z.looseObject({ topicScore: z.union([z.number(), z.string()]).nullish(), topicTrend: optString }).nullish(),
      }),
    )
    .nullish(),
  topicCount: optNumber,
});
