/**
 * Request schemas for the rest of the fake Lusha V3 (companies, signals, prospecting, buying group), written from
 * the V3 OpenAPI. Strict objects, like lusha-schemas.ts: an unknown property is a 400 "property X should not
 * exist". Nested filter blocks the sandbox does not simulate (funding, education, …) are typed loosely but still
 * accepted, as the spec allows them.
 */
import { z } from 'zod';
import { COMPANY_REVEAL_FIELDS } from './lusha-company-data';
import { COMPANY_SIGNAL_TYPES, CONTACT_SIGNAL_TYPES } from './lusha-signal-data';

const strings = z.array(z.string());
const date = z.iso.date();
const range = z.strictObject({ min: z.number().int().min(0).optional(), max: z.number().int().optional() });
const location = z.strictObject({
  city: z.string().optional(),
  state: z.string().optional(),
  country: z.string().optional(),
  continent: z.string().optional(),
  countryGrouping: z.string().optional(),
  region: z.string().optional(),
  countryIso2: z.string().optional(),
});
const zipcode = z.strictObject({ countryIso2: z.string().optional(), zipcode: z.string().optional() });
const geographic = z.strictObject({ country: z.string().optional(), zipcode: z.string().optional(), distance: z.number().int().optional() });

/** V3CompanySearchItem. */
export const companySearchItemSchema = z.strictObject({
  clientReferenceId: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  domain: z.string().optional(),
});
export type CompanySearchItem = z.infer<typeof companySearchItemSchema>;

/** V3CompanySignalsDto. */
export const companySignalsFilterSchema = z.strictObject({
  types: z.array(z.enum(COMPANY_SIGNAL_TYPES)),
  startDate: date.optional(),
  maxResultsPerSignal: z.number().int().min(1).max(100).optional(),
});
export type CompanySignalsFilter = z.infer<typeof companySignalsFilterSchema>;

const searchOptions = z.strictObject({ includePartialProfiles: z.boolean().optional() });

/** V3CompaniesSearchRequest. */
export const companiesSearchRequestSchema = z.strictObject({
  companies: z.array(companySearchItemSchema).min(1).max(100),
  options: searchOptions.optional(),
  signals: companySignalsFilterSchema.optional(),
});

/** V3CompaniesEnrichRequest. */
export const companiesEnrichRequestSchema = z.strictObject({
  ids: z.array(z.string()).min(1).max(100),
  reveal: z.array(z.enum(COMPANY_REVEAL_FIELDS)).optional(),
  tableId: z.string().optional(),
});

/** V3CompaniesSearchAndEnrichRequest. */
export const companiesSearchAndEnrichRequestSchema = z.strictObject({
  companies: z.array(companySearchItemSchema).min(1).max(100),
  options: searchOptions.optional(),
});

/** V3ContactSignalsRequest. */
export const contactSignalsRequestSchema = z.strictObject({
  ids: z.array(z.string()).min(1).max(100),
  signalTypes: z.array(z.enum(CONTACT_SIGNAL_TYPES)),
  startDate: date.optional(),
  maxResultsPerSignal: z.number().int().min(1).max(100).optional(),
  tableId: z.string().optional(),
});
export type ContactSignalsRequest = z.infer<typeof contactSignalsRequestSchema>;

/** V3CompanySignalsRequest. */
export const companySignalsRequestSchema = z.strictObject({
  ids: z.array(z.string()).min(1).max(100),
  signalTypes: z.array(z.enum(COMPANY_SIGNAL_TYPES)),
  startDate: date.optional(),
  maxResultsPerSignal: z.number().int().min(1).max(100).optional(),
  tableId: z.string().optional(),
  filters: z.strictObject({ include: z.strictObject({ intentCategories: strings.optional() }).optional() }).optional(),
});
export type CompanySignalsRequest = z.infer<typeof companySignalsRequestSchema>;

/** V3ContactFilterCriteria. */
export const contactFilterCriteriaSchema = z.strictObject({
  names: strings.optional(),
  jobTitles: strings.optional(),
  jobTitlesExactMatch: strings.optional(),
  normalizedJobTitles: strings.optional(),
  searchText: z.string().max(200).optional(),
  countries: strings.optional(),
  locations: z.array(location).optional(),
  seniorityIds: z.array(z.number().int()).optional(),
  departments: strings.optional(),
  linkedinUrls: strings.optional(),
  existingDataPoints: strings.optional(),
  signals: z.strictObject({ types: z.array(z.enum(CONTACT_SIGNAL_TYPES)).optional(), startDate: date.optional() }).optional(),
  emails: z.array(z.email()).optional(),
  previousEmails: z.array(z.email()).optional(),
  previousJobTitle: strings.optional(),
  skills: strings.optional(),
  certifications: strings.optional(),
  awards: strings.optional(),
  ids: strings.optional(),
  existingDataPointsCondition: z.enum(['or', 'and']).optional(),
  jobChangedAfterDate: date.optional(),
  jobChangedLastViewDate: date.optional(),
  education: z
    .strictObject({
      degrees: strings.optional(),
      fieldsOfStudy: strings.optional(),
      schools: strings.optional(),
      startYearGte: z.number().int().optional(),
      graduationYearLte: z.number().int().optional(),
    })
    .optional(),
  score: z.strictObject({ minScore: z.number().int().min(0).max(100).optional(), maxScore: z.number().int().min(0).max(100).optional() }).optional(),
  geographicDetails: z.array(geographic).optional(),
});
export type ContactFilterCriteria = z.infer<typeof contactFilterCriteriaSchema>;

/** V3CompanyFilterCriteria. */
export const companyFilterCriteriaSchema = z.strictObject({
  names: strings.optional(),
  domains: strings.optional(),
  ids: strings.optional(),
  locations: z.array(location).optional(),
  sizes: z.array(range).optional(),
  revenues: z.array(range).optional(),
  technologies: strings.optional(),
  technologiesCondition: z.enum(['or', 'and']).optional(),
  industriesLabels: strings.optional(),
  mainIndustriesIds: z.array(z.number().int()).optional(),
  subIndustriesIds: z.array(z.number().int()).optional(),
  intentTopics: strings.optional(),
  intentTopicsCondition: z.enum(['or', 'and']).optional(),
  intentMinScore: z.number().int().min(1).max(100).optional(),
  intentMaxScore: z.number().int().min(1).max(100).optional(),
  intentTopicsOperator: z.enum(['or', 'and', 'any', 'all']).optional(),
  topicCountThreshold: z.array(range).optional(),
  sicCodes: strings.optional(),
  naicsCodes: strings.optional(),
  /** Not simulated; its nested shape is accepted as sent. */
  funding: z.record(z.string(), z.unknown()).optional(),
  foundedYear: z.array(z.strictObject({ min: z.number().int().optional(), max: z.number().int().optional() })).optional(),
  businessModel: z.array(z.enum(['B2B', 'B2C', 'B2G'])).optional(),
  companyType: z.array(z.enum(['Government', 'Private Company', 'Public Company', 'Educational', 'Non Profit', 'Self Employed'])).optional(),
  linkedinUrls: strings.optional(),
  keywords: strings.optional(),
  specialities: strings.optional(),
  exactSpecialities: strings.optional(),
  exactKeywords: strings.optional(),
  keywordsSearchFields: strings.optional(),
  previousCompanyDomains: strings.optional(),
  previousCompanyNames: strings.optional(),
  geographicDetails: z.array(geographic).optional(),
  locationsZipcodes: z.array(zipcode).optional(),
  headquarterZipcodes: z.array(zipcode).optional(),
});
export type CompanyFilterCriteria = z.infer<typeof companyFilterCriteriaSchema>;

/** V3PaginationRequest: page 0..1000, size 10..100 (both required). */
export const paginationRequestSchema = z.strictObject({
  page: z.number().int().min(0).max(1000),
  size: z.number().int().min(10).max(100),
});

/** V3ProspectingContactsRequest. */
export const prospectingContactsRequestSchema = z.strictObject({
  pagination: paginationRequestSchema,
  filters: z.strictObject({
    contacts: z.strictObject({ include: contactFilterCriteriaSchema.optional(), exclude: contactFilterCriteriaSchema.optional() }).optional(),
    companies: z.strictObject({ include: companyFilterCriteriaSchema.optional(), exclude: companyFilterCriteriaSchema.optional() }).optional(),
  }),
  tableId: z.string().optional(),
  options: z.strictObject({ includePartialProfiles: z.boolean().optional(), excludeDnc: z.boolean().optional() }).optional(),
});
export type ProspectingContactsRequest = z.infer<typeof prospectingContactsRequestSchema>;

export const BUYING_GROUP_PERSONAS = ['decision_maker', 'potential_champion', 'end_user'] as const;
export type BuyingGroupPersona = (typeof BUYING_GROUP_PERSONAS)[number];

/** V3BuyingGroupRequest. */
export const buyingGroupRequestSchema = z.strictObject({
  companies: z
    .array(z.strictObject({ clientReferenceId: z.string().optional(), domain: z.string().optional(), id: z.string().optional() }))
    .min(1)
    .max(25),
  personas: z.array(z.enum(BUYING_GROUP_PERSONAS)).optional(),
  contactsLimit: z.number().int().min(1).optional(),
  pagination: z.strictObject({ page: z.number().int().min(0).optional(), size: z.number().int().min(10).max(100).optional() }).optional(),
});
export type BuyingGroupRequest = z.infer<typeof buyingGroupRequestSchema>;
