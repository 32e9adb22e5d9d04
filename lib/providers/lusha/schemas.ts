/**
 * Raw Lusha V3 response shapes (L-SPEC3, docs/providers.md §1.3), as zod schemas. Objects are loose (unknown
 * fields pass through, so Lusha adding fields never breaks us). Fields the spec leaves optional are optional here
 * and also accept `null`. Ids are opaque: numbers are accepted and turned into strings.
 *
 * Deliberately stricter than the spec in two places: `results` must be an array on search/enrich, and `credits`
 * must be an object on account usage. A body without them is a wrong shape (a proxy page, the V2 `{usage}`
 * answer), and reading it as "no results" or "0 credits" would be a silent lie.
 */
import { z } from 'zod';

/** An opaque id: Lusha examples use strings, some clients see numbers. */
export const lushaIdSchema = z.union([z.string(), z.number()]).transform((value) => String(value));

const optString = z.string().nullish();
const optNumber = z.number().nullish();

export const lushaItemErrorSchema = z.looseObject({
  code: optString,
  message: optString,
});
export type LushaItemError = z.infer<typeof lushaItemErrorSchema>;

export const lushaCanRevealItemSchema = z.looseObject({
  /** Spec enum is emails|phones, but companies reuse it with other names: keep it a string here. */
  field: z.string(),
  credits: z.number(),
});

export const lushaBillingSchema = z.looseObject({
  creditsCharged: optNumber,
  resultsReturned: optNumber,
});

export const lushaJobTitleSchema = z.looseObject({
  title: optString,
  departments: z.array(z.string()).nullish(),
  seniority: optString,
});

export const lushaCompanyRefSchema = z.looseObject({
  id: lushaIdSchema.nullish(),
  name: optString,
  /** Often with `www.`; kept as sent. */
  domain: optString,
  industry: optString,
});

export const lushaContactLocationSchema = z.looseObject({
  country: optString,
  countryIso2: optString,
  state: optString,
  city: optString,
  continent: optString,
  isEuContact: z.boolean().nullish(),
});

export const lushaSocialLinksSchema = z.looseObject({
  linkedin: optString,
});

/** Fields common to a search preview and an enriched contact. */
const contactBaseShape = {
  id: lushaIdSchema.nullish(),
  firstName: optString,
  lastName: optString,
  jobTitle: lushaJobTitleSchema.nullish(),
  company: lushaCompanyRefSchema.nullish(),
  location: lushaContactLocationSchema.nullish(),
  socialLinks: lushaSocialLinksSchema.nullish(),
  error: lushaItemErrorSchema.nullish(),
};

/** `V3ContactPreview`: one search result (no PII). */
export const lushaContactPreviewSchema = z.looseObject({
  ...contactBaseShape,
  clientReferenceId: lushaIdSchema.nullish(),
  has: z.array(z.string()).nullish(),
  canReveal: z.array(lushaCanRevealItemSchema).nullish(),
  signalTypes: z.array(z.string()).nullish(),
});
export type LushaContactPreview = z.infer<typeof lushaContactPreviewSchema>;

/** `V3ContactsSearchResponse`. */
export const lushaContactsSearchResponseSchema = z.looseObject({
  requestId: optString,
  results: z.array(lushaContactPreviewSchema),
  billing: lushaBillingSchema.nullish(),
});
export type LushaContactsSearchResponse = z.infer<typeof lushaContactsSearchResponseSchema>;

/** `V3EmailAddress`. */
export const lushaEmailSchema = z.looseObject({
  email: optString,
  type: optString,
  confidence: optString,
  updateDate: optString,
});

/** `V3PhoneNumber`. */
export const lushaPhoneSchema = z.looseObject({
  number: lushaIdSchema.nullish(),
  type: optString,
  doNotCall: z.boolean().nullish(),
  updateDate: optString,
});

/** `V3EnrichedContact`. */
export const lushaEnrichedContactSchema = z.looseObject({
  ...contactBaseShape,
  fullName: optString,
  emails: z.array(lushaEmailSchema).nullish(),
  phones: z.array(lushaPhoneSchema).nullish(),
  updateDate: optString,
});
export type LushaEnrichedContact = z.infer<typeof lushaEnrichedContactSchema>;

/**
 * The job an enrich may answer with (docs only, not in the harvested spec): Lusha finishes those people later; read
 * `GET /v3/contacts/jobs/{jobId}` after `retryAfter` seconds.
 */
export const lushaEnrichJobSchema = z.looseObject({
  jobId: z.string().min(1),
  status: optString,
  retryAfter: z.number().nullish(),
  covers: z.array(z.string()).nullish(),
});

/** `V3ContactsEnrichResponse`, with the optional `job`. */
export const lushaContactsEnrichResponseSchema = z.looseObject({
  requestId: optString,
  results: z.array(lushaEnrichedContactSchema),
  billing: lushaBillingSchema.nullish(),
  job: lushaEnrichJobSchema.nullish(),
});

/** `GET /v3/contacts/jobs/{jobId}`: processing (wait `retryAfter`), complete (with results and billing), expired, failed. */
export const lushaContactsJobResponseSchema = z.looseObject({
  requestId: optString,
  jobId: z.string().min(1),
  status: z.enum(['processing', 'complete', 'expired', 'failed']),
  retryAfter: z.number().nullish(),
  covers: z.array(z.string()).nullish(),
  results: z.array(lushaEnrichedContactSchema).nullish(),
  billing: lushaBillingSchema.nullish(),
});
export type LushaContactsEnrichResponse = z.infer<typeof lushaContactsEnrichResponseSchema>;

/** `RateLimitTier`. */
export const lushaRateLimitTierSchema = z.looseObject({
  limit: optNumber,
  used: optNumber,
  remaining: optNumber,
  resetsAt: optString,
});
export type LushaRateLimitTier = z.infer<typeof lushaRateLimitTierSchema>;

/** `AccountUsageResponse` of `GET /v3/account/usage`. */
export const lushaAccountUsageResponseSchema = z.looseObject({
  credits: z.looseObject({ total: optNumber, used: optNumber, remaining: optNumber }),
  rateLimits: z
    .looseObject({
      daily: lushaRateLimitTierSchema.nullish(),
      hourly: lushaRateLimitTierSchema.nullish(),
      minute: lushaRateLimitTierSchema.nullish(),
    })
    .nullish(),
  plan: z
    .looseObject({ category: optString, renewalType: optString, startDate: optString, endDate: optString })
    .nullish(),
  pricing: z.record(z.string(), z.looseObject({ credits: optNumber, perQuantity: optNumber })).nullish(),
});
export type LushaAccountUsageResponse = z.infer<typeof lushaAccountUsageResponseSchema>;

/**
 * Any error body Lusha sends: the standard `{statusCode, message, errors?}` (message may be an array), the
 * missing-header `{statusCode, error, error_description}`, and the Tables `{message, code}`.
 */
export const lushaErrorBodySchema = z.looseObject({
  statusCode: optNumber,
  message: z.union([z.string(), z.array(z.string())]).nullish(),
  /** Validation details; strings per the spec, but anything is accepted and stringified for logs. */
  errors: z.array(z.unknown()).nullish(),
  error: optString,
  error_description: optString,
  code: z.union([z.string(), z.number()]).nullish(),
});
export type LushaErrorBody = z.infer<typeof lushaErrorBodySchema>;
