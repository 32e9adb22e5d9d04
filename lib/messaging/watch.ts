/**
 * The message contract for the watchlist (watch, unwatch, pin, check, what's new), Saber contact research and the
 * email waterfall. Part of `pageProtocol` (protocol.ts). Paid messages follow the reveal rule: the price is known
 * before the click, `confirmedCredits` when it needs confirming, and the click's `intentId` joins a lost answer.
 */
import { z } from 'zod';
import { revealedDataSchema } from '../domain/contact';
import { answerTypeSchema } from '../domain/saber-answer';
import { emailFindingSchema } from '../domain/saber-prospect';
import { researchRecordSchema, waterfallStepSchema, watchCheckSchema, watchEventSchema, watchItemSchema } from '../domain/watch';

const id = z.string().min(1).max(200);
const intentId = z.string().regex(/^[A-Za-z0-9_-]{8,56}$/);

export const watchInputSchema = z.object({
  kind: z.enum(['contact', 'company']),
  id,
  name: z.string().trim().min(1).max(300),
  title: z.string().max(300).optional(),
  companyName: z.string().max(300).optional(),
  domain: z.string().max(253).optional(),
  linkedinUrl: z.string().max(500).optional(),
});

export const watchListViewSchema = z.object({
  items: z.array(watchItemSchema),
  lastCheck: watchCheckSchema.optional(),
  /** The watch budget (credits a day) and what watching spent today. */
  budget: z.number(),
  spentToday: z.number(),
  /** The most a check of every watched item can cost now. */
  maxCheckCredits: z.number(),
  unread: z.number(),
});
export type WatchListView = z.infer<typeof watchListViewSchema>;

export const waterfallPlanSchema = z.object({
  steps: z.array(z.object({ provider: z.enum(['lusha', 'saber']), credits: z.number().min(0), skip: z.string().optional() })),
  total: z.number().min(0),
});
export type WaterfallPlanView = z.infer<typeof waterfallPlanSchema>;

export const waterfallResultSchema = z.object({
  steps: z.array(waterfallStepSchema),
  revealed: revealedDataSchema.optional(),
  finding: emailFindingSchema.optional(),
});
export type WaterfallResultView = z.infer<typeof waterfallResultSchema>;

export const watchProtocol = {
  /** Watch people or companies (one, or a bulk selection); watching costs nothing until a check. */
  watch: { input: z.object({ items: z.array(watchInputSchema).min(1).max(500) }), output: z.array(watchItemSchema) },
  unwatch: { input: z.object({ key: id }), output: z.object({ ok: z.literal(true) }) },
  /** The watchlist with its budget and last check (free). */
  getWatchlist: { input: z.object({}).strict(), output: watchListViewSchema },
  /** Pin a Saber question on a watched company: asked again at each check, an event when its answer changes. */
  pinQuestion: {
    input: z.object({ key: id, question: z.string().trim().min(3).max(500), answerType: answerTypeSchema, lastAnswer: z.string().max(500).optional() }),
    output: watchItemSchema,
  },
  unpinQuestion: { input: z.object({ key: id, question: z.string().max(500) }), output: z.object({ ok: z.literal(true) }) },
  /** Check every watched item now (spends from the watch budget; stops where it would pass it). */
  checkWatchlist: { input: z.object({ clickId: intentId.optional() }).strict(), output: watchCheckSchema },
  /** What's new, newest first. */
  getWatchEvents: { input: z.object({}).strict(), output: z.array(watchEventSchema) },
  /** Mark events read (all without ids); answers how many are unread. */
  markWatchEventsRead: { input: z.object({ ids: z.array(z.string().max(400)).max(500).optional() }), output: z.object({ unread: z.number() }) },
  /** Start Saber contact research about a person (paid, in Saber credits); the brief arrives later. */
  startResearch: {
    input: z.object({
      profileUrl: z.string().max(500).optional(),
      firstName: z.string().trim().min(1).max(100),
      lastName: z.string().trim().min(1).max(100),
      companyName: z.string().trim().min(1).max(200),
      companyDomain: z.string().trim().min(3).max(253),
      jobTitle: z.string().max(300).optional(),
      confirmedCredits: z.number().min(0).optional(),
      intentId: intentId.optional(),
    }),
    output: researchRecordSchema,
  },
  /** Research kept about one person (by profile URL or name at domain), or all of it, newest first. */
  getResearch: {
    input: z.object({ profileUrl: z.string().max(500).optional(), firstName: z.string().max(100).optional(), lastName: z.string().max(100).optional(), companyDomain: z.string().max(253).optional(), all: z.boolean().optional() }),
    output: z.array(researchRecordSchema),
  },
  /** What the email waterfall will try, in order, and what each step costs at most (free). */
  planEmailWaterfall: { input: z.object({ contactId: id }), output: waterfallPlanSchema },
  /** Run the email waterfall (paid: each step through the engine). */
  findEmail: {
    input: z.object({ contactId: id, confirmedCredits: z.number().min(0).optional(), intentId: intentId.optional() }),
    output: waterfallResultSchema,
  },
  /** The last waterfall's steps for a person (free), or null. */
  getEmailWaterfall: { input: z.object({ contactId: id }), output: waterfallResultSchema.nullable() },
} as const;
