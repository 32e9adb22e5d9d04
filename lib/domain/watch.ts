/**
 * The watchlist in Sidecar's own terms: people and companies the user watches, what a daily check found new about
 * them (events), and Saber contact research kept with its brief. Leaf module: imports only zod and leaf domain types.
 */
import { z } from 'zod';
import { answerTypeSchema } from './saber-answer';
import { contactResearchSchema, emailVerificationSchema } from './saber-prospect';
import { signalSchema } from './signal';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A question the user pinned on a watched company: asked again at each check, an event when its answer changes. */
export const pinnedQuestionSchema = z.object({
  question: z.string().min(3).max(500),
  answerType: answerTypeSchema,
  /** The last answer, as text, that the check compared against. */
  lastAnswer: z.string().optional(),
  /** Saber's id of the question asked by the last check, while its answer is still coming. */
  pendingId: z.string().optional(),
});
export type PinnedQuestion = z.infer<typeof pinnedQuestionSchema>;

/** One watched person or company. `key` is `contact:<Lusha id>` or `company:<Lusha id>`. */
export const watchItemSchema = z.object({
  key: z.string().min(3).max(220),
  kind: z.enum(['contact', 'company']),
  /** The provider's id (Lusha), which signals are asked by. */
  id: z.string().min(1).max(200),
  name: z.string().max(300),
  title: z.string().max(300).optional(),
  companyName: z.string().max(300).optional(),
  domain: z.string().max(253).optional(),
  linkedinUrl: z.string().max(500).optional(),
  watchedAt: z.number(),
  /** The day signals are asked from at the next check: the day it was watched, then the day of the last check. */
  sinceDay: isoDay,
  lastCheckedAt: z.number().optional(),
  pinned: z.array(pinnedQuestionSchema).max(10).default([]),
});
export type WatchItem = z.infer<typeof watchItemSchema>;

/** Something new about a watched subject. */
export const watchEventSchema = z.object({
  /** Stable for the same event, so a check that sees it again adds nothing. */
  id: z.string().min(1).max(400),
  watchKey: z.string(),
  kind: z.enum(['signal', 'saber-answer']),
  at: z.number(),
  /** Who it is about, as shown ("Ana Ruiz", "Acme"). */
  subject: z.string(),
  title: z.string(),
  detail: z.string().optional(),
  signal: signalSchema.optional(),
  read: z.boolean().default(false),
});
export type WatchEvent = z.infer<typeof watchEventSchema>;

/** How the last watch check went. */
export const watchCheckSchema = z.object({
  at: z.number(),
  /** Watched items whose check was reserved and sent, of all watched. */
  checked: z.number().int().min(0),
  total: z.number().int().min(0),
  /** Credits the check was charged (both providers). */
  credits: z.number().min(0),
  events: z.number().int().min(0),
  /** Why it stopped before checking everything (the watch budget, a paused provider…). */
  stopped: z.object({ kind: z.string(), message: z.string() }).optional(),
  /** Items whose check failed (a refusal, or an answer lost and found out): asked again at the next check. */
  failed: z.number().int().min(0).default(0),
  /** Intents of this check still open or answered but not yet read into events (a worker stopped meanwhile). */
  pending: z.number().int().min(0).default(0),
  /** The click that asked for it ("Check now"): the same click sent again gets this check, not a second one. */
  clickId: z.string().optional(),
});
export type WatchCheck = z.infer<typeof watchCheckSchema>;

/** A Saber contact research request about one person, and its brief once done. */
export const researchRecordSchema = z.object({
  /** Saber's id of the research job. */
  id: z.string().min(1),
  /** `contact:<profile url>` or `contact:<name>@<domain>` (who it is about). */
  subject: z.string(),
  name: z.string(),
  companyName: z.string().optional(),
  requestedAt: z.number(),
  research: contactResearchSchema,
  /** The Saber credits it used, when known. */
  credits: z.number().min(0).optional(),
  /** Polls made (free) while it was processing; a job that never ends is given up. */
  polls: z.number().int().min(0).default(0),
  checkedAt: z.number().optional(),
});
export type ResearchRecord = z.infer<typeof researchRecordSchema>;

/** What each step of an email waterfall returned and cost. */
export const waterfallStepSchema = z.object({
  provider: z.enum(['lusha', 'saber']),
  outcome: z.enum(['found', 'not-found', 'failed', 'skipped']),
  email: z.string().optional(),
  /** Lusha's email type ("work", "personal") or Saber's verification state. */
  emailType: z.string().optional(),
  verification: emailVerificationSchema.optional(),
  /** Lusha's confidence grade of the email (A+, A, B…); below A it is not taken as verified. */
  confidence: z.string().optional(),
  /** The credits of that provider's pool this step was charged. */
  credits: z.number().min(0),
  message: z.string().optional(),
});
export type WaterfallStep = z.infer<typeof waterfallStepSchema>;
