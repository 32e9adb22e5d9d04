/**
 * Raw Saber v1 response shapes (docs/providers.md §2.3, §4; the vendor's reference pages), as zod schemas. Objects
 * are loose (unknown fields pass through, so Saber adding fields never breaks us). Fields the documents leave
 * optional are optional here and also accept `null`. Ids are opaque: numbers are accepted and turned into strings.
 *
 * Stricter than "anything goes" where a missing field would make us lie: a signal needs `id` and one of the three
 * documented statuses; lists need their array (`results` or `items`); credits need `remainingCredits`; find-email
 * needs the `email` key (null is "not found", absent is a wrong shape). A completed signal's `answer` is decoded
 * here (answers.ts), so a malformed answer fails with its path.
 */
import { z } from 'zod';
import { QUESTION_STATUSES, jsonValueSchema } from '../../domain/saber-answer';
import { decodeAnswer } from './answers';

/** An opaque id. */
export const saberIdSchema = z.union([z.string().min(1), z.number()]).transform((value) => String(value));

const optString = z.string().nullish();
const optNumber = z.number().nullish();
/** A number, or a numeric string (some gateways stringify numbers). */
const numberLike = z.union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/).transform(Number)]);

/** One citation: `{title, url, snippet?}`; a bare URL string is read as `{url}`. */
export const saberSourceSchema = z.union([
  z.string().transform((url) => ({ url, title: undefined, snippet: undefined })),
  z.looseObject({ url: optString, title: optString, snippet: optString }),
]);
export type SaberSource = z.infer<typeof saberSourceSchema>;

/** `Signal` / `SignalListItem` (company or contact). */
export const saberSignalSchema = z
  .looseObject({
    id: saberIdSchema,
    status: z.enum(QUESTION_STATUSES),
    signalType: optString,
    domain: optString,
    contactProfileUrl: optString,
    question: optString,
    answerType: optString,
    answer: jsonValueSchema.optional(),
    confidence: numberLike.nullish(),
    reasoning: optString,
    sources: z.array(saberSourceSchema).nullish(),
    createdAt: optString,
    completedAt: optString,
    error: optString,
    errorCode: optString,
  })
  .transform((raw, ctx) => {
    // Only a completed signal's answer matters (documents show stale answers on processing ones).
    if (raw.status !== 'completed') return { ...raw, answer: null };
    const decoded = decodeAnswer(raw.answer, raw.answerType ?? undefined);
    if (!decoded.ok) {
      ctx.issues.push({ code: 'custom', message: decoded.issue.message, input: raw.answer, path: ['answer', ...decoded.issue.path] });
      return z.NEVER;
    }
    return { ...raw, answer: decoded.answer };
  });
export type SaberSignal = z.output<typeof saberSignalSchema>;

/** `SignalListResponse` of `GET /v1/companies/signals` and `GET /v1/contacts/signals`. */
export const saberSignalListSchema = z.looseObject({
  results: z.array(saberSignalSchema),
  total: optNumber,
  limit: optNumber,
  offset: optNumber,
  count: optNumber,
});
export type SaberSignalList = z.output<typeof saberSignalListSchema>;

/** `SignalTemplate`. */
export const saberTemplateSchema = z.looseObject({
  id: saberIdSchema,
  version: optNumber,
  name: optString,
  description: optString,
  question: optString,
  answerType: optString,
  weight: optString,
  createdAt: optString,
  deletedAt: optString,
});
export type SaberTemplate = z.infer<typeof saberTemplateSchema>;

/** `SignalTemplatesResponse`: `{items,total,limit,offset,hasMore}`. */
export const saberTemplateListSchema = z.looseObject({
  items: z.array(saberTemplateSchema),
  total: optNumber,
  limit: optNumber,
  offset: optNumber,
  hasMore: z.boolean().nullish(),
});
export type SaberTemplateList = z.infer<typeof saberTemplateListSchema>;

/** One contact of a Sales Navigator search. */
export const saberProspectSchema = z.looseObject({
  firstName: optString,
  lastName: optString,
  fullName: optString,
  headline: optString,
  role: optString,
  companyName: optString,
  location: optString,
  seniority: z.union([z.array(z.string()), z.string()]).nullish(),
  linkedInProfileUrl: optString,
  linkedInSalesNavigatorProfileUrl: optString,
  avatar: optString,
});
export type SaberProspect = z.infer<typeof saberProspectSchema>;

/**
 * `POST /v1/contacts/search`: `{items,total,limit,offset,hasMore,salesNavConnected}`. `items` may be missing only
 * when `salesNavConnected` is false; a missing `salesNavConnected` reads as connected.
 */
export const saberContactSearchSchema = z
  .looseObject({
    items: z.array(saberProspectSchema).nullish(),
    total: optNumber,
    limit: optNumber,
    offset: optNumber,
    hasMore: z.boolean().nullish(),
    salesNavConnected: z.boolean().nullish(),
  })
  .superRefine((raw, ctx) => {
    if (raw.salesNavConnected !== false && raw.items == null) {
      ctx.addIssue({ code: 'custom', message: 'expected array', path: ['items'], input: raw.items });
    }
  });
export type SaberContactSearch = z.infer<typeof saberContactSearchSchema>;

/** `POST /v1/contacts/find-email` (snake_case): `{email|null, verification|null}`. */
export const saberFindEmailSchema = z.looseObject({
  email: z.string().nullable(),
  verification: z
    .looseObject({ state: optString, score: numberLike.nullish(), accept_all: z.boolean().nullish() })
    .nullish(),
});
export type SaberFindEmail = z.infer<typeof saberFindEmailSchema>;

/** A contact research request; only `id` and `status` are known for sure, the rest is kept as JSON. */
export const saberContactResearchSchema = z.looseObject({
  id: saberIdSchema,
  status: z.string().min(1),
  firstName: optString,
  lastName: optString,
  companyName: optString,
  companyDomain: optString,
  createdAt: optString,
  completedAt: optString,
  error: optString,
});
export type SaberContactResearch = z.infer<typeof saberContactResearchSchema>;

/** `GET /v1/credits`. */
export const saberCreditsSchema = z.looseObject({ remainingCredits: numberLike });
export type SaberCredits = z.infer<typeof saberCreditsSchema>;

/**
 * Every error body Saber sends (docs/providers.md §2.5): the Go platform envelope
 * `{error:{type,code,message,requestId,fields?}}`, the NestJS `{statusCode,message,error,retryAfter}` (the global rate
 * limiter), and the flat `{error:"NOT_FOUND",message}` of some reference pages.
 */
export const saberErrorBodySchema = z.looseObject({
  error: z
    .union([
      z.string(),
      z.looseObject({
        type: optString,
        code: optString,
        message: optString,
        requestId: optString,
        errorCode: optString,
        fields: z.array(z.looseObject({ field: optString, message: optString })).nullish(),
      }),
    ])
    .nullish(),
  statusCode: optNumber,
  message: z.union([z.string(), z.array(z.string())]).nullish(),
  retryAfter: numberLike.nullish(),
  requestId: optString,
});
export type SaberErrorBody = z.infer<typeof saberErrorBodySchema>;
