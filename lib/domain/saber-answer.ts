/**
 * Questions asked about a company or a person, and their answers (Saber "signals"), in Sidecar's own terms.
 * An answer is a tagged union on `type`, one member per answer type; the contact-shaped types, whose payloads no
 * source documents, keep the vendor's JSON as `raw`. Leaf module: imports only zod.
 */
import { z } from 'zod';

/** Every answer type a question can ask for. */
export const ANSWER_TYPES = [
  'boolean',
  'number',
  'percentage',
  'currency',
  'url',
  'list',
  'open_text',
  'json_schema',
  'contacts',
  'contacts_generation',
  'contact_posts',
  'contact_engagements',
] as const;
export const answerTypeSchema = z.enum(ANSWER_TYPES);
export type AnswerType = z.infer<typeof answerTypeSchema>;

/** Answer types whose payload shape is undocumented: their answers carry the vendor's JSON as `raw`. */
export const RAW_ANSWER_TYPES = ['contacts', 'contacts_generation', 'contact_posts', 'contact_engagements'] as const;
export type RawAnswerType = (typeof RAW_ANSWER_TYPES)[number];

/** Any JSON value (what `JSON.parse` can return). */
export const jsonValueSchema = z.json();
export type JsonValue = z.infer<typeof jsonValueSchema>;

const rawMember = <T extends RawAnswerType>(type: T) => z.object({ type: z.literal(type), raw: jsonValueSchema });

/**
 * One answer. `percentage` is a number of percent (42 = 42 %). `currency` keeps the text as sent (`"5000000"`,
 * `"$5M"`) and adds `amount` when that text is a plain number. `json_schema` is the object the question's output
 * schema asked for. `unknown` holds an answer type Sidecar does not know yet.
 */
export const answerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('boolean'), value: z.boolean() }),
  z.object({ type: z.literal('number'), value: z.number() }),
  z.object({ type: z.literal('percentage'), value: z.number() }),
  z.object({ type: z.literal('currency'), value: z.string(), amount: z.number().optional() }),
  z.object({ type: z.literal('url'), value: z.string() }),
  z.object({ type: z.literal('list'), value: z.array(z.string()) }),
  z.object({ type: z.literal('open_text'), value: z.string() }),
  z.object({ type: z.literal('json_schema'), value: jsonValueSchema }),
  rawMember('contacts'),
  rawMember('contacts_generation'),
  rawMember('contact_posts'),
  rawMember('contact_engagements'),
  z.object({ type: z.literal('unknown'), vendorType: z.string(), raw: jsonValueSchema }),
]);
export type Answer = z.infer<typeof answerSchema>;

/** Where an answer came from. */
export const answerSourceSchema = z.object({
  url: z.string().min(1),
  title: z.string().optional(),
  snippet: z.string().optional(),
});
export type AnswerSource = z.infer<typeof answerSourceSchema>;

/** What a question is about: a company (bare domain) or a person (profile URL). Either may be unknown in a reply. */
export const questionSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('company'), domain: z.string().optional() }),
  z.object({ kind: z.literal('contact'), profileUrl: z.string().optional() }),
]);
export type QuestionSubject = z.infer<typeof questionSubjectSchema>;

export const QUESTION_STATUSES = ['processing', 'completed', 'failed'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

const signalBase = {
  provider: z.literal('saber'),
  /** The provider's id, used to poll. */
  id: z.string().min(1),
  subject: questionSubjectSchema,
  question: z.string().optional(),
  /** The answer type asked for, as the provider reports it (a string: new types must not break reading). */
  answerType: z.string().optional(),
  createdAt: z.string().optional(),
};

/**
 * One question and where it stands. `processing`: poll again later. `completed`: `answer` is null when the
 * provider found no evidence (strict verification). `failed`: `error` is the provider's text, for logs only.
 */
export const questionSignalSchema = z.discriminatedUnion('status', [
  z.object({ ...signalBase, status: z.literal('processing') }),
  z.object({
    ...signalBase,
    status: z.literal('completed'),
    answer: answerSchema.nullable(),
    /** 0..1. */
    confidence: z.number().min(0).max(1).optional(),
    reasoning: z.string().optional(),
    sources: z.array(answerSourceSchema).default([]),
    completedAt: z.string().optional(),
  }),
  z.object({
    ...signalBase,
    status: z.literal('failed'),
    error: z.string().optional(),
    errorCode: z.string().optional(),
    completedAt: z.string().optional(),
  }),
]);
export type QuestionSignal = z.infer<typeof questionSignalSchema>;

/** One page of a list, with offset pagination. */
const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    limit: z.number().int().min(0),
    offset: z.number().int().min(0),
    hasMore: z.boolean(),
  });

export const questionSignalPageSchema = pageOf(questionSignalSchema);
export type QuestionSignalPage = z.infer<typeof questionSignalPageSchema>;

/** A saved question that can be asked of many companies. */
export const questionTemplateSchema = z.object({
  provider: z.literal('saber'),
  id: z.string().min(1),
  name: z.string().optional(),
  description: z.string().optional(),
  question: z.string().optional(),
  answerType: z.string().optional(),
  weight: z.string().optional(),
  version: z.number().optional(),
  createdAt: z.string().optional(),
});
export type QuestionTemplate = z.infer<typeof questionTemplateSchema>;

export const questionTemplatePageSchema = pageOf(questionTemplateSchema);
export type QuestionTemplatePage = z.infer<typeof questionTemplatePageSchema>;

/** What a question is about: a company by its domain, or a person by their profile URL. */
export const saberSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('company'), domain: z.string().min(3).max(253) }),
  z.object({ kind: z.literal('contact'), profileUrl: z.string().min(10).max(500) }),
]);
export type SaberSubject = z.infer<typeof saberSubjectSchema>;
