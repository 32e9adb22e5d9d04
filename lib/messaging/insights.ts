/**
 * The message contract for what goes beyond one person's preview: companies (preview, full profile and extras),
 * signals (a person's job changes, a company's timeline), people at a company, Saber questions, and bulk reveals on
 * list pages. Part of `pageProtocol` (protocol.ts); every spend here follows the reveal rule: the price is known
 * before the call, a price at or above the user's threshold needs `confirmedCredits`, and the daily cap holds.
 */
import { z } from 'zod';
import { companyLookupResultSchema, companyRevealFieldSchema, companySchema } from '../domain/company';
import { contactPreviewSchema, revealFieldSchema } from '../domain/contact';
import { companyEntitySchema } from '../domain/page-context';
import { answerTypeSchema, questionSignalSchema, questionTemplateSchema, saberSubjectSchema } from '../domain/saber-answer';
import { signalSchema } from '../domain/signal';

const id = z.string().min(1).max(200);
/** The id of one paid click (see protocol.ts): asking again with it joins that click instead of paying again. */
const intentId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD.');

// ---------------------------------------------------------------------------------------------------------------
// Companies

export const companyViewSchema = z.object({
  /** Stable key of the company lookup (domain, else LinkedIn company URL, else name). */
  key: z.string(),
  result: companyLookupResultSchema,
  /** The full profile and the extras revealed so far (merged), when any were. */
  enriched: companySchema.optional(),
  /** What the full profile (description, funding, technologies…) costs; 0 once it was paid for. */
  profileCredits: z.number().min(0),
  fromCache: z.boolean(),
  /** What this lookup's search was charged (absent when served from the store). */
  charged: z.number().min(0).optional(),
});
export type CompanyView = z.infer<typeof companyViewSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Signals

/** What the user can ask for, in Sidecar's terms; each group maps to some of the provider's signal types. */
export const CONTACT_SIGNAL_GROUPS = ['company-change', 'promotion'] as const;
export const COMPANY_SIGNAL_GROUPS = ['headcount', 'hiring', 'website-traffic', 'it-spend', 'news', 'intent'] as const;
export const signalGroupSchema = z.enum([...CONTACT_SIGNAL_GROUPS, ...COMPANY_SIGNAL_GROUPS]);
export type SignalGroup = z.infer<typeof signalGroupSchema>;

export const signalsRequestSchema = z.object({
  entity: z.object({ type: z.enum(['contact', 'company']), id }),
  groups: z.array(signalGroupSchema).min(1).max(8),
  /** Look back to this day (inclusive). */
  startDate: isoDay,
  /** false: only what is stored, plus the price of fetching; true: fetch (spends, may need confirmation). */
  fetch: z.boolean(),
  confirmedCredits: z.number().min(0).optional(),
  intentId: intentId.optional(),
});
export type SignalsRequest = z.infer<typeof signalsRequestSchema>;

export const signalsViewSchema = z.object({
  /** Absent when nothing is stored for this request and it was not fetched. Newest first. */
  signals: z.array(signalSchema).optional(),
  fetchedAt: z.number().optional(),
  fromCache: z.boolean(),
  /** The most fetching can cost: signals are charged per signal found, up to a fixed number per type. */
  maxCredits: z.number().min(0),
  /** What this fetch was charged (absent when nothing was fetched). */
  charged: z.number().min(0).optional(),
});
export type SignalsView = z.infer<typeof signalsViewSchema>;

// ---------------------------------------------------------------------------------------------------------------
// People at a company

export const peopleRequestSchema = z.object({
  company: z.object({ id: id.optional(), domain: z.string().max(253).optional(), name: z.string().max(200).optional() }),
  /** decision-makers: Lusha's buying group (decision makers); title: prospecting by job title. */
  mode: z.enum(['decision-makers', 'title']),
  title: z.string().trim().min(2).max(100).optional(),
  /** decision-makers mode: which of Lusha's buying-group roles (decision makers by default). */
  personas: z.array(z.enum(['decision_maker', 'potential_champion', 'end_user'])).min(1).max(3).optional(),
  /** Which page of 10 (the first by default); each page is priced and paid on its own. */
  page: z.number().int().min(0).max(50).optional(),
  fetch: z.boolean(),
  confirmedCredits: z.number().min(0).optional(),
  intentId: intentId.optional(),
});
export type PeopleRequest = z.infer<typeof peopleRequestSchema>;

export const peopleViewSchema = z.object({
  people: z
    .array(z.object({ preview: contactPreviewSchema, roles: z.array(z.string()).default([]), score: z.number().optional() }))
    .optional(),
  total: z.number().optional(),
  maxCredits: z.number().min(0),
  charged: z.number().min(0).optional(),
  fromCache: z.boolean(),
});
export type PeopleView = z.infer<typeof peopleViewSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Saber questions

export { saberSubjectSchema, type SaberSubject } from '../domain/saber-answer';

/** One question asked from Sidecar, as kept for its subject (the latest answer or where it stands). */
export const askedQuestionSchema = z.object({
  signal: questionSignalSchema,
  askedAt: z.number(),
  /** The Saber credits this question used (estimated when Saber's balance could not be read around it). */
  credits: z.number().min(0).optional(),
});
export type AskedQuestion = z.infer<typeof askedQuestionSchema>;

export const bulkItemStatusSchema = z.enum(['queued', 'revealed', 'not-found', 'restricted', 'failed', 'cancelled']);
export const bulkJobSchema = z.object({
  jobId: z.string(),
  field: revealFieldSchema,
  total: z.number().int(),
  /** Items that reached an end state other than `cancelled`. */
  done: z.number().int(),
  items: z.array(z.object({ contactId: z.string(), status: bulkItemStatusSchema, message: z.string().optional() })),
  credits: z.number().min(0),
  state: z.enum(['running', 'finished', 'cancelled', 'failed']),
  /** Why the job stopped early (budget, credits, key), shown as is. */
  error: z.object({ kind: z.string(), message: z.string() }).optional(),
  startedAt: z.number(),
});
export type BulkJob = z.infer<typeof bulkJobSchema>;

export const insightsProtocol = {
  /** The company on the page (or typed): a free-ish preview from Lusha, served from the store when fresh. */
  lookupCompany: {
    input: z.object({
      company: companyEntitySchema,
      origin: z.enum(['auto', 'click']).default('auto'),
      intentId: intentId.optional(),
      confirmedCredits: z.number().min(0).optional(),
    }),
    output: companyViewSchema,
  },
  /** The full profile (`fields: []`) and/or paid extras of one company found by `lookupCompany`. */
  revealCompany: {
    input: z.object({
      companyId: id,
      fields: z.array(companyRevealFieldSchema).max(7),
      confirmedCredits: z.number().min(0).optional(),
      intentId: intentId.optional(),
    }),
    output: companyViewSchema,
  },
  getSignals: { input: signalsRequestSchema, output: signalsViewSchema },
  findPeople: { input: peopleRequestSchema, output: peopleViewSchema },
  /** Ask Saber about a company or a person; waits a little, then answers `processing` for the panel to poll. */
  askSaber: {
    input: z.object({
      subject: saberSubjectSchema,
      question: z.string().trim().min(3).max(500).optional(),
      templateId: id.optional(),
      answerType: answerTypeSchema.default('open_text'),
      confirmedCredits: z.number().min(0).optional(),
      intentId: intentId.optional(),
    }),
    output: askedQuestionSchema,
  },
  /** The questions asked about this subject, newest first; those still processing are checked again (free). */
  getSaberQuestions: { input: z.object({ subject: saberSubjectSchema }), output: z.array(askedQuestionSchema) },
  /** The account's saved Saber question templates (free), empty without a key. */
  getSaberTemplates: { input: z.object({}).strict(), output: z.array(questionTemplateSchema) },
  /** Reveal one field for many people at once, behind one confirmation of the total; progress via `getBulkJob`. */
  startBulkReveal: {
    input: z.object({
      contactIds: z.array(id).min(1).max(500),
      field: revealFieldSchema,
      confirmedCredits: z.number().min(0),
      /** The click's own id, used as the job's: asked again with it, the same job is answered (never a second one). */
      jobId: intentId.optional(),
    }),
    output: z.object({ jobId: z.string() }),
  },
  getBulkJob: { input: z.object({ jobId: z.string().max(100) }), output: bulkJobSchema },
  cancelBulkJob: { input: z.object({ jobId: z.string().max(100) }), output: bulkJobSchema },
} as const;

