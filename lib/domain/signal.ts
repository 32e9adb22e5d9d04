/**
 * Sidecar's own signal shape: one dated event about a contact (job change, promotion) or a company (headcount
 * change, hiring surge, website traffic, IT spend, news, intent). Provider clients map vendor items to it; the UI
 * never sees vendor shapes. Leaf module: imports only zod.
 */
import { z } from 'zod';

/** What kind of event a signal is, independent of the provider's type names. */
export const SIGNAL_CATEGORIES = [
  'job-change',
  'promotion',
  'headcount',
  'hiring',
  'website-traffic',
  'it-spend',
  'news',
  'intent',
  'other',
] as const;
export const signalCategorySchema = z.enum(SIGNAL_CATEGORIES);
export type SignalCategory = z.infer<typeof signalCategorySchema>;

/** One side of a change: where and what the person was (previous) or is now (current). */
export const signalRoleSchema = z.object({
  company: z.string().optional(),
  companyDomain: z.string().optional(),
  title: z.string().optional(),
});
export type SignalRole = z.infer<typeof signalRoleSchema>;

export const signalSchema = z.object({
  provider: z.literal('lusha'),
  /** Whom the signal is about: the provider's opaque contact or company id. */
  entity: z.object({ type: z.enum(['contact', 'company']), id: z.string().min(1) }),
  /** The provider's own type name, e.g. "companyChange", "headcountIncrease3m", "riskNews". */
  type: z.string().min(1),
  category: signalCategorySchema,
  /** The provider's id for this event, when it sends one. */
  id: z.string().optional(),
  /** When it happened, "YYYY-MM-DD" as the provider sent it. */
  date: z.string().optional(),
  title: z.string().optional(),
  summary: z.string().optional(),
  /** A source link (news article, post). */
  url: z.string().optional(),
  /** A finer kind inside the category: a news event type, a post classification. */
  subtype: z.string().optional(),
  direction: z.enum(['increase', 'decrease']).optional(),
  /** The window a change is measured over, e.g. "1m", "3m", "12m". */
  period: z.string().optional(),
  /** Job changes and promotions: before → after. */
  previous: signalRoleSchema.optional(),
  current: signalRoleSchema.optional(),
  /** The figure now (employees, monthly visits, IT spend, jobs posted). */
  value: z.number().optional(),
  /** The figure it is compared with (baseline head count, historical average). */
  previousValue: z.number().optional(),
  /** `value − previousValue` when both are known. */
  delta: z.number().optional(),
  /** Change in percent, as the provider computed it. */
  deltaPercent: z.number().optional(),
  department: z.string().optional(),
  /** "State, Country" a hiring surge is about. */
  location: z.string().optional(),
  /** Topics (intent) or other labels the event carries. */
  topics: z.array(z.string()).default([]),
  /** Every provider field not mapped above, as JSON, for details views and logs. */
  raw: z.record(z.string(), z.json()).default({}),
});
export type Signal = z.infer<typeof signalSchema>;
